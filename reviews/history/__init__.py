"""A review's timeline and its history of changes, in words.

The history reads django-simple-history's tables in one query, however many kinds of record
and changes there are (``_history_rows``), and the differences are worked out here in Python
(not with ``diff_against``, which would query once per version). The review's history page
shows every kind of record; the outcomes history page the outcomes records only
(``OUTCOME_MODELS``).
"""

import json
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import lru_cache

from django.db import connection, models
from django.db.models import Exists, F, OuterRef, Value
from django.db.models.functions import JSONObject

from accounts.models import Agency, Membership, User
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
    (NotifiedChild, "notification", _quoted("notified child", lambda r, n: r)),
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
    (DisclosableMaterial, "review", _quoted("disclosable material", lambda r, n: r)),
    (PractitionerEvent, "review", _quoted("practitioner event", lambda r, n: r)),
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


def _label(f) -> str:
    return str(f.verbose_name)[0].upper() + str(f.verbose_name)[1:]


def _formatter(model, f) -> Callable[[object, _Names], str]:
    """How a value of this field is written (never "nothing": that is checked first)."""
    if f.choices:
        choices = dict(f.flatchoices)
        return lambda value, names: str(choices.get(value, value))
    if isinstance(f, models.ForeignKey):
        related = f.related_model
        return lambda value, names: names.of(related, value)
    if isinstance(f, models.BooleanField):
        return lambda value, names: "yes" if value else "no"
    if isinstance(f, models.DateField):  # a date and time too: its day
        return lambda value, names: _day(value)
    if isinstance(f, models.JSONField):
        labels = LIST_LABELS.get((model, f.name), {})
        return lambda value, names: ", ".join(labels.get(v, str(v)) for v in value)
    return lambda value, names: str(value)


def _value(model, f, value, names: _Names) -> str:
    """A value of this field as the history writes it."""
    return "nothing" if value in (None, "", []) else _formatter(model, f)(value, names)


@dataclass(frozen=True)
class _Compared:
    """A field whose changes the history tells: its column, label, and what it may show."""

    attname: str
    label: str
    hidden: bool  # "… changed", whoever reads
    restricted: bool  # "… changed" unless the reader is on the review team
    write: Callable[[object, _Names], str]


def _compared(model, f) -> _Compared:
    hidden = (
        model in SECRET
        or isinstance(f, models.TextField | models.FileField)
        or (isinstance(f, models.ForeignKey) and f.related_model not in _Names.FOREIGN_KEYS)
    )
    restricted = (model, f.name) in RESTRICTED
    return _Compared(f.attname, _label(f), hidden, restricted, _formatter(model, f))


def _diff(kind: "_Kind", old: dict, new: dict, names: _Names) -> list[str]:
    out = []
    for c in kind.compared:
        a, b = old[c.attname], new[c.attname]
        if a == b:
            continue
        if c.hidden or (c.restricted and not names.show_restricted):
            out.append(f"{c.label} changed")
            continue
        before = "nothing" if a in (None, "", []) else c.write(a, names)
        after = "nothing" if b in (None, "", []) else c.write(b, names)
        if len(before) > SHORT or len(after) > SHORT:
            out.append(f"{c.label} changed")
        else:
            out.append(f"{c.label} changed from {before} to {after}")
    return out


def _describe(row, what: Describe, names: _Names) -> str:
    text = what if isinstance(what, str) else what(row, names)
    return text[0].upper() + text[1:]


# --- Reading the history rows: one query for every kind of record --------------------------
#
# Each kind's history rows are read with their record's columns packed into one JSON object,
# so that the rows of every kind come from one UNION ALL query in the order they are told
# (kind by kind, each record's versions in turn). The query is compiled once per process
# with an id no review has in the place of the review's, which is put in for each page.
_REVIEW_ID = -7_000_000_003


class _Decoder(json.JSONDecoder):
    def __init__(self, **kwargs):
        super().__init__(parse_float=Decimal, **kwargs)


def _aware(value) -> datetime:
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _loader(f, vendor: str) -> Callable | None:
    """What turns this field's value, as JSON gives it, back into what the model holds."""
    if isinstance(f, models.DateTimeField):
        return _aware
    if isinstance(f, models.DateField):
        return date.fromisoformat
    if isinstance(f, models.DecimalField):
        exponent = Decimal(1).scaleb(-f.decimal_places)
        return lambda value: Decimal(value).quantize(exponent)
    if isinstance(f, models.BooleanField):
        return bool
    if isinstance(f, models.JSONField) and vendor == "sqlite":  # JSON text inside the JSON
        return json.loads
    return None


class _Kind:
    """One tracked kind of record: what it is called, the columns its history rows keep, how
    to read them back, and the fields whose changes are told."""

    def __init__(self, model, link: str, what: Describe, vendor: str):
        self.model, self.link, self.what = model, link, what
        kept = {f.attname for f in model.history.model._meta.concrete_fields}
        fields = [f for f in model._meta.concrete_fields if f.attname in kept]
        self.attnames = [f.attname for f in fields]
        self.loaders = [(f.attname, load) for f in fields if (load := _loader(f, vendor))]
        self.compared = [_compared(model, f) for f in fields if f.name not in SKIPPED]
        # The columns that name a person (their names are read for the people they name).
        self.people = [f.attname for f in fields if f.is_relation and f.related_model is User]
        self.withdrawable = "withdrawn_at" in kept

    def rows(self, tag: int) -> models.QuerySet:
        historical = self.model.history.model._default_manager
        if self.link == "id":
            rows = historical.filter(id=_REVIEW_ID)
        elif self.link == "review":
            rows = historical.filter(review_id=_REVIEW_ID)
        else:  # through the parent's history: its removed records' children are found too
            parent = self.model._meta.get_field(self.link).related_model
            parents = parent.history.model._default_manager.filter(review_id=_REVIEW_ID)
            rows = historical.filter(**{f"{self.link}_id__in": parents.values("id")})
        return rows.order_by().values(
            h_kind=Value(tag),
            h_record=F("id"),
            h_at=F("history_date"),
            h_version=F("history_id"),
            h_type=F("history_type"),
            h_user=F("history_user_id"),
            h_data=JSONObject(**{a: F(a) for a in self.attnames}),
        )

    def load(self, data: str) -> dict:
        values = json.loads(data, cls=_Decoder) if isinstance(data, str) else data
        for attname, load in self.loaders:
            if values[attname] is not None:
                values[attname] = load(values[attname])
        return values


