# Reviews and the records a review holds.
from reviews.models.review import Review, ReviewQuerySet, ReviewRole, StageMove

__all__ = ["Review", "ReviewQuerySet", "ReviewRole", "StageMove"]

# Marker self-assessment and evidence.
from reviews.models.assessment import (  # noqa: E402
    Answer,
    AssessmentPoint,
    Evidence,
    EvidenceFile,
    MarkerAssessment,
    MarkerComment,
    QuestionAnswer,
    Rating,
)

__all__ += [
    "Answer",
    "AssessmentPoint",
    "Evidence",
    "EvidenceFile",
    "MarkerAssessment",
    "MarkerComment",
    "QuestionAnswer",
    "Rating",
]

# Outputs and outcomes.
