"""Outputs and outcomes of a review: findings (markers 13, 14), improvement actions (15, 18),
the board's written response (16), publication (17) and the privacy check before it."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.db.models.functions import Coalesce
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.models import Agency
from reviews.files import upload_to_report_drafts
from reviews.models.review import Review, boards_seen_whole
from scrqm.links import link


def _d(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


class Finding(models.Model):
    """A finding or recommendation of the report, numbered within the review."""

    class Priority(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"
        LOW = "low", "Low"

    class Level(models.TextChoices):
        FRONTLINE = "frontline", "Frontline practice"
        TOOLS = "tools", "Tools and procedures"
        ORGANISATIONAL = "organisational", "Organisational"
        NATIONAL = "national", "National"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="findings")
    number = models.PositiveSmallIntegerField()
    text = models.TextField("Finding or recommendation")
    explanation = models.TextField(
        "Explanation of practice it rests on",
        help_text="Why practice happened as it did, as the analysis shows (marker 14).",
    )
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.MEDIUM)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.FRONTLINE)
    is_national = models.BooleanField(
        "National recommendation", default=False, help_text="Marker 16, question 7."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review", "number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "number"], name="unique_finding_number")
        ]

    def __str__(self) -> str:
        return f"Finding {self.number}"


# An action's due date: the revised target date if there is one. Filters and sorts use this
# expression as it is: the indexes on it (Action.Meta) answer them without reading every action.
DUE = Coalesce("revised_date", "target_date")
_OPEN = ~Q(status__in=["completed", "not_taken_forward"])  # Action.CLOSED_STATUSES


class ActionQuerySet(models.QuerySet):
    def open(self) -> "ActionQuerySet":
        return self.filter(_OPEN)

    def due_by(self, day: date) -> "ActionQuerySet":
        """Open actions whose (revised) target date is on or before ``day``."""
        return self.open().alias(due=DUE).filter(due__lte=day)

    def overdue(self, today: date | None = None) -> "ActionQuerySet":
        return self.open().alias(due=DUE).filter(due__lt=today or timezone.localdate())

    def visible_to(self, user) -> "ActionQuerySet":
        """The actions of the reviews this user may see (``Review.objects.visible_to``). Of
        whole boards, by their review's board: the semi-join with the visible reviews took
        PostgreSQL longer to plan (several ms) than the tracker's page took to read."""
        boards = boards_seen_whole(user)
        if boards is not None:
            return self.filter(review__board_id__in=boards)
        return self.filter(review__in=Review.objects.visible_to(user))

    def follow_boards(self) -> None:
        """Give these actions their review's board again (after their reviews changed board)."""
        board = Review.objects.filter(pk=models.OuterRef("review_id")).values("board_id")
        super().update(board_id=models.Subquery(board[:1]))

    def for_list(self) -> "ActionQuerySet":
        return self.select_related("review__board", "finding", "lead_agency", "owner")

    # Writing in bulk bypasses the signals that keep the stored action counts in step.
    def bulk_create(self, objs, *args, **kwargs):
        from reviews import action_counts

        objs = list(objs)
        # Each its review's board, as save() sets it; of reviews not loaded, read in one query.
        unset = [a for a in objs if a.board_id is None]
        unloaded = {a.review_id for a in unset if not Action.review.is_cached(a)}
        boards = dict(Review.objects.filter(pk__in=unloaded).values_list("pk", "board_id"))
        for a in unset:
            a.board_id = boards.get(a.review_id) if a.review_id in unloaded else a.review.board_id
        with transaction.atomic(savepoint=False):
            made = super().bulk_create(objs, *args, **kwargs)
            action_counts.added([a.pk for a in made if a.pk is not None])
        return made

    def update(self, **kwargs):
        from reviews import action_counts

        if not set(kwargs) & action_counts.ACTION_FIELDS:
            return super().update(**kwargs)
        # (bulk_update writes through this update too.)
        with action_counts.moving(self):
            return super().update(**kwargs)


