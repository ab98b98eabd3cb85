from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.access import boards_where
from accounts.models import Board, Membership
from markers.models import MarkerSet


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewQuerySet":
        """The reviews this user may see: used by every list, dashboard, export and report.

        Board managers, chairs and board members see their boards' reviews; lead reviewers
        see only the reviews they have a role on.
        """
        if not user.is_authenticated:
            return self.none()
        board_wide = boards_where(
            user, Membership.Role.BOARD_MANAGER, Membership.Role.CHAIR, Membership.Role.BOARD_MEMBER
        )
        member_of = boards_where(user, *Membership.Role.values)
        on_review = ReviewRole.objects.filter(review=OuterRef("pk"), user=user)
        return self.filter(
            Q(board_id__in=board_wide) | Q(Exists(on_review), board_id__in=member_of)
        )


class Review(models.Model):
    class Kind(models.TextChoices):
        RAPID = "rapid", "Rapid review"
        SCR = "scr", "Serious case review"
        LCSPR = "lcspr", "Local child safeguarding practice review"
        OTHER = "other", "Other case review"

    class Stage(models.TextChoices):
        REFERRAL = "referral", "Referral"
        SETUP = "setup", "Setting up"
        RUNNING = "running", "Running"
        OUTPUTS = "outputs", "Outputs"
        MONITORING = "monitoring", "Monitoring"
        CLOSED = "closed", "Closed"
        NOT_PROCEEDING = "not_proceeding", "Not proceeding"

    board = models.ForeignKey(Board, on_delete=models.PROTECT, related_name="reviews")
    marker_set = models.ForeignKey(
        MarkerSet,
        on_delete=models.PROTECT,
        related_name="reviews",
        help_text="The quality markers this review is assessed against.",
    )
    reference = models.CharField(
        max_length=30, help_text="Unique within the board, e.g. SCR-2026-004."
    )
    title = models.CharField(
        "Working title",
        max_length=100,
        help_text='A pseudonym, never a real name: for example "Child R".',
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.SCR)
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.REFERRAL)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["board", "reference"], name="unique_reference_per_board"
            )
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", args=[self.pk])


class ReviewRole(models.Model):
    """A person in a role on one review. Lead reviewers and panel members see only these reviews."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chair"
        LEAD_REVIEWER = "lead_reviewer", "Lead reviewer"
        BOARD_MANAGER = "board_manager", "Board manager"
        PANEL_MEMBER = "panel_member", "Panel member"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="roles")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="review_roles"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    history = HistoricalRecords()

    class Meta:
        ordering = ["role", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user", "role"], name="unique_review_role")
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class StageMove(models.Model):
    """One change of stage: who, when, why. A move back is a reversal and needs a reason."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="stage_moves")
    from_stage = models.CharField(max_length=20, choices=Review.Stage.choices)
    to_stage = models.CharField(max_length=20, choices=Review.Stage.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    reason = models.TextField(blank=True)
    is_reversal = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"
