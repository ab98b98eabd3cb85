"""Two people, each signed in in their own browser, open the same form; one saves, then the
other saves and is refused (HTTP 409) with who changed what, their own text still in the
form, and one click on Save to replace the other version knowingly. Shown on an action (a
board member completes it meanwhile), the board response and the key dates (two board
managers)."""

from datetime import date

import pytest
from playwright.sync_api import Browser, Page, expect

from accounts.models import Membership
from reviews.models import Action, BoardResponse, Finding, Review
from tests.browser.conftest import assert_accessible, fill_date, sign_in
from tests.conftest import make_cast
from tests.factories import MembershipFactory, ReviewRoleFactory, UserFactory

PICTURES = "/work/team/pictures"


@pytest.fixture
def second(browser: Browser, live_server, page):
    """A second browser, with its own cookies (the first is ``page``)."""
    context = browser.new_context(base_url=live_server.url)
    context.set_default_timeout(15_000)
    yield context.new_page()
    context.close()


def _world():
    cast = make_cast()
    other = UserFactory(username="manager2", first_name="Sam", last_name="Second")
    MembershipFactory(user=other, board=cast.board, role=Membership.Role.BOARD_MANAGER)
    ReviewRoleFactory(review=cast.review, user=other, role="board_manager")
    review = cast.review
    review.referral_on, review.incident_on = date(2026, 1, 10), date(2026, 1, 2)
    review.save()
    return cast, other


def _save_refused(page: Page, button: str):
    """Select the Save button; the answer is a 409 page with the concurrent-edit message."""
    with page.expect_response(lambda r: r.request.method == "POST") as answer:
        page.get_by_role("button", name=button).click()
    assert answer.value.status == 409
    summary = page.locator(".app-conflict")
    expect(summary).to_be_visible()
    assert page.title().startswith("Error:")
    assert_accessible(page)
    return summary


def _screenshot(page: Page, name: str) -> None:
    import os

    if os.path.isdir(PICTURES):
        page.screenshot(path=f"{PICTURES}/form-{name}.png", full_page=True)


def test_an_action_completed_meanwhile_is_not_silently_put_back(page: Page, second: Page):
    cast, _ = _world()
    finding = Finding.objects.create(review=cast.review, number=1, text="F", explanation="E")
    action = Action.objects.create(
        review=cast.review,
        finding=finding,
        number=1,
        text="Deliver multi-agency training on neglect thresholds.",
        lead_agency=cast.agency,
        target_date=date(2030, 1, 31),
        status=Action.Status.IN_PROGRESS,
    )
    base = f"/reviews/{cast.review.pk}/outcomes/actions/{action.pk}"

    # The board manager opens the action's edit form and changes the lead officer.
    sign_in(page, "manager")
    page.goto(f"{base}/edit/")
    page.get_by_label("Lead officer", exact=True).fill("Head of Education")

    # Meanwhile the board member of the lead agency marks it completed, with evidence.
    sign_in(second, "member")
    second.goto(f"{base}/progress/")
    second.get_by_role("group", name="Status", exact=True).get_by_label("Completed").check()
    second.get_by_label("Evidence received", exact=True).fill("Attendance lists for 240 staff")
    second.get_by_role("button", name="Save progress").click()
    expect(second.get_by_text("Progress on action 1.1 saved")).to_be_visible()

    summary = _save_refused(page, "Save action")
    expect(summary).to_contain_text("Someone else saved this action after you opened the page")
    expect(summary).to_contain_text(str(cast.member))
    expect(summary).to_contain_text("Completed")
    expect(summary).to_contain_text("Attendance lists for 240 staff")
    expect(page.get_by_label("Lead officer", exact=True)).to_have_value("Head of Education")
    _screenshot(page, "conflict-action")
    action.refresh_from_db()
    assert (action.status, action.evidence_received) == (
        "completed",
        "Attendance lists for 240 staff",
    )
    assert action.lead_officer != "Head of Education"

    # One click, after reading: the manager's version replaces it knowingly.
    page.get_by_role("button", name="Save action").click()
    expect(page.get_by_text("Action 1.1 saved")).to_be_visible()
    action.refresh_from_db()
    assert action.lead_officer == "Head of Education"


def test_two_managers_editing_the_board_response(page: Page, second: Page):
    cast, other = _world()
    BoardResponse.objects.create(
        review=cast.review, text="The board accepts the findings.", acceptance="fully"
    )
    url = f"/reviews/{cast.review.pk}/outcomes/response/"
    sign_in(page, "manager")
    page.goto(url)
    page.get_by_label("Written response").fill("My version of the response")

    sign_in(second, "manager2")
    second.goto(url)
    second.get_by_label("Written response").fill("Sam's version of the response")
    second.get_by_role("button", name="Save response").click()
    expect(second.get_by_text("Board written response saved")).to_be_visible()

    summary = _save_refused(page, "Save response")
    expect(summary).to_contain_text("Sam Second")
    expect(summary).to_contain_text("Sam's version of the response")
    expect(page.get_by_label("Written response")).to_have_value("My version of the response")
    _screenshot(page, "conflict-response")
    assert BoardResponse.objects.get(review=cast.review).text == "Sam's version of the response"

    page.get_by_role("button", name="Save response").click()
    expect(page.get_by_text("Board written response saved")).to_be_visible()
    assert BoardResponse.objects.get(review=cast.review).text == "My version of the response"


def test_two_managers_editing_the_key_dates(page: Page, second: Page):
    cast, other = _world()
    url = f"/reviews/{cast.review.pk}/dates/"
    sign_in(page, "manager")
    page.goto(url)
    fill_date(page, "Referral", date(2026, 1, 12))

    sign_in(second, "manager2")
    second.goto(url)
    fill_date(second, "Referral", date(2026, 1, 11))
    second.get_by_role("button", name="Save dates").click()
    expect(second.locator(".govuk-notification-banner")).to_be_visible()

    summary = _save_refused(page, "Save dates")
    expect(summary).to_contain_text("Sam Second")
    expect(summary).to_contain_text("Referral")
    expect(summary).to_contain_text("11 January 2026")
    referral = page.get_by_role("group", name="Referral", exact=True)
    expect(referral.get_by_label("Day")).to_have_value("12")
    _screenshot(page, "conflict-dates")
    assert Review.objects.get(pk=cast.review.pk).referral_on == date(2026, 1, 11)

    page.get_by_role("button", name="Save dates").click()
    expect(page.locator(".govuk-notification-banner")).to_be_visible()
    assert Review.objects.get(pk=cast.review.pk).referral_on == date(2026, 1, 12)
