"""seed_demo's outcomes step: on reviews in outputs, monitoring or closed; idempotent."""

from io import StringIO

import pytest
from django.core.management import call_command

from reviews.models import Action, BoardResponse, Finding, Publication
from reviews.services.outcomes import privacy_check

pytestmark = pytest.mark.django_db


def test_it_seeds_outcomes_once_on_the_demo_reviews_with_a_report(db):
    call_command("seed_demo", stdout=StringIO())
    counts = [m.objects.count() for m in (Finding, Action, BoardResponse, Publication)]
    call_command("seed_demo", stdout=StringIO())
    assert [m.objects.count() for m in (Finding, Action, BoardResponse, Publication)] == counts
    with_outcomes = set(Finding.objects.values_list("review__reference", flat=True))
    # The demo reviews in outputs, monitoring and closed stages; none before the report.
    assert with_outcomes == {"SCR-2026-002", "SCR-2025-009", "SCR-2024-011"}
    assert set(Action.objects.values_list("status", flat=True)) == set(Action.Status.values)
    assert Action.objects.overdue().exists()
    for action in Action.objects.select_related("review", "finding", "lead_agency"):
        action.full_clean()
    published = Publication.objects.get(review__reference="SCR-2025-009")
    assert published.status == "published"
    assert published.review.published_on is not None
    assert privacy_check(published.review).is_clear
