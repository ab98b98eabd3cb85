"""Writes to the marker self-assessment that touch several rows: saving a marker's rating and
answers (with the concurrent-edit check), adding and replacing evidence, taking snapshots."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction

from markers.models import Marker, Question
from reviews.files import store_upload, validate_upload
from reviews.models import (
    AssessmentPoint,
    Evidence,
    EvidenceFile,
    MarkerAssessment,
    QuestionAnswer,
    Rating,
    Review,
)


class StaleAssessment(Exception):
    """The marker was saved by someone else after the user opened the page."""

    def __init__(self, assessment: MarkerAssessment):
        super().__init__("The assessment has changed since the page was opened")
        self.assessment = assessment


@dataclass(frozen=True)
class AnswerInput:
    answer: str
    note: str


def _check_marker(review: Review, marker: Marker) -> None:
    if marker.marker_set_id != review.marker_set_id:
        raise ValidationError("This marker is not part of the review's marker set.")


@transaction.atomic
def marker_assessment_save(
    *,
    review: Review,
    marker: Marker,
    by,
    version: int,
    rating: str,
    not_applicable_reason: str,
    commentary: str,
    answers: dict[int, AnswerInput],
) -> MarkerAssessment:
    """Save the rating, commentary and answers of one marker, as one change.

    ``version`` is the version the user's page was opened at: if someone has saved since,
    ``StaleAssessment`` is raised and nothing is written. ``answers`` maps question ids to the
    answer and note; an id that is not a question of this marker is refused.
    """
    _check_marker(review, marker)
    questions = {q.pk: q for q in Question.objects.filter(marker=marker)}
    strangers = set(answers) - set(questions)
    if strangers:
        raise ValidationError("An answer was given to a question that is not part of this marker.")
    try:
        with transaction.atomic():
            assessment, _ = MarkerAssessment.objects.select_for_update().get_or_create(
                review=review, marker=marker
            )
    except IntegrityError:  # created at the same moment by someone else
        raise StaleAssessment(MarkerAssessment.objects.get(review=review, marker=marker)) from None
    if assessment.version != version:
        raise StaleAssessment(assessment)

    if rating != Rating.NOT_APPLICABLE:
        not_applicable_reason = ""
    changed = (assessment.rating, assessment.not_applicable_reason, assessment.commentary) != (
        rating,
        not_applicable_reason,
        commentary,
    )
    assessment.rating = rating
    assessment.not_applicable_reason = not_applicable_reason
    assessment.commentary = commentary
    assessment.full_clean(exclude=["review", "marker", "updated_by"], validate_unique=False)

    existing = {a.question_id: a for a in assessment.answers.all()}
    to_save = []
    for question_id, given in answers.items():
        row = existing.get(question_id)
        if row is None:
            if not given.answer and not given.note.strip():
                continue
            row = QuestionAnswer(assessment=assessment, question=questions[question_id])
        elif (row.answer, row.note) == (given.answer, given.note):
            continue
        row.answer, row.note, row.updated_by = given.answer, given.note, by
        row.full_clean(exclude=["assessment", "question", "updated_by"], validate_unique=False)
        to_save.append(row)

    if changed or to_save or assessment.version == 0:
        assessment.version += 1
        assessment.updated_by = by
        assessment._history_user = by
        assessment.save()
        for row in to_save:
            row._history_user = by
            row.save()
    return assessment


def _store_file(evidence: Evidence, upload: UploadedFile, by) -> EvidenceFile:
    content_type = validate_upload(upload)
    version = EvidenceFile(evidence=evidence, uploaded_by=by)
    return store_upload(version, upload, content_type, default_name="file")


@transaction.atomic
def evidence_add(
    *,
    review: Review,
    marker: Marker,
    by,
    kind: str,
    title: str,
    dated_on=None,
    description: str = "",
    url: str = "",
    questions: list[Question] = (),
    upload: UploadedFile | None = None,
) -> Evidence:
    _check_marker(review, marker)
    if any(q.marker_id != marker.pk for q in questions):
        raise ValidationError("Evidence can support only the questions of its own marker.")
    if kind == Evidence.Kind.FILE and upload is None:
        raise ValidationError({"file": "Select a file"})
    if kind == Evidence.Kind.LINK and not url:
        raise ValidationError({"url": "Enter the link"})
    if kind == Evidence.Kind.NOTE and not description.strip():
        raise ValidationError({"description": "Enter the note"})
    evidence = Evidence(
        review=review,
        marker=marker,
        kind=kind,
        title=title,
        dated_on=dated_on,
        description=description,
        url=url if kind == Evidence.Kind.LINK else "",
        added_by=by,
    )
    evidence.full_clean()
    evidence._history_user = by
    evidence.save()
    evidence.questions.set(questions)
    if kind == Evidence.Kind.FILE:
        _store_file(evidence, upload, by)
    return evidence


@transaction.atomic
def evidence_replace_file(*, evidence: Evidence, by, upload: UploadedFile) -> EvidenceFile:
    """Add a new version of an evidence file; earlier versions are kept."""
    if evidence.kind != Evidence.Kind.FILE:
        raise ValidationError("Only file evidence has files to replace.")
    if evidence.is_withdrawn:
        raise ValidationError("Withdrawn evidence cannot be changed.")
    return _store_file(evidence, upload, by)


def snapshot_of(review: Review) -> dict:
    """Every rating and answer of the review, as plain data (two queries)."""
    data: dict[str, dict] = {}
    for a in MarkerAssessment.objects.filter(review=review).select_related("marker"):
        data[str(a.marker.number)] = {
            "rating": a.rating,
            "not_applicable_reason": a.not_applicable_reason,
            "commentary": a.commentary,
            "answers": {},
        }
    answers = QuestionAnswer.objects.filter(assessment__review=review).select_related(
        "assessment__marker", "question"
    )
    for ans in answers:
        entry = data[str(ans.assessment.marker.number)]
        entry["answers"][str(ans.question.number)] = {"answer": ans.answer, "note": ans.note}
    return data


@transaction.atomic
def assessment_point_take(*, review: Review, kind: str, name: str, by) -> AssessmentPoint:
    point = AssessmentPoint(review=review, kind=kind, name=name, taken_by=by)
    point.data = snapshot_of(review)
    point.full_clean()
    point._history_user = by
    point.save()
    return point
