"""The demo board (``seed_demo``): seeded once for this module, then checked as a board
manager, an analyst and the other developers' pages would read it: enough reviews in every
stage, valid states, ratings that differ, actions in every status, items waiting for each
role, and the same data on a second run."""

from collections import Counter
from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Membership, User
from reviews import timescales
from reviews.models import (
    Action,
    ActionUpdate,
    AgencyContribution,
    AssessmentPoint,
    Decision,
    Delay,
    Evidence,
    Finding,
    InvolvementRecord,
    MarkerAssessment,
    MarkerComment,
    Notification,
    NotifiedChild,
    PractitionerEvent,
    Publication,
    QuestionAnswer,
    RapidReview,
    Review,
)
from reviews.services.outcomes import privacy_check

MODELS = [
    Review,
    MarkerAssessment,
    QuestionAnswer,
    Evidence,
    AssessmentPoint,
    MarkerComment,
    Finding,
    Action,
    Decision,
    Delay,
    NotifiedChild,
    AgencyContribution,
    Publication,
]


def counts():
    return [m.objects.count() for m in MODELS] + [Review.history.count(), Action.history.count()]


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """Seed once for the module inside a transaction rolled back at the end, so other test
    modules still start from an empty database."""
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        out = StringIO()
        call_command("seed_demo", stdout=out)
        first = counts()
        call_command("seed_demo", stdout=StringIO())
        second = counts()
        # Weeks later (dates count back from today): still nothing new.
        later = timezone.localdate() + timedelta(days=45)
        with mock.patch("reviews.demo.timezone.localdate", return_value=later):
            call_command("seed_demo", stdout=StringIO())
        yield {"first": first, "second": second, "later": counts(), "output": out.getvalue()}
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return seeded


def northshire():
    return Review.objects.filter(board__slug="northshire")


def test_a_second_run_changes_nothing(demo):
    assert demo["second"] == demo["first"]
    assert demo["later"] == demo["first"]
    assert User.objects.get(username="manager").check_password("demo-only-Kestrel-42")
    roles = set(Membership.objects.filter(board__slug="northshire").values_list("role", flat=True))
    assert roles == set(Membership.Role.values)
    assert "member2" in demo["output"] and "outsider" in demo["output"]


def test_three_years_of_reviews_in_every_stage_and_kind(demo):
    reviews = northshire()
    assert 18 <= reviews.count() <= 25
    assert set(reviews.values_list("stage", flat=True)) == set(Review.Stage.values)
    lcsprs = reviews.filter(kind="lcspr")
    assert set(lcsprs.values_list("stage", flat=True)) == set(Review.Stage.values)
    scr = reviews.get(kind="scr")
    assert scr.stage == "closed" and scr.published_on.year < 2020
    rapid = reviews.filter(kind="rapid")
    converted = rapid.filter(converted_to__isnull=False)
    assert converted.count() >= 5 and all(r.converted_to.kind == "lcspr" for r in converted)
    no_review = RapidReview.objects.filter(review__in=rapid, recommendation="no_review")
    assert no_review.count() >= 2
    assert all(r.review.stage == "not_proceeding" for r in no_review)
    today = timezone.localdate()
    notified = [r.notified_on for r in reviews.exclude(kind="scr")]
    assert min(notified) < today - timedelta(days=2 * 365) and max(notified) > today - timedelta(30)
    reporting_years = {d.year if d.month >= 4 else d.year - 1 for d in notified}
    assert len(reporting_years) >= 3


