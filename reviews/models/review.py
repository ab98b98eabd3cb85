from contextlib import ExitStack
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import DateField, Exists, Func, OuterRef, Q
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from accounts.access import boards_where
from accounts.models import Board, Membership
from markers.models import MarkerSet
from scrqm.links import link

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


class Missing(NamedTuple):
    """Something a review must record before a stage, and the page where it is recorded."""

    text: str
    url: str


# How each key date is named in a sentence ("The decision date must be on or after...").
KEY_DATE_NOUNS = {
    "incident_on": "incident date",
    "aware_on": "date the local authority became aware",
    "notified_on": "notification date",
    "referral_on": "referral date",
    "info_requested_on": "date information was requested",
    "info_received_on": "date information was received",
    "decision_on": "decision date",
    "board_advised_on": "date board members were advised",
    "family_informed_on": "date the family was informed",
    "tor_agreed_on": "date the terms of reference were agreed",
    "lead_reviewer_commissioned_on": "date the lead reviewer was commissioned",
    "report_received_on": "date the report was received",
    "presented_to_board_on": "date the report was presented to the board",
    "response_agreed_on": "date the board response was agreed",
    "sent_to_national_bodies_on": "date the report was sent to the national bodies",
    "published_on": "publication date",
    "closed_on": "closing date",
}

# (later, earlier): the later date must be on or after the earlier one when both are known.
KEY_DATE_ORDER = [
    ("aware_on", "incident_on"),
    ("notified_on", "aware_on"),
    ("referral_on", "incident_on"),
    ("info_requested_on", "referral_on"),
    ("info_received_on", "info_requested_on"),
    ("decision_on", "referral_on"),
    ("board_advised_on", "decision_on"),
    ("tor_agreed_on", "decision_on"),
    ("lead_reviewer_commissioned_on", "decision_on"),
    ("report_received_on", "decision_on"),
    ("presented_to_board_on", "report_received_on"),
    ("response_agreed_on", "report_received_on"),
    ("published_on", "response_agreed_on"),
    ("closed_on", "referral_on"),
]


def on_or_after_errors(values: dict, order, nouns: dict, editable=None) -> dict[str, str]:
    """Messages for dates entered in the wrong order, keyed by the later field; or by the
    earlier one when only that one is ``editable`` (a form showing some of the dates)."""
    errors = {}
    for later, earlier in order:
        a, b = values.get(later), values.get(earlier)
        if not (a and b and a < b):
            continue
        if editable is None or later in editable:
            if later not in errors:
                errors[later] = (
                    f"The {nouns[later]} must be on or after the {nouns[earlier]}, "
                    f"{b.day} {b:%B %Y}"
                )
        elif earlier in editable and earlier not in errors:
            errors[earlier] = (
                f"The {nouns[earlier]} must be on or before the {nouns[later]}, {a.day} {a:%B %Y}"
            )
    return errors


def _key_date(name: str) -> models.DateField:
    return models.DateField(KEY_DATE_LABELS[name], null=True, blank=True)


class UTCDay(Func):
    """The calendar day (UTC) of a date and time, as an expression an index can hold: on
    PostgreSQL ``created_at::date`` depends on the session's time zone, so no index may use it;
    ``(created_at AT TIME ZONE 'UTC')::date`` is the same day (Django's sessions are in UTC).
    Migration 0008 refers to it."""

    arity = 1
    output_field = DateField()

    def as_sql(self, compiler, connection, **extra):
        return compiler.compile(Cast(self.source_expressions[0], DateField()))

    def as_postgresql(self, compiler, connection, **extra):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"(({sql} AT TIME ZONE 'UTC')::date)", params


def started_on() -> Coalesce:
    """When a review entered the board's books: its referral, else when the board became aware,
    else the day it was opened. Analytics count a review in the period of this date.

    An index of (board, this date) was tried (migrations 0008, 0011) and removed: with its
    exact estimate of a year's reviews (a fifth of the benchmark's one board), PostgreSQL read
    every assessment, answer and action of every year through hash joins, slower than looking
    the year's up from the reviews found among the board's (its plan without the index)."""
    return Coalesce("referral_on", "aware_on", UTCDay("created_at"), output_field=DateField())


