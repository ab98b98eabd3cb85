"""A review's timeline and its history of changes, in words.

The history reads django-simple-history's tables: one query per kind of record, however many
changes there are, and the differences are worked out here in Python (not with
``diff_against``, which would query once per version). The review's history page shows every
kind of record; the outcomes history page the outcomes records only (``OUTCOME_MODELS``).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import models

from accounts.models import Agency, User
from reviews import timescales
from reviews.models import (
    KEY_DATES,
    Action,
    ActionUpdate,
    AgencyContribution,
    ArchiveEvent,
    BoardResponse,
    Decision,
    Delay,
    DisclosableMaterial,
    Finding,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    PrivacyAcknowledgement,
    Publication,
    RapidReview,
    Referral,
    ReportDraft,
    RestrictedTerm,
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


# --- History ---------------------------------------------------------------------------------


@dataclass
class Change:
    at: datetime
    who: str
    subject: str
    details: list[str] = field(default_factory=list)


class _Names:
    """Names for the history, fetched at most once per page: the board's people, agencies and
    the review's parallel processes (for foreign keys), and the latest version of each record
    read so far (an action is called by its finding's number)."""

    FOREIGN_KEYS: dict[type[models.Model], Callable[[Review], models.QuerySet]] = {
        User: lambda review: User.objects.filter(memberships__board=review.board),
        Agency: lambda review: Agency.objects.filter(board=review.board),
        ParallelProcess: lambda review: review.parallel_processes.all(),
    }

    def __init__(self, review: Review, show_restricted: bool = False):
        self.review = review
        self.show_restricted = show_restricted
        self.targets: dict[type[models.Model], dict[int, str]] = {}
        self.latest: dict[type[models.Model], dict[int, object]] = {}

    def can_name(self, model) -> bool:
        return model in self.FOREIGN_KEYS

    def of(self, model, pk) -> str:
        if model not in self.targets:
            self.targets[model] = {o.pk: str(o) for o in self.FOREIGN_KEYS[model](self.review)}
        return self.targets[model].get(pk, "someone no longer on the board")

    def action_reference(self, action_id) -> str:
        """3.1 for action 1 of finding 3, from the versions read (deleted records included)."""
        action = self.latest.get(Action, {}).get(action_id)
        if action is None:
            return "?"
        finding = self.latest.get(Finding, {}).get(action.finding_id)
        return f"{finding.number if finding else '?'}.{action.number}"


def _quoted(what: str, name: Callable) -> Callable:
    return lambda row, names: f"{what} “{name(row, names)}”"


# What is tracked: (model, its link to the review, what to call one record). The link is
# "id" for the review itself, "review" for its records, or the field to a parent record which
# belongs to the review. What a record is called never touches the database (no N+1) and
# never names a family member or a restricted detail.
Describe = str | Callable[[object, _Names], str]
REVIEW_MODELS: list[tuple[type[models.Model], str, Describe]] = [
    (Review, "id", "the review"),
    (Referral, "review", "the referral"),
    (Notification, "review", "the notification"),
    (NotifiedChild, "notification", _quoted("notified child", lambda r, n: r.instance)),
    (RapidReview, "review", "the rapid review"),
    (TermsOfReference, "review", "the terms of reference"),
    (
        ReviewRole,
        "review",
        _quoted(
            "person on the review",
            lambda r, n: f"{n.of(User, r.user_id)}, {r.get_role_display().lower()}",
        ),
    ),
    (
        Decision,
        "review",
        _quoted("decision", lambda r, n: f"{r.get_kind_display()}, {_day(r.decided_on)}"),
    ),
    (
        AgencyContribution,
        "review",
        _quoted("agency contribution", lambda r, n: n.of(Agency, r.agency_id)),
    ),
    (InvolvementRecord, "review", _quoted("involvement record", lambda r, n: r.role)),
    (ParallelProcess, "review", _quoted("parallel process", lambda r, n: r.get_kind_display())),
    (DisclosableMaterial, "review", _quoted("disclosable material", lambda r, n: r.instance)),
    (PractitionerEvent, "review", _quoted("practitioner event", lambda r, n: r.instance)),
    (Delay, "review", _quoted("reason for delay", lambda r, n: r.milestone.replace("_", " "))),
    (
        ArchiveEvent,
        "review",
        lambda r, n: (
            f"an export of the whole file (archive SHA-256 {r.sha256[:12]}…)"
            if r.kind == ArchiveEvent.Kind.EXPORTED
            else f"an import of the review from an archive of {r.source}"
        ),
    ),
]
# Findings come before actions, and actions before their updates: each is called by the
# numbers of the records before it.
OUTCOME_MODELS: list[tuple[type[models.Model], str, Describe]] = [
    (Finding, "review", lambda r, n: f"finding {r.number}"),
    (Action, "review", lambda r, n: f"action {n.action_reference(r.id)}"),
    (
        ActionUpdate,
        "action",
        lambda r, n: f"a progress update on action {n.action_reference(r.action_id)}",
    ),
    (BoardResponse, "review", "the board response"),
    (Publication, "review", "the publication record"),
    (RestrictedTerm, "review", "a detail on the restricted list"),
    # A draft's file name often names the child or family: only the team, who may download
    # the drafts, reads it.
    (
        ReportDraft,
        "review",
        lambda r, n: (
            f"the report draft {r.original_name}" if n.show_restricted else "a report draft"
        ),
    ),
    (
        PrivacyAcknowledgement,
        "review",
        lambda r, n: f"an acknowledgement of a privacy check match in {r.source_label}",
    ),
]
TRACKED = REVIEW_MODELS + OUTCOME_MODELS

# Never in the history: keys, links to the parent record and bookkeeping.
SKIPPED = {
    "id",
    "review",
    "board",
    "marker_set",
    "created_by",
    "converted_from",
    "notification",
    "finding",
    "action",
    "updated_at",
    "created_at",
    "recorded_at",
    "withdrawn_at",
    "withdrawn_reason",
    "text_search",
}
# Values shown only to the review team; everyone else reads "… changed".
RESTRICTED = {(InvolvementRecord, "real_name"), (ReportDraft, "original_name")}
# Values never shown, whoever reads: the restricted details themselves, and why a match of the
# privacy check may stay.
SECRET = {RestrictedTerm, PrivacyAcknowledgement}
# Long values are not repeated: the record itself, or its versions, show them.
SHORT = 80
LIST_LABELS = {
    (Decision, "factors"): dict(Decision.Factor.choices),
    (AgencyContribution, "asked_for"): dict(AgencyContribution.Item.choices),
}


def _value(model, f, value, names: _Names) -> str:
    if value in (None, "", []):
        return "nothing"
    if f.choices:
        return str(dict(f.flatchoices).get(value, value))
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


def _hides_values(model, f, names: _Names, show_restricted: bool) -> bool:
    return (
        model in SECRET
        or ((model, f.name) in RESTRICTED and not show_restricted)
        or isinstance(f, models.TextField | models.FileField)
        or (isinstance(f, models.ForeignKey) and not names.can_name(f.related_model))
    )


def _diff(model, old, new, names: _Names, show_restricted: bool) -> list[str]:
    out = []
    for f in model._meta.concrete_fields:
        # A field left out of the history (excluded_fields) is not on its rows.
        if f.name in SKIPPED or f.attname not in new.__dict__:
            continue
        a, b = getattr(old, f.attname), getattr(new, f.attname)
        if a == b:
            continue
        if _hides_values(model, f, names, show_restricted):
            out.append(f"{_label(f)} changed")
            continue
        before, after = _value(model, f, a, names), _value(model, f, b, names)
        if len(before) > SHORT or len(after) > SHORT:
            out.append(f"{_label(f)} changed")
        else:
            out.append(f"{_label(f)} changed from {before} to {after}")
    return out


def _describe(row, what: Describe, names: _Names) -> str:
    text = what if isinstance(what, str) else what(row, names)
    return text[0].upper() + text[1:]


def _history(model, link: str, review: Review):
    if link == "id":
        rows = model.history.filter(id=review.pk)
    elif link == "review":
        rows = model.history.filter(review_id=review.pk)
    else:  # through the parent's history: its removed records' children are found too
        parent = model._meta.get_field(link).related_model
        parents = parent.history.filter(review_id=review.pk).values("id")
        rows = model.history.filter(**{f"{link}_id__in": parents})
    return rows.select_related("history_user").order_by("id", "history_date", "history_id")


def review_changes(review: Review, *, show_restricted: bool, models=TRACKED) -> list[Change]:
    """Every change to the review and its records (or only to the kinds of record in
    ``models``, a part of ``TRACKED``), newest first, in words."""
    names = _Names(review, show_restricted)
    changes = []
    for model, link, what in models:
        latest = names.latest.setdefault(model, {})
        previous = None
        for row in _history(model, link, review):
            latest[row.id] = row
            who = str(row.history_user) if row.history_user else "the system"
            subject = _describe(row, what, names)
            if row.history_type == "+":
                changes.append(Change(row.history_date, who, f"{subject} added"))
            elif row.history_type == "-":
                changes.append(Change(row.history_date, who, f"{subject} removed"))
            elif previous is not None and previous.id == row.id:
                details = _diff(model, previous, row, names, show_restricted)
                if getattr(row, "withdrawn_at", None) and not previous.withdrawn_at:
                    reason = getattr(row, "withdrawn_reason", "")  # a report draft has none
                    details.append(f"Removed from the review{': ' if reason else ''}{reason}")
                if details:
                    changes.append(Change(row.history_date, who, subject, details))
            previous = row
    return sorted(changes, key=lambda c: c.at, reverse=True)
