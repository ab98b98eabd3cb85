"""The demo data that ``seed_demo`` creates. Every step is idempotent (get_or_create on
natural identifiers), so the command can run on every start of a demo server.

All names and case details are invented.
"""

from django.core.management import call_command

from markers.models import MarkerSet
from reviews.demo.assessment import seed_assessments
from reviews.demo.outcomes import seed_outcomes
from reviews.demo.people import DEMO_PASSWORD, DemoCast, seed_people
from reviews.demo.reviews import seed_reviews

MARKER_FIXTURE = "fixtures/scr_quality_markers_2016.json"

__all__ = ["DEMO_PASSWORD", "seed_all"]


def seed_all() -> DemoCast:
    if not MarkerSet.objects.filter(slug="scr-qm-lipp-2016").exists():
        call_command("loaddata", MARKER_FIXTURE, verbosity=0)
    cast = seed_people()
    # Later steps add reviews, assessments and outcomes to the same cast.
    for step in STEPS:
        step(cast)
    return cast


STEPS: list = [
    seed_reviews,
    seed_assessments,
    seed_outcomes,  # keep last: it works on the reviews and assessments above
]
