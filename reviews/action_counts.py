"""The stored counts of actions: per board, lead agency, owner and status (``ActionCount``),
and per board and due day of the open ones (``ActionDueCount``), how many actions there are,
kept equal to a count of the actions so that the actions tracker adds up a few figures for
its "N actions" instead of counting the board's actions (for "Overdue only", the open actions
due before today: overdue depends on the day, the days they fall due do not).

An action counts under its review's board, its lead agency, its owner (0: none) and its
status, and if open under its board and due day. So the figures move when an action is saved
or deleted, and when a review changes board (its actions move with it). The signal receivers
below keep them in step for every save and delete (a review or finding with actions cannot be
deleted); ``Action.objects.bulk_create`` / ``update`` / ``bulk_update`` and
``Review.objects.update`` do it for the rows they touch, in the same way as the stored rating
counts (``reviews.rating_counts``, whose upsert, lock, row receivers and bulk move this uses).
Data written without the models (the benchmarks' COPY) calls ``rebuild()``.

Both tables' figures travel in one Counter: a key (board, agency, owner, status) counts under
``ActionCount``, a key (board, due day) under ``ActionDueCount``; the board comes first in
both, so a board move replaces it alike.

    total(boards, status="in_progress")   # the actions of these boards with that status
    overdue(boards, today)                # their open actions due before today
"""

from collections import Counter
from datetime import date

from django.db import transaction
from django.db.models import Count, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from reviews.rating_counts import Moving, ReviewMoves, RowReceivers, lock, upsert

# The Review fields an action's place in the counts depends on.
REVIEW_FIELDS = frozenset({"board", "board_id"})
# The Action fields that decide which figure it counts under.
ACTION_FIELDS = frozenset(
    {
        "review",
        "review_id",
        "lead_agency",
        "lead_agency_id",
        "owner",
        "owner_id",
        "status",
        "target_date",
        "revised_date",
    }
)
# The tracker's filters the figures can answer, as the figures' own fields.
FILTERS = {"lead_agency": "lead_agency_id", "owner": "owner_id", "status": "status"}
_BATCH = 5000


def counted(actions: QuerySet) -> Counter:
    """{(board, lead agency, owner or 0, status): n} of these actions and {(board, due day): n}
    of the open ones, counted in the database in one query."""
    from reviews.models import Action
    from reviews.models.outcomes import DUE

    figures = Counter()
    for board, agency, owner, status, due, n in (
        actions.order_by()
        .values_list(
            "review__board_id", "lead_agency_id", Coalesce("owner_id", Value(0)), "status", DUE
        )
        .annotate(n=Count("pk"))
    ):
        figures[(board, agency, owner, status)] += n
        if status not in Action.CLOSED_STATUSES:
            figures[(board, due)] += n
    return figures


def apply(change: Counter) -> None:
    """Add these (signed) numbers to the stored counts."""
    from reviews.models import ActionCount, ActionDueCount

    kinds = Counter({k: n for k, n in change.items() if len(k) == 4})
    days = Counter({k: n for k, n in change.items() if len(k) == 2})
    upsert(ActionCount, ("board_id", "lead_agency_id", "owner_id", "status"), kinds)
    upsert(ActionDueCount, ("board_id", "due"), days)


def total(boards, **filters) -> int:
    """The actions of the reviews of these boards with these values of ``FILTERS`` (ids for
    the agency and the owner)."""
    from reviews.models import ActionCount

    wanted = {FILTERS[name]: value for name, value in filters.items()}
    figures = ActionCount.objects.filter(board_id__in=boards, **wanted)
    return figures.aggregate(n=Sum("n"))["n"] or 0


def overdue(boards, today: date) -> int:
    """The open actions of the reviews of these boards due before ``today``."""
    from reviews.models import ActionDueCount

    figures = ActionDueCount.objects.filter(board_id__in=boards, due__lt=today)
    return figures.aggregate(n=Sum("n"))["n"] or 0


def rebuild() -> None:
    """Count every action again and store the figures (for data written without the models,
    such as the benchmarks' COPY)."""
    from reviews.models import Action, ActionCount, ActionDueCount

    with transaction.atomic():
        ActionCount.objects.all().delete()
        ActionDueCount.objects.all().delete()
        apply(counted(Action.objects.all()))


# --- Keeping them up to date -------------------------------------------------------------


def added(ids) -> None:
    """Count these new actions (made in bulk)."""
    from reviews.models import Action

    ids = list(ids)
    for start in range(0, len(ids), _BATCH):
        rows = Action.objects.filter(pk__in=ids[start : start + _BATCH])
        lock(rows.values("review_id"))
        apply(counted(rows))


def moving(actions: QuerySet) -> Moving:
    """A context for a bulk change of these actions (or of their reviews): their figures are
    taken away before and added again after, for the same rows."""
    return Moving(actions, counted, apply)


class _ReviewMoves(ReviewMoves):
    """The figures of a review's actions move with it to another board, and so does each
    action's copy of the board (Action.board)."""

    def saved(self, sender, instance, **kwargs):
        before = getattr(instance, self.attr, None)
        super().saved(sender, instance, **kwargs)
        if before is not None and before != (instance.board_id,):
            self.model.objects.filter(review_id=instance.pk).follow_boards()


def connect() -> None:
    from reviews.models import Action

    uid = "reviews.action_counts"
    # (A review or a finding with actions cannot be deleted: Action.finding is protected.)
    RowReceivers("action_counted", counted, apply, ACTION_FIELDS).connect(Action, uid)
    _ReviewMoves("action_counts", Action, ("board_id",), counted, apply, REVIEW_FIELDS).connect(uid)
