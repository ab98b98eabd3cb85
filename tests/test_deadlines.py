"""The stored due dates (``Deadline``) cannot drift from what ``reviews.timescales`` computes:
after every way a review's dates, kind, stage, rapid review, agency contributions or board
timescales change, the stored open deadlines equal the Python computation (each with its
review's board and whether the review is live, which the home page reads), and the reviews
list's overdue filter (answered by the database) equals the milestones' own verdict."""

import itertools
from datetime import date, timedelta

import pytest
from django.utils import timezone

from reviews import deadlines, timescales
from reviews.models import (
    KEY_DATES,
    AgencyContribution,
    Deadline,
    Decision,
    RapidReview,
    Review,
)
from reviews.services.review import decision_save, review_convert, review_create_from_referral
from reviews.views.review import overdue
from tests.factories import ReviewFactory
from tests.formdata import main_form
from tests.gds import dates

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)


def _stored() -> dict[int, dict[str, tuple[date, int, bool]]]:
    out = {r: {} for r in Review.objects.values_list("pk", flat=True)}
    for d in Deadline.objects.all():
        out[d.review_id][d.key] = (d.due_on, d.board_id, d.live)
    return out


def _computed() -> dict[int, dict[str, tuple[date, int, bool]]]:
    return {
        r.pk: {
            key: (due, r.board_id, r.stage not in ("closed", "not_proceeding"))
            for key, due in deadlines.open_deadlines(r).items()
        }
        for r in deadlines.for_milestones(Review.objects.all())
    }


def assert_no_drift(*days: date):
    """Stored = computed for every review; overdue in the database = overdue in Python."""
    assert _stored() == _computed()
    reviews = list(deadlines.for_milestones(Review.objects.all()))
    for today in days or (TODAY, timezone.localdate()):
        in_python = {
            r.pk
            for r in reviews
            if r.is_live and timescales.is_overdue(timescales.review_milestones(r), today)
        }
        assert set(overdue(Review.objects.all(), today).values_list("pk", flat=True)) == in_python


def _contribution(review, agency, **kwargs) -> AgencyContribution:
    return AgencyContribution.objects.create(
        review=review,
        agency=agency,
        asked_for=["records"],
        requested_on=kwargs.pop("requested_on", TODAY - timedelta(days=40)),
        **kwargs,
    )


def test_every_key_date_saved_on_its_own_moves_the_deadlines(cast):
    review = cast.review
    day = TODAY - timedelta(days=200)
    for name, _ in KEY_DATES:
        setattr(review, name, day)
        review.save(update_fields=[name])
        assert_no_drift()
        day += timedelta(days=9)
    for name, _ in reversed(KEY_DATES):
        setattr(review, name, None)
        review.save(update_fields=[name, "updated_at"])
        assert_no_drift()


def test_kind_stage_and_moves_through_the_lifecycle(cast):
    review = cast.review
    review.referral_on, review.aware_on = TODAY - timedelta(days=90), TODAY - timedelta(days=95)
    review.save()
    assert Deadline.objects.filter(review=review).exists()
    assert_no_drift()
    decision_save(
        decision=Decision(
            review=review,
            kind=Decision.Kind.HOLD,
            outcome="not_proceed",
            decided_on=TODAY - timedelta(days=60),
            decision="Not to hold a review.",
            rationale="Criteria not met.",
        ),
        by=cast.chair,
    )
    assert_no_drift()
    review.refresh_from_db()
    review.move_to(Review.Stage.NOT_PROCEEDING, by=cast.manager)  # no completion milestone
    assert_no_drift()
    review.move_to(Review.Stage.REFERRAL, by=cast.manager, reason="New information.")
    assert_no_drift()
    assert Deadline.objects.filter(review=review, live=True).exists()
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.CLOSED)
    assert_no_drift()
    assert not Deadline.objects.filter(review=review, live=True).exists()
    Review.objects.filter(pk=review.pk).update(stage=Review.Stage.RUNNING)
    assert_no_drift()
    for kind in Review.Kind.values:
        review.kind = kind
        review.save(update_fields=["kind"])
        assert_no_drift()
    # Saving only other fields leaves them as they are, and needs no refresh.
    review.title = "Child S"
    review.save(update_fields=["title"])
    assert_no_drift()


