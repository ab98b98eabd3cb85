"""The stored counts of review roles: per board, role and person, how many of the board's
reviews the person holds that role on (``RoleCount``), and per board, person and lead
reviewer, how many pairs of a role of the person and a lead role of the lead reviewer the
board's reviews have (``TeamLeadCount``). They are kept equal to a count of the roles so that
the reviews list's lead reviewer filter reads who leads the board's reviews (and how many each
leads), or who leads the reviews someone is on, from a few figures instead of every role.

A role counts under its review's board, its role and its person, and pairs with every lead
role of its review (itself too, if it is one). So the figures move when a role is saved or
deleted, when a review is deleted, and when a review changes board (its roles move with
it). The signal receivers below keep them in step for every save and delete;
``ReviewRole.objects.bulk_create`` / ``update`` / ``bulk_update`` / ``delete`` and
``Review.objects.update`` do it for the rows they touch, in the same way as the stored
rating counts (``reviews.rating_counts``, whose upsert, lock, row receivers and moves this
uses). Data written without the models (the benchmarks' COPY) calls ``rebuild()``.

Both tables' figures travel in one Counter: a key (board, role, person) counts under
``RoleCount``, a key (board, person, lead, PAIR) under ``TeamLeadCount``; the board comes
first in both, so a board move replaces it alike. The figures of a set of roles are those of
the roles and of the pairs with one of them in it, each pair once: before and after a change
of those roles, the other pairs stay as they were.

    leads(boards)              # the people who lead a review of these boards
    total(boards, user_id=7)   # the reviews of these boards that person leads
    leads_with(boards, user)   # the people who lead a review of these boards they are on
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.signals import pre_delete

from reviews.rating_counts import Moving, ReviewMoves, RowReceivers, lock, upsert

# The Review fields a role's place in the counts depends on.
REVIEW_FIELDS = frozenset({"board", "board_id"})
# The ReviewRole fields that decide which figure it counts under.
ROLE_FIELDS = frozenset({"review", "review_id", "user", "user_id", "role"})
LEAD = "lead_reviewer"
PAIR = "pair"  # the last part of a TeamLeadCount key
_BATCH = 5000


def counted(roles: QuerySet) -> Counter:
    """{(board, role, person): n} of these roles and {(board, person, lead, PAIR): n} of the
    pairs of roles with one of them in it, counted in the database."""
    from reviews.models import ReviewRole

    figures = Counter(
        {
            (board, role, user): n
            for board, role, user, n in roles.order_by()
            .values_list("review__board_id", "role", "user_id")
            .annotate(n=Count("pk"))
        }
    )
    ids = roles.values("pk")
    # One filter: the review's lead role is the same joined row in every condition.
    pairs = ReviewRole.objects.filter(
        Q(review__roles__role=LEAD) & (Q(pk__in=ids) | Q(review__roles__pk__in=ids))
    )
    for board, user, lead, n in (
        pairs.order_by()
        .values_list("review__board_id", "user_id", "review__roles__user_id")
        .annotate(n=Count("pk"))
    ):
        figures[(board, user, lead, PAIR)] += n
    return figures


def apply(change: Counter) -> None:
    """Add these (signed) numbers to the stored counts."""
    from reviews.models import RoleCount, TeamLeadCount

    roles = Counter({k: n for k, n in change.items() if len(k) == 3})
    pairs = Counter({k[:3]: n for k, n in change.items() if len(k) == 4})
    upsert(RoleCount, ("board_id", "role", "user_id"), roles)
    upsert(TeamLeadCount, ("board_id", "user_id", "lead_id"), pairs)


def leads(boards) -> QuerySet:
    """The ids of the people who lead a review of these boards (a values queryset)."""
    from reviews.models import RoleCount

    led = RoleCount.objects.filter(board_id__in=boards, role=LEAD, n__gt=0)
    return led.order_by().values("user_id")


def total(boards, *, user_id: int) -> int:
    """How many of the reviews of these boards this person leads (a review has one lead role
    per person at most: ``unique_review_role``)."""
    from reviews.models import RoleCount

    led = RoleCount.objects.filter(board_id__in=boards, role=LEAD, user_id=user_id)
    return led.aggregate(n=Sum("n"))["n"] or 0


def leads_with(boards, user) -> QuerySet:
    """The ids of the people who lead a review of these boards ``user`` has a role on (a
    values queryset)."""
    from reviews.models import TeamLeadCount

    led = TeamLeadCount.objects.filter(board_id__in=boards, user_id=user.pk, n__gt=0)
    return led.order_by().values("lead_id")


def rebuild() -> None:
    """Count every role again and store the figures (for data written without the models,
    such as the benchmarks' COPY)."""
    from reviews.models import ReviewRole, RoleCount, TeamLeadCount

    with transaction.atomic():
        RoleCount.objects.all().delete()
        TeamLeadCount.objects.all().delete()
        apply(counted(ReviewRole.objects.all()))


# --- Keeping them up to date -------------------------------------------------------------


def added(ids) -> None:
    """Count these new roles (made in bulk)."""
    from reviews.models import ReviewRole

    ids = list(ids)
    for start in range(0, len(ids), _BATCH):
        rows = ReviewRole.objects.filter(pk__in=ids[start : start + _BATCH])
        lock(rows.values("review_id"))
        apply(counted(rows))


def moving(roles: QuerySet) -> Moving:
    """A context for a bulk change (or delete) of these roles (or of their reviews): their
    figures are taken away before and added again after, for the same rows."""
    return Moving(roles, counted, apply)


def _one_role(origin) -> bool:
    from reviews.models import ReviewRole

    return isinstance(origin, ReviewRole)


def _review_deleting(sender, instance, **kwargs):
    """A review's roles go with it: its figures, all at once (one role at a time, a pair of
    two of them would be taken away twice)."""
    from reviews.models import ReviewRole

    lock([instance.pk])
    gone = counted(ReviewRole.objects.filter(review_id=instance.pk))
    apply(Counter({k: -n for k, n in gone.items()}))


def connect() -> None:
    from reviews.models import Review, ReviewRole

    uid = "reviews.role_counts"
    # One role deleted by itself; several at once go through ReviewRole.objects.delete, or
    # with their review.
    rows = RowReceivers("role_counted", counted, apply, ROLE_FIELDS, lambda o: not _one_role(o))
    rows.connect(ReviewRole, uid)
    pre_delete.connect(_review_deleting, sender=Review, dispatch_uid=uid)
    ReviewMoves("role_counts", ReviewRole, ("board_id",), counted, apply, REVIEW_FIELDS).connect(
        uid
    )
