"""The demo step for assessments: realistic, idempotent, and nothing without demo reviews."""

import hashlib

import pytest

from reviews.demo.assessment import seed_assessments
from reviews.demo.people import seed_people
from reviews.models import (
    AssessmentPoint,
    Evidence,
    EvidenceFile,
    MarkerAssessment,
    MarkerComment,
    QuestionAnswer,
    Review,
    ReviewRole,
)
from tests.factories import ReviewFactory, ReviewRoleFactory


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def counts():
    return [
        m.objects.count()
        for m in (
            MarkerAssessment,
            QuestionAnswer,
            Evidence,
            EvidenceFile,
            AssessmentPoint,
            MarkerComment,
        )
    ]


def test_it_creates_nothing_without_demo_reviews(db):
    seed_assessments(seed_people())
    assert counts() == [0] * 6


def test_it_assesses_the_demo_reviews_once(db):
    cast = seed_people()
    running = ReviewFactory(board=cast.board, stage=Review.Stage.RUNNING)
    ReviewRoleFactory(
        review=running, user=cast.users["reviewer"], role=ReviewRole.Role.LEAD_REVIEWER
    )
    ReviewFactory(board=cast.board, stage=Review.Stage.NOT_PROCEEDING)
    seed_assessments(cast)
    first = counts()
    seed_assessments(cast)
    assert counts() == first
    # Clusters 1 and 2 (markers 1 to 13) for a running review.
    assert MarkerAssessment.objects.filter(review=running).count() == 13
    qm9 = MarkerAssessment.objects.get(review=running, marker__number=9)
    assert qm9.rating == "not_applicable" and qm9.not_applicable_reason
    assert QuestionAnswer.objects.filter(assessment__review=running).exclude(note="").exists()
    assert (
        MarkerAssessment.objects.filter(review=running).first().updated_by == cast.users["reviewer"]
    )
    pdf = EvidenceFile.objects.get(original_name="referral-form.pdf")
    with pdf.file.open("rb") as fh:
        data = fh.read()
    assert data.startswith(b"%PDF") and hashlib.sha256(data).hexdigest() == pdf.sha256
    assert Evidence.objects.filter(review=running, kind="link").exists()
    point = AssessmentPoint.objects.get(review=running)
    assert point.data["1"]["rating"] == "met"
    comment = MarkerComment.objects.filter(review=running).first()
    assert comment.is_resolved and comment.author == cast.users["chair"]
