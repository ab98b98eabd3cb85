"""Progress on an action: the board member of the lead agency, or a board manager."""

from datetime import date
from urllib.parse import quote

import pytest
from django.urls import reverse

from reviews.models import Action, ActionUpdate
from tests.gds import dates
from tests.outcomes_factories import ActionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def action(cast):
    return ActionFactory(
        finding__review=cast.review,
        finding__number=2,
        number=1,
        lead_agency=cast.agency,
        text="Train call handlers",
        evidence_required="Training records",
    )


def _url(cast, action):
    return reverse("reviews:action_progress", args=[cast.review.pk, action.pk])


def _data(**extra):
    data = {
        "status": "in_progress",
        "not_taken_forward_reason": "",
        "rating": "on_track",
        "rating_reason": "",
        "evidence_received": "",
        "update_text": "",
        **dates(revised_date=None, update_on=None),
    }
    data.update(extra)
    return data


def test_it_lets_the_member_of_the_lead_agency_update_progress(cast, as_user, action):
    client = as_user(cast.member)
    response = client.post(
        _url(cast, action),
        _data(update_text="Two sessions held", **dates(update_on=date(2026, 1, 10))),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.rating) == ("in_progress", "on_track")
    update = ActionUpdate.objects.get()
    assert (update.on, update.by, update.text) == (
        date(2026, 1, 10),
        cast.member,
        "Two sessions held",
    )


def test_it_lets_the_member_complete_the_action_with_evidence(cast, as_user, action):
    client = as_user(cast.member)
    response = client.post(
        _url(cast, action),
        _data(status="completed", rating="achieved", evidence_received="Records for 40 staff"),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == Action.Status.COMPLETED
    # The agency's own completion waits for a board manager or chair (issue 12, finding 7).
    assert action.completed_by is None and action.awaits_verification


def test_it_refuses_completion_without_evidence_and_keeps_what_was_saved(cast, as_user, action):
    response = as_user(cast.member).post(
        _url(cast, action), _data(status="completed", update_text="Done")
    )
    assert response.status_code == 200
    assert "Enter the evidence received before marking the action completed" in (
        response.content.decode()
    )
    action.refresh_from_db()
    assert action.status == Action.Status.AGREED
    assert not ActionUpdate.objects.exists()


def test_it_refuses_a_member_of_another_agency(cast, as_user):
    action = ActionFactory(finding__review=cast.review, lead_agency=cast.other_agency)
    client = as_user(cast.member)
    assert client.get(_url(cast, action)).status_code == 403
    assert client.post(_url(cast, action), _data()).status_code == 403
    action.refresh_from_db()
    assert action.status == Action.Status.AGREED


def test_it_lets_the_member_change_only_progress_evidence_and_status(cast, as_user, action):
    as_user(cast.member).post(
        _url(cast, action),
        _data(
            text="Rewritten",
            **dates(target_date=date(2040, 1, 1)),
            lead_agency=cast.other_agency.pk,
        ),
    )
    action.refresh_from_db()
    assert action.text == "Train call handlers"
    assert action.target_date == date(2030, 1, 31)
    assert action.lead_agency == cast.agency


@pytest.mark.parametrize("kind", ["chair", "reviewer"])
def test_it_refuses_chairs_and_lead_reviewers(cast, as_user, action, kind):
    assert as_user(getattr(cast, kind)).post(_url(cast, action), _data()).status_code == 403


@pytest.mark.parametrize("kind", ["reviewer_off", "outsider", "admin"])
def test_it_hides_actions_from_others(cast, as_user, action, kind):
    assert as_user(getattr(cast, kind)).post(_url(cast, action), _data()).status_code == 404


def test_it_refuses_an_update_dated_in_the_future(cast, as_user, action):
    response = as_user(cast.member).post(
        _url(cast, action), _data(update_text="x", **dates(update_on=date(2099, 1, 1)))
    )
    assert "The date of the update must be today or in the past" in response.content.decode()


def test_it_shows_the_update_link_only_to_those_who_may_update(cast, as_user, action):
    page = as_user(cast.member).get(action.get_absolute_url()).content.decode()
    assert "Update progress" in page
    page = as_user(cast.chair).get(action.get_absolute_url()).content.decode()
    assert "Update progress" not in page


def test_it_shows_a_rule_on_a_field_the_member_cannot_change_at_the_top(cast, as_user, action):
    cast.review.report_received_on = date(2031, 1, 1)
    cast.review.save()
    response = as_user(cast.member).post(_url(cast, action), _data())
    assert response.status_code == 200
    assert "The target date must be on or after the date the report was received" in (
        response.content.decode()
    )
    action.refresh_from_db()
    assert action.status == Action.Status.AGREED


def test_the_update_comes_first_and_the_reason_only_under_not_taken_forward(cast, as_user, action):
    html = as_user(cast.member).get(_url(cast, action)).content.decode()
    form = html[html.index("<form") :]
    assert form.index('name="update_text"') < form.index('name="status"')
    reveal = form.index('id="conditional_status_')
    status = form.index('value="not_taken_forward"')
    assert status < reveal < form.index('name="not_taken_forward_reason"')
    assert form.index('name="not_taken_forward_reason"') < form.index('name="rating"')


def test_after_saving_it_returns_to_the_tracker_it_came_from(cast, as_user, action):
    client = as_user(cast.member)
    tracker = reverse("reviews:actions") + "?sort=due&agency=" + str(cast.agency.pk)
    page = client.get(tracker).content.decode()
    link = f"{_url(cast, action)}?next={quote(tracker, safe='')}"
    assert f'href="{link}"' in page.replace("&amp;", "&")
    form = client.get(link).content.decode()
    assert f'href="{tracker}"' in form.replace("&amp;", "&")  # Cancel goes back there too
    response = client.post(link, _data())
    assert response.status_code == 302 and response["Location"] == tracker


def test_from_the_review_it_returns_to_the_action(cast, as_user, action):
    response = as_user(cast.member).post(_url(cast, action), _data())
    assert response["Location"] == action.get_absolute_url()


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/actions/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "http://testserver.evil.example/",
        "actions/",
    ],
)
def test_it_never_returns_to_another_site(cast, as_user, action, target):
    client = as_user(cast.member)
    url = f"{_url(cast, action)}?next={quote(target, safe='')}"
    assert f'href="{target}"' not in client.get(url).content.decode()
    response = client.post(url, _data())
    assert response.status_code == 302 and response["Location"] == action.get_absolute_url()