def test_every_review_is_in_a_state_the_app_allows(demo):
    today = timezone.localdate()
    for review in Review.objects.all():
        review.full_clean()
        assert review.missing_for(review.stage) == [], review
        dates = [getattr(review, f.name) for f in Review._meta.fields if f.name.endswith("_on")]
        assert all(d <= today for d in dates if d), review
    for model in (Action, Finding, AgencyContribution, Decision, MarkerAssessment):
        for obj in model.objects.all():
            obj.full_clean()
    # The date orders the app's forms ask for, and nothing done after today.
    for d in Decision.objects.select_related("review"):
        assert d.review.referral_on <= d.decided_on <= today, d
        advised = d.review.board_advised_on
        assert d.kind != "hold" or advised is None or d.decided_on <= advised <= today
    for c in AgencyContribution.objects.all():
        assert c.requested_on <= c.due_on and (c.received_on or c.requested_on) <= today
        assert c.received_on is None or c.requested_on <= c.received_on
    for e in PractitionerEvent.objects.select_related("review"):
        assert e.review.decision_on <= e.held_on <= today
    for i in InvolvementRecord.objects.exclude(involved_on=None):
        assert i.informed_on is None or i.informed_on <= i.involved_on <= today
    for r in RapidReview.objects.exclude(signed_off_on=None):
        assert r.summaries_requested_on <= r.signed_off_on <= r.sent_to_panel_on <= today
    for a in Action.objects.exclude(completed_on=None):
        assert a.review.report_received_on <= a.completed_on <= today
        assert a.review.closed_on is None or a.completed_on <= a.review.closed_on
    assert not ActionUpdate.objects.filter(on__gt=today).exists()
    assert not Review.history.filter(history_date__gt=timezone.now()).exists()
    for review in northshire().filter(stage__in=["monitoring", "closed"]).exclude(kind="rapid"):
        assert review.publication.status == "published"
        assert privacy_check(review).is_clear


def test_ratings_differ_between_reviews_and_follow_a_pattern(demo):
    vectors = {}
    for review in Review.objects.prefetch_related("assessments__marker"):
        ratings = {a.marker.number: a.rating for a in review.assessments.all()}
        if len(ratings) >= 13:
            vectors[review.reference] = tuple(ratings.get(n, "none") for n in range(1, 19))
    assert len(vectors) >= 6
    assert len(set(vectors.values())) == len(vectors), "two reviews rated identically"
    spread = Counter(MarkerAssessment.objects.values_list("rating", flat=True))
    for rating in ("met", "partly_met", "not_met", "not_applicable"):
        assert spread[rating] >= 3, spread
    for a in MarkerAssessment.objects.filter(rating="not_applicable"):
        assert a.not_applicable_reason
    qm12 = Counter(MarkerAssessment.objects.filter(marker__number=12).values_list("rating"))
    assert qm12.most_common(1)[0][0] == ("partly_met",)
    running = MarkerAssessment.objects.filter(review__stage="running")
    assert not running.filter(marker__number__gte=14).exists()
    finished = MarkerAssessment.objects.filter(review__stage="closed", marker__number__lte=5)
    assert finished.filter(rating="met").count() > finished.count() / 2


def test_answers_have_notes_that_are_not_one_sentence_repeated(demo):
    answers = QuestionAnswer.objects.filter(assessment__review__kind="lcspr")
    assert answers.count() > 300
    notes = [n for n in answers.values_list("note", flat=True) if n]
    assert len(notes) > 0.9 * answers.exclude(answer="not_applicable").count()
    assert len(set(notes)) > 0.5 * len(notes)
    assert Counter(notes).most_common(1)[0][1] <= 8


def test_actions_in_every_status_some_overdue_owned_by_the_demo_members(demo):
    actions = Action.objects.filter(review__board__slug="northshire")
    assert set(actions.values_list("status", flat=True)) == set(Action.Status.values)
    assert set(actions.exclude(rating="").values_list("rating", flat=True)) == set(
        Action.Rating.values
    )
    assert actions.overdue().count() >= 2
    assert [a.awaits_verification for a in actions].count(True) == 1
    texts = list(actions.values_list("text", flat=True))
    assert len(set(texts)) == len(texts)
    findings = list(Finding.objects.values_list("text", flat=True))
    assert len(set(findings)) == len(findings)
    for username in ("member", "member2"):
        member = Membership.objects.get(user__username=username, board__slug="northshire")
        owned = actions.filter(lead_agency=member.agency, owner=member.user)
        assert owned.exists() and owned.open().exists(), username
    assert len(set(actions.values_list("lead_agency", flat=True))) >= 5


