"""Each role's home page (issue 10, item 1): its own items, bounded panels, fixed queries."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Membership
from markers.models import Marker
from reviews.models import (
    AgencyContribution,
    AssessmentPoint,
    MarkerAssessment,
    MarkerComment,
    Rating,
    Review,
    ReviewRole,
)
from scrqm.dashboard import ROWS
from tests.factories import AgencyFactory, MembershipFactory, ReviewFactory, ReviewRoleFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db


def _populate(cast, n: int, board=None, start: int = 0) -> list[Review]:
    """``n`` live reviews on the board, each with something for every role to do."""
    board = board or cast.board
    today = timezone.localdate()
    long_ago = today - timedelta(days=60)
    marker = Marker.objects.get(marker_set__slug="scr-qm-lipp-2016", number=7)
    reviews = []
    for i in range(start, start + n):
        review = ReviewFactory(
            board=board,
            reference=f"{board.slug[:3].upper()}-{i:03d}",
            stage=Review.Stage.REFERRAL,
            referral_on=long_ago,
            aware_on=long_ago,
        )
        reviews.append(review)
        ReviewRoleFactory(review=review, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
        AgencyContribution.objects.create(
            review=review,
            agency=cast.agency if board == cast.board else board.agencies.first(),
            asked_for=["chronology"],
            requested_on=long_ago,
            due_on=today - timedelta(days=10),
        )
        MarkerComment.objects.create(
            review=review, marker=marker, author=cast.chair, body="Where is the evidence?"
        )
        MarkerAssessment.objects.create(review=review, marker=marker, rating=Rating.MET)
        AssessmentPoint.objects.create(
            review=review, kind=AssessmentPoint.Kind.PROGRESS, taken_by=cast.reviewer
        )
        if board == cast.board:
            ActionFactory(
                finding=FindingFactory(review=review, number=1),
                number=1,
                lead_agency=cast.agency,
                target_date=today - timedelta(days=3),
            )
    return reviews


def _home(client) -> str:
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.content.decode()


def _panel(page: str, key: str, board) -> str:
    """The HTML of one panel, up to the next one."""
    start = page.index(f'id="panel-{key}-{board.pk}"')
    end = page.find('<div class="govuk-summary-card"', start + 1)
    return page[start : end if end > 0 else len(page)]


def test_board_manager_sees_what_needs_doing_on_their_board(cast, as_user):
    _populate(cast, 7)
    page = _home(as_user(cast.manager))
    assert "Live reviews by stage" in page
    # 7 referrals plus the cast's review (referral stage, no decision).
    assert f'href="{reverse("reviews:list")}?stage=referral"' in page
    assert '>8<span class="govuk-visually-hidden"> referral reviews</span>' in page
    for title in [
        "Overdue milestones",
        "Referrals waiting for the chair&#x27;s decision",
        "Agency contributions to chase",
        "Overdue actions by lead agency",
        "Reviews with open challenges",
    ]:
        assert title in page
    contributions = _panel(page, "contributions", cast.board)
    assert contributions.count("<li>") == ROWS
    assert "Showing 5 of 7" in contributions
    assert "7 overdue actions" in page and "Northshire Police" in page
    assert f"{reverse('reviews:actions')}?overdue=on&amp;lead_agency={cast.agency.pk}" in page


def test_contributions_to_chase_are_the_boards_awaited_ones_past_due_in_live_reviews(cast, as_user):
    """Only a contribution still awaited after its due date, asked of a live review of the
    board, is to chase: not one received, withdrawn or not yet due, nor one of a closed review,
    of another board's review, or of a review moved to another board; each row names the
    agency and counts the chasers sent, as they are now."""
    today = timezone.localdate()
    other_agency = AgencyFactory(board=cast.other_board, name="Southshire Police")

    def asked(reference, due_in=-10, board=None, **review):
        board = board or cast.board
        agency = cast.agency if board == cast.board else other_agency
        r = ReviewFactory(board=board, reference=reference, stage=Review.Stage.RUNNING, **review)
        return AgencyContribution.objects.create(
            review=r,
            agency=agency,
            asked_for=["chronology"],
            requested_on=today - timedelta(days=40),
            due_on=today + timedelta(days=due_in),
        )

    late = asked("CH-LATE")
    late.chase(on=today)
    late.chase(on=today)
    received = asked("CH-RECEIVED")
    received.received_on = today
    received.save()
    asked("CH-WITHDRAWN").withdraw(reason="Asked of the wrong agency")
    asked("CH-NOT-DUE", due_in=3)
    closed = asked("CH-CLOSED").review
    closed.stage = Review.Stage.CLOSED
    closed.save()
    asked("CH-ELSEWHERE", board=cast.other_board)
    moved = asked("CH-MOVED").review
    moved.board = cast.other_board
    moved.save()

    panel = _panel(_home(as_user(cast.manager)), "contributions", cast.board)
    assert "CH-LATE</span>: Northshire Police</a>" in panel
    assert "10 days overdue" in panel and "(2 chasers sent)" in panel
    for reference in ["RECEIVED", "WITHDRAWN", "NOT-DUE", "CLOSED", "ELSEWHERE", "MOVED"]:
        assert f"CH-{reference}" not in panel
    assert panel.count("<li>") == 1

    # Received: no longer to chase.
    late.received_on = today
    late.save()
    panel = _panel(_home(as_user(cast.manager)), "contributions", cast.board)
    assert "CH-LATE" not in panel and "No agency contribution is overdue." in panel


def test_chair_sees_decisions_points_challenges_and_late_reviews(cast, as_user):
    _populate(cast, 3)
    page = _home(as_user(cast.chair))
    assert "Decisions waiting for you" in page
    assert "Assessment points waiting for sign-off" in page
    raised = _panel(page, "raised", cast.board)
    assert raised.count("<li>") == 3 and "marker 7" in raised
    assert "Reviews running late" in page
    assert "Overdue actions by lead agency" not in page


def test_lead_reviewer_sees_their_reviews_challenges_and_deadlines(cast, as_user):
    _populate(cast, 2)
    off = ReviewFactory(board=cast.board, reference="OFF-1")
    page = _home(as_user(cast.reviewer))
    mine = _panel(page, "my_reviews", cast.board)
    assert "NOR-000" in mine and "17 of 18 markers not started" in mine
    assert "OFF-1" not in page
    assert "Challenges to answer" in page and "Where is the evidence?" not in page
    assert _panel(page, "to_answer", cast.board).count("<li>") == 2
    assert "Your next deadlines" in page
    assert off.reference not in _home(as_user(cast.reviewer_off))


def test_board_member_sees_their_agencys_actions_overdue_first(cast, as_user):
    reviews = _populate(cast, 2)
    ActionFactory(
        finding=FindingFactory(review=reviews[0], number=2),
        number=1,
        lead_agency=cast.agency,
        target_date=timezone.localdate() + timedelta(days=300),
    )
    ActionFactory(
        finding=FindingFactory(review=reviews[0], number=3),
        number=1,
        lead_agency=cast.other_agency,
        target_date=timezone.localdate() - timedelta(days=300),
    )
    page = _home(as_user(cast.member))
    actions = _panel(page, "agency_actions", cast.board)
    assert "Open actions led by Northshire Police" in actions
    assert actions.count("<li>") == 3
    assert actions.index("Overdue") < actions.index("action 2.1")
    assert "action 3.1" not in actions  # another agency's
    assert "Live reviews of your board" in page


def test_a_user_on_two_boards_sees_each_board_labelled(cast, as_user):
    MembershipFactory(user=cast.manager, board=cast.other_board, role=Membership.Role.CHAIR)
    cast.other_board.agencies.create(name="Southmoor Police")
    _populate(cast, 1, board=cast.other_board)
    page = _home(as_user(cast.manager))
    assert "<h2" in page and cast.board.name in page and cast.other_board.name in page
    assert page.index(cast.board.name) < page.index("Overdue milestones")
    assert "Decisions waiting for you" in page  # as chair of the other board
    assert f"?stage=referral&amp;board={cast.other_board.pk}" in page
    assert "2 boards" in page


def test_nobody_sees_another_boards_items(cast, as_user):
    cast.other_board.agencies.create(name="Southmoor Police")
    _populate(cast, 2, board=cast.other_board)
    page = _home(as_user(cast.manager))
    assert "SOU-000" not in page
    assert "SOU-000" in _home(as_user(cast.outsider))


def test_the_header_shows_board_and_role_and_links_the_account_page(cast, as_user):
    client = as_user(cast.chair)
    page = _home(client)
    assert f"Chair, {cast.board.name}" in page
    account = client.get(reverse("accounts:account")).content.decode()
    assert "Your boards and roles" in account and cast.board.name in account
    assert "Chair" in account


@pytest.mark.parametrize("who", ["manager", "chair", "reviewer", "member"])
def test_home_runs_a_fixed_number_of_queries(cast, as_user, django_assert_max_num_queries, who):
    client = as_user(getattr(cast, who))
    _populate(cast, 2)
    # Each panel counts in the database and loads only the rows it shows. A board manager's
    # home: its panels' counts, five queries of rows (both milestone panels' in one), the
    # stage counts and two for its "Access to check" panel (accesslog.alerts), with the
    # session, user and membership reads: 12.
    budget = 12 if who == "manager" else 18
    with django_assert_max_num_queries(budget):
        small = _home(client)
    _populate(cast, 25, start=2)
    with django_assert_max_num_queries(budget):
        large = _home(client)
    assert len(large) > len(small) or who == "member"


def test_panels_count_up_to_a_bound_and_say_there_are_more(cast, as_user, monkeypatch):
    """Past COUNTED a panel stops counting (its work stays bounded) and says "more than";
    up to it, the exact number."""
    monkeypatch.setattr("scrqm.dashboard.COUNTED", 6)
    _populate(cast, 7)  # 7 contributions to chase, 7 overdue actions, 8 referrals waiting
    page = _home(as_user(cast.manager))
    contributions = _panel(page, "contributions", cast.board)
    assert ">more than 6</strong>" in contributions
    assert "Showing 5 of more than 6." in contributions
    assert "View all<span" in contributions  # no number it did not count
    actions = _panel(page, "actions_by_agency", cast.board)
    assert "more than 6 overdue actions" in actions and "All overdue actions" in actions
    monkeypatch.setattr("scrqm.dashboard.COUNTED", 7)
    page = _home(as_user(cast.manager))
    contributions = _panel(page, "contributions", cast.board)
    assert ">7</strong>" in contributions and "Showing 5 of 7." in contributions
    assert "View all 7<span" in contributions
    assert "All 7 overdue actions" in _panel(page, "actions_by_agency", cast.board)
    # The stage counts are exact (one grouped count of the board's live reviews).
    assert '>8<span class="govuk-visually-hidden"> referral reviews</span>' in page


def test_late_reviews_and_next_deadlines_come_soonest_due_first(cast, as_user):
    """Read from the stored deadlines, grouped by review: the earliest due first."""
    today = timezone.localdate()
    for ref, days in [("LATE-B", 30), ("LATE-A", 90), ("LATE-C", 60)]:
        review = ReviewFactory(
            board=cast.board,
            reference=ref,
            stage=Review.Stage.REFERRAL,
            aware_on=today - timedelta(days=days),
            referral_on=today - timedelta(days=days),
        )
        ReviewRoleFactory(review=review, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
    late = _panel(_home(as_user(cast.chair)), "late", cast.board)
    assert late.index("LATE-A") < late.index("LATE-C") < late.index("LATE-B")
    assert "Serious incident notified to the national bodies was due" in late
    deadlines = _panel(_home(as_user(cast.reviewer)), "deadlines", cast.board)
    assert deadlines.index("LATE-A") < deadlines.index("LATE-C") < deadlines.index("LATE-B")


def test_closed_reviews_and_other_boards_deadlines_are_not_shown(cast, as_user):
    """The panels read the live reviews' deadlines of the board: a review closed (or moved to
    another board) leaves them at once, and comes back when reopened."""
    today = timezone.localdate()
    reviews = {}
    for ref, days, stage in [
        ("LATE-A", 90, Review.Stage.REFERRAL),
        ("LATE-B", 30, Review.Stage.REFERRAL),
        ("SHUT-Z", 200, Review.Stage.CLOSED),
    ]:
        reviews[ref] = review = ReviewFactory(
            board=cast.board,
            reference=ref,
            stage=stage,
            aware_on=today - timedelta(days=days),
            referral_on=today - timedelta(days=days),
        )
        ReviewRoleFactory(review=review, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)

    def shown() -> dict[str, set[str]]:
        panels = {
            cast.chair: ["late"],
            cast.reviewer: ["deadlines"],
            cast.manager: ["overdue_milestones"],
        }
        out = {}
        for user, keys in panels.items():
            page = _home(as_user(user))
            for key in keys:
                out[key] = {ref for ref in reviews if ref in _panel(page, key, cast.board)}
        return out

    assert shown() == {k: {"LATE-A", "LATE-B"} for k in ["late", "deadlines", "overdue_milestones"]}
    Review.objects.filter(pk=reviews["LATE-A"].pk).update(stage=Review.Stage.NOT_PROCEEDING)
    reviews["SHUT-Z"].stage = Review.Stage.RUNNING
    reviews["SHUT-Z"].save()
    assert shown() == {k: {"LATE-B", "SHUT-Z"} for k in ["late", "deadlines", "overdue_milestones"]}
    reviews["LATE-B"].board = cast.other_board
    reviews["LATE-B"].save()
    assert shown() == {k: {"SHUT-Z"} for k in ["late", "deadlines", "overdue_milestones"]}


def _asked_review(cast, reference: str, due_on, **dates):
    """A running review of the cast's board, led by the cast's reviewer, with a contribution
    asked of the cast's agency due on ``due_on``."""
    review = ReviewFactory(
        board=cast.board, reference=reference, stage=Review.Stage.RUNNING, **dates
    )
    ReviewRoleFactory(review=review, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
    AgencyContribution.objects.create(
        review=review,
        agency=cast.agency,
        asked_for=["chronology"],
        requested_on=due_on - timedelta(days=20),
        due_on=due_on,
    )


def test_an_agency_contribution_due_first_is_named_with_its_agency(cast, as_user):
    """A review whose earliest open deadline is an agency's contribution: the late and next
    deadline panels name the agency, as the review's own timeline does."""
    today = timezone.localdate()
    _asked_review(
        cast,
        "ASKED-1",
        due_on=today - timedelta(days=10),
        aware_on=today - timedelta(days=2),
        referral_on=today - timedelta(days=1),
    )
    due = f"{today - timedelta(days=10):%-d %B %Y}"
    late = _panel(_home(as_user(cast.chair)), "late", cast.board)
    assert f"Contribution from {cast.agency.name} was due {due}" in late
    mine = _panel(_home(as_user(cast.reviewer)), "deadlines", cast.board)
    assert f"Contribution from {cast.agency.name}, due {due}" in mine
    assert "10 days overdue" in mine


def test_a_deadline_due_today_says_today_not_in_0_days(cast, as_user):
    """The manager's "due soon" and the reviewer's "next deadlines" panels: a milestone due
    today reads "(today)", one due tomorrow "(in 1 day)", never "(in 0 days)"."""
    today, tomorrow = timezone.localdate(), timezone.localdate() + timedelta(days=1)
    # Notification due the day the local authority became aware, whatever day of the week.
    cast.board.notification_working_days = 0
    cast.board.save()
    # Each review's first deadline in the reviewer's panel: the contribution (the one due
    # tomorrow on a review with no other milestone dated yet).
    _asked_review(cast, "DUE-TODAY", due_on=today, aware_on=today)
    _asked_review(cast, "DUE-TOMORROW", due_on=tomorrow, aware_on=None)
    notified = f"Serious incident notified to the national bodies, due {today:%-d %B %Y} (today)"
    contribution = f"Contribution from {cast.agency.name}, due"
    manager = " ".join(_panel(_home(as_user(cast.manager)), "due_soon", cast.board).split())
    assert notified in manager
    reviewer = " ".join(_panel(_home(as_user(cast.reviewer)), "deadlines", cast.board).split())
    assert f"{contribution} {today:%-d %B %Y} (today)" in reviewer
    assert f"{contribution} {tomorrow:%-d %B %Y} (in 1 day)" in reviewer
    for panel in (manager, reviewer):
        assert "in 0 days" not in panel
