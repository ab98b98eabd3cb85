"""Improvement actions: agreed and changed by board managers."""

from datetime import date

import pytest
from django.urls import reverse

from reviews.models import Action
from tests.factories import AgencyFactory
from tests.gds import dates
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def finding(cast):
    return FindingFactory(review=cast.review, number=3)


def _valid(cast, **extra):
    data = {
        "text": "Audit <script>alert(1)</script> neglect referrals",
        "scope": "local",
        "level": "partnership",
        "lead_agency": cast.agency.pk,
        "lead_officer": "Head of Safeguarding",
        "owner": "",
        "milestones": "Audit tool agreed by March",
        "success_measure": "Audit shows thresholds applied",
        "evidence_required": "Audit report",
        "status": "agreed",
        "not_taken_forward_reason": "",
        "rating": "",
        "rating_reason": "",
        "evidence_received": "",
        "impact_on_practice": "",
        "impact_on_children": "",
        "impact_notes": "",
        "unintended_consequences": "",
        "follow_up_on": "",
        **dates(target_date=date(2030, 6, 30), revised_date=None, follow_up_on=None),
    }
    data.update(extra)
    return data


def _add(client, cast, finding, **extra):
    url = reverse("reviews:action_add", args=[cast.review.pk, finding.pk])
    return client.post(url, _valid(cast, **extra))


def test_it_adds_actions_numbered_under_their_finding(cast, as_user, finding):
    client = as_user(cast.manager)
    _add(client, cast, finding)
    response = _add(client, cast, finding)
    second = Action.objects.get(number=2)
    assert response.status_code == 302
    assert response["Location"] == second.get_absolute_url()
    assert second.reference == "3.2"
    page = client.get(second.get_absolute_url()).content.decode()
    assert "Action 3.2" in page
    assert "&lt;script&gt;" in page and "<script>alert" not in page


def test_it_refuses_a_target_date_before_the_report_was_received(cast, as_user, finding):
    cast.review.report_received_on = date(2026, 3, 3)
    cast.review.save()
    response = _add(as_user(cast.manager), cast, finding, **dates(target_date=date(2026, 3, 2)))
    assert response.status_code == 200
    assert (
        "The target date must be on or after the date the report was received, 3 March 2026"
        in response.content.decode()
    )
    assert not Action.objects.exists()


def test_it_refuses_completion_without_evidence(cast, as_user, finding):
    response = _add(as_user(cast.manager), cast, finding, status="completed")
    assert "Enter the evidence received before marking the action completed" in (
        response.content.decode()
    )
    assert not Action.objects.exists()


def test_it_refuses_not_taken_forward_without_a_reason(cast, as_user, finding):
    response = _add(as_user(cast.manager), cast, finding, status="not_taken_forward")
    assert "Enter the reason the action is not taken forward" in response.content.decode()


def test_it_needs_a_revised_date_and_reason_when_slipped(cast, as_user, finding):
    page = _add(as_user(cast.manager), cast, finding, rating="slipped").content.decode()
    assert "Enter the revised target date for a slipped action" in page
    assert "Enter the reason the action has slipped" in page
    page = _add(
        as_user(cast.manager),
        cast,
        finding,
        rating="slipped",
        **dates(revised_date=date(2030, 1, 1)),
        rating_reason="Staff changes",
    ).content.decode()
    assert "The revised date must be after the target date, 30 June 2030" in page


def test_it_needs_an_explanation_when_not_achieved(cast, as_user, finding):
    page = _add(as_user(cast.manager), cast, finding, rating="not_achieved").content.decode()
    assert "Explain why the action was not achieved" in page


def test_it_refuses_an_agency_of_another_board(cast, as_user, finding):
    foreign = AgencyFactory(board=cast.other_board)
    response = _add(as_user(cast.manager), cast, finding, lead_agency=foreign.pk)
    assert response.status_code == 200
    assert not Action.objects.exists()


def test_it_refuses_an_owner_from_another_agency(cast, as_user, finding):
    response = _add(
        as_user(cast.manager), cast, finding, lead_agency=cast.other_agency.pk, owner=cast.member.pk
    )
    assert "The owner must be a board member for Northshire Health" in response.content.decode()


def test_it_signs_off_completion_with_who_and_when(cast, as_user, finding):
    client = as_user(cast.manager)
    _add(client, cast, finding, owner=cast.member.pk)
    action = Action.objects.get()
    url = reverse("reviews:action_edit", args=[cast.review.pk, action.pk])
    response = client.post(
        url, _valid(cast, status="completed", evidence_received="Audit report, May 2030")
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.completed_by == cast.manager
    assert action.completed_on is not None
    assert not action.is_overdue(date(2031, 1, 1))


def test_it_records_the_evaluation_of_impact(cast, as_user, finding):
    client = as_user(cast.manager)
    _add(client, cast, finding)
    action = Action.objects.get()
    url = reverse("reviews:action_edit", args=[cast.review.pk, action.pk])
    client.post(
        url,
        _valid(
            cast,
            impact_on_practice="yes",
            impact_on_children="not_known",
            unintended_consequences="More referrals",
            **dates(follow_up_on=date(2031, 1, 15)),
        ),
    )
    action.refresh_from_db()
    assert (action.impact_on_practice, action.impact_on_children) == ("yes", "not_known")
    assert action.follow_up_on == date(2031, 1, 15)


@pytest.mark.parametrize("kind", ["chair", "reviewer", "member"])
def test_it_lets_only_board_managers_edit_actions(cast, as_user, kind):
    action = ActionFactory(finding__review=cast.review, lead_agency=cast.agency)
    url = reverse("reviews:action_edit", args=[cast.review.pk, action.pk])
    response = as_user(getattr(cast, kind)).post(url, _valid(cast, text="Changed"))
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.text != "Changed"


def test_it_answers_404_for_an_action_of_another_review(cast, as_user):
    other = ActionFactory()
    for name in ("action_detail", "action_edit", "action_progress"):
        url = reverse(f"reviews:{name}", args=[cast.review.pk, other.pk])
        assert as_user(cast.manager).get(url).status_code == 404


def test_it_answers_404_for_a_finding_of_another_review_when_adding(cast, as_user):
    other = FindingFactory()
    url = reverse("reviews:action_add", args=[cast.review.pk, other.pk])
    assert as_user(cast.manager).get(url).status_code == 404


def test_it_keeps_the_action_when_an_edit_is_refused(cast, as_user):
    action = ActionFactory(finding__review=cast.review, lead_agency=cast.agency, text="Kept")
    url = reverse("reviews:action_edit", args=[cast.review.pk, action.pk])
    response = as_user(cast.manager).post(url, _valid(cast, text="Lost?", status="completed"))
    assert response.status_code == 200
    assert 'value="Lost?"' in response.content.decode() or "Lost?" in response.content.decode()
    action.refresh_from_db()
    assert action.text == "Kept"
