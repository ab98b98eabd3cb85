"""The outcomes history, in words."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.models import Action
from tests.factories import ReviewFactory
from tests.gds import dates
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db


def test_it_says_who_changed_what(cast, as_user):
    client = as_user(cast.manager)
    client.post(
        reverse("reviews:finding_add", args=[cast.review.pk]),
        {"text": "F", "explanation": "E", "priority": "high", "level": "national"},
    )
    finding = cast.review.findings.get()
    action = ActionFactory(finding=finding, number=1, lead_agency=cast.agency)
    as_user(cast.member).post(
        reverse("reviews:action_progress", args=[cast.review.pk, action.pk]),
        {
            "status": "in_progress",
            "rating": "slipped",
            **dates(revised_date=date(2030, 6, 1)),
            "rating_reason": "Staff <b>left</b>",
            "update_text": "Half done",
        },
    )
    url = reverse("reviews:outcomes_history", args=[cast.review.pk])
    page = as_user(cast.chair).get(url).content.decode()
    manager, member = str(cast.manager), str(cast.member)
    assert f"Finding 1 added by {manager}, " in page
    assert f"Action 1.1 changed by {member}, " in page
    assert "<li>Status changed from Agreed to In progress</li>" in page
    assert "<li>Progress rating changed from nothing to Slipped</li>" in page
    assert "<li>Revised target date changed from nothing to 1 June 2030</li>" in page
    assert f"A progress update on action 1.1 added by {member}, " in page
    assert "<b>left</b>" not in page


def test_it_runs_a_fixed_number_of_queries(cast, as_user, django_assert_max_num_queries):
    action = ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    for status in ["in_progress", "agreed"] * 10:
        action.status = status
        action.save()
    client = as_user(cast.manager)
    url = reverse("reviews:outcomes_history", args=[cast.review.pk])
    with django_assert_max_num_queries(15):
        assert client.get(url).status_code == 200
    assert Action.history.count() == 21


def test_it_names_actions_by_their_finding_when_history_ids_differ_from_record_ids(cast, as_user):
    # History rows and records are numbered by separate sequences. Make them diverge (as a
    # long-lived database does) so that mixing the two up would show "action ?.1".
    other = FindingFactory(
        review=ReviewFactory(board=cast.board, reference="SCR-2026-900"), number=9
    )
    for n in range(5):
        other.text = f"Edited {n}"
        other.save()
    finding = FindingFactory(review=cast.review, number=3)
    ActionFactory(finding=finding, review=cast.review, number=2, lead_agency=cast.agency)
    assert finding.history.first().history_id != finding.pk
    url = reverse("reviews:outcomes_history", args=[cast.review.pk])
    page = as_user(cast.manager).get(url).content.decode()
    assert "Action 3.2 added" in page
    assert "?.2" not in page
