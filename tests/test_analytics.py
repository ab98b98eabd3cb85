"""The board's analytics (issue 10, item 3): every figure checked against counts the test
works out itself from what it created; access; bad filters; a fixed number of queries."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.urls import reverse

from accounts.models import Membership
from analytics.figures import Scope, compute, percent
from markers.models import Marker, Question
from reviews.models import (
    Action,
    Answer,
    MarkerAssessment,
    NotifiedChild,
    QuestionAnswer,
    RapidReview,
    Rating,
    Review,
    ReviewRole,
    Theme,
)
from reviews.models.records import Notification
from tests.factories import MembershipFactory, ReviewFactory, ReviewRoleFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

YEAR = 2025  # April 2025 to March 2026
RATINGS = [Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_APPLICABLE]


def _world(cast, n: int = 8, board=None, prefix: str = "A"):
    """``n`` reviews referred in the reporting year, with ratings, answers, a notification
    with children, rapid reviews, themes and actions; returns what was made, to count from."""
    board = board or cast.board
    agency = board.agencies.first() or board.agencies.create(name=f"{board.name} Police")
    markers = list(Marker.objects.filter(marker_set__slug="scr-qm-lipp-2016").order_by("number"))
    question = Question.objects.filter(marker=markers[0]).order_by("number").first()
    neglect = Theme.objects.get(name="Neglect", board__isnull=True)
    made = {"reviews": [], "ratings": {}, "no": 0, "children": [], "rapid": 0, "themed": 0}
    for i in range(n):
        kind = Review.Kind.RAPID if i % 4 == 0 else Review.Kind.LCSPR
        referral = date(YEAR, 4, 1) + timedelta(days=30 * i)
        review = ReviewFactory(
            board=board,
            reference=f"{prefix}-{i:03d}",
            kind=kind,
            referral_on=referral,
            aware_on=referral,
            notified_on=referral + timedelta(days=14 if i % 2 else 1),
            decision_on=referral + timedelta(days=10),
            lead_reviewer_commissioned_on=referral + timedelta(days=20) if i % 3 else None,
            report_received_on=referral + timedelta(days=100) if i % 2 else None,
            published_on=referral + timedelta(days=150) if i % 4 == 1 else None,
            stage=Review.Stage.RUNNING,
        )
        made["reviews"].append(review)
        for number in (1, 2, 3):
            rating = RATINGS[(i + number) % len(RATINGS)]
            MarkerAssessment.objects.create(
                review=review,
                marker=markers[number - 1],
                rating=rating,
                not_applicable_reason="Not relevant" if rating == Rating.NOT_APPLICABLE else "",
            )
            made["ratings"].setdefault(number, []).append(rating)
        assessment = review.assessments.get(marker=markers[0])
        answer = Answer.NO if i % 2 else Answer.NOT_KNOWN if i % 3 else Answer.YES
        QuestionAnswer.objects.create(assessment=assessment, question=question, answer=answer)
        made["no"] += answer in (Answer.NO, Answer.NOT_KNOWN)
        if i % 2 == 0:
            notification = Notification.objects.create(review=review)
            child = NotifiedChild.objects.create(
                notification=notification,
                pseudonym=f"Child {i}",
                age_band=NotifiedChild.AgeBand.UNDER_1
                if i % 4
                else NotifiedChild.AgeBand.AGE_10_15,
                sex=NotifiedChild.Sex.FEMALE,
                ethnicity="White British",
                plan=NotifiedChild.Plan.NONE,
                harm=NotifiedChild.Harm.DIED if i % 4 else NotifiedChild.Harm.HARMED,
                incident_type=NotifiedChild.IncidentType.ABUSE,
            )
            made["children"].append(child)
        if kind == Review.Kind.RAPID:
            RapidReview.objects.create(
                review=review, recommendation=RapidReview.Recommendation.LCSPR
            )
            made["rapid"] += 1
        if i % 3 == 0:
            review.themes.add(neglect)
            made["themed"] += 1
        finding = FindingFactory(review=review, number=1)
        ActionFactory(
            finding=finding,
            number=1,
            lead_agency=agency,
            target_date=date(2020, 1, 1) if i % 2 else date(2099, 1, 1),
        )
    return made


def _scope(board, **kw):
    return Scope(board_id=board.pk, start=date(YEAR, 4, 1), end=date(YEAR + 1, 3, 31), **kw)


def test_every_figure_matches_counts_made_independently(cast):
    made = _world(cast, 8)
    # Outside the period, and on another board: never counted.
    ReviewFactory(board=cast.board, reference="OLD", referral_on=date(2019, 5, 1))
    _world(cast, 3, board=cast.other_board, prefix="S")
    f = compute(cast.manager, _scope(cast.board))
    reviews = made["reviews"]
    assert f.review_count == len(reviews)
    for m in f.markers[:3]:
        ratings = made["ratings"][m["number"]]
        for rating in RATINGS:
            assert m[rating] == ratings.count(rating), (m["number"], rating)
        assert m["not_assessed"] == 0
        assessed = sum(ratings.count(r) for r in RATINGS[:3])
        assert m["met_share"] == percent(ratings.count(Rating.MET), assessed)
    untouched = f.markers[5]
    assert untouched["not_assessed"] == len(reviews) and untouched["met_share"] == "none"
    assert f.questions[0]["total"] == made["no"]
    funnel = {r["key"]: r["count"] for r in f.funnel}
    assert funnel["notifications"] == len(reviews)  # all have notified_on
    assert funnel["rapid"] == made["rapid"] == funnel["rapid_to_lcspr"]
    lcsprs = [r for r in reviews if r.kind in ("lcspr", "scr")]
    assert funnel["commissioned"] == sum(1 for r in lcsprs if r.lead_reviewer_commissioned_on)
    assert funnel["completed"] == sum(1 for r in lcsprs if r.report_received_on)
    assert funnel["published"] == sum(1 for r in lcsprs if r.published_on)
    notification = next(r for r in f.timeliness if r["key"] == "notification")
    assert notification["count"] == len(reviews)
    # Notified 14 calendar days after becoming aware is always more than 5 working days.
    assert notification["late"] == sum(1 for i, _ in enumerate(reviews) if i % 2)
    assert f.themes == [
        {"label": "Neglect", "count": made["themed"], "share": percent(made["themed"], 8)}
    ]
    assert f.child_count == len(made["children"])
    harm = {r["label"]: r["count"] for r in f.children["harm"]["rows"]}
    assert harm["Died"] == sum(1 for c in made["children"] if c.harm == "died")
    assert f.action_totals["total"] == len(reviews)
    assert f.action_totals["overdue"] == sum(1 for i, _ in enumerate(reviews) if i % 2)
    assert f.action_totals["on_track"] == len(reviews) - f.action_totals["overdue"]
    years = {y["year"]: y["reviews"] for y in f.years}
    assert years[YEAR] == len(reviews) and years[2019] == 1


def test_kind_and_theme_filters_narrow_every_figure(cast):
    made = _world(cast, 8)
    rapid = compute(cast.manager, _scope(cast.board, kind="rapid"))
    assert rapid.review_count == made["rapid"]
    neglect = Theme.objects.get(name="Neglect", board__isnull=True)
    themed = compute(cast.manager, _scope(cast.board, theme_id=neglect.pk))
    assert themed.review_count == made["themed"]


def test_a_lead_reviewer_counts_only_their_reviews(cast):
    made = _world(cast, 6)
    ReviewRoleFactory(
        review=made["reviews"][1], user=cast.reviewer_off, role=ReviewRole.Role.LEAD_REVIEWER
    )
    assert compute(cast.reviewer_off, _scope(cast.board)).review_count == 1


def _page(client, **query) -> str:
    response = client.get(reverse("analytics:page"), query)
    assert response.status_code == 200
    return response.content.decode()


def test_the_page_shows_the_figures_with_charts_tables_and_summaries(cast, as_user):
    _world(cast, 4)
    page = _page(as_user(cast.manager), year=YEAR)
    assert "4 reviews started between 1 April 2025 and 31 March 2026" in page
    assert page.count('role="img"') >= 5 and page.count("<table") >= 8
    assert 'id="summary-markers"' in page and "not a measure of a board" in page
    assert "Analytics" in page and 'href="/analytics/"' in page  # in the navigation


def test_a_board_member_sees_their_boards_analytics_and_nobody_another_boards(cast, as_user):
    _world(cast, 4)
    _world(cast, 2, board=cast.other_board, prefix="S")
    assert "4 reviews started" in _page(as_user(cast.member), year=YEAR)
    outsider = _page(as_user(cast.outsider), year=YEAR)
    assert "2 reviews started" in outsider and "Southmoor" in outsider
    tried = _page(as_user(cast.outsider), year=YEAR, board=cast.board.pk)
    assert f"There is no board “{cast.board.pk}”" in tried
    assert "reviews started" not in tried


@pytest.mark.parametrize(
    "query,message",
    [
        ({"kind": "secret"}, "There is no kind of review “secret”"),
        ({"year": "1900"}, "There is no reporting year “1900”"),
        ({"year": "soon"}, "There is no reporting year “soon”"),
        ({"theme": "999999"}, "There is no theme “999999”"),
        ({"board": "x"}, "There is no board “x”"),
        (
            {"start_0": "31", "start_1": "2", "start_2": "2025"},
            "From must be a real date",
        ),
        (
            {
                "start_0": "1",
                "start_1": "4",
                "start_2": "2025",
                "end_0": "1",
                "end_1": "1",
                "end_2": "2025",
            },
            "must be the same as or after the ‘from’ date",
        ),
        (
            {"year": str(YEAR), "start_0": "1", "start_1": "4", "start_2": "2025"},
            "Choose a reporting year or a period",
        ),
    ],
)
def test_bad_filters_are_reported_not_ignored(cast, as_user, query, message):
    page = _page(as_user(cast.manager), **query)
    assert "govuk-error-summary" in page and message in page, page[page.find("error-summary") :][
        :800
    ]
    assert "No figures are shown until the filters are corrected" in page


def test_a_theme_of_another_board_is_reported(cast, as_user):
    theirs = Theme.objects.create(board=cast.other_board, name="Their own theme")
    page = _page(as_user(cast.manager), theme=theirs.pk)
    assert f"There is no theme “{theirs.pk}”" in page


def test_a_year_with_no_reviews_says_what_to_change(cast, as_user):
    page = _page(as_user(cast.manager), year=YEAR - 3)
    assert 'id="empty-state"' in page and "Choose another reporting year or period" in page


def test_someone_on_no_board_is_told_why_there_is_nothing(cast, as_user):
    assert "You are not a member of any board" in _page(as_user(cast.admin))


def test_the_page_runs_a_fixed_number_of_queries(cast, as_user, django_assert_max_num_queries):
    client = as_user(cast.manager)
    _world(cast, 2)
    with django_assert_max_num_queries(30) as small:
        _page(client, year=YEAR)
    _world(cast, 12, prefix="B")
    with django_assert_max_num_queries(len(small.captured_queries)):
        _page(client, year=YEAR)


def test_member_role_has_board_wide_analytics(cast):
    assert Membership.Role.BOARD_MEMBER in Membership.Role.values
    MembershipFactory  # noqa: B018 - imported for other tests' helpers


def test_working_days_by_whole_weeks_match_counting_day_by_day():
    from analytics.figures import working_days_between
    from reviews import timescales

    start = date(2025, 12, 20)
    for days in range(0, 400, 7):
        for extra in range(3):
            end = start + timedelta(days=days + extra)
            assert working_days_between(start, end) == timescales.working_days_between(start, end)


def test_the_action_totals_are_the_sums_of_the_agencies_rows(cast):
    reviews = _world(cast, 2)["reviews"]
    health = cast.board.agencies.create(name="Health")
    finding = FindingFactory(review=reviews[0])
    for status in (Action.Status.COMPLETED, Action.Status.AGREED, Action.Status.AGREED):
        ActionFactory(
            finding=finding,
            lead_agency=health,
            status=status,
            completed_on=date(2020, 1, 1) if status == Action.Status.COMPLETED else None,
            target_date=date(2099, 1, 1),
        )
    f = compute(cast.manager, _scope(cast.board))
    rows = {r["lead_agency__name"]: r for r in f.actions}
    assert rows["Health"]["total"] == 3 and rows["Health"]["completed_on_time"] == 1
    assert rows["Health"]["on_track"] == 2
    assert f.action_totals["total"] == 5  # the two of _world's agency, and Health's three
    for key in ("completed_on_time", "completed_late", "on_track", "slipped", "overdue"):
        assert f.action_totals[key] == sum(r[key] for r in f.actions), key


def test_a_review_without_dates_counts_on_the_day_it_was_opened_in_utc(cast):
    # 23:30 UTC on 31 March 2026 is already 1 April in London: the review was opened in
    # the reporting year 2025 as the database has always dated it (UTC), not in 2026.
    next_year = Scope(board_id=cast.board.pk, start=date(YEAR + 1, 4, 1), end=date(YEAR + 2, 3, 31))

    def counts():
        return [compute(cast.manager, s).review_count for s in (_scope(cast.board), next_year)]

    review = ReviewFactory(board=cast.board, reference="NO-DATES", referral_on=None, aware_on=None)
    this_year, then = counts()
    Review.objects.filter(pk=review.pk).update(
        created_at=datetime(YEAR + 1, 3, 31, 23, 30, tzinfo=UTC)
    )
    assert counts() == [this_year + 1, then - 1]
    Review.objects.filter(pk=review.pk).update(
        created_at=datetime(YEAR + 1, 4, 1, 0, 30, tzinfo=UTC)
    )
    assert counts() == [this_year, then]


def test_the_filters_list_every_choice_with_the_chosen_ones_selected(cast, as_user):
    body = _page(as_user(cast.manager), year=YEAR, kind="lcspr")
    assert f'<option value="{YEAR}" selected>April {YEAR} to March {YEAR + 1}</option>' in body
    assert (
        '<option value="lcspr" selected>Local child safeguarding practice review</option>' in body
    )
    assert body.count(" selected>") == 3  # and nothing else chosen but "Any theme"
    neglect = Theme.objects.get(name="Neglect", board__isnull=True)
    theme_select = body.split('id="id_theme"')[1].split("</select>")[0]
    assert '<option value="" selected>Any theme</option>' in theme_select
    assert f'<option value="{neglect.pk}">Neglect</option>' in theme_select
    for name in ("year", "kind", "theme"):
        assert f'<select class="govuk-select" id="id_{name}" name="{name}">' in body
