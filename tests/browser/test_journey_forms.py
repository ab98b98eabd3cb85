"""Issue 14, items 6, 9, 12, 13 and 14, and the marker's reason: forms that ask only what
applies, revealed under the choice it belongs to (GOV.UK conditional reveal), walked in a real
browser; and every key date's Change link opening its own field."""

from playwright.sync_api import expect

from reviews.models import KEY_DATES, Action, Evidence
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast
from tests.outcomes_factories import ActionFactory


def test_the_decision_form_asks_the_outcome_under_its_kind_and_only_of_the_chair(page):
    cast = make_cast()
    sign_in(page, "manager")
    page.goto(f"/reviews/{cast.review.pk}/decisions/add/")
    expect(page.get_by_role("heading", name="Record a decision")).to_be_visible()
    # What a board manager cannot save is not offered, and the page says whose it is.
    expect(page.get_by_label("Whether to hold a review")).to_have_count(0)
    expect(page.get_by_text("Hold a review", exact=True)).to_have_count(0)
    kinds = page.get_by_role("group", name="Kind of decision")
    expect(kinds).to_contain_text("the chair records it")
    assert_accessible(page)

    page.get_by_role("button", name="Sign out").click()
    sign_in(page, "chair")
    page.goto(f"/reviews/{cast.review.pk}/decisions/add/")
    outcome = page.get_by_role("group", name="What did the chair decide?")
    expect(outcome).to_be_hidden()
    page.get_by_label("Whether to hold a review").check()
    expect(outcome).to_be_visible()
    expect(page.get_by_role("group", name="Board members advised")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Scope and proportionality").check()
    expect(outcome).to_be_hidden()


def test_the_evidence_form_reveals_the_field_of_the_kind_chosen(page):
    cast = make_cast()
    sign_in(page, "reviewer")
    page.goto(f"/reviews/{cast.review.pk}/markers/6/evidence/")
    file, link, note = (
        page.get_by_label("File", exact=True),
        page.get_by_label("Link", exact=True),
        page.get_by_label("Note", exact=True),
    )
    for field in (file, link, note):
        expect(field).to_be_hidden()
    page.get_by_label("A link").check()
    expect(link).to_be_visible()
    expect(file).to_be_hidden()
    expect(note).to_be_hidden()
    # A GOV.UK text input across its reveal (indented under the choice), not a small bare box.
    assert "govuk-input" in (link.get_attribute("class") or "")
    assert link.bounding_box()["width"] >= 0.85 * page.get_by_label("Title").bounding_box()["width"]
    assert_accessible(page)
    link.fill("https://www.example.org/minutes")
    page.get_by_label("Title").fill("Panel minutes")
    page.get_by_role("button", name="Add evidence").click()
    expect(page.get_by_text("Evidence “Panel minutes” added")).to_be_visible()
    assert page.url.endswith("/markers/6/#evidence")
    assert Evidence.objects.get().url == "https://www.example.org/minutes"


def test_the_marker_asks_why_it_does_not_apply_only_under_not_applicable(page):
    cast = make_cast()
    sign_in(page, "reviewer")
    page.goto(f"/reviews/{cast.review.pk}/markers/9/")
    reason = page.get_by_label("Why does the marker not apply to this review?")
    expect(reason).to_be_hidden()
    page.get_by_role("group", name="Rating").get_by_label("Not applicable").check()
    expect(reason).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name="Save assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter why the marker does not apply to this review"
    )
    # Back with its error, the reason is open under the choice made.
    expect(reason).to_be_visible()
    assert_accessible(page)


def test_progress_comes_first_the_reason_under_its_status_and_back_to_the_tracker(page):
    cast = make_cast()
    action = ActionFactory(
        finding__review=cast.review, finding__number=1, number=1, lead_agency=cast.agency
    )
    sign_in(page, "member")
    page.goto("/reviews/actions/?sort=due")
    page.get_by_role("link", name=f"Update progress on {cast.review.reference} action").click()
    form = page.locator("main form")
    first = form.locator("textarea, input:not([type=hidden])").first
    assert first.get_attribute("name") == "update_text"
    reason = page.get_by_label("Reason not taken forward")
    expect(reason).to_be_hidden()
    page.get_by_role("radio", name="Not taken forward").check()
    expect(reason).to_be_visible()
    assert_accessible(page)
    page.get_by_role("radio", name="In progress").check()
    expect(reason).to_be_hidden()
    page.get_by_label("Progress update").fill("Two sessions held")
    page.get_by_role("button", name="Save progress").click()
    expect(page.get_by_text(f"Progress on action {action.reference} saved")).to_be_visible()
    assert page.url.endswith("/reviews/actions/?sort=due")
    assert Action.objects.get().status == "in_progress"


def test_every_key_dates_change_link_opens_its_own_date(page):
    cast = make_cast()
    sign_in(page, "manager")
    page.goto(f"/reviews/{cast.review.pk}/")
    hrefs = {}
    for name, label in KEY_DATES:
        link = page.get_by_role("link", name=f"Change {label.lower()}", exact=True)
        hrefs[name] = link.get_attribute("href")
    assert len(set(hrefs.values())) == 17
    for name, href in hrefs.items():
        assert href.endswith(f"/dates/#id_{name}_0"), href
        page.goto(href)
        day = page.locator(f"#id_{name}_0")
        expect(day).to_be_in_viewport()
        # The day box is in the fieldset of that date, by its label.
        label = dict(KEY_DATES)[name]
        expect(page.get_by_role("group", name=label, exact=True).get_by_label("Day")).to_have_id(
            f"id_{name}_0"
        )


def test_a_files_sha256_stays_inside_its_table_at_every_width(page):
    cast = make_cast()
    sign_in(page, "reviewer")
    page.goto(f"/reviews/{cast.review.pk}/markers/6/evidence/")
    page.get_by_label("A file").check()
    page.get_by_label("File", exact=True).set_input_files(
        {"name": "minutes.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n%%EOF\n"}
    )
    page.get_by_label("Title").fill("Panel minutes")
    page.get_by_role("button", name="Add evidence").click()
    page.get_by_role("link", name="Panel minutes").click()
    digest = page.locator(".app-sha256")
    for width in (1024, 320):
        page.set_viewport_size({"width": width, "height": 800})
        cell = digest.locator("xpath=ancestor::td").bounding_box()
        box = digest.bounding_box()
        assert box["x"] + box["width"] <= cell["x"] + cell["width"] + 1, width
        assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_printed_library_asks_for_nothing_that_is_missing(page):
    make_cast()
    sign_in(page, "member")
    failed = []
    page.on("response", lambda r: failed.append(r.url) if r.status >= 400 else None)
    page.goto("/markers/scr-qm-lipp-2016/print/")
    page.wait_for_load_state("networkidle")
    # No favicon request (the page names its icon, as every other page does), nothing missing.
    assert page.locator("link[rel=icon]").get_attribute("href") == "data:,"
    assert failed == []