class Action(models.Model):
    """An improvement action, as boards keep them in action-plan spreadsheets."""

    class Scope(models.TextChoices):
        LOCAL = "local", "Local"
        REGIONAL = "regional", "Regional"
        NATIONAL = "national", "National"

    class Level(models.TextChoices):
        INDIVIDUAL = "individual", "Individual"
        TEAM = "team", "Team"
        ORGANISATION = "organisation", "Organisation"
        PARTNERSHIP = "partnership", "Partnership"

    class Status(models.TextChoices):
        PROPOSED = "proposed", "Proposed"
        AGREED = "agreed", "Agreed"
        IN_PROGRESS = "in_progress", "In progress"
        COMPLETED = "completed", "Completed"
        NOT_TAKEN_FORWARD = "not_taken_forward", "Not taken forward"

    class Rating(models.TextChoices):
        ACHIEVED = "achieved", "Achieved"
        ON_TRACK = "on_track", "On track"
        SLIPPED = "slipped", "Slipped"
        NOT_ACHIEVED = "not_achieved", "Not achieved"

    class Impact(models.TextChoices):
        YES = "yes", "Yes"
        PARTLY = "partly", "Partly"
        NO = "no", "No"
        NOT_KNOWN = "not_known", "Not known yet"

    CLOSED_STATUSES = (Status.COMPLETED, Status.NOT_TAKEN_FORWARD)

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="actions")
    # The review's board, copied when the action is written (save, bulk_create) and moved with
    # the review (reviews.action_counts, ReviewQuerySet.update): the tracker's "Due date" sort
    # reads a board's actions in due-date order from one index, where it stepped over every
    # other board's (index action_board_due).
    board = models.ForeignKey(
        "accounts.Board", on_delete=models.CASCADE, related_name="+", editable=False, db_index=False
    )
    finding = models.ForeignKey(Finding, on_delete=models.PROTECT, related_name="actions")
    number = models.PositiveSmallIntegerField(help_text="Within its finding: 3.1, 3.2...")
    text = models.TextField("Action")
    scope = models.CharField(max_length=10, choices=Scope.choices, default=Scope.LOCAL)
    level = models.CharField(max_length=20, choices=Level.choices, default=Level.ORGANISATION)
    # Indexed with the due date (action_agency_due), not alone: PostgreSQL preferred an index
    # of the agency alone to the open ones' index, and read every action of the agency.
    lead_agency = models.ForeignKey(
        Agency, on_delete=models.PROTECT, related_name="actions", db_index=False
    )
    lead_officer = models.CharField(
        "Lead officer", max_length=200, blank=True, help_text="Name and job title."
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_actions",
        verbose_name="Owner in this service",
        help_text="A board member of the lead agency who keeps the action up to date and "
        "receives reminders. Leave empty to remind every board member of the lead agency.",
    )
    milestones = models.TextField(blank=True)
    target_date = models.DateField("Target date")
    success_measure = models.TextField("How success will be measured", blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.PROPOSED)
    not_taken_forward_reason = models.TextField("Reason not taken forward", blank=True)
    rating = models.CharField("Progress rating", max_length=20, choices=Rating.choices, blank=True)
    revised_date = models.DateField("Revised target date", null=True, blank=True)
    rating_reason = models.TextField(
        "Reason or explanation",
        blank=True,
        help_text="Why it slipped, or why it was not achieved.",
    )
    evidence_required = models.TextField("Evidence required", blank=True)
    evidence_received = models.TextField("Evidence received", blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Completion signed off by",
    )
    completed_on = models.DateField("Completion signed off on", null=True, blank=True)
    impact_on_practice = models.CharField(
        "Has it made a difference to practice?", max_length=10, choices=Impact.choices, blank=True
    )
    impact_on_children = models.CharField(
        "Has it made a difference to outcomes for children?",
        max_length=10,
        choices=Impact.choices,
        blank=True,
    )
    impact_notes = models.TextField("Evaluation of impact", blank=True)
    unintended_consequences = models.TextField(blank=True)
    follow_up_on = models.DateField("Follow-up monitoring date", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords(excluded_fields=["board"])  # the review's, not the action's

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["review", "finding__number", "number"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "number"], name="unique_action_number")
        ]
        indexes = [
            # The tracker's "Due date" sort reads actions in this order, a page at a time.
            models.Index(DUE, name="action_due"),
            # ... of the boards someone sees whole: a board's actions in due-date order.
            models.Index("board", DUE, name="action_board_due"),
            # Its "Overdue only" filter and count: open actions by due date, with their review.
            models.Index(DUE, "review", name="action_open_due", condition=_OPEN),
            # Its "Owner" choices: is there an action of this user in a review they can see?
            models.Index(fields=["owner", "review"], name="action_owner_review"),
            # An agency's actions (and the check that an agency deleted has none).
            models.Index("lead_agency", DUE, name="action_agency_due"),
            # Home pages: an agency's open actions by due date, and its overdue count; a
            # board's overdue count. They hold what the counts read, which come from the index
            # alone.
            models.Index(
                "lead_agency",
                DUE,
                name="action_open_by_agency_due",
                condition=_OPEN,
                include=["board", "revised_date", "target_date"],
            ),
            models.Index(
                "board",
                DUE,
                name="action_open_board_due",
                condition=_OPEN,
                include=["revised_date", "target_date"],
            ),
        ]

    def __str__(self) -> str:
        return f"Action {self.reference}"

    def save(self, *args, **kwargs):
        # One transaction from the signal before the save to the one after: the stored
        # action counts move while the review is locked (reviews.action_counts).
        if self.board_id is None and self.review_id is not None:
            self.board_id = self.review.board_id
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return link("reviews:action_detail", self.review_id, self.pk)

    @property
    def reference(self) -> str:
        return f"{self.finding.number}.{self.number}"

    @property
    def due_date(self) -> date:
        return self.revised_date or self.target_date

    @property
    def is_open(self) -> bool:
        return self.status not in self.CLOSED_STATUSES

    def is_overdue(self, today: date | None = None) -> bool:
        return self.is_open and self.due_date < (today or timezone.localdate())

    def clean(self):
        errors: dict[str, str] = {}
        received = getattr(self.review, "report_received_on", None)
        if self.target_date and received and self.target_date < received:
            errors["target_date"] = (
                "The target date must be on or after the date the report was received, "
                f"{_d(received)}"
            )
        if self.finding_id and self.review_id and self.finding.review_id != self.review_id:
            errors["finding"] = "The finding must belong to this review"
        if self.lead_agency_id and self.lead_agency.board_id != self.review.board_id:
            errors["lead_agency"] = "Choose an agency of this board"
        if (
            self.status == self.Status.NOT_TAKEN_FORWARD
            and not self.not_taken_forward_reason.strip()
        ):
            errors["not_taken_forward_reason"] = "Enter the reason the action is not taken forward"
        if self.status == self.Status.COMPLETED and not self.evidence_received.strip():
            errors["evidence_received"] = (
                "Enter the evidence received before marking the action completed"
            )
        if self.rating == self.Rating.SLIPPED:
            if not self.revised_date:
                errors["revised_date"] = "Enter the revised target date for a slipped action"
            elif self.target_date and self.revised_date <= self.target_date:
                errors["revised_date"] = (
                    f"The revised date must be after the target date, {_d(self.target_date)}"
                )
            if not self.rating_reason.strip():
                errors["rating_reason"] = "Enter the reason the action has slipped"
        if self.rating == self.Rating.NOT_ACHIEVED and not self.rating_reason.strip():
            errors["rating_reason"] = "Explain why the action was not achieved"
        if self.revised_date and not self.rating_reason.strip():
            # A target date is never moved without saying why (marker 15).
            errors.setdefault("rating_reason", "Enter the reason the target date was revised")
        if errors:
            raise ValidationError(errors)

    @property
    def awaits_verification(self) -> bool:
        """Marked completed by the lead agency, not yet verified by a board manager or chair."""
        return self.status == self.Status.COMPLETED and self.completed_on is None

    def sign_off(self, *, by, on: date, verifies: bool = True) -> None:
        """Record who signed off completion and when (kept if already signed off). Someone
        who may not verify (the lead agency's board member) leaves it waiting for
        verification by a board manager or chair."""
        if self.status == self.Status.COMPLETED and self.completed_on is None:
            if verifies:
                self.completed_by = by
                self.completed_on = on
        elif self.status != self.Status.COMPLETED:
            self.completed_by = None
            self.completed_on = None


