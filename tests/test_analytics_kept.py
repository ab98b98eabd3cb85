"""The analytics figures kept between requests (analytics.kept): the next request after a
change to anything they count shows it; a user never gets another user's figures; figures
are not kept while a write may still be committing."""

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from analytics import kept
from analytics.figures import compute
from markers.models import Marker
from reviews.models import (
    Action,
    Answer,
    Delay,
    MarkerAssessment,
    NotifiedChild,
    QuestionAnswer,
    Rating,
    ReviewRole,
    Theme,
)
from tests.factories import ReviewFactory, ReviewRoleFactory
from tests.test_analytics import YEAR, _world

pytestmark = pytest.mark.django_db


@pytest.fixture
def settled(monkeypatch):
    """Writes count as committed at once: figures are kept from the first request, so only
    the stamp can make the next request count again."""
    monkeypatch.setattr(kept, "SETTLE", 0)


def _figures(client, **query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("analytics:page"), {"year": YEAR, **query})
    assert response.status_code == 200
    return response.context.get("figures"), len(queries)


def _marker_row(figures, number):
    return next(m for m in figures.markers if m["number"] == number)


def test_the_second_request_reads_the_kept_figures(cast, as_user, settled):
    _world(cast, 4)
    client = as_user(cast.manager)
    first, counted = _figures(client)
    again, read = _figures(client)
    assert read <= counted - 10  # the counting queries are not run again
    assert again.review_count == first.review_count == 4
    assert again.markers == first.markers and again.actions == first.actions


def test_figures_are_not_kept_while_the_newest_write_is_recent(cast, as_user):
    # SETTLE as in production: what was just written may sit behind a write still committing.
    _world(cast, 2)
    client = as_user(cast.manager)
    _, counted = _figures(client)
    _, again = _figures(client)
    assert again == counted


def _rate(made):
    a = MarkerAssessment.objects.get(review=made["reviews"][0], marker__number=1)
    a.rating, a.not_applicable_reason = Rating.NOT_MET, ""
    a.save()
    return lambda f: _marker_row(f, 1)["not_met"]


def _answer(made):
    qa = QuestionAnswer.objects.filter(assessment__review=made["reviews"][0]).get()
    qa.answer = Answer.NO if qa.answer != Answer.NO else Answer.YES
    qa.save()
    return lambda f: f.questions[0]["no"] if f.questions else 0


def _action_status(made):
    action = Action.objects.filter(review=made["reviews"][0]).get()
    action.status, action.completed_on = Action.Status.COMPLETED, date(2026, 1, 1)
    action.save()
    return lambda f: f.action_totals["completed_on_time"] + f.action_totals["completed_late"]


def _action_date(made):
    action = Action.objects.filter(review=made["reviews"][0]).get()
    action.target_date = date(2020, 1, 1) if action.target_date.year > 2050 else date(2099, 1, 1)
    action.save()
    return lambda f: f.action_totals["overdue"]


def _review_dates(made):
    review = made["reviews"][0]
    review.referral_on = review.aware_on = date(YEAR - 3, 5, 1)
    review.save()
    return lambda f: f.review_count


def _review_board(made):
    review = made["reviews"][0]
    review.board = type(review.board).objects.get(slug="southmoor")
    review.save()
    return lambda f: f.review_count


def _review_kind(made):
    review = made["reviews"][1]
    review.kind = "rapid"
    review.save()
    return lambda f: next(r["count"] for r in f.funnel if r["key"] == "rapid")


def _review_published(made):
    review = made["reviews"][2]
    review.published_on = None if review.published_on else review.referral_on + timedelta(200)
    review.save()
    return lambda f: next(r["count"] for r in f.funnel if r["key"] == "published")


def _new_review(made):
    board = made["reviews"][0].board
    ReviewFactory(board=board, reference="NEW-1", referral_on=date(YEAR, 6, 1))
    return lambda f: f.review_count


def _theme(made):
    made["reviews"][1].themes.add(Theme.objects.get(name="Neglect", board__isnull=True))
    return lambda f: sum(t["count"] for t in f.themes)


def _theme_renamed(made):
    theme = Theme.objects.get(name="Neglect", board__isnull=True)
    theme.name = "Neglect (renamed)"
    theme.save()
    return lambda f: [t["label"] for t in f.themes]


