"""A fully assessed review, for the documents tests and bench/reports.py: every marker rated,
every question answered with a note, evidence, quality-assurance comments and actions."""

import hashlib
from datetime import date

from django.core.files.base import ContentFile

from markers.models import Marker
from reviews.models import (
    Answer,
    Evidence,
    EvidenceFile,
    MarkerAssessment,
    MarkerComment,
    QuestionAnswer,
    Rating,
)
from tests.factories import AgencyFactory
from tests.outcomes_factories import ActionFactory, FindingFactory

RATINGS = [Rating.MET, Rating.PARTLY_MET, Rating.NOT_MET, Rating.MET, Rating.NOT_APPLICABLE]
ANSWERS = [Answer.YES, Answer.PARTLY, Answer.NO, Answer.NOT_KNOWN, Answer.YES]


def assess_fully(review, by, *, evidence=100, comments=10, actions=40, note=None, agency=None):
    """Rate all 18 markers and answer every question with a note (bulk writes: fast)."""
    markers = list(
        Marker.objects.filter(marker_set=review.marker_set).prefetch_related("questions")
    )
    assessments = MarkerAssessment.objects.bulk_create(
        [
            MarkerAssessment(
                review=review,
                marker=m,
                rating=RATINGS[m.number % len(RATINGS)],
                not_applicable_reason="Not relevant to this case."
                if RATINGS[m.number % len(RATINGS)] == Rating.NOT_APPLICABLE
                else "",
                commentary=f"Commentary on marker {m.number}: the panel discussed it in full.",
                version=1,
                updated_by=by,
            )
            for m in markers
        ]
    )
    QuestionAnswer.objects.bulk_create(
        [
            QuestionAnswer(
                assessment=a,
                question=q,
                answer=ANSWERS[q.number % len(ANSWERS)],
                note=note or f"Note on question {m.number}.{q.number}: seen in the minutes.",
                updated_by=by,
            )
            for a, m in zip(assessments, markers, strict=True)
            for q in m.questions.all()
        ]
    )
    for i in range(evidence):
        m = markers[i % len(markers)]
        kind = Evidence.Kind.FILE if i % 2 == 0 else Evidence.Kind.NOTE
        e = Evidence.objects.create(
            review=review,
            marker=m,
            kind=kind,
            title=f"Evidence item {i + 1} for marker {m.number}",
            dated_on=date(2026, 3, 1 + i % 28),
            added_by=by,
        )
        if kind == Evidence.Kind.FILE:
            body = f"evidence {i}".encode()
            version = EvidenceFile(
                evidence=e,
                original_name=f"minutes-{i}.txt",
                content_type="text/plain",
                size=len(body),
                sha256=hashlib.sha256(body).hexdigest(),
                uploaded_by=by,
            )
            version.file.save(f"minutes-{i}.txt", ContentFile(body), save=False)
            version.save()
    for i in range(comments):
        c = MarkerComment.objects.create(
            review=review,
            marker=markers[(i * 5) % len(markers)],
            author=by,
            body=f"Challenge {i + 1}: where is the evidence for this rating?",
        )
        if i % 2 == 0:
            c.resolve(by=by, reply=f"Reply {i + 1}: the minutes of the panel meeting are added.")
    agency = agency or AgencyFactory(board=review.board, name="Northshire Police")
    findings = [FindingFactory(review=review, number=n) for n in range(1, 9)] if actions else []
    for i in range(actions):
        finding = findings[i % len(findings)]
        ActionFactory(
            finding=finding,
            review=review,
            number=i // len(findings) + 1,
            lead_agency=agency,
        )
    return markers