class ActionUpdate(models.Model):
    """A dated progress update on an action."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    on = models.DateField("Date of the update")
    text = models.TextField("Progress")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-on", "-pk"]

    def __str__(self) -> str:
        return f"Update of {_d(self.on)}"


class BoardResponse(models.Model):
    """The board's written response (marker 16). Versions are kept by its history; the date
    agreed is the review's ``response_agreed_on``."""

    class Acceptance(models.TextChoices):
        FULLY = "fully", "Accepts the findings in full"
        IN_PART = "in_part", "Accepts the findings in part"
        NOT = "not", "Does not accept the findings"

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="board_response")
    text = models.TextField("Written response")
    acceptance = models.CharField(
        "Does the board accept the findings?", max_length=10, choices=Acceptance.choices
    )
    acceptance_reasons = models.TextField(
        "Reasons", blank=True, help_text="Required when the board does not accept them in full."
    )
    priorities = models.TextField(
        "Priorities for action and their fit with the learning and improvement framework",
        blank=True,
    )
    monitoring = models.TextField("How the effectiveness of action will be monitored", blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return "Board written response"

    def clean(self):
        if self.acceptance in (self.Acceptance.IN_PART, self.Acceptance.NOT) and not (
            self.acceptance_reasons.strip()
        ):
            raise ValidationError(
                {"acceptance_reasons": "Enter the reasons the board does not accept all findings"}
            )


class Publication(models.Model):
    """Publication of the report and response (marker 17). The dates sent to the national
    bodies and published are the review's key dates."""

    class Status(models.TextChoices):
        NOT_YET = "not_yet", "Not yet published"
        PUBLISHED = "published", "Published"
        DELAYED = "delayed", "Delayed by parallel proceedings"
        UNPUBLISHED = "unpublished", "Not to be published"
        WITHDRAWN = "withdrawn", "No longer published"

    review = models.OneToOneField(Review, on_delete=models.CASCADE, related_name="publication")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_YET)
    planned_on = models.DateField("Planned publication date", null=True, blank=True)
    where_published = models.CharField("Where published", max_length=300, blank=True)
    available_until = models.DateField("Available until", null=True, blank=True)
    parallel_process = models.ForeignKey(
        "reviews.ParallelProcess",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="Delayed by",
    )
    delayed_until = models.DateField("Delayed until", null=True, blank=True)
    status_reason = models.TextField(
        "Reason", blank=True, help_text="Why it is not to be published, or no longer published."
    )
    family_informed_on = models.DateField("Family informed", null=True, blank=True)
    family_support = models.TextField("Support offered to the family", blank=True)
    professionals_informed_on = models.DateField("Professionals informed", null=True, blank=True)
    professionals_support = models.TextField("Support offered to professionals", blank=True)
    media_strategy = models.BooleanField("A media strategy is in place", default=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    def __str__(self) -> str:
        return "Publication"


class RestrictedTerm(models.Model):
    """An identifying detail that must not appear in what is published. Only the review team
    sees these; they are never exported."""

    class Kind(models.TextChoices):
        NAME = "name", "Name of the child or a family member"
        DATE_OF_BIRTH = "dob", "Date of birth"
        ADDRESS = "address", "Address"
        SCHOOL = "school", "School or setting"
        CONDITION = "condition", "Exact condition"
        OTHER = "other", "Other identifying detail"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="restricted_terms")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.NAME)
    term = models.CharField("Detail", max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "term"]
        constraints = [
            models.UniqueConstraint(fields=["review", "term"], name="unique_restricted_term")
        ]

    def __str__(self) -> str:
        return "Restricted detail"  # never the term itself: __str__ ends up in logs and history


