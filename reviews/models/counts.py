from django.db import models


class RatingCount(models.Model):
    """How many of a board's assessments, on reviews at one stage, give one marker (by its
    number) one rating: the stored figures the grid's totals row adds up, so that a request
    does not count every assessment of the board. Kept equal to a count of the assessments
    by ``reviews.rating_counts`` whenever an assessment or a review's board or stage changes."""

    board = models.ForeignKey("accounts.Board", on_delete=models.CASCADE, related_name="+")
    stage = models.CharField(max_length=20)
    number = models.PositiveSmallIntegerField()
    rating = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "stage", "number", "rating"], name="one_count_per_rating"
            )
        ]

    def __str__(self) -> str:
        return f"board {self.board_id}, {self.stage}, QM{self.number} {self.rating}: {self.n}"
