"""The read access log in the browser (issue 12, finding 3): an administrator gives themselves
a role on a board and reads a review; the board manager's home flags it under "Access to
check", and the person's page shows what they read. Every page is checked with axe."""

from playwright.sync_api import Page, expect

from accounts.models import Membership
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast


def test_a_board_manager_sees_an_administrator_given_a_role_and_what_they_read(page: Page):
    cast = make_cast()
    Membership.objects.create(user=cast.admin, board=cast.board, role=Membership.Role.BOARD_MANAGER)
    sign_in(page, "admin")
    page.goto(f"/reviews/{cast.review.pk}/")
    expect(page.get_by_role("heading", name="Child R")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, "manager")
    panel = page.locator(f"#panel-access-{cast.board.pk}")
    expect(panel.get_by_role("heading", name="Access to check")).to_be_visible()
    expect(panel.get_by_role("cell", name=str(cast.admin))).to_be_visible()
    assert_accessible(page)
    panel.screenshot(path="/work/team/pictures/sec-home-access-to-check.png")
    panel.get_by_role("link", name="View all").click()
    expect(page.get_by_role("heading", name="Access to check", exact=True)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name=str(cast.admin)).click()
    expect(page.get_by_role("heading", name=f"What {cast.admin} has seen")).to_be_visible()
    expect(page.get_by_role("cell", name="SCR-2026-001")).to_be_visible()
    assert_accessible(page)
    page.screenshot(path="/work/team/pictures/sec-person-access-log.png", full_page=True)
