# Reviews and the records a review holds.
from reviews.models.records import (
    NATIONAL_THEMES,
    AgencyContribution,
    Decision,
    Delay,
    DisclosableMaterial,
    InvolvementRecord,
    Notification,
    NotifiedChild,
    ParallelProcess,
    PractitionerEvent,
    RapidReview,
    Referral,
    TermsOfReference,
    Theme,
)
from reviews.models.review import (
    KEY_DATES,
    FormSubmission,
    Review,
    ReviewQuerySet,
    ReviewRole,
    StageMove,
)

__all__ = [
    "KEY_DATES",
    "NATIONAL_THEMES",
    "AgencyContribution",
    "Decision",
    "Delay",
    "FormSubmission",
    "DisclosableMaterial",
    "InvolvementRecord",
    "Notification",
    "NotifiedChild",
    "ParallelProcess",
    "PractitionerEvent",
    "RapidReview",
    "Referral",
    "Review",
    "ReviewQuerySet",
    "ReviewRole",
    "StageMove",
    "TermsOfReference",
    "Theme",
]

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
from reviews.models.counts import (  # noqa: E402
    ActionCount,
    ActionDueCount,
    OnReviewCount,
    RatingCount,
    RoleCount,
    TeamLeadCount,
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
    "ActionCount",
    "ActionDueCount",
    "OnReviewCount",
    "RatingCount",
    "RoleCount",
    "TeamLeadCount",
]

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

# Stored due dates of the milestones not yet met (reviews.deadlines keeps them).
from reviews.models.deadlines import Deadline  # noqa: E402

__all__ += ["Deadline"]

# A review's whole file exported or imported.
from reviews.models.archive import ArchiveEvent  # noqa: E402

__all__ += ["ArchiveEvent"]
