from pathlib import Path

from playwright.sync_api import expect

from documents.models import GeneratedReport
from reviews.services.assessment import assessment_point_take
from tests.assessment_helpers import save
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast
from tests.pdf_checks import text_of


def test_a_chair_downloads_the_summary_of_a_signed_off_point_and_of_the_review(
    page, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    cast = make_cast()
    save(cast.review, 6, cast.reviewer, rating="partly_met", answers={1: ("no", "Scope unclear")})
    point = assessment_point_take(
        review=cast.review, kind="progress", name="Panel at six weeks", by=cast.reviewer
    )
    save(cast.review, 6, cast.reviewer, rating="met", answers={1: ("yes", "Scope agreed")})
    sign_in(page, "chair")

    point.sign_off(by=cast.chair, comment="Agreed by the panel")
    # The signed-off point: the chair downloads its summary.
    page.goto(point.get_absolute_url())
    assert_accessible(page)
    # Rendering takes a few seconds on a busy machine: wait for the file, not the click.
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("link", name="Download quality-assurance summary (PDF)").click(
            no_wait_after=True
        )
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    text = text_of(Path(download.path()).read_bytes())
    assert "Panel at six weeks" in text and "Signed off" in text
    assert "Scope unclear" in text and "Scope agreed" not in text

    # The review as it stands, from its overview.
    page.goto(f"/reviews/{cast.review.pk}/")
    # Rendering takes a few seconds on a busy machine: wait for the file, not the click.
    with page.expect_download(timeout=180_000) as info:
        page.get_by_role("link", name="Download quality-assurance summary (PDF)").click(
            no_wait_after=True
        )
    text = text_of(Path(info.value.path()).read_bytes())
    assert "Scope agreed" in text and "None: the review as it stands now" in text

    # Both are kept and listed on the review's reports page.
    page.get_by_role("link", name="All reports and exports of this review").click()
    expect(page.get_by_role("heading", name="Reports", exact=True)).to_be_visible()
    expect(page.locator("table")).to_contain_text("Of assessment point “Panel at six weeks”")
    assert_accessible(page)
    assert GeneratedReport.objects.filter(review=cast.review).count() == 2