def test_rapid_reviews_contributions_and_their_removal(cast):
    review = cast.review
    review.kind = Review.Kind.RAPID
    review.aware_on = TODAY - timedelta(days=50)
    review.notified_on = TODAY - timedelta(days=46)
    review.save()
    assert_no_drift()
    rapid = RapidReview.objects.create(review=review)
    assert_no_drift()
    rapid.sent_to_panel_on = TODAY - timedelta(days=10)
    rapid.save()
    assert_no_drift()
    open_one = _contribution(review, cast.agency, due_on=TODAY - timedelta(days=3))
    later = _contribution(review, cast.other_agency, due_on=TODAY + timedelta(days=3))
    assert_no_drift()
    open_one.received_on = TODAY - timedelta(days=1)
    open_one.save()
    assert_no_drift()
    later.withdraw(reason="Asked the wrong agency.")
    assert_no_drift()
    later.chase(on=TODAY, by=cast.manager)
    open_one.delete()
    rapid.delete()
    assert_no_drift()
    review.delete()  # its deadlines go with it, without a refresh of a review being deleted
    assert not Deadline.objects.exists()


def test_board_timescales_bulk_saves_and_updates(cast):
    made = [
        ReviewFactory(board=cast.board, referral_on=TODAY - timedelta(days=20 + i))
        for i in range(3)
    ]
    assert_no_drift()
    other = ReviewFactory(board=cast.other_board, referral_on=TODAY)
    cast.board.referral_decision_working_days = 30
    cast.board.save()
    assert_no_drift()
    assert Deadline.objects.get(review=other).due_on == timescales.add_working_days(TODAY, 15)
    cast.board.name = "Renamed partnership"
    cast.board.save()
    assert_no_drift()
    Review.objects.filter(pk__in=[r.pk for r in made]).update(decision_on=TODAY)
    assert_no_drift()
    Review.objects.bulk_create(
        [
            Review(
                board=cast.board,
                marker_set=cast.review.marker_set,
                reference=f"BULK-{i}",
                title="Child B",
                referral_on=TODAY - timedelta(days=i * 10),
            )
            for i in range(4)
        ]
    )
    assert Deadline.objects.filter(review__reference__startswith="BULK").count() == 4
    assert_no_drift()
    # A review moved to another board takes its deadlines with it (a save or an update).
    made[0].board = cast.other_board
    made[0].save()
    assert_no_drift()
    Review.objects.filter(pk=made[1].pk).update(board=cast.other_board)
    assert_no_drift()
    assert Deadline.objects.filter(board=cast.other_board).count() == 3


def test_creating_and_converting_reviews(cast):
    review = review_create_from_referral(
        board=cast.board,
        by=cast.manager,
        title="Child T",
        kind=Review.Kind.RAPID,
        reference="RR-2026-001",
        referral_on=TODAY - timedelta(days=30),
        incident_on=TODAY - timedelta(days=45),
        aware_on=TODAY - timedelta(days=40),
        themes=[],
        referral={"rationale": "Serious harm."},
    )
    assert_no_drift()
    review_convert(review=review, by=cast.manager, kind=Review.Kind.LCSPR)
    assert_no_drift()


