"""Writes of the outcomes area that touch several records, or the review's key dates."""

import hashlib
from dataclasses import asdict, dataclass, field
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.db.models.functions import Length
from django.utils import timezone

from reviews import privacy
from reviews.files import store_upload, validate_upload
from reviews.models import (
    Action,
    ActionUpdate,
    BoardResponse,
    Finding,
    PrivacyAcknowledgement,
    Publication,
    ReportDraft,
    Review,
)

CHECKABLE_DRAFTS = {
    "application/pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "text/plain",
}


def next_finding_number(review: Review) -> int:
    return (review.findings.aggregate(n=Max("number"))["n"] or 0) + 1


def next_action_number(finding: Finding) -> int:
    return (finding.actions.aggregate(n=Max("number"))["n"] or 0) + 1


@transaction.atomic
def finding_save(*, finding: Finding) -> Finding:
    if finding.number is None:
        # Lock the review row so two people adding findings at once get different numbers.
        Review.objects.select_for_update().filter(pk=finding.review_id).first()
        finding.number = next_finding_number(finding.review)
    finding.full_clean()
    finding.save()
    return finding


@transaction.atomic
def action_save(*, action: Action, by, today: date | None = None) -> Action:
    if action.number is None:
        Review.objects.select_for_update().filter(pk=action.review_id).first()
        action.number = next_action_number(action.finding)
    action.sign_off(by=by, on=today or timezone.localdate())
    action.full_clean()
    action.save()
    return action


@transaction.atomic
def action_update_progress(
    *,
    action: Action,
    by,
    update_text: str = "",
    update_on: date | None = None,
    verifies: bool = True,
) -> Action:
    """Save a progress change (status, rating, evidence) and, if given, a dated update.
    ``verifies``: whether ``by`` may verify a completion (board managers and chairs)."""
    today = timezone.localdate()
    action.sign_off(by=by, on=today, verifies=verifies)
    action.full_clean()
    action.save()
    if update_text.strip():
        ActionUpdate.objects.create(action=action, on=update_on or today, text=update_text, by=by)
    return action


@transaction.atomic
def action_verify_completion(*, action: Action, by) -> Action:
    """A board manager or chair verifies a completion the lead agency reported."""
    action.sign_off(by=by, on=timezone.localdate())
    action.save(update_fields=["completed_by", "completed_on", "updated_at"])
    return action


@transaction.atomic
def board_response_save(
    *, review: Review, response: BoardResponse, agreed_on: date | None
) -> BoardResponse:
    response.review = review
    response.full_clean()
    response.save()
    if review.response_agreed_on != agreed_on:
        review.response_agreed_on = agreed_on
        review.save(update_fields=["response_agreed_on", "updated_at"])
    return response


@dataclass(frozen=True)
class PublicationCheck:
    """What the app says about the timing of publication; a warning, never a refusal."""

    ok: bool
    message: str


def national_bodies_check(review: Review) -> PublicationCheck | None:
    """Was the report sent to the national bodies early enough before publication?"""
    sent, published = review.sent_to_national_bodies_on, review.published_on
    publication = getattr(review, "publication", None)
    planned = publication.planned_on if publication else None
    target = published or planned
    days = review.board.national_bodies_days_before_publication
    if target is None:
        return None
    when = "publication" if published else "the planned publication"
    if sent is None:
        return PublicationCheck(
            False,
            f"The report and response have not been recorded as sent to the national bodies; "
            f"the board asks for at least {days} days before {when}.",
        )
    gap = (target - sent).days
    if gap >= days:
        return PublicationCheck(
            True, f"Sent to the national bodies {gap} days before {when} (at least {days})."
        )
    return PublicationCheck(
        False,
        f"Sent to the national bodies only {gap} days before {when}; "
        f"the board asks for at least {days}.",
    )


def privacy_sources(review: Review) -> list[privacy.Source]:
    """The texts that will be published: findings, the board response and report drafts."""
    sources = [
        privacy.Source(f"finding:{f.pk}", f"Finding {f.number}", f"{f.text}\n{f.explanation}")
        for f in review.findings.all()
    ]
    response = getattr(review, "board_response", None)  # read with the review, or now
    if response is not None:
        text = "\n".join(
            [
                response.text,
                response.acceptance_reasons,
                response.priorities,
                response.monitoring,
            ]
        )
        sources.append(privacy.Source("response", "Board written response", text))
    return sources


