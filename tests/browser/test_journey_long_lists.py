"""A board manager pages through long lists: the reviews, the reviews x markers grid and the
actions tracker, filtering and sorting. Every page is checked with axe."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from reviews.models import Action
from tests.browser.conftest import assert_accessible, sign_in
from tests.conftest import make_cast
from tests.factories import ReviewFactory
from tests.outcomes_factories import ActionFactory, FindingFactory


def test_a_board_manager_pages_through_reviews_the_grid_and_actions(page: Page):
    cast = make_cast()
    for i in range(55):
        ReviewFactory(board=cast.board, reference=f"LONG-{i:03d}", stage="running")
    finding = FindingFactory(review=cast.review, number=1)
    today = timezone.localdate()
    for i in range(110):
        ActionFactory(
            finding=finding,
            number=i + 1,
            lead_agency=cast.agency,
            target_date=today + timedelta(days=i - 10),
            status=Action.Status.IN_PROGRESS,
        )
    sign_in(page, "manager")

    page.goto("/reviews/?stage=running")
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_text("LONG-000")).to_be_visible()
    assert_accessible(page)

    page.goto("/reviews/markers/")
    page.get_by_label("Stage").select_option(label="Running")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("Reviews 1 to 50 of 55")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Next page").click()
    expect(page.locator("th", has_text="LONG-000")).to_be_visible()
    assert_accessible(page)

    page.goto("/reviews/actions/")
    page.get_by_label("Sort by").select_option(label="Due date")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.get_by_text("110 actions, showing 1 to 100")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Next page").click()
    expect(page.get_by_role("link", name="1.110 of SCR-2026-001")).to_be_visible()
    expect(page.get_by_label("Sort by")).to_have_value("due")
    assert_accessible(page)
