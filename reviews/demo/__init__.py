"""The demo data that ``seed_demo`` creates: the invented Northshire Safeguarding Children
Partnership with one user per role, and about three years of its (invented) reviews, from
rapid reviews to published practice reviews; and a second invented board, Southmoor, with two
reviews of its own. EVERY NAME, CASE AND DETAIL IS INVENTED; the demo passwords are public.

Deterministic (hand-written stories in ``stories``, random choices from fixed seeds) and
idempotent: a story already on its board is left as it is, so the command can run on every
start of a demo server. Dates are counted back from today, so the demo never ages.
"""

from django.core.management import call_command
from django.utils import timezone

from markers.models import MarkerSet
from reviews.demo import assessment
from reviews.demo.clock import Clock
from reviews.demo.people import DEMO_PASSWORD, DemoCast, seed_people
from reviews.demo.reviews import Crew, seed_stories
from reviews.demo.stories import SOUTHMOOR, STORIES

MARKER_FIXTURE = "fixtures/scr_quality_markers_2016.json"

__all__ = ["DEMO_PASSWORD", "seed_all"]


def seed_all() -> DemoCast:
    if not MarkerSet.objects.filter(slug="scr-qm-lipp-2016").exists():
        call_command("loaddata", MARKER_FIXTURE, verbosity=0)
    assessment.reset_caches()
    cast = seed_people()
    users = cast.users
    northshire = Crew(
        board=cast.board,
        agencies=cast.agencies,
        manager=users["manager"],
        chair=users["chair"],
        users=users,
        panel=users["member2"],
    )
    outsider = users["outsider"]
    southmoor = Crew(
        board=cast.other_board,
        agencies=cast.other_agencies,
        manager=outsider,
        chair=outsider,
        users={"outsider": outsider},
    )
    clock = Clock(timezone.localdate())
    with clock.running():
        seed_stories(STORIES, northshire, clock)
        seed_stories(SOUTHMOOR, southmoor, clock)
    return cast
