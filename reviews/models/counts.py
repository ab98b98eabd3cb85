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


class ActionCount(models.Model):
    """How many of a board's actions have one lead agency, one owner (0: none) and one
    status: the stored figures the actions tracker adds up for its count, so that a request
    does not count every action of the board. Kept equal to a count of the actions by
    ``reviews.action_counts`` whenever an action or a review's board changes."""

    board = models.ForeignKey("accounts.Board", on_delete=models.CASCADE, related_name="+")
    lead_agency_id = models.BigIntegerField()
    owner_id = models.BigIntegerField()  # 0: no owner
    status = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "lead_agency_id", "owner_id", "status"],
                name="one_count_per_action_kind",
            )
        ]

    def __str__(self) -> str:
        return (
            f"board {self.board_id}, agency {self.lead_agency_id}, owner {self.owner_id}, "
            f"{self.status}: {self.n}"
        )


class ActionDueCount(models.Model):
    """How many of a board's open actions fall due on one day (their revised target date if
    there is one): the stored figures the actions tracker adds up for its "Overdue only"
    count (the days before today), so that a request does not read every overdue action of
    the board. Kept equal to a count of the actions by ``reviews.action_counts``, with
    ``ActionCount``."""

    board = models.ForeignKey("accounts.Board", on_delete=models.CASCADE, related_name="+")
    due = models.DateField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "due"], name="one_count_per_due_day")
        ]

    def __str__(self) -> str:
        return f"board {self.board_id}, due {self.due}: {self.n}"


class RoleCount(models.Model):
    """How many of a board's reviews one person holds one role on: the stored figures the
    reviews list reads for its lead reviewer filter (who leads a review of the board, and how
    many), so that a request does not read every role of the board. Kept equal to a count of
    the roles by ``reviews.role_counts`` whenever a role or a review's board changes."""

    board = models.ForeignKey("accounts.Board", on_delete=models.CASCADE, related_name="+")
    user_id = models.BigIntegerField()
    role = models.CharField(max_length=20)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "role", "user_id"], name="one_count_per_person_role"
            )
        ]

    def __str__(self) -> str:
        return f"board {self.board_id}, user {self.user_id}, {self.role}: {self.n}"


class TeamLeadCount(models.Model):
    """How many of a board's reviews one person is on (in any role; once per role) with one
    lead reviewer: the stored figures the reviews list reads for the lead reviewer filter of
    someone who sees only their own reviews (the leads of those), so that a request does not
    read every role of every review they are on. Kept equal to a count of the pairs of roles
    by ``reviews.role_counts``, with ``RoleCount``."""

    board = models.ForeignKey("accounts.Board", on_delete=models.CASCADE, related_name="+")
    user_id = models.BigIntegerField()
    lead_id = models.BigIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["board", "user_id", "lead_id"], name="one_count_per_team_lead"
            )
        ]

    def __str__(self) -> str:
        return f"board {self.board_id}, user {self.user_id} with lead {self.lead_id}: {self.n}"


class OnReviewCount(models.Model):
    """How many of a board's reviews one person holds a role on (one or more): the stored
    figure the reviews list reads for its count for someone who sees only their own reviews,
    so that a request does not read every role they hold. Kept equal to a count of the
    reviews by ``reviews.role_counts``, with ``RoleCount``."""

    board = models.ForeignKey("accounts.Board", on_delete=models.CASCADE, related_name="+")
    user_id = models.BigIntegerField()
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["board", "user_id"], name="one_count_per_person")
        ]

    def __str__(self) -> str:
        return f"board {self.board_id}, user {self.user_id}: {self.n}"
