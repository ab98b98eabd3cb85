import hashlib
from pathlib import Path

from playwright.sync_api import expect

from markers.models import Marker
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 200


def test_a_lead_reviewer_assesses_a_marker_with_a_file_and_downloads_it(page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = make_cast()
    sign_in(page, "reviewer")

    page.goto(f"/reviews/{cast.review.pk}/")
    page.get_by_role("link", name="Markers", exact=True).click()
    expect(page.get_by_role("heading", name="Quality markers")).to_be_visible()
    expect(page.get_by_text("In focus now")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="QM6 Commissioning").click()
    marker = Marker.objects.get(marker_set=cast.review.marker_set, number=6)
    expect(page.get_by_text(marker.quality_statement)).to_be_visible()
    assert_accessible(page)

    # Answer one question only, with a note; rate the marker.
    question_text = marker.questions.get(number=1).text
    page.get_by_role("group", name=question_text).get_by_label("Yes").check()
    page.get_by_label("Note on question 1").fill("Scope agreed at the panel on 3 March")
    page.get_by_role("group", name="Rating").get_by_label("Partly met").check()
    page.get_by_label("Commentary").fill("Timetable still to be agreed <b>soon</b>")
    page.get_by_role("button", name="Save assessment").click()
    expect(page.get_by_text("assessment saved")).to_be_visible()
    expect(page.get_by_label("Commentary")).to_have_value(
        "Timetable still to be agreed <b>soon</b>"
    )
    assert_accessible(page)

    # A renamed executable is refused; the rest of the form is kept.
    page.get_by_role("button", name="Save and add evidence for question 1").click()
    question_1 = page.get_by_label(marker.questions.get(number=1).text, exact=False)
    expect(question_1).to_be_checked()
    assert_accessible(page)
    page.get_by_label("A file").check()
    page.get_by_label("Title").fill("Scoping document")
    page.get_by_label("Description (optional)").fill("As agreed by the panel")
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "scope.pdf", "mimeType": "application/pdf", "buffer": EXE}
    )
    page.get_by_role("button", name="Add evidence").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The file is not a PDF, although its name ends in .pdf"
    )
    expect(page.get_by_label("Title")).to_have_value("Scoping document")
    assert_accessible(page)

    page.get_by_label("File", exact=True).set_input_files(
        {"name": "scope.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    expect(question_1).to_be_checked()
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence “Scoping document” added")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Scoping document").first.click()
    digest = hashlib.sha256(PDF).hexdigest()
    expect(page.locator(".app-sha256")).to_have_text(digest)
    assert_accessible(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Download scope.pdf").click()
    download = info.value
    data = Path(download.path()).read_bytes()
    assert data == PDF
    assert hashlib.sha256(data).hexdigest() == digest
    assert download.suggested_filename == "scope.pdf"

    page.get_by_role("link", name="Back to QM6").click()
    page.get_by_role("link", name="History of this marker").click()
    expect(page.locator(".app-history")).to_contain_text(
        "Rating changed from not started to partly met by"
    )
    expect(page.locator(".app-history")).to_contain_text("Evidence “Scoping document” added")
    assert_accessible(page)

    page.get_by_role("link", name="Markers", exact=True).click()
    expect(page.locator("#qm6-status")).to_have_text("In progress")
    expect(page.locator("#qm6-hint")).to_have_text(
        "Rated Partly met. 1 of 4 questions answered, 1 evidence item"
    )

    page.get_by_role("link", name="Assessment points (snapshots)").click()
    assert_accessible(page)
    page.get_by_label("Planning, at the start of the review").check()
    page.get_by_role("button", name="Take snapshot").click()
    expect(page.get_by_text("Snapshot")).to_be_visible()
    assert_accessible(page)

    page.goto("/reviews/markers/")
    expect(page.locator("td.app-marker-grid__cell--partly-met a")).to_have_count(1)
    assert_accessible(page)


def test_a_chair_challenges_and_signs_off(page):
    cast = make_cast()
    from reviews.services.assessment import assessment_point_take

    point = assessment_point_take(review=cast.review, kind="progress", name="", by=cast.reviewer)
    sign_in(page, "chair")
    page.goto(f"/reviews/{cast.review.pk}/markers/7/")
    expect(page.get_by_role("button", name="Save assessment")).to_have_count(0)
    page.get_by_label("Quality-assurance comment").fill("Who quality-assures the timetable?")
    page.get_by_role("button", name="Add comment").click()
    expect(page.get_by_text("Who quality-assures the timetable?")).to_be_visible()
    assert_accessible(page)

    page.goto(point.get_absolute_url())
    assert_accessible(page)
    page.get_by_role("link", name="Sign off and lock this point").click()
    expect(page.locator(".app-open-challenges")).to_contain_text("Who quality-assures")
    assert_accessible(page)
    page.get_by_label("Sign-off comment").fill("Timetable challenge to follow up in May")
    page.get_by_role("button", name="Sign off and lock").click()
    expect(page.locator(".app-signed-off")).to_contain_text("locked and read-only")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "reviewer")
    page.goto(f"/reviews/{cast.review.pk}/markers/7/")
    page.get_by_label("Reply").fill("The panel chair, monthly")
    page.get_by_role("button", name="Reply and resolve").click()
    expect(page.get_by_text("Comment resolved")).to_be_visible()
    assert_accessible(page)
