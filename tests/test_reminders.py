"""send_action_reminders: owners' reminders and board managers' digests, once a day."""

from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.management import call_command

from reviews.models import Action, ReminderLog, Review
from reviews.reminders import send_action_reminders
from tests.factories import MembershipFactory, ReviewFactory, UserFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

pytestmark = pytest.mark.django_db
TODAY = date(2026, 6, 1)


@pytest.fixture
def actions(cast):
    finding = FindingFactory(review=cast.review, number=1)

    def make(n, days, agency=None, **extra):
        return ActionFactory(
            finding=finding,
            number=n,
            lead_agency=agency or cast.agency,
            target_date=TODAY + timedelta(days=days),
            **extra,
        )

    return make


def _to(user):
    return [m for m in mail.outbox if m.to == [user.email]]


def test_it_reminds_the_lead_agencys_members_of_due_and_overdue_actions(cast, actions):
    actions(1, -3)  # overdue
    actions(2, 14)  # due within 14 days
    actions(3, 15)  # not yet
    actions(4, -1, status=Action.Status.COMPLETED, evidence_received="x")
    actions(5, 2, agency=cast.other_agency)
    report = send_action_reminders(today=TODAY)
    (message,) = _to(cast.member)
    assert "2 improvement actions due or overdue" in message.subject
    assert "SCR-2026-001 action 1.1" in message.body and "OVERDUE" in message.body
    assert "action 1.2" in message.body
    assert "action 1.3" not in message.body and "action 1.5" not in message.body
    assert report.owners == 1


def test_it_reminds_the_owner_instead_when_there_is_one(cast, actions):
    owner = UserFactory(username="owner")
    MembershipFactory(user=owner, board=cast.board, agency=cast.agency)
    actions(1, 1, owner=owner)
    send_action_reminders(today=TODAY)
    assert len(_to(owner)) == 1
    assert _to(cast.member) == []


def test_it_sends_board_managers_a_digest(cast, actions):
    actions(1, -3)
    actions(2, 5, agency=cast.other_agency)
    send_action_reminders(today=TODAY)
    (digest,) = _to(cast.manager)
    assert "on your board's reviews" in digest.subject
    assert "1 of them is overdue" in digest.body
    assert _to(cast.outsider) == []
    assert _to(cast.chair) == []


def test_it_sends_nothing_twice_on_the_same_day(cast, actions):
    actions(1, -3)
    send_action_reminders(today=TODAY)
    sent = len(mail.outbox)
    report = send_action_reminders(today=TODAY)
    assert len(mail.outbox) == sent
    assert report.owners == report.digests == 0
    assert ReminderLog.objects.filter(sent_on=TODAY).count() == 2
    send_action_reminders(today=TODAY + timedelta(days=1))
    assert len(mail.outbox) == 2 * sent


def test_it_skips_reviews_not_proceeding(cast, actions):
    review = ReviewFactory(board=cast.board, reference="NP-1", stage=Review.Stage.NOT_PROCEEDING)
    ActionFactory(finding=FindingFactory(review=review), lead_agency=cast.agency, target_date=TODAY)
    send_action_reminders(today=TODAY)
    assert mail.outbox == []


def test_it_runs_as_a_management_command(cast, actions, capsys):
    actions(1, -3)
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    assert "Sent 1 owner reminder(s) and 1 digest(s)" in capsys.readouterr().out
    call_command("send_action_reminders", "--date", TODAY.isoformat())
    assert "0 owner reminder(s) and 0 digest(s); 2 skipped" in capsys.readouterr().out


def test_it_keeps_case_details_out_of_the_mail(cast, actions):
    from reviews.models import RestrictedTerm

    RestrictedTerm.objects.create(review=cast.review, term="Jayden")
    actions(1, -3)
    send_action_reminders(today=TODAY)
    assert all("Jayden" not in m.body for m in mail.outbox)
