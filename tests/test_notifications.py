"""E-mail notifications (issue 10, item 4): sent after commit, once each, with a link and the
reference only, to who should get them, unless they turned that kind off."""

from datetime import date, timedelta
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts.models import Agency
from markers.models import Marker
from notifications.models import Kind, OptOut, Sent
from reviews.models import AgencyContribution, AssessmentPoint, MarkerComment, ReviewRole
from tests.factories import UserFactory
from tests.gds import dates

pytestmark = pytest.mark.django_db


def _to(address: str) -> list:
    return [m for m in mail.outbox if address in m.to]


def test_a_challenge_is_sent_to_the_lead_reviewer_once_even_when_the_request_is_retried(
    cast, as_user, django_capture_on_commit_callbacks
):
    client = as_user(cast.chair)
    url = reverse("reviews:comment_add", args=[cast.review.pk, 7])
    for _ in range(2):  # the same form sent twice (a double click, a retry)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(url, {"body": "Where are the minutes of the panel meeting?"})
    sent = _to(cast.reviewer.email)
    assert len(sent) == 1
    message = sent[0]
    assert message.subject == "A challenge was raised on review SCR-2026-001"
    assert f"/reviews/{cast.review.pk}/markers/7/" in message.body
    assert "minutes" not in message.body and "Child R" not in message.body  # no case details
    assert not _to(cast.manager.email)


def test_nothing_is_sent_before_the_transaction_commits(
    cast, as_user, django_capture_on_commit_callbacks
):
    client = as_user(cast.chair)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        client.post(reverse("reviews:comment_add", args=[cast.review.pk, 7]), {"body": "Evidence?"})
    assert callbacks and not mail.outbox


def test_an_answer_goes_to_who_raised_the_challenge(
    cast, as_user, django_capture_on_commit_callbacks
):
    marker = Marker.objects.get(marker_set__slug="scr-qm-lipp-2016", number=7)
    comment = MarkerComment.objects.create(
        review=cast.review, marker=marker, author=cast.chair, body="Evidence?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_user(cast.reviewer).post(
            reverse("reviews:comment_resolve", args=[cast.review.pk, comment.pk]),
            {f"comment-{comment.pk}-reply": "Added the minutes."},
        )
    assert [m.subject for m in _to(cast.chair.email)] == [
        "Your challenge on review SCR-2026-001 was answered"
    ]


def test_a_point_signed_off_is_sent_to_the_review_team(
    cast, as_user, django_capture_on_commit_callbacks
):
    point = AssessmentPoint.objects.create(
        review=cast.review, kind=AssessmentPoint.Kind.PROGRESS, taken_by=cast.reviewer
    )
    with django_capture_on_commit_callbacks(execute=True):
        as_user(cast.chair).post(
            reverse("reviews:point_sign_off", args=[cast.review.pk, point.pk]),
            {"comment": "Checked every rating."},
        )
    assert len(_to(cast.reviewer.email)) == 1 and not _to(cast.chair.email)


def test_someone_added_to_a_review_is_told(cast, as_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(cast.manager).post(
            reverse("reviews:people", args=[cast.review.pk]),
            {"user": cast.reviewer_off.pk, "role": ReviewRole.Role.PANEL_MEMBER},
        )
    assert response.status_code == 302
    assert [m.subject for m in _to(cast.reviewer_off.email)] == [
        "You have been added to review SCR-2026-001"
    ]


def test_the_chair_hears_of_a_new_referral(cast, as_user, django_capture_on_commit_callbacks):
    data = {
        "board": cast.board.pk,
        "title": "Child T",
        "kind": "lcspr",
        "reference": "",
        "referring_agency": cast.agency.pk,
        "referring_agency_other": "",
        "rationale": "Serious injury",
        "statutory_criteria": "met",
        "other_reason": "",
        "delay_explanation": "",
        **dates(referral_on=date(2026, 3, 2), incident_on=None, aware_on=None),
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert as_user(cast.manager).post(reverse("reviews:create"), data).status_code == 302
    sent = _to(cast.chair.email)
    assert len(sent) == 1 and "waiting for the chair's decision" in sent[0].subject


def test_board_managers_hear_of_overdue_contributions_once(
    cast, django_capture_on_commit_callbacks
):
    AgencyContribution.objects.create(
        review=cast.review,
        agency=Agency.objects.get(pk=cast.agency.pk),
        asked_for=["chronology"],
        requested_on=date.today() - timedelta(days=40),
        due_on=date.today() - timedelta(days=3),
    )
    for _ in range(2):  # run on two days: sent once
        with django_capture_on_commit_callbacks(execute=True):
            call_command("notify_overdue_contributions", stdout=StringIO())
    assert len(_to(cast.manager.email)) == 1
    assert not _to(cast.outsider.email)  # another board's manager
    assert Sent.objects.filter(kind=Kind.CONTRIBUTION_OVERDUE).count() == 1


def test_each_user_can_turn_each_kind_off_on_their_account_page(
    cast, as_user, django_capture_on_commit_callbacks
):
    client = as_user(cast.reviewer)
    page = client.get(reverse("accounts:account")).content.decode()
    assert "A challenge is raised on your review" in page and "checked" in page
    keep = [k for k in Kind.values if k != Kind.CHALLENGE_RAISED]
    response = client.post(reverse("accounts:account"), {"send": keep})
    assert response.status_code == 302
    assert list(OptOut.objects.filter(user=cast.reviewer).values_list("kind", flat=True)) == [
        Kind.CHALLENGE_RAISED
    ]
    with django_capture_on_commit_callbacks(execute=True):
        as_user(cast.chair).post(
            reverse("reviews:comment_add", args=[cast.review.pk, 7]), {"body": "Evidence?"}
        )
    assert not _to(cast.reviewer.email)
    bad = client.post(reverse("accounts:account"), {"send": ["secret"]})
    assert bad.status_code == 200 and "govuk-error-summary" in bad.content.decode()


def test_users_without_an_address_are_skipped(cast, django_capture_on_commit_callbacks):
    from notifications.send import notify

    nobody = UserFactory(username="no_mail", email="")
    with django_capture_on_commit_callbacks(execute=True):
        notify(Kind.ADDED, [nobody], review=cast.review, key="x", url="http://x/")
    assert not mail.outbox
