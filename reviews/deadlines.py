"""The stored due dates of the milestones not yet met (``Deadline``), kept equal to what
``reviews.timescales`` computes, so that "overdue" and "due soon" are database filters.

A review's milestones depend on its key dates, kind and stage, its rapid review (sent to the
panel), its agency contributions (due, received, withdrawn) and its board's timescales. The
signal receivers below refresh a review's deadlines whenever one of those is saved or deleted;
``ReviewQuerySet.bulk_create`` and ``update`` refresh the reviews they touch. Each deadline
also carries its review's board and whether the review is live (the same refresh moves them
with a change of board or stage). A refresh reads the review in two queries and writes only
what changed.

    refresh([review.pk])                          # one review
    refresh(Review.objects.filter(board=board))   # many, 500 at a time
"""

from datetime import date

from django.db.models import Prefetch, QuerySet
from django.db.models.signals import post_delete, post_save, pre_save

from reviews import timescales

# The Review fields milestones depend on: saving only other fields needs no refresh.
REVIEW_FIELDS = frozenset({"kind", "stage", "board", "board_id"})
_BATCH = 500


def review_fields() -> frozenset[str]:
    from reviews.models import KEY_DATES

    return REVIEW_FIELDS | {name for name, _ in KEY_DATES}


def for_milestones(queryset):
    """Only the columns ``timescales.review_milestones`` reads, with the related rows it
    reads, for computing the milestones of many reviews at once."""
    from reviews.models import KEY_DATES, AgencyContribution

    return (
        queryset.select_related("board", "rapid_review")
        .only(
            "board",
            "kind",
            "stage",
            "reference",
            "title",
            *(name for name, _ in KEY_DATES),
            *(f"board__{f}" for f in timescales.Rules.__dataclass_fields__),
            "rapid_review__sent_to_panel_on",
        )
        .prefetch_related(
            Prefetch(
                "contributions",
                AgencyContribution.objects.select_related("agency").only(
                    "review", "due_on", "received_on", "withdrawn_at", "agency__name"
                ),
            )
        )
    )


def open_deadlines(review) -> dict[str, date]:
    """{key: due date} of the review's deadlines not yet met, as timescales computes them."""
    return {
        m.key: m.due_on
        for m in timescales.review_milestones(review)
        if m.is_deadline and m.done_on is None
    }


def label(key: str, agency: str | None = None) -> str:
    """A milestone's label, as ``timescales`` gives it, from its key ("Contribution from
    <agency>" for a "contribution-<pk>" key, with the agency's name)."""
    if key.startswith("contribution-"):
        return timescales.contribution_label(agency)
    return timescales.LABELS.get(key, "")


def with_asked(deadlines):
    """``deadlines`` (a Deadline queryset) with ``asked``: for a "contribution-<pk>" one, the
    contribution's pk, which ``asked_contribution()`` reads with each row."""
    from django.db.models import BigIntegerField, Case, When
    from django.db.models.functions import Cast, Substr

    pk = Cast(Substr("key", len("contribution-") + 1), BigIntegerField())
    return deadlines.alias(asked=Case(When(key__startswith="contribution-", then=pk)))


def asked_contribution():
    """The agency contribution of a row of ``with_asked`` (none for other milestones): a
    subquery's queryset, e.g. ``Subquery(asked_contribution().values("agency__name"))``."""
    from django.db.models import OuterRef

    from reviews.models import AgencyContribution

    return AgencyContribution.objects.filter(pk=OuterRef("asked"))


def refresh(reviews) -> None:
    """Store the open deadlines of these reviews (ids, or a queryset of reviews)."""
    from reviews.models import Deadline, Review

    if isinstance(reviews, QuerySet):
        reviews = reviews.order_by().values_list("pk", flat=True)
    ids = list(reviews)
    for start in range(0, len(ids), _BATCH):
        chunk = ids[start : start + _BATCH]
        # {(review, key): (due date, board, live)}: a deadline moves with its review's board
        # and stage too.
        wanted = {
            (review.pk, key): (due, review.board_id, review.is_live)
            for review in for_milestones(Review.objects.filter(pk__in=chunk))
            for key, due in open_deadlines(review).items()
        }
        stored = {
            (d.review_id, d.key): (d.pk, (d.due_on, d.board_id, d.live))
            for d in Deadline.objects.filter(review_id__in=chunk)
        }
        stale = [pk for k, (pk, row) in stored.items() if wanted.get(k) != row]
        new = [
            Deadline(review_id=review_id, key=key, due_on=due, board_id=board_id, live=live)
            for (review_id, key), (due, board_id, live) in wanted.items()
            if stored.get((review_id, key), (None, None))[1] != (due, board_id, live)
        ]
        if stale:
            Deadline.objects.filter(pk__in=stale).delete()
        if new:
            Deadline.objects.bulk_create(new)


# --- Keeping them up to date -------------------------------------------------------------


def _review_saved(sender, instance, update_fields=None, **kwargs):
    if update_fields is None or set(update_fields) & review_fields():
        refresh([instance.pk])


def _record_saved(sender, instance, **kwargs):
    """A rapid review or an agency contribution saved: its review's milestones may move."""
    refresh([instance.review_id])


def _record_deleted(sender, instance, origin=None, **kwargs):
    from reviews.models import Review

    # Deleted with its review: the review's deadlines go with it.
    deleting_review = isinstance(origin, Review) or (
        isinstance(origin, QuerySet) and origin.model is Review
    )
    if not deleting_review:
        refresh([instance.review_id])


_RULES = tuple(timescales.Rules.__dataclass_fields__)


def _board_saving(sender, instance, **kwargs):
    """Note whether the board's timescales change: then all its reviews are refreshed."""
    if instance.pk is None:  # a new board has no reviews yet
        instance._timescales_changed = False
        return
    before = type(instance).objects.filter(pk=instance.pk).values(*_RULES).first()
    instance._timescales_changed = before is None or any(
        before[f] != getattr(instance, f) for f in _RULES
    )


def _board_saved(sender, instance, **kwargs):
    if getattr(instance, "_timescales_changed", False):
        refresh(instance.reviews.all())


def connect() -> None:
    from accounts.models import Board
    from reviews.models import AgencyContribution, RapidReview, Review

    uid = "reviews.deadlines"
    post_save.connect(_review_saved, sender=Review, dispatch_uid=uid)
    for model in (RapidReview, AgencyContribution):
        post_save.connect(_record_saved, sender=model, dispatch_uid=uid)
        post_delete.connect(_record_deleted, sender=model, dispatch_uid=uid)
    pre_save.connect(_board_saving, sender=Board, dispatch_uid=uid)
    post_save.connect(_board_saved, sender=Board, dispatch_uid=uid)