def draft_bounds() -> privacy.Bounds:
    return privacy.Bounds(
        chars=settings.REPORT_DRAFT_MAX_CHARS,
        pages=settings.REPORT_DRAFT_MAX_PAGES,
        seconds=settings.REPORT_DRAFT_MAX_SECONDS,
    )


def _terms_fingerprint(terms: list[str]) -> str:
    return hashlib.sha256("\x1f".join(sorted(t.lower() for t in terms)).encode()).hexdigest()


def _draft_source(draft: ReportDraft, text: str) -> privacy.Source:
    return privacy.Source(f"draft:{draft.pk}", f"Report draft {draft.original_name}", text)


def _scan_draft(draft: ReportDraft, terms: list[str], text: str) -> None:
    """Scan one draft's text and keep the hits on the draft, with the list they came from."""
    hits = privacy.scan(terms, [_draft_source(draft, text)])
    draft.hits = [asdict(h) for h in hits]
    draft.checked_terms = _terms_fingerprint(terms)


def _draft_hits(review: Review, terms: list[str]) -> tuple[list[privacy.Hit], list[ReportDraft]]:
    """The hits in the review's current drafts: those found at upload, unless the restricted
    list has changed since (then that draft is scanned again, once). A draft whose stored text
    is past the bound (kept before there was one) is not read at all: it is returned as
    unchecked, for a board manager to withdraw."""
    fingerprint = _terms_fingerprint(terms)
    hits: list[privacy.Hit] = []
    unchecked: list[ReportDraft] = []
    drafts = (
        review.report_drafts.filter(withdrawn_at=None)
        .defer("text")
        .annotate(text_length=Length("text"))
        .order_by("uploaded_at", "pk")
    )
    for draft in drafts:
        if draft.checked_terms != fingerprint:
            if draft.text_length > settings.REPORT_DRAFT_MAX_CHARS:
                unchecked.append(draft)
                continue
            text = ReportDraft.objects.values_list("text", flat=True).get(pk=draft.pk)
            _scan_draft(draft, terms, text)
            ReportDraft.objects.filter(pk=draft.pk).update(
                hits=draft.hits, checked_terms=draft.checked_terms
            )
        hits.extend(privacy.Hit(**h) for h in draft.hits)
    return hits, unchecked


def restricted_list(review: Review) -> list[str]:
    """The review's restricted terms, with the real names of family members from the
    involvement log (kept by the review team) added."""
    terms = [t.term for t in review.restricted_terms.all()]
    involvements = getattr(review, "involvements", None)
    if involvements is not None:
        family = involvements.filter(kind="family").exclude(real_name="")
        if hasattr(family, "current"):
            family = family.current()
        terms += [name for name in family.values_list("real_name", flat=True)]
    seen, unique = set(), []
    for term in terms:
        if term.strip() and term.strip().lower() not in seen:
            seen.add(term.strip().lower())
            unique.append(term.strip())
    return unique


def restricted_lists(review_ids) -> dict[int, list[str]]:
    """``restricted_list`` for many reviews at once (one query), for exports and pages."""
    from reviews.models import InvolvementRecord, RestrictedTerm

    terms: dict[int, list[str]] = {}
    rows = RestrictedTerm.objects.filter(review_id__in=review_ids).values_list("review_id", "term")
    names = (
        InvolvementRecord.objects.current()
        .filter(review_id__in=review_ids, kind="family")
        .exclude(real_name="")
        .values_list("review_id", "real_name")
    )
    for review_id, term in rows.order_by().union(names.order_by(), all=True):
        if term.strip():
            terms.setdefault(review_id, []).append(term.strip())
    return terms


@dataclass
class PrivacyResult:
    hits: list[privacy.Hit]
    acknowledged: dict[str, PrivacyAcknowledgement]
    unchecked: list[ReportDraft] = field(default_factory=list)

    @property
    def outstanding(self) -> list[privacy.Hit]:
        return [h for h in self.hits if h.fingerprint not in self.acknowledged]

    @property
    def is_clear(self) -> bool:
        return not self.outstanding and not self.unchecked


def privacy_check(review: Review) -> PrivacyResult:
    terms = restricted_list(review)
    draft_hits, unchecked = _draft_hits(review, terms)
    hits = privacy.scan(terms, privacy_sources(review)) + draft_hits
    acks = {
        a.fingerprint: a
        for a in review.privacy_acknowledgements.select_related("by").filter(
            fingerprint__in=[h.fingerprint for h in hits]
        )
    }
    return PrivacyResult(hits=hits, acknowledged=acks, unchecked=unchecked)


