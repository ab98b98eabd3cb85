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

The figures travel in one Counter: a key (board, role, person) counts under ``RoleCount``,
a key (board, person, lead, PAIR) under ``TeamLeadCount``, a key (board, person) under
``OnReviewCount`` (how many of the board's reviews the person is on); the board comes first
in all, so a board move replaces it alike. The figures of a set of roles are those of the
roles and of the pairs with one of them in it, each pair once: before and after a change of
those roles, the other pairs stay as they were. Whether someone is on a review depends on
their other roles on it too: a change of roles counts again the reviews and people they were
on before and are on after (``_on_reviews``); a whole review's roles (a board move, a
review's deletion) count its people at once (``counted_whole``).

    leads(boards)              # the people who lead a review of these boards
    total(boards, user_id=7)   # the reviews of these boards that person leads
    leads_with(boards, user)   # the people who lead a review of these boards they are on
    on_reviews(boards, user)   # the reviews of these boards they are on
"""

from collections import Counter

from django.db import transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

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


def counted_whole(roles: QuerySet) -> Counter:
    """``counted`` of these roles, every role of their reviews, and {(board, person): n} of
    the reviews each person is on."""
    figures = counted(roles)
    for board, user, n in (
        roles.order_by()
        .values_list("review__board_id", "user_id")
        .annotate(n=Count("review_id", distinct=True))
    ):
        figures[(board, user)] += n
    return figures


def apply(change: Counter) -> None:
    """Add these (signed) numbers to the stored counts."""
    from reviews.models import OnReviewCount, RoleCount, TeamLeadCount

    roles = Counter({k: n for k, n in change.items() if len(k) == 3})
    pairs = Counter({k[:3]: n for k, n in change.items() if len(k) == 4})
    people = Counter({k: n for k, n in change.items() if len(k) == 2})
    upsert(RoleCount, ("board_id", "role", "user_id"), roles)
    upsert(TeamLeadCount, ("board_id", "user_id", "lead_id"), pairs)
    upsert(OnReviewCount, ("board_id", "user_id"), people)


def _on(ids) -> set[tuple[int, int]]:
    """The (review, person) of these roles."""
    from reviews.models import ReviewRole

    return set(ReviewRole.objects.filter(pk__in=list(ids)).values_list("review_id", "user_id"))


def _on_reviews(before: set[tuple[int, int]], ids) -> None:
    """After a change of the roles ``ids``, which were on the (review, person) ``before``:
    each of those and of the ones they are on now counted again. A person was on a review
    before if one of these roles was, or another of their roles (which did not change) is."""
    from reviews.models import Review, ReviewRole

    ids = set(ids)
    now = before | _on(ids)
    if not now:
        return
    reviews, people = {r for r, _ in now}, {u for _, u in now}
    held, others = set(), set()
    for pk, review, user in ReviewRole.objects.filter(
        review_id__in=reviews, user_id__in=people
    ).values_list("pk", "review_id", "user_id"):
        held.add((review, user))
        if pk not in ids:
            others.add((review, user))
    boards = dict(Review.objects.filter(pk__in=reviews).values_list("pk", "board_id"))
    change = Counter()
    for review, user in now:
        was = (review, user) in before or (review, user) in others
        change[(boards[review], user)] += ((review, user) in held) - was
    apply(change)


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


def on_reviews(boards, user) -> int:
    """How many of the reviews of these boards ``user`` has a role on."""
    from reviews.models import OnReviewCount

    on = OnReviewCount.objects.filter(board_id__in=boards, user_id=user.pk)
    return on.aggregate(n=Sum("n"))["n"] or 0


def leads_with(boards, user) -> QuerySet:
    """The ids of the people who lead a review of these boards ``user`` has a role on (a
    values queryset)."""
    from reviews.models import TeamLeadCount

    led = TeamLeadCount.objects.filter(board_id__in=boards, user_id=user.pk, n__gt=0)
    return led.order_by().values("lead_id")


def rebuild() -> None:
    """Count every role again and store the figures (for data written without the models,
    such as the benchmarks' COPY)."""
    from reviews.models import OnReviewCount, ReviewRole, RoleCount, TeamLeadCount

    with transaction.atomic():
        RoleCount.objects.all().delete()
        TeamLeadCount.objects.all().delete()
        OnReviewCount.objects.all().delete()
        apply(counted_whole(ReviewRole.objects.all()))


# --- Keeping them up to date -------------------------------------------------------------


def added(ids) -> None:
    """Count these new roles (made in bulk)."""
    from reviews.models import ReviewRole

    ids = list(ids)
    for start in range(0, len(ids), _BATCH):
        rows = ReviewRole.objects.filter(pk__in=ids[start : start + _BATCH])
        lock(rows.values("review_id"))
        apply(counted(rows))
        _on_reviews(set(), ids[start : start + _BATCH])


class _Moving(Moving):
    """``Moving``, and the reviews the roles are on counted again (``_on_reviews``)."""

    def __enter__(self):
        super().__enter__()
        self.on = _on(self.ids)
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            _on_reviews(self.on, self.ids)
        return super().__exit__(*exc)


def moving(roles: QuerySet) -> Moving:
    """A context for a bulk change (or delete) of these roles: their figures are taken away
    before and added again after, for the same rows."""
    return _Moving(roles, counted, apply)


def moving_reviews(roles: QuerySet) -> Moving:
    """A context for a bulk change of reviews (every role of theirs, ``roles``)."""
    return Moving(roles, counted_whole, apply)


def _saving(sender, instance, update_fields=None, **kwargs):
    instance._on_before = None
    if update_fields is not None and not set(update_fields) & ROLE_FIELDS:
        return
    instance._on_before = _on([instance.pk]) if instance.pk is not None else set()


def _saved(sender, instance, **kwargs):
    before, instance._on_before = getattr(instance, "_on_before", None), None
    if before is not None:
        _on_reviews(before, [instance.pk])


def _deleting(sender, instance, origin=None, **kwargs):
    instance._on_before = _on([instance.pk]) if _one_role(origin) else None


def _deleted(sender, instance, **kwargs):
    before, instance._on_before = getattr(instance, "_on_before", None), None
    if before is not None:
        _on_reviews(before, [instance.pk])


def _one_role(origin) -> bool:
    from reviews.models import ReviewRole

    return isinstance(origin, ReviewRole)


def _review_deleting(sender, instance, **kwargs):
    """A review's roles go with it: its figures, all at once (one role at a time, a pair of
    two of them would be taken away twice)."""
    from reviews.models import ReviewRole

    lock([instance.pk])
    gone = counted_whole(ReviewRole.objects.filter(review_id=instance.pk))
    apply(Counter({k: -n for k, n in gone.items()}))


def connect() -> None:
    from reviews.models import Review, ReviewRole

    uid = "reviews.role_counts"
    # One role deleted by itself; several at once go through ReviewRole.objects.delete, or
    # with their review.
    rows = RowReceivers("role_counted", counted, apply, ROLE_FIELDS, lambda o: not _one_role(o))
    rows.connect(ReviewRole, uid)
    # (After the row receivers: under the review's lock they take.)
    pre_save.connect(_saving, sender=ReviewRole, dispatch_uid=f"{uid}.on")
    post_save.connect(_saved, sender=ReviewRole, dispatch_uid=f"{uid}.on")
    pre_delete.connect(_deleting, sender=ReviewRole, dispatch_uid=f"{uid}.on")
    post_delete.connect(_deleted, sender=ReviewRole, dispatch_uid=f"{uid}.on")
    pre_delete.connect(_review_deleting, sender=Review, dispatch_uid=uid)
    moves = ReviewMoves(
        "role_counts", ReviewRole, ("board_id",), counted_whole, apply, REVIEW_FIELDS
    )
    moves.connect(uid)
