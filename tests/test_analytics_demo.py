"""The analytics of the demo board, checked against counts this test works out in Python
from the demo's own objects, for every reporting year the demo spans (issue 10)."""

from collections import Counter
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from accounts.models import Board, User
from analytics.figures import Scope, compute, reporting_year, year_bounds
from reviews.models import Action, MarkerAssessment, NotifiedChild, Rating, Review


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    fast = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])
    with django_db_blocker.unblock(), fast, transaction.atomic():
        call_command("seed_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)


def _start(review):
    return review.referral_on or review.aware_on or timezone.localtime(review.created_at).date()


def test_every_years_figures_match_the_demo_counted_by_hand(seeded, db):
    board = Board.objects.get(slug="northshire")
    manager = User.objects.get(username="manager")
    reviews = list(Review.objects.filter(board=board))
    years = sorted({reporting_year(_start(r)) for r in reviews})
    assert len(years) >= 3  # the demo spans three years
    today = timezone.localdate()
    for year in years:
        start, end = year_bounds(year)
        mine = [r for r in reviews if start <= _start(r) <= end]
        f = compute(manager, Scope(board_id=board.pk, start=start, end=end))
        assert f.review_count == len(mine), year
        ratings = Counter(
            (a.marker.number, a.rating)
            for a in MarkerAssessment.objects.select_related("marker").filter(review__in=mine)
        )
        for m in f.markers:
            for rating in (Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.NOT_APPLICABLE):
                assert m[rating] == ratings[(m["number"], rating)], (year, m["number"], rating)
            rated = sum(ratings[(m["number"], r)] for r in Rating.values if r != Rating.NOT_STARTED)
            assert m["not_assessed"] == len(mine) - rated
        funnel = {r["key"]: r["count"] for r in f.funnel}
        lcsprs = [r for r in mine if r.kind in ("lcspr", "scr")]
        assert funnel["completed"] == sum(1 for r in lcsprs if r.report_received_on)
        assert funnel["published"] == sum(1 for r in lcsprs if r.published_on)
        actions = list(Action.objects.filter(review__in=mine))
        assert f.action_totals["total"] == len(actions)
        assert f.action_totals["overdue"] == sum(1 for a in actions if a.is_overdue(today))
        children = [
            c
            for c in NotifiedChild.objects.filter(notification__review__in=mine)
            if not c.is_withdrawn
        ]
        assert f.child_count == len(children)
        died = next(r for r in f.children["harm"]["rows"] if r["label"] == "Died")
        assert died["count"] == sum(1 for c in children if c.harm == "died")
        themes = Counter(t.name for r in mine for t in r.themes.all())
        assert {t["label"]: t["count"] for t in f.themes} == dict(themes)
    assert sum(y["reviews"] for y in f.years) == len(reviews)