@transaction.atomic
def privacy_acknowledge(
    *, review: Review, fingerprint: str, reason: str, by
) -> PrivacyAcknowledgement:
    hit = next((h for h in privacy_check(review).hits if h.fingerprint == fingerprint), None)
    if hit is None:
        raise ValidationError("That match is no longer in the texts: run the check again")
    if not reason.strip():
        raise ValidationError("Enter the reason this detail may stay in the published text")
    ack, _ = PrivacyAcknowledgement.objects.update_or_create(
        review=review,
        fingerprint=fingerprint,
        defaults={"source_label": hit.source_label, "reason": reason, "by": by},
    )
    return ack


@transaction.atomic
def report_draft_upload(*, review: Review, upload: UploadedFile, by) -> ReportDraft:
    """Store a report draft after checking its content, and keep its text for the check."""
    content_type = validate_upload(upload)
    if content_type not in CHECKABLE_DRAFTS:
        raise ValidationError("The report draft must be a Word (.docx) or PDF file")
    upload.seek(0)
    data = upload.read()
    upload.seek(0)
    try:
        text = privacy.document_text(data, content_type, draft_bounds())
    except privacy.UnreadableDocument as exc:
        raise ValidationError(f"{exc}. The privacy check needs to read all its text") from exc
    draft = ReportDraft(review=review, text=text, uploaded_by=by)
    draft = store_upload(draft, upload, content_type, default_name="report")
    # Scanned once, here: the pages show the stored hits.
    _scan_draft(draft, restricted_list(review), text)
    draft.save(update_fields=["hits", "checked_terms"])
    return draft


@transaction.atomic
def report_draft_withdraw(*, draft: ReportDraft, by) -> None:
    """Take a draft out of the privacy check and the list of drafts; its file is kept, for
    the review team, as the history of what was uploaded."""
    draft.withdrawn_at = timezone.now()
    draft.withdrawn_by = by
    draft.save(update_fields=["withdrawn_at", "withdrawn_by"])


@transaction.atomic
def publication_save(
    *,
    review: Review,
    publication: Publication,
    sent_to_national_bodies_on: date | None,
    published_on: date | None,
) -> Publication:
    """Save the publication record and the review's dates. Refuses to mark it published
    while the privacy check has hits nobody has looked at."""
    errors: dict[str, str] = {}
    status = publication.status
    S = Publication.Status
    if status in (S.PUBLISHED, S.WITHDRAWN) and published_on is None:
        errors["published_on"] = "Enter the date the report was published"
    if status == S.PUBLISHED:
        check = privacy_check(review)
        outstanding = len(check.outstanding)
        if check.unchecked:
            errors["status"] = (
                "A report draft is too long to check: withdraw it on the publication page "
                "and upload the report in parts before marking the report published"
            )
        elif outstanding:
            errors["status"] = (
                f"The privacy check has {outstanding} match"
                f"{'es' if outstanding != 1 else ''} not yet looked at: acknowledge each one "
                "on the privacy check page before marking the report published"
            )
        months = review.board.publication_months
        if published_on and not publication.available_until:
            errors["available_until"] = "Enter the date the report will be available until"
        elif published_on and publication.available_until < _add_months(published_on, months):
            errors["available_until"] = (
                f"The report must stay available for at least {months} months: until "
                f"{_fmt(_add_months(published_on, months))} or later"
            )
        if not publication.where_published.strip():
            errors["where_published"] = "Enter where the report is published"
    if status == S.DELAYED and publication.parallel_process_id is None:
        errors["parallel_process"] = "Choose the parallel process that delays publication"
    elif status == S.DELAYED and not publication.delayed_until:
        # The register says until when the process holds publication, if it knows.
        publication.delayed_until = publication.parallel_process.held_until
    if status in (S.UNPUBLISHED, S.WITHDRAWN) and not publication.status_reason.strip():
        errors["status_reason"] = "Enter the reason"
    if publication.parallel_process_id and publication.parallel_process.review_id != review.pk:
        errors["parallel_process"] = "Choose a parallel process of this review"
    if errors:
        raise ValidationError(errors)
    publication.review = review
    publication.full_clean()
    publication.save()
    review.sent_to_national_bodies_on = sent_to_national_bodies_on
    review.published_on = published_on
    review.save(update_fields=["sent_to_national_bodies_on", "published_on", "updated_at"])
    return publication


def _add_months(d: date, months: int) -> date:
    import calendar

    month = d.month - 1 + months
    year, month = d.year + month // 12, month % 12 + 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _fmt(d: date) -> str:
    return f"{d.day} {d:%B %Y}"