def test_the_forms_keep_them_up_to_date(cast, client):
    """The pages a board manager uses: key dates, the stage, the rapid review, contributions."""
    client.force_login(cast.manager)
    review = cast.review
    url = f"/reviews/{review.pk}/dates/"
    day = timezone.localdate()
    posted = dates(
        referral_on=day - timedelta(days=60),
        aware_on=day - timedelta(days=70),
        notified_on=day - timedelta(days=50),
    )
    assert client.post(url, posted).status_code == 302
    assert_no_drift()
    rapid = main_form(client.get(f"/reviews/{review.pk}/rapid-review/").content.decode()).data()
    rapid.update(dates(sent_to_panel_on=day - timedelta(days=5)))
    assert client.post(f"/reviews/{review.pk}/rapid-review/", rapid).status_code == 302
    assert RapidReview.objects.filter(review=review).exists()
    assert_no_drift()
    add = f"/reviews/{review.pk}/contributions/add/"
    data = main_form(client.get(add).content.decode()).data()
    data.update(
        agency=str(cast.agency.pk),
        asked_for=["records"],
        **dates(requested_on=day - timedelta(days=20), due_on=day - timedelta(days=2)),
    )
    assert client.post(add, data).status_code == 302
    contribution = review.contributions.get()
    assert Deadline.objects.filter(review=review, key=f"contribution-{contribution.pk}").exists()
    assert_no_drift()
    edit = f"/reviews/{review.pk}/contributions/{contribution.pk}/"
    data = main_form(client.get(edit).content.decode()).data()
    data.update(dates(received_on=day))
    assert client.post(edit, data).status_code == 302
    assert_no_drift()
    assert not Deadline.objects.filter(key=f"contribution-{contribution.pk}").exists()


def test_every_review_state(cast):
    """Kinds x stages x what is known: stored and computed agree, and so do the overdue
    verdicts, on dates either side of the due dates."""
    board, agency = cast.board, cast.agency
    patterns = [
        {},
        {"aware_on": -80, "referral_on": -60},
        {"aware_on": -80, "notified_on": -78, "referral_on": -60, "decision_on": -50},
        {"referral_on": -400, "decision_on": -390, "report_received_on": -100},
        {"referral_on": -30, "decision_on": -20, "published_on": 5},
        {"referral_on": -500, "decision_on": -480, "published_on": -10, "closed_on": -5},
    ]
    extras = ["none", "rapid", "rapid_sent", "contribution", "received", "withdrawn"]
    n = 0
    for kind, stage, pattern, extra in itertools.product(
        Review.Kind.values, Review.Stage.values, patterns, extras
    ):
        if (n := n + 1) % 5:  # a fifth of the 1,008 combinations, spread over every value
            continue
        review = ReviewFactory(
            board=board,
            kind=kind,
            stage=stage,
            **{k: TODAY + timedelta(days=v) for k, v in pattern.items()},
        )
        if extra.startswith("rapid"):
            sent = TODAY - timedelta(days=1) if extra == "rapid_sent" else None
            RapidReview.objects.create(review=review, sent_to_panel_on=sent)
        elif extra != "none":
            c = _contribution(
                review,
                agency,
                due_on=TODAY - timedelta(days=3),
                received_on=TODAY if extra == "received" else None,
            )
            if extra == "withdrawn":
                c.withdraw(reason="Not needed.")
    assert Review.objects.count() > 200
    assert_no_drift(TODAY - timedelta(days=100), TODAY, TODAY + timedelta(days=100))


def test_the_migrations_fill_them_for_existing_reviews(cast, monkeypatch):
    from importlib import import_module

    from django.apps import apps

    for i in range(3):
        review = ReviewFactory(board=cast.board, referral_on=TODAY - timedelta(days=i * 30))
        _contribution(review, cast.agency, due_on=TODAY - timedelta(days=i))
    ReviewFactory(board=cast.other_board, referral_on=TODAY)
    ReviewFactory(board=cast.board, stage=Review.Stage.CLOSED, referral_on=TODAY)
    expected = _stored()
    flags = {(board, live) for d in expected.values() for _, board, live in d.values()}
    assert flags == {(cast.board.pk, True), (cast.board.pk, False), (cast.other_board.pk, True)}
    Deadline.objects.all().delete()
    # 0005 stored the due dates only: 0014 finds every deadline with no board or flag of its
    # own (here the same wrong ones), and gives each its review's.
    create = Deadline.objects.bulk_create

    def as_0005_left_them(rows):
        for row in rows:
            row.board_id, row.live = cast.other_board.pk, False
        return create(rows)

    monkeypatch.setattr(Deadline.objects, "bulk_create", as_0005_left_them)
    import_module("reviews.migrations.0005_deadlines").fill(apps, None)
    assert _stored() != expected
    import_module("reviews.migrations.0014_deadline_board_live").fill(apps, None)
    assert _stored() == expected
