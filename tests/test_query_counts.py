"""Every main page runs the same number of SQL queries whatever the size of the data: each
page is counted with 3 of everything (reviews on the board, and on the review shown: evidence
on one marker, comments, findings and actions, contributions, changes in its history), then
again with 30, and the counts must be equal (issue 11, "SQL queries per page fixed")."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from markers.models import Marker
from reviews.models import (
    AgencyContribution,
    AssessmentPoint,
    Evidence,
    InvolvementRecord,
    MarkerAssessment,
    MarkerComment,
    Rating,
    Review,
    ReviewRole,
)
from tests.factories import ReviewFactory, ReviewRoleFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db

SMALL, LARGE = 3, 30
MARKER = 13  # the marker page measured, with its evidence items
LIVE = [s for s in Review.FORWARD if s != Review.Stage.CLOSED]


def grow(cast, start: int, stop: int) -> None:
    """Reviews start..stop on the board, each with something for every page, and as many
    evidence items, comments, actions, contributions and changes on the review shown."""
    today = timezone.localdate()
    long_ago = today - timedelta(days=90)
    review = cast.review
    markers = {m.number: m for m in Marker.objects.filter(marker_set=review.marker_set)}
    big = markers[MARKER]
    questions = list(big.questions.all())
    for i in range(start, stop):
        other = ReviewFactory(
            board=cast.board,
            reference=f"QC-{i:03d}",
            stage=LIVE[i % len(LIVE)],
            referral_on=long_ago,
            aware_on=long_ago,
        )
        ReviewRoleFactory(review=other, user=cast.reviewer, role=ReviewRole.Role.LEAD_REVIEWER)
        AgencyContribution.objects.create(
            review=other,
            agency=cast.agency,
            asked_for=["chronology"],
            requested_on=long_ago,
            due_on=today - timedelta(days=5),
        )
        MarkerComment.objects.create(
            review=other, marker=markers[7], author=cast.chair, body="Where is the evidence?"
        )
        MarkerAssessment.objects.create(review=other, marker=markers[i % 18 + 1], rating="met")
        AssessmentPoint.objects.create(review=other, kind="progress", taken_by=cast.reviewer)
        ActionFactory(
            finding=FindingFactory(review=other, number=1),
            number=1,
            lead_agency=cast.agency,
            target_date=today - timedelta(days=3),
        )
        # On the review shown.
        evidence = Evidence.objects.create(
            review=review,
            marker=big,
            kind=Evidence.Kind.NOTE,
            title=f"Minutes {i}",
            description="Minutes of the panel meeting.",
            dated_on=today,
            added_by=cast.reviewer,
        )
        evidence.questions.set(questions[: 1 + i % len(questions)])
        if i % 7 == 3:
            evidence.withdrawn_at, evidence.withdrawn_by = timezone.now(), cast.reviewer
            evidence.withdrawn_reason = "Duplicate."
            evidence.save()
        comment = MarkerComment.objects.create(
            review=review, marker=big, author=cast.chair, body=f"Challenge {i}"
        )
        if i % 2:
            comment.resolve(by=cast.reviewer, reply="Added the minutes.")
        ActionFactory(
            finding=FindingFactory(review=review, number=i + 1),
            number=1,
            lead_agency=cast.agency,
            owner=cast.member,
            target_date=today + timedelta(days=i - 10),
        )
        AgencyContribution.objects.create(
            review=review,
            agency=cast.agency,
            asked_for=["records"],
            requested_on=long_ago,
            due_on=today + timedelta(days=i - 15),
        )
        InvolvementRecord.objects.create(review=review, kind="family", role=f"Relative {i}")
        review.title = f"Child R ({i})"
        review._history_user = cast.manager
        review.save()
    MarkerAssessment.objects.update_or_create(
        review=review, marker=big, defaults={"rating": Rating.PARTLY_MET}
    )


def _pages(cast) -> dict[str, list[str]]:
    pk = cast.review.pk
    one = f"/reviews/{pk}"
    return {
        "manager": [
            "/",
            "/reviews/",
            "/reviews/?stage=running",
            "/reviews/?overdue=yes",
            "/reviews/?overdue=no&page=1",
            "/reviews/?q=QC&sort=stage",
            f"/reviews/?lead_reviewer={cast.reviewer.pk}&sort=referral",
            "/reviews/markers/",
            "/reviews/markers/?stage=running&hide_not_proceeding=on",
            "/reviews/actions/",
            "/reviews/actions/?overdue=on",
            f"/reviews/actions/?lead_agency={cast.agency.pk}&sort=due",
            "/reviews/actions/?status=agreed&review=QC&sort=status",
            f"{one}/",
            f"{one}/timeline/",
            f"{one}/history/",
            f"{one}/records/",
            f"{one}/outcomes/",
            f"{one}/outcomes/history/",
            f"{one}/markers/",
            f"{one}/markers/{MARKER}/",
            f"/documents/reviews/{pk}/",
            "/analytics/",
            "/markers/",
        ],
        "chair": ["/", "/reviews/", f"{one}/markers/{MARKER}/"],
        "reviewer": [
            "/",
            "/reviews/",
            "/reviews/actions/",
            f"{one}/markers/",
            f"{one}/markers/{MARKER}/",
        ],
        "member": ["/", "/reviews/", "/reviews/actions/", f"{one}/outcomes/", "/markers/"],
    }


def _counts(client, urls) -> dict[str, int]:
    client.get("/")  # the first request after signing in updates the session
    counts = {}
    for url in urls:
        # Once per process, a page may ask the database what it supports (SQLite's JSON
        # functions, for the history's one query): counted from its second request.
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx)
    return counts


@pytest.mark.parametrize("who", ["manager", "chair", "reviewer", "member"])
def test_every_main_page_runs_as_many_queries_at_30_as_at_3(cast, as_user, who):
    client = as_user(getattr(cast, who))
    urls = _pages(cast)[who]
    grow(cast, 0, SMALL)
    small = _counts(client, urls)
    grow(cast, SMALL, LARGE)
    assert Evidence.objects.filter(review=cast.review, marker__number=MARKER).count() == LARGE
    large = _counts(client, urls)
    grew = {url: (small[url], large[url]) for url in urls if small[url] != large[url]}
    assert not grew, f"queries at {SMALL} and at {LARGE}: {grew}"
