from django.db import models


class Deadline(models.Model):
    """A milestone of a review not yet met, with its due date: the stored copy of what
    ``reviews.timescales.review_milestones`` computes (working days and bank holidays are
    worked out in Python), so that lists and the home page can ask the database which
    reviews are overdue or due soon. Kept up to date by ``reviews.deadlines``, whenever a
    review, its rapid review, its agency contributions or its board's timescales are saved."""

    review = models.ForeignKey("reviews.Review", on_delete=models.CASCADE, related_name="deadlines")
    # The milestone's key: "notification", "decision", ..., or "contribution-<pk>".
    key = models.CharField(max_length=40)
    due_on = models.DateField(db_index=True)

    class Meta:
        ordering = ["due_on", "key"]
        constraints = [
            models.UniqueConstraint(fields=["review", "key"], name="one_deadline_per_milestone")
        ]

    def __str__(self) -> str:
        return f"{self.key} due {self.due_on}"
