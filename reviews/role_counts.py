"""The stored counts of review roles (``RoleCount``): per board, role and person, how many of
the board's reviews the person holds that role on, kept equal to a count of the roles so that
the reviews list's lead reviewer filter reads who leads the board's reviews, and how many
each leads, from a few figures instead of every role of the board.

A role counts under its review's board, its role and its person. So the figures move when a
role is saved or deleted (with its review too), and when a review changes board (its roles
move with it). The signal receivers below keep them in step for every save and delete;
``ReviewRole.objects.bulk_create`` / ``update`` / ``bulk_update`` and
``Review.objects.update`` do it for the rows they touch, in the same way as the stored
rating counts (``reviews.rating_counts``, whose upsert, lock, row receivers and moves this
uses). Data written without the models (the benchmarks' COPY) calls ``rebuild()``.

    leads(boards)              # the people who lead a review of these boards
    total(boards, user_id=7)   # the reviews of these boards that person leads
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count, QuerySet, Sum

from reviews.rating_counts import Moving, ReviewMoves, RowReceivers, lock, upsert

# The Review fields a role's place in the counts depends on.
REVIEW_FIELDS = frozenset({"board", "board_id"})
# The ReviewRole fields that decide which figure it counts under.
ROLE_FIELDS = frozenset({"review", "review_id", "user", "user_id", "role"})
LEAD = "lead_reviewer"
_BATCH = 5000


def counted(roles: QuerySet) -> Counter:
    """{(board, role, person): n} of these roles, counted in the database."""
    return Counter(
        {
            (board, role, user): n
            for board, role, user, n in roles.order_by()
            .values_list("review__board_id", "role", "user_id")
            .annotate(n=Count("pk"))
        }
    )


def apply(change: Counter) -> None:
    """Add these (signed) numbers to the stored counts."""
    from reviews.models import RoleCount

    upsert(RoleCount, ("board_id", "role", "user_id"), change)


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


def rebuild() -> None:
    """Count every role again and store the figures (for data written without the models,
    such as the benchmarks' COPY)."""
    from reviews.models import ReviewRole, RoleCount

    with transaction.atomic():
        RoleCount.objects.all().delete()
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
    """A context for a bulk change of these roles (or of their reviews): their figures are
    taken away before and added again after, for the same rows."""
    return Moving(roles, counted, apply)


def connect() -> None:
    from reviews.models import ReviewRole

    uid = "reviews.role_counts"
    # A role deleted with its review goes through the same receivers (one row at a time).
    RowReceivers("role_counted", counted, apply, ROLE_FIELDS).connect(ReviewRole, uid)
    ReviewMoves("role_counts", ReviewRole, ("board_id",), counted, apply, REVIEW_FIELDS).connect(
        uid
    )
