from reviews.models.review import Review, ReviewQuerySet, ReviewRole, StageMove

__all__ = ["Review", "ReviewQuerySet", "ReviewRole", "StageMove"]
