"""Governance of actions (issue 12, finding 7): a revised target date always needs a reason;
completion reported by the lead agency waits for verification by a board manager or chair
(markers 15 and 18), and shows as waiting."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.models import Action
from tests.gds import dates
from tests.test_outcomes_progress import _data, _url
from tests.test_outcomes_progress import action as action  # noqa: F401 - the fixture

pytestmark = pytest.mark.django_db


def test_a_revised_date_without_a_reason_is_refused(cast, as_user, action):  # noqa: F811
    response = as_user(cast.member).post(
        _url(cast, action), _data(**dates(revised_date=date(2031, 6, 1)))
    )
    assert response.status_code == 200
    assert "Enter the reason the target date was revised" in response.content.decode()
    action.refresh_from_db()
    assert action.revised_date is None


def test_a_revised_date_with_a_reason_is_saved(cast, as_user, action):  # noqa: F811
    response = as_user(cast.member).post(
        _url(cast, action),
        _data(rating_reason="Trainer left", **dates(revised_date=date(2031, 6, 1))),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.revised_date == date(2031, 6, 1)


def test_an_agency_completion_waits_for_verification_by_a_manager(cast, as_user, action):  # noqa: F811
    response = as_user(cast.member).post(
        _url(cast, action),
        _data(status="completed", rating="achieved", evidence_received="Training records"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETED
    assert action.completed_by is None and action.completed_on is None
    assert action.awaits_verification
    page = as_user(cast.member).get(action.get_absolute_url()).content.decode()
    assert "Waiting for verification" in page and "Verify completion" not in page
    verify = reverse("reviews:action_verify", args=[cast.review.pk, action.pk])
    assert as_user(cast.member).post(verify).status_code == 403
    page = as_user(cast.manager).get(action.get_absolute_url()).content.decode()
    assert "Verify completion" in page
    assert as_user(cast.manager).post(verify).status_code == 302
    action.refresh_from_db()
    assert action.completed_by == cast.manager and action.completed_on
    assert not action.awaits_verification


def test_a_chair_can_verify_too(cast, as_user, action):  # noqa: F811
    as_user(cast.member).post(
        _url(cast, action),
        _data(status="completed", rating="achieved", evidence_received="Training records"),
    )
    verify = reverse("reviews:action_verify", args=[cast.review.pk, action.pk])
    assert as_user(cast.chair).post(verify).status_code == 302
    action.refresh_from_db()
    assert action.completed_by == cast.chair
