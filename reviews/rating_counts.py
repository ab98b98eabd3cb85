"""The stored counts of ratings (``RatingCount``): per board, review stage, marker number and
rating, how many assessments there are, kept equal to a count of the assessments so that the
grid's totals row adds up a few hundred figures instead of counting the board's assessments.

An assessment counts under its review's board and stage, its marker's number and its rating.
So the figures move when an assessment is saved or deleted, and when a review changes board
or stage (its assessments move with it). The signal receivers below keep them in step for
every save and delete (a review's deletion takes its assessments away in one query);
``MarkerAssessment.objects.bulk_create`` / ``update`` / ``bulk_update`` and
``Review.objects.update`` do it for the rows they touch. Each change adds or takes away
whole counts in one statement (``INSERT ... ON CONFLICT DO UPDATE SET n = n + ...``) while the
review is locked, so two saves at once cannot lose one another's change. Data written
without the models (the benchmarks' COPY) calls ``rebuild()``.

    totals(boards, stages)   # {(number, rating): n} over those boards and stages
"""

from collections import Counter

from django.db import connection, transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save

Key = tuple[int, str, int, str]  # board id, stage, marker number, rating

# The Review fields an assessment's place in the counts depends on.
REVIEW_FIELDS = frozenset({"board", "board_id", "stage"})
# The MarkerAssessment fields that decide which figure it counts under.
ASSESSMENT_FIELDS = frozenset({"review", "review_id", "marker", "marker_id", "rating"})
_BATCH = 500


def counted(assessments: QuerySet) -> Counter:
    """{(board, stage, number, rating): n} of these assessments, counted in the database."""
    return Counter(
        {
            (board, stage, number, rating): n
            for board, stage, number, rating, n in assessments.order_by()
            .values_list("review__board_id", "review__stage", "marker__number", "rating")
            .annotate(n=Count("pk"))
        }
    )


def apply(change: Counter) -> None:
    """Add these (signed) numbers to the stored counts, in one statement."""
    from reviews.models import RatingCount

    upsert(RatingCount, ("board_id", "stage", "number", "rating"), change)


def upsert(model, key: tuple[str, ...], change: Counter) -> None:
    """Add these (signed) numbers, keyed by the ``key`` columns, to the ``n`` of the stored
    counts of ``model`` (whose unique constraint is those columns), 500 rows a statement."""
    rows = [(*k, n) for k, n in sorted(change.items()) if n]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(key)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), _BATCH):
            chunk = rows[start : start + _BATCH]
            one = "(" + ", ".join(["%s"] * (len(key) + 1)) + ")"
            values = ", ".join([one] * len(chunk))
            cursor.execute(
                f"INSERT INTO {table} ({columns}, n) VALUES {values} "  # noqa: S608
                f"ON CONFLICT ({columns}) DO UPDATE SET n = {table}.n + excluded.n",
                [v for row in chunk for v in row],
            )


def totals(boards, stages) -> dict[tuple[int, str], int]:
    """{(marker number, rating): assessments} over the reviews of these boards at these stages."""
    return dict(totals_query(boards, stages))


def totals_query(boards, stages) -> QuerySet:
    """(number, rating, n) rows of the stored counts of these boards and stages."""
    from reviews.models import RatingCount

    return (
        RatingCount.objects.filter(board_id__in=boards, stage__in=stages)
        .order_by()
        .values_list("number", "rating")
        .annotate(n=Sum("n"))
    )


def rebuild() -> None:
    """Count every assessment again and store the figures (for data written without the
    models, such as the benchmarks' COPY)."""
    from reviews.models import MarkerAssessment, RatingCount

    with transaction.atomic():
        RatingCount.objects.all().delete()
        apply(counted(MarkerAssessment.objects.all()))


def lock(review_ids) -> None:
    """Lock the reviews whose figures are about to move: a save of one of their assessments
    and a change of their stage at the same moment wait for one another."""
    from reviews.models import Review

    if connection.in_atomic_block:
        list(Review.objects.select_for_update().filter(pk__in=review_ids).values_list("pk"))


# --- Keeping them up to date -------------------------------------------------------------


def _deleting_review(origin) -> bool:
    from reviews.models import Review

    return isinstance(origin, Review) or (isinstance(origin, QuerySet) and origin.model is Review)


def _review_deleting(sender, instance, **kwargs):
    from reviews.models import MarkerAssessment

    lock([instance.pk])
    gone = counted(MarkerAssessment.objects.filter(review_id=instance.pk))
    apply(Counter({k: -n for k, n in gone.items()}))


def added(ids) -> None:
    """Count these new assessments (made in bulk)."""
    from reviews.models import MarkerAssessment

    ids = list(ids)
    for start in range(0, len(ids), _BATCH * 10):
        rows = MarkerAssessment.objects.filter(pk__in=ids[start : start + _BATCH * 10])
        lock(rows.values("review_id"))
        apply(counted(rows))


def moving(assessments: QuerySet):
    """A context for a bulk change of these assessments (or of their reviews): their figures
    are taken away before and added again after, for the same rows."""
    return Moving(assessments, counted, apply)


