"""A review's timeline and its history of changes, in words.

The history reads django-simple-history's tables: one query per kind of record, however many
changes there are, and the differences are worked out here in Python.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models

from accounts.models import Agency, User
from reviews import timescales
from reviews.models import (
    KEY_DATES,
    AgencyContribution,
    Decision,
    Delay,
    DisclosableMaterial,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    RapidReview,
    Referral,
    Review,
    ReviewRole,
    TermsOfReference,
)


def _day(d: date) -> str:
    return f"{d.day} {d:%B %Y}"


# --- Timeline -------------------------------------------------------------------------------


@dataclass
class TimelineItem:
    on: date
    title: str
    byline: str = ""
    description: str = ""
    tag: str = ""


def timeline_items(review: Review, today: date) -> list[TimelineItem]:
    """Key dates, milestones still to come, stage moves and decisions, newest first."""
    items = [
        TimelineItem(getattr(review, name), label)
        for name, label in KEY_DATES
        if getattr(review, name)
    ]
    for m in timescales.review_milestones(review):
        if m.is_deadline and m.done_on is None:
            overdue = m.is_overdue(today)
            items.append(
                TimelineItem(
                    m.due_on,
                    f"Due: {m.label}",
                    description=f"Due {m.basis}.",
                    tag="Overdue" if overdue else "Due",
                )
            )
    for move in review.stage_moves.select_related("by"):
        title = f"Moved from {move.get_from_stage_display()} to {move.get_to_stage_display()}"
        items.append(
            TimelineItem(
                move.at.date(),
                title,
                byline=str(move.by),
                description=move.reason,
                tag="Moved back" if move.is_reversal else "",
            )
        )
    for d in review.decisions.current().select_related("decided_by"):
        outcome = f" ({d.get_outcome_display()})" if d.outcome else ""
        items.append(
            TimelineItem(
                d.decided_on,
                f"Decision: {d.get_kind_display()}{outcome}",
                byline=str(d.decided_by),
                description=d.decision,
            )
        )
    for e in review.practitioner_events.current():
        items.append(TimelineItem(e.held_on, f"Practitioner event: {e.title}"))
    return sorted(items, key=lambda i: i.on, reverse=True)


# --- History --------------------------------------------------------------------------------


@dataclass
class Change:
    at: datetime
    who: str
    subject: str
    details: list[str] = field(default_factory=list)


# (model, how its history rows are found from the review's pk, what to call one record)
TRACKED = [
    (Review, "id", "the review"),
    (Referral, "review_id", "the referral"),
    (Notification, "review_id", "the notification"),
    (NotifiedChild, "notification__review_id", "notified child"),
    (RapidReview, "review_id", "the rapid review"),
    (TermsOfReference, "review_id", "the terms of reference"),
    (ReviewRole, "review_id", "person on the review"),
    (Decision, "review_id", "decision"),
    (AgencyContribution, "review_id", "agency contribution"),
    (InvolvementRecord, "review_id", "involvement record"),
    (ParallelProcess, "review_id", "parallel process"),
    (DisclosableMaterial, "review_id", "disclosable material"),
    (PractitionerEvent, "review_id", "practitioner event"),
    (Delay, "review_id", "reason for delay"),
]
SKIPPED = {
    "id",
    "review",
    "board",
    "marker_set",
    "created_by",
    "converted_from",
    "notification",
    "updated_at",
    "created_at",
    "recorded_at",
    "withdrawn_at",
    "withdrawn_reason",
}
RESTRICTED = {(InvolvementRecord, "real_name")}
LIST_LABELS = {
    (Decision, "factors"): dict(Decision.Factor.choices),
    (AgencyContribution, "asked_for"): dict(AgencyContribution.Item.choices),
}


class _Names:
    """Names for foreign keys in the history, fetched once per page."""

    def __init__(self, review: Review):
        self.targets = {
            User: {u.pk: str(u) for u in User.objects.filter(memberships__board=review.board)},
            Agency: {a.pk: str(a) for a in Agency.objects.filter(board=review.board)},
            ParallelProcess: {p.pk: str(p) for p in review.parallel_processes.all()},
        }

    def of(self, model, pk) -> str:
        return self.targets.get(model, {}).get(pk, "someone no longer on the board")


def _value(model, f, value, names: _Names) -> str:
    if value in (None, "", []):
        return "nothing"
    if f.choices:
        return str(dict(f.choices).get(value, value))
    if isinstance(f, models.ForeignKey):
        return names.of(f.related_model, value)
    if isinstance(f, models.BooleanField):
        return "yes" if value else "no"
    if isinstance(f, models.DateField):
        return _day(value)
    if isinstance(f, models.JSONField):
        labels = LIST_LABELS.get((model, f.name), {})
        return ", ".join(labels.get(v, str(v)) for v in value)
    return str(value)


def _label(f) -> str:
    return str(f.verbose_name)[0].upper() + str(f.verbose_name)[1:]


def _diff(model, old, new, names: _Names, show_restricted: bool) -> list[str]:
    out = []
    for f in model._meta.fields:
        if f.name in SKIPPED:
            continue
        a, b = getattr(old, f.attname), getattr(new, f.attname)
        if a == b:
            continue
        if isinstance(f, models.TextField) or (
            (model, f.name) in RESTRICTED and not show_restricted
        ):
            out.append(f"{_label(f)} changed")
        else:
            out.append(
                f"{_label(f)} changed from {_value(model, f, a, names)} "
                f"to {_value(model, f, b, names)}"
            )
    return out


def _describe(model, row, what: str, names: _Names) -> str:
    """What the record is called, without touching the database (no N+1) and never by a
    family member's name."""
    if what.startswith("the "):
        return what[0].upper() + what[1:]
    if model is ReviewRole:
        text = f"{names.of(User, row.user_id)}, {row.get_role_display().lower()}"
    elif model is AgencyContribution:
        text = names.of(Agency, row.agency_id)
    elif model is Decision:
        text = f"{row.get_kind_display()}, {_day(row.decided_on)}"
    elif model is InvolvementRecord:
        text = row.role
    elif model is ParallelProcess:
        text = row.get_kind_display()
    elif model is Delay:
        text = row.milestone.replace("_", " ")
    else:
        text = str(row.instance)
    return f"{what[0].upper()}{what[1:]} “{text}”"


def review_changes(review: Review, *, show_restricted: bool) -> list[Change]:
    """Every change to the review and its records, newest first, in words."""
    names = _Names(review)
    changes = []
    for model, lookup, what in TRACKED:
        rows = (
            model.history.filter(**{lookup: review.pk})
            .select_related("history_user")
            .order_by("id", "history_date", "history_id")
        )
        previous = None
        for row in rows:
            who = str(row.history_user) if row.history_user else "the system"
            subject = _describe(model, row, what, names)
            if row.history_type == "+":
                changes.append(Change(row.history_date, who, f"{subject} added"))
            elif row.history_type == "-":
                changes.append(Change(row.history_date, who, f"{subject} removed"))
            elif previous is not None and previous.id == row.id:
                details = _diff(model, previous, row, names, show_restricted)
                if getattr(row, "withdrawn_at", None) and not previous.withdrawn_at:
                    details.append(f"Removed from the review: {row.withdrawn_reason}")
                if details:
                    changes.append(Change(row.history_date, who, subject, details))
            previous = row
    return sorted(changes, key=lambda c: c.at, reverse=True)