def test_each_role_has_something_waiting(demo):
    today = timezone.localdate()
    reviews = northshire()
    # Decisions waiting for the chair: live reviews at referral without a hold decision.
    waiting = reviews.filter(stage="referral").exclude(decisions__kind="hold")
    assert waiting.count() >= 2
    points = AssessmentPoint.objects.filter(review__in=reviews)
    assert points.filter(signed_off_at__isnull=False, signed_off_by__username="chair").exists()
    assert points.filter(signed_off_at__isnull=True).exists()
    comments = MarkerComment.objects.filter(review__in=reviews)
    assert comments.filter(resolved_at__isnull=True).exists()
    assert comments.filter(resolved_at__isnull=False).exists()
    chase = AgencyContribution.objects.filter(
        review__in=reviews, received_on__isnull=True, due_on__lt=today
    )
    assert chase.exists() and chase.filter(chaser_count__gte=1).exists()
    soon = []
    for review in reviews.filter(stage__in=["referral", "setup", "running", "outputs"]):
        soon += [
            m
            for m in timescales.review_milestones(review)
            if m.is_deadline and m.done_on is None and 0 <= m.days_left(today) <= 30
        ]
    assert len(soon) >= 2
    delays = Delay.objects.filter(review__in=reviews)
    assert delays.count() >= 4 and not delays.filter(board_told_on__isnull=True).exists()


def test_figures_for_the_analytics_across_children_and_themes(demo):
    children = NotifiedChild.objects.filter(notification__review__board__slug="northshire")
    assert len(set(children.values_list("age_band", flat=True))) >= 5
    assert set(children.values_list("sex", flat=True)) >= {"female", "male"}
    assert len(set(children.values_list("ethnicity", flat=True))) >= 6
    assert set(children.values_list("harm", flat=True)) == {"died", "harmed"}
    assert children.filter(looked_after=True).exists()
    assert children.exclude(disability="").exists()
    assert Notification.objects.filter(review__board__slug="northshire").count() >= 12
    themes = Counter(northshire().values_list("themes__name", flat=True))
    assert len(themes) >= 15
    published = northshire().filter(published_on__isnull=False)
    assert published.count() >= 4


def test_history_is_dated_and_attributed_as_the_story_goes(demo):
    review = northshire().get(kind="lcspr", stage="closed", title="Child A")
    history = review.history.order_by("history_date")
    # Opened on the day the rapid review was converted into it.
    assert history.first().history_date.date() == review.converted_from.closed_on
    rapid = review.converted_from.history.order_by("history_date").first()
    assert rapid.history_date.date() == review.referral_on
    assert all(h.history_user for h in history)
    moves = review.stage_moves.all()
    assert [m.at.date() for m in moves] == sorted(m.at.date() for m in moves)
    assert {m.by.username for m in moves} == {"manager"}
    assessed = MarkerAssessment.history.filter(review=review)
    assert {h.history_user.username for h in assessed} == {"reviewer"}
    decisions = Decision.history.filter(review=review)
    assert "chair" in {h.history_user.username for h in decisions}


def test_the_other_board_has_reviews_nobody_on_northshire_sees(demo):
    outsider = User.objects.get(username="outsider")
    theirs = Review.objects.filter(board__slug="southmoor")
    assert theirs.count() >= 2
    assert set(Review.objects.visible_to(outsider)) == set(theirs)
    for username in ("manager", "chair", "reviewer", "member"):
        user = User.objects.get(username=username)
        assert not Review.objects.visible_to(user).filter(board__slug="southmoor").exists()
    assert Action.objects.filter(review__board__slug="southmoor").exists()


def test_every_page_of_every_demo_review_renders(demo, client):
    client.force_login(User.objects.get(username="manager"))
    assert client.get("/").status_code == 200
    assert client.get("/reviews/").status_code == 200
    for review in northshire():
        for suffix in ("", "records/", "timeline/", "history/", "stage/", "dates/"):
            response = client.get(f"/reviews/{review.pk}/{suffix}")
            assert response.status_code == 200, (review.reference, suffix)
    client.force_login(User.objects.get(username="member"))
    review = northshire().get(kind="lcspr", title="Child C")
    html = client.get(f"/reviews/{review.pk}/records/").content.decode()
    assert "Amina Rashid" not in html  # a family member's (invented) name: team only
