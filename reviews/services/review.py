"""Writes across several models for the review lifecycle."""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import Board, User
from markers.models import MarkerSet
from reviews.models import Decision, Referral, Review, ReviewRole


def next_reference(board: Board, year: int) -> str:
    """The board's next free reference for the year, e.g. SCR-2026-004."""
    stem = f"{board.reference_prefix}-{year}-"
    taken = set(
        Review.objects.filter(board=board, reference__startswith=stem).values_list(
            "reference", flat=True
        )
    )
    n = len(taken) + 1
    while f"{stem}{n:03d}" in taken:
        n += 1
    return f"{stem}{n:03d}"


def _free_reference(board: Board, year: int, typed: str = "") -> str:
    """The typed reference if still free, else the next free one; safe when two board managers
    open a review at once: the board row is locked until the transaction ends (PostgreSQL), so
    the second waits for the first to commit; the choice is re-checked in case a reference was
    taken without the lock. Call inside a transaction."""
    list(Board.objects.select_for_update().filter(pk=board.pk).values_list("pk"))
    if typed:
        if Review.objects.filter(board=board, reference=typed).exists():
            raise ValidationError({"reference": f"The board already has a review {typed}"})
        return typed
    for _ in range(20):
        reference = next_reference(board, year)
        if not Review.objects.filter(board=board, reference=reference).exists():
            return reference
    raise RuntimeError(f"No free review reference for {board} in {year}")


@transaction.atomic
def review_create_from_referral(
    *,
    board: Board,
    by: User,
    title: str,
    kind: str,
    referral_on: date,
    reference: str = "",
    themes=(),
    incident_on: date | None = None,
    aware_on: date | None = None,
    referral: dict,
) -> Review:
    """Open a review from a referral; its creator becomes the review's board manager."""
    review = Review(
        board=board,
        marker_set=MarkerSet.objects.current(),
        reference=_free_reference(board, referral_on.year, reference),
        title=title,
        kind=kind,
        referral_on=referral_on,
        incident_on=incident_on,
        aware_on=aware_on,
        created_by=by,
    )
    review.full_clean()
    review.save()
    review.themes.set(themes)
    record = Referral(review=review, **referral)
    record.full_clean()
    record.save()
    ReviewRole.objects.create(review=review, user=by, role=ReviewRole.Role.BOARD_MANAGER)
    return review


@transaction.atomic
def decision_save(
    *, decision: Decision, by: User, board_advised_on: date | None = None
) -> Decision:
    """Save a decision; the chair's decision whether to hold a review also dates the review's
    decision and when board members were advised of it: key dates of the review, the single
    source of those dates (the decision form asks for the second, the review keeps it)."""
    if decision.pk is None:
        decision.decided_by = by
    decision.full_clean()
    decision.save()
    if decision.kind == Decision.Kind.HOLD and not decision.is_withdrawn:
        review = decision.review
        review.decision_on = decision.decided_on
        review.board_advised_on = board_advised_on
        review.save(update_fields=["decision_on", "board_advised_on", "updated_at"])
    return decision


@transaction.atomic
def review_convert(*, review: Review, by: User, kind: str) -> Review:
    """Convert a rapid review into a full review, keeping the link and what is known so far.

    The rapid review is closed; the new review starts at referral with the same dates, themes,
    people and referral."""
    from reviews.models import KEY_DATES

    full = Review(
        board=review.board,
        marker_set=review.marker_set,
        reference=_free_reference(review.board, (review.referral_on or timezone.localdate()).year),
        title=review.title,
        kind=kind,
        converted_from=review,
        created_by=by,
        budget=review.budget,
        **{name: getattr(review, name) for name, _ in KEY_DATES if name != "closed_on"},
    )
    full.full_clean()
    full.save()
    full.themes.set(review.themes.all())
    ReviewRole.objects.bulk_create(
        [ReviewRole(review=full, user_id=r.user_id, role=r.role) for r in review.roles.all()]
    )
    try:
        old = review.referral
    except Referral.DoesNotExist:
        old = None
    if old is not None:
        old.pk = None
        old.id = None
        old.review = full
        old._state.adding = True
        old.save()
    if review.is_live:
        from_stage = review.stage
        review.stage = Review.Stage.CLOSED
        review.closed_on = review.closed_on or timezone.localdate()
        review.save(update_fields=["stage", "closed_on", "updated_at"])
        review.stage_moves.create(
            from_stage=from_stage,
            to_stage=Review.Stage.CLOSED,
            by=by,
            reason=f"Converted into {full.get_kind_display().lower()} {full.reference}.",
        )
    return full
