"""Each role signs in and finds its own items on its home page (issue 10): the board manager
the board's overdue contributions and actions, the chair the decisions and sign-offs waiting,
the lead reviewer the challenges to answer, the board member their agency's actions. Every
home page is checked with axe, and the counts lead to their filtered lists."""

from playwright.sync_api import Page, expect

from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast
from tests.test_home import _populate

HEADING = "heading"


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()


def test_each_role_sees_its_own_items_on_its_home_page(page: Page):
    cast = make_cast()
    _populate(cast, 7)

    sign_in(page, "manager")
    expect(page.get_by_role("heading", name="Agency contributions to chase")).to_be_visible()
    expect(page.get_by_text("Showing 5 of 7").first).to_be_visible()
    overdue = page.get_by_role("link", name="7 overdue actions led by Northshire Police")
    expect(overdue).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="8 referral reviews").click()
    expect(page.get_by_role("heading", name="Reviews")).to_be_visible()
    assert "stage=referral" in page.url
    _sign_out(page)

    sign_in(page, "chair")
    expect(page.get_by_role("heading", name="Decisions waiting for you")).to_be_visible()
    expect(page.get_by_role(HEADING, name="Assessment points waiting for sign-off")).to_be_visible()
    expect(page.get_by_role("heading", name="Open challenges you raised")).to_be_visible()
    expect(page.get_by_text(f"Chair, {cast.board.name}")).to_be_visible()
    assert_accessible(page)
    _sign_out(page)

    sign_in(page, "reviewer")
    expect(page.get_by_role("heading", name="Challenges to answer")).to_be_visible()
    expect(page.get_by_role("heading", name="Your next deadlines")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="NOR-000, marker 7").click()
    expect(page.get_by_text("Where is the evidence?")).to_be_visible()
    _sign_out(page)

    sign_in(page, "member")
    expect(page.get_by_role(HEADING, name="Open actions led by Northshire Police")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", name="Your boards and roles")).to_be_visible()
    assert_accessible(page)
