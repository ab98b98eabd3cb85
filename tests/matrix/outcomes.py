"""Who may do what with a review's outputs and outcomes, and the cross-review actions tracker.

Lead reviewers on the review draft findings with board managers; board managers alone record
actions, the board response, publication and the restricted list; the board member whose
agency leads an action updates its progress; the restricted list, the privacy check and report
drafts are for the review team only.
"""

from datetime import date

from django.core.files.base import ContentFile

from reviews.models import Action, BoardResponse, Finding, ReportDraft, RestrictedTerm
from tests.matrix import POST_ONLY, REVIEW_MANAGE, REVIEW_READ, SIGNED_IN, row

OUT = {"reviewer_off": 404, "outsider": 404, "admin": 404}
DRAFT_FINDINGS = row(403, manager=200, reviewer=200, **OUT)
TEAM_READ = row(403, manager=200, chair=200, reviewer=200, **OUT)
UPDATE_ACTION = row(403, manager=200, member=200, **OUT)
MANAGE_REDIRECT = row(403, manager=302, **OUT)

EXPECTED = {
    "reviews:actions": {"get": SIGNED_IN},
    "reviews:actions_csv": {"get": SIGNED_IN},
    "reviews:actions_xlsx": {"get": SIGNED_IN},
    "reviews:outcomes": {"get": REVIEW_READ},
    "reviews:outcomes_history": {"get": REVIEW_READ},
    "reviews:finding_add": {"get": DRAFT_FINDINGS, "post": DRAFT_FINDINGS},
    "reviews:finding_edit": {"get": DRAFT_FINDINGS, "post": DRAFT_FINDINGS},
    "reviews:action_add": {"get": REVIEW_MANAGE, "post": REVIEW_MANAGE},
    "reviews:action_detail": {"get": REVIEW_READ},
    "reviews:action_edit": {"get": REVIEW_MANAGE, "post": REVIEW_MANAGE},
    "reviews:action_progress": {"get": UPDATE_ACTION, "post": UPDATE_ACTION},
    "reviews:response_edit": {"get": REVIEW_MANAGE, "post": REVIEW_MANAGE},
    "reviews:response_versions": {"get": REVIEW_READ},
    "reviews:response_version": {"get": REVIEW_READ},
    "reviews:publication_edit": {"get": REVIEW_MANAGE, "post": REVIEW_MANAGE},
    "reviews:report_draft_upload": {"get": POST_ONLY, "post": REVIEW_MANAGE},
    "reviews:report_draft_download": {"get": TEAM_READ},
    "reviews:privacy_check": {"get": TEAM_READ},
    "reviews:privacy_acknowledge": {"get": POST_ONLY, "post": MANAGE_REDIRECT},
    "reviews:restricted_terms": {"get": TEAM_READ, "post": REVIEW_MANAGE},
    "reviews:restricted_term_delete": {"get": POST_ONLY, "post": MANAGE_REDIRECT},
}


def kwargs(cast) -> dict:
    review = cast.review
    finding = Finding.objects.create(review=review, number=1, text="F", explanation="E")
    action = Action.objects.create(
        review=review,
        finding=finding,
        number=1,
        text="Train staff",
        lead_agency=cast.agency,
        target_date=date(2030, 1, 1),
    )
    response = BoardResponse.objects.create(review=review, text="R", acceptance="fully")
    draft = ReportDraft(
        review=review,
        original_name="draft.txt",
        content_type="text/plain",
        size=5,
        sha256="2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
        text="hello",
        uploaded_by=cast.manager,
    )
    draft.file.save("draft.txt", ContentFile(b"hello"), save=True)
    term = RestrictedTerm.objects.create(review=review, term="Jayden")
    return {
        "finding_pk": finding.pk,
        "action_pk": action.pk,
        "version_pk": response.history.first().history_id,
        "draft_pk": draft.pk,
        "term_pk": term.pk,
    }