class ReportDraft(models.Model):
    """An uploaded draft of the report, stored by reviews/files.py; its text is kept for the
    privacy check."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="report_drafts")
    file = models.FileField(upload_to=upload_to_report_drafts)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    text = models.TextField(blank=True, editable=False)
    # The privacy check's hits in this draft, found once at upload, and the restricted list
    # they were found with: the draft is scanned again only when that list changes.
    hits = models.JSONField(default=list, blank=True, editable=False)
    checked_terms = models.CharField(max_length=64, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    # A board manager withdraws a draft that should not be checked or published any more.
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords(excluded_fields=["text", "hits"])

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name


class PrivacyAcknowledgement(models.Model):
    """A board manager has looked at one hit of the privacy check and says why it may stay."""

    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="privacy_acknowledgements"
    )
    fingerprint = models.CharField(max_length=64)
    source_label = models.CharField(max_length=200)
    reason = models.TextField()
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["review", "fingerprint"], name="unique_privacy_acknowledgement"
            )
        ]

    def __str__(self) -> str:
        return f"Privacy check hit in {self.source_label}"


class ReminderLog(models.Model):
    """What ``send_action_reminders`` sent, one row per person, kind and day: running the
    command twice on a day sends nothing the second time."""

    class Kind(models.TextChoices):
        OWNER = "owner", "Actions due or overdue"
        DIGEST = "digest", "Board manager digest"

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_on = models.DateField()
    action_count = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "sent_on"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} to {self.user} on {_d(self.sent_on)}"
