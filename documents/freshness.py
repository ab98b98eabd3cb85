"""Whether a stored report still shows the review as it is, in one query.

Every table a report reads keeps its history (django-simple-history): any change to a row,
its creation or its deletion adds a history row with a larger ``history_id``. The largest
``history_id`` of each table, among the rows of this review, is therefore a cheap marker of
the state of everything the report shows: ``source`` hashes them (with the report's kind, the
point or marker it is of, the layout's version and, for the review as it stands, today's date,
since the timescales count days from today). Equal sources, equal reports; a stored report is
served without gathering its data again.

Not covered: renaming a user or an agency (their tables keep no history); such a change shows
in the next report made after anything else changes.
"""

import hashlib
import json
from functools import lru_cache

from django.db import connection
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Board
from markers.models import Marker, Question
from reviews.models import (
    Action,
    AgencyContribution,
    AssessmentPoint,
    Decision,
    Delay,
    Evidence,
    EvidenceFile,
    Finding,
    InvolvementRecord,
    MarkerAssessment,
    MarkerComment,
    QuestionAnswer,
    RapidReview,
    RestrictedTerm,
    Review,
    ReviewRole,
)

# Raise when the layout of a report changes: every stored report is then made again once.
LAYOUT_VERSION = 2

# Tables of one review, through their ``review`` field.
REVIEW_TABLES = [
    MarkerAssessment,
    Evidence,
    MarkerComment,
    AssessmentPoint,
    Decision,
    Finding,
    Action,
    Delay,
    AgencyContribution,
    RapidReview,
    ReviewRole,
    RestrictedTerm,
    InvolvementRecord,
]


def _latest(history_model, condition: Q) -> Subquery:
    return Subquery(
        history_model.objects.filter(condition).order_by("-history_id").values("history_id")[:1]
    )


def _state(review: Review):
    """The query of the latest history row of each table a report of this review reads."""
    pk = review.pk
    latest = {
        "review": _latest(Review.history.model, Q(id=pk)),
        "board": _latest(Board.history.model, Q(id=OuterRef("board_id"))),
        "markers": _latest(Marker.history.model, Q(marker_set_id=OuterRef("marker_set_id"))),
        "questions": _latest(
            Question.history.model,
            Q(marker_id__in=Marker.objects.filter(marker_set_id=review.marker_set_id).values("pk")),
        ),
        "answers": _latest(
            QuestionAnswer.history.model,
            Q(assessment_id__in=MarkerAssessment.objects.filter(review_id=pk).values("pk")),
        ),
        "files": Subquery(
            EvidenceFile.objects.filter(evidence__review_id=pk).order_by("-pk").values("pk")[:1]
        ),
    }
    for model in REVIEW_TABLES:
        latest[model._meta.model_name] = _latest(model.history.model, Q(review_id=pk))
    return Review.objects.filter(pk=pk).values(**{f"latest_{k}": v for k, v in latest.items()})


# Ids no row has: the query is compiled once per process with these in the places of the
# review's id and its marker set's, which are put in for each review. Building and compiling
# twenty subqueries took about 15 ms of CPU a request, more than everything else of serving a
# stored report.
_REVIEW_ID, _MARKER_SET_ID = -7_000_000_001, -7_000_000_002


@lru_cache(maxsize=4)
def _compiled(vendor: str) -> tuple[str, tuple, tuple[str, ...]]:
    query = _state(Review(pk=_REVIEW_ID, marker_set_id=_MARKER_SET_ID))
    sql, params = query.query.sql_with_params()
    return sql, tuple(params), tuple(query.query.values_select + tuple(query.query.annotations))


def _is_id(param, ids) -> bool:
    return isinstance(param, int) and not isinstance(param, bool) and param in ids


def source(review: Review, *, kind: str, point=None, marker=None) -> str:
    """The state of everything a report of this review shows, as a SHA-256 (one query)."""
    sql, params, names = _compiled(connection.vendor)
    ids = {_REVIEW_ID: review.pk, _MARKER_SET_ID: review.marker_set_id}
    with connection.cursor() as cursor:
        # (PostgreSQL's parameters may be int subclasses that choose the SQL type: kept)
        cursor.execute(sql, [type(p)(ids[p]) if _is_id(p, ids) else p for p in params])
        row = cursor.fetchone()
    state = dict(zip(names, row, strict=True)) if row else {}
    key = {
        "layout": LAYOUT_VERSION,
        "kind": kind,
        "point": point.pk if point else None,
        "marker": marker.pk if marker else None,
        "today": None if point else timezone.localdate().isoformat(),
        "state": state,
    }
    return hashlib.sha256(json.dumps(key, sort_keys=True).encode()).hexdigest()
