from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast


def test_a_lead_reviewer_reads_marker_13_and_prints_it(page):
    make_cast()
    sign_in(page, "reviewer")
    assert_accessible(page)

    page.get_by_role("link", name="Marker library").first.click()
    expect(page.get_by_role("heading", name="Marker library", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Running the review")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="QM13 Analysis").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality Marker 13: Analysis")
    questions = page.locator("h2:has-text('How might you know') + ol > li")
    expect(questions).to_have_count(11)
    assert_accessible(page)

    page.get_by_role("link", name="Print view").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Quality Marker 13: Analysis")
    expect(page.locator(".govuk-service-navigation")).to_have_count(0)
    assert_accessible(page)
