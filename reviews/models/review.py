from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from simple_history.models import HistoricalRecords

from accounts.access import boards_where
from accounts.models import Board, Membership
from markers.models import MarkerSet

# Every key date a review holds, in lifecycle order: (field name, label). Review is the single
# source of truth for these dates; timescales, the timeline and other areas read them here.
KEY_DATES = [
    ("incident_on", "Incident"),
    ("aware_on", "Local authority became aware"),
    ("notified_on", "National bodies notified"),
    ("referral_on", "Referral"),
    ("info_requested_on", "Information requested from agencies"),
    ("info_received_on", "Information received from agencies"),
    ("decision_on", "Decision whether to hold a review"),
    ("board_advised_on", "Board members advised"),
    ("family_informed_on", "Family informed"),
    ("tor_agreed_on", "Terms of reference agreed"),
    ("lead_reviewer_commissioned_on", "Lead reviewer commissioned"),
    ("report_received_on", "Report received"),
    ("presented_to_board_on", "Report presented to the board"),
    ("response_agreed_on", "Board response agreed"),
    ("sent_to_national_bodies_on", "Report sent to the national bodies"),
    ("published_on", "Report published"),
    ("closed_on", "Review closed"),
]
KEY_DATE_LABELS = dict(KEY_DATES)


def _key_date(name: str) -> models.DateField:
    return models.DateField(KEY_DATE_LABELS[name], null=True, blank=True)


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
    converted_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="converted_to",
        help_text="The rapid review this full review was converted from.",
    )
    themes = models.ManyToManyField("reviews.Theme", blank=True, related_name="reviews")
    budget = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    actual_cost = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)

    incident_on = _key_date("incident_on")
    aware_on = _key_date("aware_on")
    notified_on = _key_date("notified_on")
    referral_on = _key_date("referral_on")
    info_requested_on = _key_date("info_requested_on")
    info_received_on = _key_date("info_received_on")
    decision_on = _key_date("decision_on")
    board_advised_on = _key_date("board_advised_on")
    family_informed_on = _key_date("family_informed_on")
    tor_agreed_on = _key_date("tor_agreed_on")
    lead_reviewer_commissioned_on = _key_date("lead_reviewer_commissioned_on")
    report_received_on = _key_date("report_received_on")
    presented_to_board_on = _key_date("presented_to_board_on")
    response_agreed_on = _key_date("response_agreed_on")
    sent_to_national_bodies_on = _key_date("sent_to_national_bodies_on")
    published_on = _key_date("published_on")
    closed_on = _key_date("closed_on")

    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(m2m_fields=[themes])

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
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_from_stage_display()} → {self.get_to_stage_display()}"
