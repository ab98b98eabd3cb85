from django.db import models


class Deadline(models.Model):
    """A milestone of a review not yet met, with its due date: the stored copy of what
    ``reviews.timescales.review_milestones`` computes (working days and bank holidays are
    worked out in Python), so that lists and the home page can ask the database which
    reviews are overdue or due soon. Kept up to date by ``reviews.deadlines``, whenever a
    review, its rapid review, its agency contributions or its board's timescales are saved."""

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="deadlines")
    # The review's board and whether it is live (not closed, not proceeding), copied from the
    # review with its deadlines: the home page reads a board's live deadlines in due-date
    # order from one index, without stepping over those of closed reviews. (No index of its
    # own: a board with reviews cannot be deleted.)
    board = models.ForeignKey(
        "accounts.Board", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    live = models.BooleanField()
    # The milestone's key: "notification", "decision", ..., or "contribution-<pk>".
    key = models.CharField(max_length=40)
    due_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["due_on", "key"]
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="one_deadline_per_milestone")
        ]
        indexes = [
            models.Index(
                fields=["board", "due_on", "review"],
                condition=models.Q(live=True),
                name="deadline_live_board_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.key} due {self.due_on}"
