"""One review with every kind of record, evidence files (two versions of one), a report draft,
a generated report, a withdrawn and a deleted record, and several history rows: what the
backup-restore and the export-import tests carry across and look for."""

from datetime import date

from django.core.files.uploadedfile import SimpleUploadedFile

from documents import services as documents
from documents.models import GeneratedReport
from markers.models import Marker
from reviews.models import (
    ActionUpdate,
    Evidence,
    MarkerComment,
    PrivacyAcknowledgement,
    RestrictedTerm,
    ReviewRole,
    StageMove,
    Theme,
)
from reviews.services import assessment, outcomes
from tests.full_review import make_records
from tests.outcomes_files import make_docx


def build_whole_review(cast):
    review = cast.review
    records = make_records(cast)
    review.themes.add(*Theme.objects.filter(name__in=["Neglect", "Domestic abuse"]))
    marker = Marker.objects.get(marker_set=review.marker_set, number=3)
    questions = list(marker.questions.all())
    saved = assessment.marker_assessment_save(
        review=review,
        marker=marker,
        by=cast.reviewer,
        version=0,
        rating="partly_met",
        not_applicable_reason="",
        commentary="First commentary.",
        answers={questions[0].pk: assessment.AnswerInput("yes", "Seen in the minutes.")},
    )
    assessment.marker_assessment_save(
        review=review,
        marker=marker,
        by=cast.reviewer,
        version=saved.version,
        rating="met",
        not_applicable_reason="",
        commentary="Second commentary: met.",
        answers={questions[0].pk: assessment.AnswerInput("yes", "Seen in the minutes, twice.")},
    )
    evidence = assessment.evidence_add(
        review=review,
        marker=marker,
        by=cast.reviewer,
        kind=Evidence.Kind.FILE,
        title="Panel minutes",
        questions=questions[:1],
        upload=SimpleUploadedFile("minutes.txt", b"Minutes of the panel.\n", "text/plain"),
    )
    assessment.evidence_replace_file(
        evidence=evidence,
        by=cast.reviewer,
        upload=SimpleUploadedFile("minutes-v2.txt", b"Minutes, corrected.\n", "text/plain"),
    )
    note = assessment.evidence_add(
        review=review,
        marker=marker,
        by=cast.reviewer,
        kind=Evidence.Kind.NOTE,
        title="A note withdrawn",
        description="Belongs to another case.",
    )
    note.withdraw(by=cast.manager, reason="Another case")
    point = assessment.assessment_point_take(
        review=review, kind="planning", name="Start", by=cast.reviewer
    )
    point.sign_off(by=cast.chair, comment="Agreed at the start.")
    comment = MarkerComment.objects.create(
        review=review, marker=marker, author=cast.manager, body="Which minutes?"
    )
    comment.resolve(by=cast.reviewer, reply="The panel's of March.")
    ActionUpdate.objects.create(
        action=records.action, on=date(2026, 4, 1), text="Training booked.", by=cast.member
    )
    records.referral.rationale = "Several agencies, and a previous review."
    records.referral.save()
    records.event.withdraw(reason="Recorded twice")
    RestrictedTerm.objects.create(review=review, kind="name", term="Jayden")
    gone = RestrictedTerm.objects.create(review=review, kind="school", term="Oak Primary")
    gone.delete()  # its history stays: created, then deleted
    draft = outcomes.report_draft_upload(
        review=review,
        upload=SimpleUploadedFile(
            "draft.docx",
            make_docx(["Child R lived with her mother.", "Jayden was not seen."]),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        by=cast.manager,
    )
    hit = outcomes.privacy_check(review).hits[0]
    outcomes.privacy_acknowledge(
        review=review, fingerprint=hit.fingerprint, reason="Agreed with the family", by=cast.manager
    )
    StageMove.objects.create(
        review=review, from_stage="referral", to_stage="setup", by=cast.manager
    )
    ReviewRole.objects.create(review=review, user=cast.member, role=ReviewRole.Role.PANEL_MEMBER)
    report = documents.qa_report(
        review=review, point=None, kind=GeneratedReport.Kind.QA_DOCX, by=cast.manager
    )
    documents.record_download(report, cast.chair)
    assert draft.pk and PrivacyAcknowledgement.objects.filter(review=review).exists()
    return review