class RowReceivers:
    """The signal receivers that keep stored counts in step with a model's rows (each with a
    ``review``): a row's figures (``counted``) read before its save or delete, under the
    review's lock, and the difference applied after (``apply``). A save of other fields than
    ``fields`` moves nothing; ``skip_delete(origin)`` says a delete whose figures go otherwise."""

    def __init__(self, name: str, counted, apply, fields, skip_delete=lambda origin: False):
        self.attr = f"_{name}_before"
        self.counted, self.apply, self.fields = counted, apply, fields
        self.skip_delete = skip_delete

    def saving(self, sender, instance, update_fields=None, **kwargs):
        if update_fields is not None and not set(update_fields) & self.fields:
            setattr(instance, self.attr, None)
            return
        lock([instance.review_id])
        before = Counter()
        if instance.pk is not None:
            before = self.counted(sender.objects.filter(pk=instance.pk))
        setattr(instance, self.attr, before)

    def saved(self, sender, instance, **kwargs):
        before = getattr(instance, self.attr, None)
        if before is None:
            return
        setattr(instance, self.attr, None)
        after = self.counted(sender.objects.filter(pk=instance.pk))
        after.subtract(before)
        self.apply(after)

    def deleting(self, sender, instance, origin=None, **kwargs):
        if self.skip_delete(origin):
            return
        lock([instance.review_id])
        setattr(instance, self.attr, self.counted(sender.objects.filter(pk=instance.pk)))

    def deleted(self, sender, instance, **kwargs):
        before = getattr(instance, self.attr, None)
        if before:
            self.apply(Counter({k: -n for k, n in before.items()}))
        setattr(instance, self.attr, None)

    def connect(self, model, uid: str) -> None:
        pre_save.connect(self.saving, sender=model, dispatch_uid=uid, weak=False)
        post_save.connect(self.saved, sender=model, dispatch_uid=uid, weak=False)
        pre_delete.connect(self.deleting, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(self.deleted, sender=model, dispatch_uid=uid, weak=False)


class ReviewMoves:
    """The signal receivers that move the figures of a review's rows (of ``model``, each
    with a ``review``) when a save of the review changes its ``place`` (the fields the
    figures' keys begin with, such as its board): the place read before the save under the
    review's lock, the rows counted (``counted``) and moved after (``apply``)."""

    def __init__(self, name: str, model, place: tuple[str, ...], counted, apply, fields):
        self.attr = f"_{name}_place"
        self.model, self.place, self.counted, self.apply = model, place, counted, apply
        self.fields = fields

    def saving(self, sender, instance, update_fields=None, **kwargs):
        setattr(instance, self.attr, None)
        if instance.pk is None or (
            update_fields is not None and not set(update_fields) & self.fields
        ):
            return
        lock([instance.pk])
        before = sender.objects.filter(pk=instance.pk).values_list(*self.place).first()
        setattr(instance, self.attr, before)

    def saved(self, sender, instance, **kwargs):
        before = getattr(instance, self.attr, None)
        setattr(instance, self.attr, None)
        after = tuple(getattr(instance, f) for f in self.place)
        if before is None or before == after:
            return
        change = Counter()
        for key, n in self.counted(self.model.objects.filter(review_id=instance.pk)).items():
            rest = key[len(self.place) :]
            change[(*before, *rest)] -= n
            change[(*after, *rest)] += n
        self.apply(change)

    def connect(self, uid: str) -> None:
        from reviews.models import Review

        pre_save.connect(self.saving, sender=Review, dispatch_uid=uid, weak=False)
        post_save.connect(self.saved, sender=Review, dispatch_uid=uid, weak=False)


class Moving:
    """A bulk change of these rows (of a model with a ``review``), in one transaction: their
    figures (``counted``) are taken away before and added again after (``apply``)."""

    def __init__(self, rows: QuerySet, counted, apply):
        self.model = rows.model
        self.ids = list(rows.order_by().values_list("pk", flat=True))
        self.counted, self.apply = counted, apply
        self.atomic = transaction.atomic()

    def _chunks(self):
        for start in range(0, len(self.ids), _BATCH * 10):
            yield self.model.objects.filter(pk__in=self.ids[start : start + _BATCH * 10])

    def _counted(self) -> Counter:
        total = Counter()
        for rows in self._chunks():
            total.update(self.counted(rows))
        return total

    def __enter__(self):
        self.atomic.__enter__()
        for rows in self._chunks():
            lock(rows.values("review_id"))
        self.before = self._counted()
        return self

    def __exit__(self, *exc):
        if exc[0] is None:
            after = self._counted()
            after.subtract(self.before)
            self.apply(after)
        return self.atomic.__exit__(*exc)


def connect() -> None:
    from reviews.models import MarkerAssessment, Review

    uid = "reviews.rating_counts"
    # An assessment deleted with its review: the review's deletion takes its figures away.
    rows = RowReceivers("counted", counted, apply, ASSESSMENT_FIELDS, _deleting_review)
    rows.connect(MarkerAssessment, uid)
    moves = ReviewMoves(
        "rating_counts", MarkerAssessment, ("board_id", "stage"), counted, apply, REVIEW_FIELDS
    )
    moves.connect(uid)
    pre_delete.connect(_review_deleting, sender=Review, dispatch_uid=uid)
