"""The stored counts of actions (``ActionCount``): per board, lead agency, owner and status,
how many actions there are, kept equal to a count of the actions so that the actions tracker
adds up a few figures for its "N actions" instead of counting the board's actions.

An action counts under its review's board, its lead agency, its owner (0: none) and its
status. So the figures move when an action is saved or deleted, and when a review changes
board (its actions move with it). The signal receivers below keep them in step for every
save and delete (a review or finding with actions cannot be deleted);
``Action.objects.bulk_create`` / ``update`` / ``bulk_update`` and ``Review.objects.update``
do it for the rows they touch, in the same way as the stored rating counts
(``reviews.rating_counts``, whose upsert, lock, row receivers and bulk move this uses). Data written
without the models (the benchmarks' COPY) calls ``rebuild()``.

    total(boards, status="in_progress")   # the actions of these boards with that status
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.db.models.signals import post_save, pre_save

from reviews.rating_counts import Moving, RowReceivers, lock, upsert

# The Review fields an action's place in the counts depends on.
REVIEW_FIELDS = frozenset({"board", "board_id"})
# The Action fields that decide which figure it counts under.
ACTION_FIELDS = frozenset(
    {"review", "review_id", "lead_agency", "lead_agency_id", "owner", "owner_id", "status"}
)
# The tracker's filters the figures can answer, as the figures' own fields.
FILTERS = {"lead_agency": "lead_agency_id", "owner": "owner_id", "status": "status"}
_BATCH = 5000


def counted(actions: QuerySet) -> Counter:
    """{(board, lead agency, owner or 0, status): n} of these actions, counted in the database."""
    return Counter(
        {
            (board, agency, owner, status): n
            for board, agency, owner, status, n in actions.order_by()
            .values_list(
                "review__board_id", "lead_agency_id", Coalesce("owner_id", Value(0)), "status"
            )
            .annotate(n=Count("pk"))
        }
    )


def apply(change: Counter) -> None:
    """Add these (signed) numbers to the stored counts."""
    from reviews.models import ActionCount

    upsert(ActionCount, ("board_id", "lead_agency_id", "owner_id", "status"), change)


def total(boards, **filters) -> int:
    """The actions of the reviews of these boards with these values of ``FILTERS`` (ids for
    the agency and the owner)."""
    from reviews.models import ActionCount

    wanted = {FILTERS[name]: value for name, value in filters.items()}
    figures = ActionCount.objects.filter(board_id__in=boards, **wanted)
    return figures.aggregate(n=Sum("n"))["n"] or 0


def rebuild() -> None:
    """Count every action again and store the figures (for data written without the models,
    such as the benchmarks' COPY)."""
    from reviews.models import Action, ActionCount

    with transaction.atomic():
        ActionCount.objects.all().delete()
        apply(counted(Action.objects.all()))


# --- Keeping them up to date -------------------------------------------------------------


def _review_saving(sender, instance, update_fields=None, **kwargs):
    instance._actions_board_before = None
    if instance.pk is None or (
        update_fields is not None and not set(update_fields) & REVIEW_FIELDS
    ):
        return
    lock([instance.pk])
    instance._actions_board_before = (
        sender.objects.filter(pk=instance.pk).values_list("board_id", flat=True).first()
    )


def _review_saved(sender, instance, **kwargs):
    before = getattr(instance, "_actions_board_before", None)
    instance._actions_board_before = None
    if before is None or before == instance.board_id:
        return
    from reviews.models import Action

    change = Counter()
    for (_, *kind), n in counted(Action.objects.filter(review_id=instance.pk)).items():
        change[(before, *kind)] -= n
        change[(instance.board_id, *kind)] += n
    apply(change)


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


def connect() -> None:
    from reviews.models import Action, Review

    uid = "reviews.action_counts"
    # (A review or a finding with actions cannot be deleted: Action.finding is protected.)
    RowReceivers("action_counted", counted, apply, ACTION_FIELDS).connect(Action, uid)
    pre_save.connect(_review_saving, sender=Review, dispatch_uid=uid)
    post_save.connect(_review_saved, sender=Review, dispatch_uid=uid)
