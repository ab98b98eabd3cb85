"""A board's figures kept between requests: never stale, never another user's.

Counting a board's year (its reviews, ratings, answers and actions) took about 160 ms in
PostgreSQL at 10,000 reviews, on every request. The figures are now kept in Django's cache
under a key of who asks, the filters, today's date and a *stamp* of everything they read: the
largest history id of each table they count (django-simple-history adds a history row with a
larger id on every creation, change and deletion; documents/freshness.py relies on the same),
read in one query of an index's last entry per table. Any change to an input makes a new
stamp, so the next request counts afresh. Agency names keep no history: they are read on
every request (one small query).

History ids are handed out when a row is written, but seen when its transaction commits: a
slower write could commit after a later one without moving the stamp. So figures are kept
only when the newest history row of every table is older than ``SETTLE`` seconds, longer than
a request's transaction may last (gunicorn's timeout is 30 s); until then they are counted on
each request.
"""

import hashlib
import json
from dataclasses import astuple
from datetime import UTC, date, timedelta
from functools import lru_cache

from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from accounts.models import Board, Membership
from analytics.figures import Figures, Scope, compute_counts, name_agencies
from markers.models import Marker, Question
from reviews.models import (
    Action,
    Delay,
    MarkerAssessment,
    NotifiedChild,
    QuestionAnswer,
    RapidReview,
    Review,
    ReviewRole,
    Theme,
)
from reviews.models.records import Notification

# Raise when what ``compute_counts`` returns changes shape: every kept figure is then made again.
VERSION = 1
SETTLE = 60
KEEP = 24 * 3600

# Every table whose rows the figures read (or that decides whose reviews a user sees).
STAMPED = [
    Board,
    Membership,
    Marker,
    Question,
    Theme,
    Review,
    ReviewRole,
    Notification,
    NotifiedChild,
    RapidReview,
    Delay,
    MarkerAssessment,
    QuestionAnswer,
    Action,
]


def _themes_history():
    """django-simple-history's table of each review version's themes."""
    return Review.history.model._meta.get_field("historicalreview_themes").related_model


@lru_cache(maxsize=4)
def _stamp_sql(vendor: str) -> str:
    """One row per table: its newest history row (id and date) from the end of its primary
    key's index, in one UNION ALL (half the subqueries, and half the planning, of asking each
    table its largest id and that row's date apart). Names only from the models' own tables,
    quoted: no value is written into the SQL."""
    q = connection.ops.quote_name
    hid, hdate = q("history_id"), q("history_date")
    parts = []
    for k, model in enumerate(STAMPED):
        table = q(model.history.model._meta.db_table)
        parts.append(
            f"SELECT * FROM (SELECT {k}, {hid}, {hdate} FROM {table} "  # noqa: S608
            f"ORDER BY {hid} DESC LIMIT 1) {q(f'newest_{k}')}"
        )
    n = len(STAMPED)
    themes = _themes_history()._meta
    parts.append(f"SELECT {n}, MAX({q(themes.pk.column)}), NULL FROM {q(themes.db_table)}")  # noqa: S608
    # A review created without a history row (bulk_create) still moves the stamp.
    parts.append(f"SELECT {n + 1}, MAX({q('id')}), NULL FROM {q(Review._meta.db_table)}")  # noqa: S608
    return " UNION ALL ".join(parts)


def stamp() -> tuple[list, bool]:
    """The largest history id of every table the figures read, and whether every table's
    newest change is old enough (``SETTLE``) for figures counted now to be kept."""
    with connection.cursor() as cursor:
        cursor.execute(_stamp_sql(connection.vendor))
        rows = cursor.fetchall()
    ids = [None] * (len(STAMPED) + 2)  # a table without history rows returns no row
    for k, newest, _ in rows:
        ids[k] = newest
    settled_before = timezone.now() - timedelta(seconds=SETTLE)
    settled = all(d is None or _aware(d) <= settled_before for _, _, d in rows)
    return ids, settled


def _aware(value):
    # SQLite returns the raw text (in UTC) of a subquery's datetime.
    if isinstance(value, str):
        value = parse_datetime(value)
    if timezone.is_naive(value):
        value = value.replace(tzinfo=UTC)
    return value


def _key(user, scope: Scope, today: date, ids: list) -> str:
    fields = [v.isoformat() if isinstance(v, date) else v for v in astuple(scope)]
    raw = json.dumps([VERSION, user.pk, fields, today.isoformat(), ids])
    return "analytics:" + hashlib.sha256(raw.encode()).hexdigest()


def figures(user, scope: Scope, today: date | None = None) -> Figures:
    """``analytics.figures.compute``'s figures, counted again only when something they read
    has changed since they were kept (or for a new user, filter or day)."""
    today = today or timezone.localdate()
    # The stamp first: figures counted after it are at least as new as it says.
    ids, settled = stamp()
    key = _key(user, scope, today, ids)
    kept = cache.get(key)
    if kept is None:
        kept = compute_counts(user, scope, today)
        if settled:
            cache.set(key, kept, KEEP)
    return name_agencies(kept)