@lru_cache(maxsize=8)
def _compiled(vendor: str, tracked: tuple) -> tuple[list[_Kind], str, tuple]:
    kinds = [_Kind(model, link, what, vendor) for model, link, what in tracked]
    first, *others = [kind.rows(tag) for tag, kind in enumerate(kinds)]
    query = first.union(*others, all=True).order_by("h_kind", "h_record", "h_at", "h_version")
    sql, params = query.query.sql_with_params()
    return kinds, sql, tuple(params)


# PostgreSQL takes 5-8 ms to plan the history's union of some 25 tables, several times what it
# takes to run it: on PostgreSQL the union is prepared once per database connection (PREPARE,
# its plan kept by the server) and executed with the review's id.
_PREPARED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _history_rows(review: Review, tracked) -> tuple[list[_Kind], list[tuple]]:
    kinds, sql, params = _compiled(connection.vendor, tuple(tracked))
    with connection.cursor() as cursor:
        name = _prepared(cursor, sql, params) if _may_prepare() else None
        if name:
            cursor.execute(f"EXECUTE {name} (%s)", [review.pk])
        else:
            # (PostgreSQL's parameters may be int subclasses that choose the SQL type: kept)
            cursor.execute(
                sql,
                [
                    type(p)(review.pk) if p == _REVIEW_ID and not isinstance(p, bool) else p
                    for p in params
                ],
            )
        return kinds, cursor.fetchall()


def _may_prepare() -> bool:
    # Not through a pooler in transaction mode (DB_TRANSACTION_POOLER), where the next
    # statement may reach a server connection that never saw the PREPARE.
    settings = connection.settings_dict
    return connection.vendor == "postgresql" and not settings.get("DISABLE_SERVER_SIDE_CURSORS")


def _prepared(cursor, sql: str, params: tuple) -> str | None:
    """The name of the union prepared on this connection (prepared now if need be), or None
    if its SQL with its values written in does not hold the review's stand-in just where its
    parameters are."""
    names = _PREPARED.setdefault(connection.connection, {})
    if sql not in names:
        text = cursor.cursor.mogrify(sql, params)
        stand_in = str(_REVIEW_ID)
        if text.count(stand_in) != sum(1 for p in params if p == _REVIEW_ID):
            names[sql] = None
        else:
            name = f"scrqm_history_{len(names)}"
            cursor.execute(f"PREPARE {name} (integer) AS {text.replace(stand_in, '$1')}", None)
            names[sql] = name
    return names[sql]


def _people(names: _Names, ids) -> dict[int, str]:
    """The people named by the changes (who made them, and the people their records name),
    by id, in one query; those on the board are kept for ``names``, the others being "no
    longer on the board" there. Only they are read, not every member of the board."""
    on_board = Exists(Membership.objects.filter(user=OuterRef("pk"), board=names.review.board_id))
    people, board = {}, {}
    for user in User.objects.annotate(on_board=on_board).filter(pk__in=ids):
        people[user.pk] = str(user)
        if user.on_board:
            board[user.pk] = people[user.pk]
    names.targets[User] = board
    return people


def review_changes(review: Review, *, show_restricted: bool, models=TRACKED) -> list[Change]:
    """Every change to the review and its records (or only to the kinds of record in
    ``models``, a part of ``TRACKED``), newest first, in words."""
    names = _Names(review, show_restricted)
    kinds, rows = _history_rows(review, models)
    rows = [(*row[:6], kinds[row[0]].load(row[6])) for row in rows]
    ids = {row[5] for row in rows if row[5] is not None}
    ids.update(v for row in rows for a in kinds[row[0]].people if (v := row[6][a]) is not None)
    people = _people(names, ids)
    changes = []
    previous_kind, previous_id, previous = None, None, None
    for tag, record_id, at, _version, history_type, user_id, values in rows:
        kind = kinds[tag]
        row = kind.model.from_db(None, kind.attnames, [values[a] for a in kind.attnames])
        names.latest.setdefault(kind.model, {})[record_id] = row
        who = people.get(user_id, "the system")
        at = _aware(at)
        subject = _describe(row, kind.what, names)
        if history_type == "+":
            changes.append(Change(at, who, f"{subject} added"))
        elif history_type == "-":
            changes.append(Change(at, who, f"{subject} removed"))
        elif previous_kind == tag and previous_id == record_id:
            details = _diff(kind, previous, values, names)
            if kind.withdrawable and values["withdrawn_at"] and not previous["withdrawn_at"]:
                reason = values.get("withdrawn_reason", "")  # a report draft has none
                details.append(f"Removed from the review{': ' if reason else ''}{reason}")
            if details:
                changes.append(Change(at, who, subject, details))
        previous_kind, previous_id, previous = tag, record_id, values
    return sorted(changes, key=lambda c: c.at, reverse=True)
