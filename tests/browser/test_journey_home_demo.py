"""On the demo board, each role's home page shows its own items (issue 10), axe clean, and
the analytics page opens from the navigation."""

from io import StringIO

from django.core.management import call_command
from playwright.sync_api import Page, expect

from reviews.demo.people import DEMO_PASSWORD
from tests.browser.conftest import assert_accessible, sign_in

HOMES = {
    "manager": ["Overdue milestones", "Agency contributions to chase"],
    "chair": ["Decisions waiting for you", "Assessment points waiting for sign-off"],
    "reviewer": ["Your reviews", "Challenges to answer", "Your next deadlines"],
    "member": ["Open actions led by Northshire Constabulary", "Live reviews of your board"],
}


def test_each_demo_role_sees_its_own_home_and_the_analytics(page: Page):
    call_command("seed_demo", stdout=StringIO())
    for username, headings in HOMES.items():
        sign_in(page, username, DEMO_PASSWORD)
        for heading in headings:
            expect(page.get_by_role("heading", name=heading).first).to_be_visible()
        assert_accessible(page)
        if username == "manager":
            page.get_by_role("link", name="Analytics").click()
            expect(page.get_by_role("heading", name="Quality markers")).to_be_visible()
            assert_accessible(page)
        page.get_by_role("button", name="Sign out").click()
