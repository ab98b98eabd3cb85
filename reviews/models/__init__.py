# Reviews and the records a review holds.
from reviews.models.review import Review, ReviewQuerySet, ReviewRole, StageMove

__all__ = ["Review", "ReviewQuerySet", "ReviewRole", "StageMove"]

# Marker self-assessment and evidence.

# Outputs and outcomes.
