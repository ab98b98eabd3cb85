"""The history of a review's outcomes records, in words: who added, changed or removed what.

Built from django-simple-history tables with one query per kind of record, whatever the
number of changes; each change is compared with the previous version of the same record in
Python rather than with ``diff_against`` (which would query once per version).
"""

from dataclasses import dataclass, field
from datetime import datetime

from django.db import models

from reviews.models import (
    Action,
    ActionUpdate,
    BoardResponse,
    Finding,
    PrivacyAcknowledgement,
    Publication,
    ReportDraft,
    RestrictedTerm,
    Review,
)

LIMIT = 300
# Long texts are not repeated in the history: the record itself, or its versions, show them.
SHORT = 80
HIDDEN = {"id", "review", "created_at", "updated_at", "text_search"}


@dataclass
class Entry:
    at: datetime
    who: str
    verb: str  # added, changed, removed
    what: str
    changes: list[str] = field(default_factory=list)


def _value(record, f: models.Field) -> str:
    raw = getattr(record, f.attname)
    if raw in (None, ""):
        return "nothing"
    if f.choices:
        return str(dict(f.flatchoices).get(raw, raw))
    if isinstance(f, models.BooleanField):
        return "yes" if raw else "no"
    if isinstance(f, models.DateField) and not isinstance(f, models.DateTimeField):
        return f"{raw.day} {raw:%B %Y}"
    return str(raw)


def _changes(model, record, previous, restricted: bool) -> list[str]:
    out = []
    for f in model._meta.concrete_fields:
        if f.name in HIDDEN or f.attname not in record.__dict__:
            continue
        before, after = getattr(previous, f.attname), getattr(record, f.attname)
        if before == after:
            continue
        label = str(f.verbose_name)
        label = label[0].upper() + label[1:]
        if restricted or isinstance(f, models.ForeignKey | models.FileField):
            out.append(f"{label} changed")
            continue
        old, new = _value(previous, f), _value(record, f)
        if len(old) > SHORT or len(new) > SHORT or isinstance(f, models.TextField):
            out.append(f"{label} changed")
        else:
            out.append(f"{label} changed from “{old}” to “{new}”")
    return out


def _entries(model, records, name_of, restricted: bool = False) -> list[Entry]:
    records = sorted(records, key=lambda r: (r.id, r.history_date, r.history_id))
    out, previous = [], {}
    verbs = {"+": "added", "~": "changed", "-": "removed"}
    for record in records:
        prev = previous.get(record.id)
        changes = []
        if record.history_type == "~" and prev is not None:
            changes = _changes(model, record, prev, restricted)
            if not changes:
                previous[record.id] = record
                continue
        previous[record.id] = record
        out.append(
            Entry(
                at=record.history_date,
                who=str(record.history_user) if record.history_user else "The system",
                verb=verbs[record.history_type],
                what=name_of(record),
                changes=changes,
            )
        )
    return out


def outcomes_history_entries(review: Review) -> list[Entry]:
    findings = {f.pk: f.number for f in Finding.history.filter(review_id=review.pk)}
    actions_hist = list(Action.history.filter(review_id=review.pk).select_related("history_user"))
    action_refs = {a.id: f"{findings.get(a.finding_id, '?')}.{a.number}" for a in actions_hist}

    def hist(model, **filters):
        return list(
            model.history.filter(**filters)
            .select_related("history_user")
            .order_by("-history_date")[:LIMIT]
        )

    entries: list[Entry] = []
    entries += _entries(
        Finding, hist(Finding, review_id=review.pk), lambda r: f"finding {r.number}"
    )
    entries += _entries(Action, actions_hist, lambda r: f"action {action_refs[r.id]}")
    entries += _entries(
        ActionUpdate,
        hist(ActionUpdate, action_id__in=list(action_refs)),
        lambda r: f"a progress update on action {action_refs.get(r.action_id, '?')}",
    )
    entries += _entries(
        BoardResponse, hist(BoardResponse, review_id=review.pk), lambda r: "the board response"
    )
    entries += _entries(
        Publication, hist(Publication, review_id=review.pk), lambda r: "the publication record"
    )
    # The terms themselves are never shown here: the history page is open to every reader.
    entries += _entries(
        RestrictedTerm,
        hist(RestrictedTerm, review_id=review.pk),
        lambda r: "a detail on the restricted list",
        restricted=True,
    )
    entries += _entries(
        ReportDraft,
        hist(ReportDraft, review_id=review.pk),
        lambda r: f"the report draft {r.original_name}",
    )
    entries += _entries(
        PrivacyAcknowledgement,
        hist(PrivacyAcknowledgement, review_id=review.pk),
        lambda r: f"an acknowledgement of a privacy check match in {r.source_label}",
        restricted=True,
    )
    entries.sort(key=lambda e: e.at, reverse=True)
    return entries[:LIMIT]
