"""seed_demo's outcomes step: on reviews in outputs, monitoring or closed; idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import Board
from markers.models import MarkerSet
from reviews.models import Action, BoardResponse, Finding, Publication, Review
from reviews.services_outcomes import privacy_check

pytestmark = pytest.mark.django_db


def _reviews():
    call_command("seed_demo", stdout=StringIO())
    board = Board.objects.get(slug="northshire")
    marker_set = MarkerSet.objects.get(slug="scr-qm-lipp-2016")
    for ref, stage in [("DEMO-O1", "outputs"), ("DEMO-M1", "monitoring"), ("DEMO-R1", "running")]:
        Review.objects.get_or_create(
            board=board,
            reference=ref,
            defaults={"title": f"Child {ref[-2:]}", "stage": stage, "marker_set": marker_set},
        )


def test_it_seeds_outcomes_once(db):
    _reviews()
    call_command("seed_demo", stdout=StringIO())
    counts = [m.objects.count() for m in (Finding, Action, BoardResponse, Publication)]
    call_command("seed_demo", stdout=StringIO())
    assert [m.objects.count() for m in (Finding, Action, BoardResponse, Publication)] == counts
    assert counts == [6, 12, 2, 2]
    assert not Finding.objects.filter(review__reference="DEMO-R1").exists()
    assert set(Action.objects.values_list("status", flat=True)) == set(Action.Status.values)
    assert Action.objects.overdue().exists()
    for action in Action.objects.select_related("review", "finding", "lead_agency"):
        action.full_clean()
    published = Publication.objects.get(review__reference="DEMO-M1")
    assert published.status == "published"
    assert published.review.published_on is not None
    assert privacy_check(published.review).is_clear
