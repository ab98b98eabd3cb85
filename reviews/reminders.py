"""Reminders of improvement actions due within a fortnight or overdue (run daily by cron
through ``manage.py send_action_reminders``).

Each owner gets their own actions: the action's owner if it has one, otherwise every board
member of the lead agency. Each board manager gets a digest of their boards' actions. What was
sent is recorded per person, kind and day (ReminderLog), so running it twice sends nothing new.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from accounts.models import Membership, User
from reviews import privacy
from reviews.models import Action, ReminderLog, Review
from reviews.services.outcomes import restricted_lists

DUE_WITHIN_DAYS = 14


@dataclass
class ReminderReport:
    owners: int = 0
    digests: int = 0
    skipped: int = 0


def _due_actions(today: date) -> list[Action]:
    horizon = today + timedelta(days=DUE_WITHIN_DAYS)
    actions = list(
        Action.objects.due_by(horizon)
        .exclude(review__stage=Review.Stage.NOT_PROCEEDING)
        .for_list()
        .order_by("target_date", "pk")
    )
    # E-mail leaves the service: restricted details typed into an action's text are blanked.
    terms = restricted_lists({a.review_id for a in actions})
    redactors = {review_id: privacy.redactor(t) for review_id, t in terms.items()}
    for a in actions:
        a.mail_text = redactors.get(a.review_id, str)(a.text)
    return actions


def _recipients(actions: list[Action]) -> tuple[dict, dict]:
    """{user: [actions]} for owners and for board managers, in two queries."""
    board_ids = {a.review.board_id for a in actions}
    memberships = list(
        Membership.objects.filter(
            board_id__in=board_ids,
            role__in=[Membership.Role.BOARD_MEMBER, Membership.Role.BOARD_MANAGER],
            user__is_active=True,
        ).select_related("user")
    )
    members_of_agency = defaultdict(list)
    managers_of_board = defaultdict(list)
    for m in memberships:
        if m.role == Membership.Role.BOARD_MEMBER and m.agency_id:
            members_of_agency[m.agency_id].append(m.user)
        elif m.role == Membership.Role.BOARD_MANAGER:
            managers_of_board[m.board_id].append(m.user)
    owners: dict[User, list[Action]] = defaultdict(list)
    digests: dict[User, list[Action]] = defaultdict(list)
    for action in actions:
        members = members_of_agency[action.lead_agency_id]
        # An owner who has left the board (or whose account is disabled) is not written to:
        # the agency's current members are, so that the action is not forgotten.
        still_here = action.owner is not None and action.owner.pk in {u.pk for u in members}
        for user in [action.owner] if still_here else members:
            owners[user].append(action)
        for user in managers_of_board[action.review.board_id]:
            digests[user].append(action)
    return owners, digests


def _send(user: User, kind: str, actions: list[Action], today: date, report: ReminderReport):
    if not user.email:
        report.skipped += 1
        return
    try:
        with transaction.atomic():
            ReminderLog.objects.create(
                user=user, kind=kind, sent_on=today, action_count=len(actions)
            )
            context = {
                "user": user,
                "actions": actions,
                "today": today,
                "overdue": [a for a in actions if a.is_overdue(today)],
                "service_name": settings.SERVICE_NAME,
                "digest": kind == ReminderLog.Kind.DIGEST,
            }
            subject = render_to_string("reviews/outcomes/email/reminder_subject.txt", context)
            body = render_to_string("reviews/outcomes/email/reminder.txt", context)
            send_mail(" ".join(subject.split()), body, None, [user.email])
    except IntegrityError:
        # Already sent today: the log row exists.
        report.skipped += 1
        return
    if kind == ReminderLog.Kind.DIGEST:
        report.digests += 1
    else:
        report.owners += 1


def send_action_reminders(*, today: date) -> ReminderReport:
    report = ReminderReport()
    owners, digests = _recipients(_due_actions(today))
    for user, actions in owners.items():
        _send(user, ReminderLog.Kind.OWNER, actions, today, report)
    for user, actions in digests.items():
        _send(user, ReminderLog.Kind.DIGEST, actions, today, report)
    return report