def boards_seen(user) -> tuple[list[int], list[int]]:
    """The boards whose every review this user sees (board managers, chairs and members), and
    those where they see only the reviews they have a role on."""
    board_wide = boards_where(
        user, Membership.Role.BOARD_MANAGER, Membership.Role.CHAIR, Membership.Role.BOARD_MEMBER
    )
    on_review_only = [b for b in boards_where(user, *Membership.Role.values) if b not in board_wide]
    return board_wide, on_review_only


def boards_seen_whole(user) -> list[int] | None:
    """The boards whose reviews are all the reviews this user sees (``visible_to``), or None
    when they see some reviews of a board only by their role on them."""
    if not user.is_authenticated:
        return []
    board_wide, on_review_only = boards_seen(user)
    return None if on_review_only else board_wide


class ReviewQuerySet(models.QuerySet):
    def visible_to(self, user) -> "ReviewQuerySet":
        """The reviews this user may see: used by every list, dashboard, export and report.

        Board managers, chairs and board members see their boards' reviews; lead reviewers
        see only the reviews they have a role on.
        """
        if not user.is_authenticated:
            return self.none()
        board_wide, on_review_only = boards_seen(user)
        # Only the boards not seen whole ask for a role: a plain "board_id IN" lets the
        # database use the board's indexes for the lists' filters and sorts.
        visible = Q(board_id__in=board_wide)
        if on_review_only:
            on_review = ReviewRole.objects.filter(review=OuterRef("pk"), user=user)
            visible |= Q(Exists(on_review), board_id__in=on_review_only)
        return self.filter(visible)

    # Saving reviews in bulk bypasses the signals that keep their deadlines up to date.
    def bulk_create(self, objs, *args, **kwargs):
        from reviews import deadlines

        made = super().bulk_create(objs, *args, **kwargs)
        deadlines.refresh([r.pk for r in made if r.pk is not None])
        return made

    def update(self, **kwargs):
        from reviews import action_counts, deadlines, rating_counts, role_counts
        from reviews.models import Action, MarkerAssessment

        if not set(kwargs) & deadlines.review_fields():
            return super().update(**kwargs)
        ids = list(self.values_list("pk", flat=True))
        with ExitStack() as moves:
            # The reviews' assessments (and actions) move to their new board or stage in the
            # stored counts.
            if set(kwargs) & rating_counts.REVIEW_FIELDS:
                moves.enter_context(
                    rating_counts.moving(MarkerAssessment.objects.filter(review__in=self))
                )
            if set(kwargs) & action_counts.REVIEW_FIELDS:
                moves.enter_context(action_counts.moving(Action.objects.filter(review__in=self)))
            if set(kwargs) & role_counts.REVIEW_FIELDS:
                roles = ReviewRole.objects.filter(review__in=self)
                moves.enter_context(role_counts.moving_reviews(roles))
            changed = super().update(**kwargs)
            if set(kwargs) & action_counts.REVIEW_FIELDS:
                Action.objects.filter(review_id__in=ids).follow_boards()
        deadlines.refresh(ids)
        return changed


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
        indexes = [
            # The reviews list's sorts within a board: a page is read in index order (issue 11).
            models.Index(fields=["board", "-created_at", "-id"], name="review_board_newest"),
            models.Index(fields=["board", "referral_on", "id"], name="review_board_referral"),
            models.Index(fields=["board", "title", "reference"], name="review_board_title"),
            models.Index(fields=["board", "kind", "reference"], name="review_board_kind"),
            # Lists in reference order (the actions tracker's default sort) read a page at a time.
            models.Index(fields=["reference", "id"], name="review_reference_order"),
            # The home page's live reviews by stage: counted from this index alone.
            models.Index(
                fields=["board", "stage"],
                condition=~models.Q(stage__in=["closed", "not_proceeding"]),
                name="review_live_by_stage",
            ),
            # The home pages' referrals waiting for a decision, in reference order: read until
            # the first five without one, not every referral of the board sorted.
            models.Index(
                fields=["board", "reference"],
                condition=models.Q(stage="referral"),
                name="review_referral_reference",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def save(self, *args, **kwargs):
        # One transaction from the signal before the save to the one after: the stored
        # rating counts move with a change of board or stage (reviews.rating_counts), and
        # the action and role counts with a change of board (reviews.action_counts,
        # reviews.role_counts).
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return link("reviews:detail", self.pk)

    def clean_fields(self, exclude=None):
        """Key dates in order, naming both dates. Checked here rather than in ``clean()`` so
        that a model form showing only some of the dates gets the message on one of its own
        fields (``exclude`` lists the fields it does not show)."""
        errors = {}
        try:
            super().clean_fields(exclude=exclude)
        except ValidationError as e:
            errors = e.update_error_dict(errors)
        values = {name: getattr(self, name) for name, _ in KEY_DATES}
        editable = {name for name, _ in KEY_DATES if name not in (exclude or ())}
        for name, message in on_or_after_errors(
            values, KEY_DATE_ORDER, KEY_DATE_NOUNS, editable
        ).items():
            errors.setdefault(name, []).append(message)
        if errors:
            raise ValidationError(errors)

    # --- Lifecycle ------------------------------------------------------------------------

    FORWARD = [
        Stage.REFERRAL,
        Stage.SETUP,
        Stage.RUNNING,
        Stage.OUTPUTS,
        Stage.MONITORING,
        Stage.CLOSED,
    ]

    @property
    def focus_cluster(self) -> int:
        """The cluster of markers most in play at this stage (PRODUCT.md, "The lifecycle of a
        review"): setting up before the review runs, running, then outputs and outcomes."""
        S = self.Stage
        if self.stage == S.RUNNING:
            return 2
        if self.stage in (S.OUTPUTS, S.MONITORING, S.CLOSED):
            return 3
        return 1

    @property
    def is_live(self) -> bool:
        return self.stage not in (self.Stage.CLOSED, self.Stage.NOT_PROCEEDING)

    def stage_position(self) -> int:
        """1-based place in the forward stages (not proceeding counts as the end)."""
        if self.stage == self.Stage.NOT_PROCEEDING:
            return len(self.FORWARD)
        return self.FORWARD.index(self.stage) + 1

    def next_stages(self) -> list[str]:
        """Where the review can go forward from here."""
        if self.stage == self.Stage.REFERRAL:
            return [self.Stage.SETUP, self.Stage.NOT_PROCEEDING]
        if self.stage in self.FORWARD[:-1]:
            return [self.FORWARD[self.FORWARD.index(self.stage) + 1]]
        return []

    def earlier_stages(self) -> list[str]:
        """Where a board manager can move the review back to, with a reason."""
        if self.stage == self.Stage.NOT_PROCEEDING:
            return [self.Stage.REFERRAL]
        return self.FORWARD[: self.FORWARD.index(self.stage)]

    def _hold_decisions(self) -> list:
        return [d for d in self.decisions.all() if d.kind == "hold" and d.withdrawn_at is None]

    def lead_reviewers(self) -> list:
        return [r.user for r in self.roles.all() if r.role == ReviewRole.Role.LEAD_REVIEWER]

    def key_date_url(self, name: str) -> str:
        """The key dates form, at the day box of the date ``name``."""
        return reverse("reviews:dates", args=[self.pk]) + f"#id_{name}_0"

    def missing_for(self, stage: str) -> list["Missing"]:
        """What the review still lacks before it can enter ``stage``: each item in words for
        the user, with the page where it is recorded."""
        from reviews.models.records import Referral, TermsOfReference

        missing = []
        S = self.Stage

        def page(name: str, query: str = "") -> str:
            return reverse(f"reviews:{name}", args=[self.pk]) + query

        if stage == S.SETUP:
            try:
                self.referral  # noqa: B018 - does the record exist?
            except Referral.DoesNotExist:
                missing.append(Missing("the referral and its rationale", page("referral")))
            if not any(d.outcome == "proceed" for d in self._hold_decisions()):
                missing.append(
                    Missing(
                        "the chair's decision to hold a review, with its rationale",
                        page("decision_add", "?kind=hold"),
                    )
                )
        elif stage == S.NOT_PROCEEDING:
            if not any(d.outcome == "not_proceed" for d in self._hold_decisions()):
                missing.append(
                    Missing(
                        "the chair's decision not to hold a review, with its rationale",
                        page("decision_add", "?kind=hold"),
                    )
                )
        elif stage == S.RUNNING:
            if not self.lead_reviewers():
                missing.append(Missing("a lead reviewer on the review", page("people")))
            if not self.lead_reviewer_commissioned_on:
                missing.append(self._missing_date("lead_reviewer_commissioned_on"))
            try:
                self.terms_of_reference  # noqa: B018
            except TermsOfReference.DoesNotExist:
                missing.append(Missing("the terms of reference", page("tor")))
            if not self.tor_agreed_on:
                missing.append(self._missing_date("tor_agreed_on"))
            if not self.board_advised_on:
                missing.append(self._missing_date("board_advised_on"))
        elif stage == S.OUTPUTS:
            if not self.report_received_on:
                missing.append(self._missing_date("report_received_on"))
        elif stage == S.MONITORING:
            if not self.response_agreed_on:
                missing.append(self._missing_date("response_agreed_on"))
        elif stage == S.CLOSED:
            publication = [
                d for d in self.decisions.all() if d.kind == "publication" and not d.withdrawn_at
            ]
            if not self.published_on and not publication:
                missing.append(
                    Missing(
                        "the publication date, or a decision about publication",
                        self.key_date_url("published_on"),
                    )
                )
        return missing

    def _missing_date(self, name: str) -> "Missing":
        return Missing(f"the {KEY_DATE_NOUNS[name]}", self.key_date_url(name))

    def move_to(self, stage: str, *, by, reason: str = "") -> "StageMove":
        """Change stage, recording who, when and why. Raises ValidationError with what is
        missing, or why the move is not possible."""
        if stage == self.stage:
            raise ValidationError(f"The review is already at the stage {self.get_stage_display()}.")
        is_reversal = stage in self.earlier_stages()
        if is_reversal:
            if not reason.strip():
                raise ValidationError("Enter the reason for moving the review back.")
        elif stage in self.next_stages():
            missing = self.missing_for(stage)
            if missing:
                label = self.Stage(stage).label
                raise ValidationError([f"Before {label}, record {item.text}." for item in missing])
        else:
            raise ValidationError(
                f"The review cannot move from {self.get_stage_display()} to "
                f"{self.Stage(stage).label}: it moves forward one stage at a time."
            )
        with transaction.atomic():
            move = StageMove.objects.create(
                review=self,
                from_stage=self.stage,
                to_stage=stage,
                by=by,
                reason=reason.strip(),
                is_reversal=is_reversal,
            )
            self.stage = stage
            fields = ["stage", "updated_at"]
            if stage == self.Stage.CLOSED and not self.closed_on:
                self.closed_on = timezone.localdate()
                fields.append("closed_on")
            elif is_reversal and self.closed_on:
                # Reopened: no longer closed.
                self.closed_on = None
                fields.append("closed_on")
            self._history_user = by
            self.save(update_fields=fields)
        return move


class ReviewRoleQuerySet(models.QuerySet):
    # Writing in bulk bypasses the signals that keep the stored role counts in step.
    def bulk_create(self, objs, *args, **kwargs):
        from reviews import role_counts

        with transaction.atomic(savepoint=False):
            made = super().bulk_create(objs, *args, **kwargs)
            role_counts.added([r.pk for r in made if r.pk is not None])
        return made

    def update(self, **kwargs):
        from reviews import role_counts

        if not set(kwargs) & role_counts.ROLE_FIELDS:
            return super().update(**kwargs)
        # (bulk_update writes through this update too.)
        with role_counts.moving(self):
            return super().update(**kwargs)

    def delete(self):
        from reviews import role_counts

        # Their figures all at once: one role at a time, a pair of two of them would be taken
        # away twice (reviews.role_counts).
        with role_counts.moving(self):
            return super().delete()


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

    objects = ReviewRoleQuerySet.as_manager()

    class Meta:
        ordering = ["role", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["review", "user", "role"], name="unique_review_role")
        ]
        # Someone's reviews in a role: the reviews list's lead reviewer filter, home pages.
        indexes = [models.Index(fields=["user", "role", "review"], name="reviewrole_user_role")]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"

    def save(self, *args, **kwargs):
        # One transaction from the signal before the save to the one after: the stored
        # role counts move while the review is locked (reviews.role_counts).
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)


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


class FormSubmission(models.Model):
    """The token of one add form, used up by its first save: submitted twice (a double click,
    a resent request), the form adds one record (``reviews.conflicts``)."""

    token = models.UUIDField(unique=True)
    model = models.CharField(max_length=100, blank=True)
    object_id = models.PositiveBigIntegerField(null=True)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return str(self.token)
