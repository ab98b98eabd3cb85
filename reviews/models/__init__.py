# Reviews and the records a review holds.
from reviews.models.review import Review, ReviewQuerySet, ReviewRole, StageMove

__all__ = ["Review", "ReviewQuerySet", "ReviewRole", "StageMove"]

# Marker self-assessment and evidence.

# Outputs and outcomes.
from reviews.models.outcomes import (  # noqa: E402
    Action,
    ActionQuerySet,
    ActionUpdate,
    BoardResponse,
    Finding,
    PrivacyAcknowledgement,
    Publication,
    ReminderLog,
    ReportDraft,
    RestrictedTerm,
)

__all__ += [
    "Action",
    "ActionQuerySet",
    "ActionUpdate",
    "BoardResponse",
    "Finding",
    "PrivacyAcknowledgement",
    "Publication",
    "ReminderLog",
    "ReportDraft",
    "RestrictedTerm",
]