def _child_withdrawn(made):
    made["children"][0].withdraw(reason="Entered twice")
    return lambda f: f.child_count


def _child_age(made):
    child = NotifiedChild.objects.get(pk=made["children"][0].pk)
    child.age_band = NotifiedChild.AgeBand.AGE_16_17
    child.save()
    return lambda f: [r["count"] for r in f.children["age_band"]["rows"]]


def _delay(made):
    Delay.objects.create(review=made["reviews"][0], milestone="notification", reason="Late")
    return lambda f: next(r["delays_recorded"] for r in f.timeliness if r["key"] == "notification")


def _board_timescale(made):
    board = made["reviews"][0].board
    board.notification_working_days = 20
    board.save()
    return lambda f: next(r["late"] for r in f.timeliness if r["key"] == "notification")


def _marker_title(made):
    marker = Marker.objects.get(marker_set__slug="scr-qm-lipp-2016", number=1)
    marker.title = "Renamed marker"
    marker.save()
    return lambda f: _marker_row(f, 1)["title"]


def _agency_renamed(made):
    agency = Action.objects.filter(review=made["reviews"][0]).get().lead_agency
    agency.name = "Renamed Police"
    agency.save()  # agencies keep no history: their names are read on every request
    return lambda f: [a["lead_agency__name"] for a in f.actions]


@pytest.mark.parametrize(
    "change",
    [
        _rate,
        _answer,
        _action_status,
        _action_date,
        _review_dates,
        _review_board,
        _review_kind,
        _review_published,
        _new_review,
        _theme,
        _theme_renamed,
        _child_withdrawn,
        _child_age,
        _delay,
        _board_timescale,
        _marker_title,
        _agency_renamed,
    ],
    ids=lambda f: f.__name__.strip("_"),
)
def test_a_change_to_any_input_shows_on_the_next_request(cast, as_user, settled, change):
    made = _world(cast, 8)
    client = as_user(cast.manager)
    before, _ = _figures(client)
    _figures(client)  # kept
    measure = change(made)
    after, _ = _figures(client)
    assert measure(after) != measure(before)
    # The same as counting afresh, figure by figure.
    assert _plain(after) == _plain(compute(cast.manager, after.scope))


def _plain(figures) -> dict:
    """The figures without the cells the page adds to its rows."""
    out = dict(vars(figures))
    for name in ("markers", "actions"):
        out[name] = [{k: v for k, v in row.items() if k != "cells"} for row in out[name]]
    return out


def test_a_stage_change_is_a_new_stamp(cast, settled):
    before, _ = kept.stamp()
    cast.review.stage = "closed"
    cast.review.save()
    assert kept.stamp()[0] != before


def test_a_lead_reviewer_never_gets_the_managers_kept_figures(cast, as_user, settled):
    made = _world(cast, 6)
    ReviewRoleFactory(
        review=made["reviews"][1], user=cast.reviewer_off, role=ReviewRole.Role.LEAD_REVIEWER
    )
    manager, _ = _figures(as_user(cast.manager))
    reviewer, _ = _figures(as_user(cast.reviewer_off))
    assert (manager.review_count, reviewer.review_count) == (6, 1)
    # A role on one more review shows on their next request; the manager's figures stay.
    ReviewRoleFactory(
        review=made["reviews"][2], user=cast.reviewer_off, role=ReviewRole.Role.LEAD_REVIEWER
    )
    assert _figures(as_user(cast.reviewer_off))[0].review_count == 2
    assert _figures(as_user(cast.manager))[0].review_count == 6


def test_nobody_gets_the_kept_figures_of_a_board_they_cannot_see(cast, as_user, settled):
    _world(cast, 4)
    _world(cast, 2, board=cast.other_board, prefix="S")
    assert _figures(as_user(cast.manager))[0].review_count == 4
    figures, _ = _figures(as_user(cast.outsider), board=cast.board.pk)
    assert figures is None  # the filter's error, no figures
    assert _figures(as_user(cast.outsider))[0].review_count == 2
    # A manager taken off the board: their kept figures of it are not shown again.
    cast.manager.memberships.get(board=cast.board).delete()
    response = as_user(cast.manager).get(reverse("analytics:page"), {"year": YEAR})
    assert response.context.get("figures") is None
    assert "You are not a member of any board" in response.content.decode()
