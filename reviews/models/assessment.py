"""Marker self-assessment: a rating and answers per marker of a review, evidence, assessment
points (snapshots) and the quality-assurance comment threads (marker 7).

Assessment rows are created lazily, on the first save of a marker: a review that has not
touched a marker holds no row for it, and a missing row reads as "not started". That keeps
review creation independent of this area and the table small at national scale.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from markers.models import Marker, Question
from reviews.files import upload_to_evidence
from reviews.models.review import Review
from scrqm.links import link


class Rating(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    MET = "met", "Met"
    PARTLY_MET = "partly_met", "Partly met"
    NOT_MET = "not_met", "Not met"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


# How far a rating goes towards the marker being met: a move up is better, down is worse.
# Not started and not applicable are not on the scale.
RATING_SCALE = {Rating.NOT_MET: 0, Rating.PARTLY_MET: 1, Rating.MET: 2}


def rating_direction(before: str, after: str) -> str:
    """ "better", "worse" or "" (no change, or a rating off the scale) from before to after."""
    a, b = RATING_SCALE.get(before), RATING_SCALE.get(after)
    if a is None or b is None or a == b:
        return ""
    return "better" if b > a else "worse"


# GOV.UK tag colour per rating, for task lists and summaries.
RATING_TAGS = {
    Rating.NOT_STARTED: "govuk-tag--grey",
    Rating.MET: "govuk-tag--green",
    Rating.PARTLY_MET: "govuk-tag--yellow",
    Rating.NOT_MET: "govuk-tag--red",
    Rating.NOT_APPLICABLE: "govuk-tag--grey",
}


class Answer(models.TextChoices):
    YES = "yes", "Yes"
    PARTLY = "partly", "Partly"
    NO = "no", "No"
    NOT_KNOWN = "not_known", "Not yet known"
    NOT_APPLICABLE = "not_applicable", "Not applicable"


class Progress(models.TextChoices):
    """Where the work on a marker stands (the GOV.UK task list status), apart from its rating."""

    NOT_STARTED = "not_started", "Not yet started"
    IN_PROGRESS = "in_progress", "In progress"
    COMPLETED = "completed", "Completed"


def marker_progress(rating: str, answered: int, questions: int, touched: bool) -> Progress:
    """A marker is completed when it is rated Met, Partly met or Not met with every question
    answered, or rated Not applicable (which always carries its reason). Anything recorded
    short of that (a rating, an answer, a note, commentary, evidence) is in progress."""
    if rating == Rating.NOT_APPLICABLE or (rating != Rating.NOT_STARTED and answered >= questions):
        return Progress.COMPLETED
    if touched or rating != Rating.NOT_STARTED or answered:
        return Progress.IN_PROGRESS
    return Progress.NOT_STARTED


class MarkerAssessmentQuerySet(models.QuerySet):
    # Writing in bulk bypasses the signals that keep the stored rating counts in step.
    def bulk_create(self, objs, *args, **kwargs):
        from reviews import rating_counts

        with transaction.atomic(savepoint=False):
            made = super().bulk_create(objs, *args, **kwargs)
            rating_counts.added([a.pk for a in made if a.pk is not None])
        return made

    def update(self, **kwargs):
        from reviews import rating_counts

        if not set(kwargs) & rating_counts.ASSESSMENT_FIELDS:
            return super().update(**kwargs)
        # (bulk_update writes through this update too.)
        with rating_counts.moving(self):
            return super().update(**kwargs)


class MarkerAssessment(models.Model):
    """The review's assessment of one marker. ``version`` goes up by one on every save, so a
    save made from a page opened at an older version is detected and refused."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessments")
    marker = models.ForeignKey(Marker, on_delete=models.PROTECT, related_name="+")
    rating = models.CharField(max_length=20, choices=Rating.choices, default=Rating.NOT_STARTED)
    not_applicable_reason = models.TextField("Why the marker does not apply", blank=True)
    commentary = models.TextField(blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    objects = MarkerAssessmentQuerySet.as_manager()

    class Meta:
        ordering = ["review", "marker__number"]
        constraints = [
            models.UniqueConstraint(fields=["review", "marker"], name="one_assessment_per_marker")
        ]

    def __str__(self) -> str:
        return f"{self.review.reference} QM{self.marker.number}: {self.get_rating_display()}"

    def save(self, *args, **kwargs):
        # One transaction from the signal before the save to the one after: the stored
        # rating counts move while the review is locked (reviews.rating_counts).
        with transaction.atomic(savepoint=False):
            super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("reviews:marker", args=[self.review_id, self.marker.number])

    def clean(self):
        if self.marker.marker_set_id != self.review.marker_set_id:
            raise ValidationError("This marker is not part of the review's marker set.")
        if self.rating == Rating.NOT_APPLICABLE and not self.not_applicable_reason.strip():
            raise ValidationError(
                {"not_applicable_reason": "Enter why the marker does not apply to this review"}
            )


class QuestionAnswer(models.Model):
    assessment = models.ForeignKey(
        MarkerAssessment, on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="+")
    # Blank: not answered yet. Saving one answer never requires the others.
    answer = models.CharField(max_length=20, choices=Answer.choices, blank=True)
    note = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["assessment", "question__number"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "question"], name="one_answer_each")
        ]
        # Analytics: the questions most often answered "no" or "not yet known", read from the
        # index alone (the few answers it holds, with their question).
        indexes = [
            models.Index(
                fields=["assessment"],
                include=["question", "answer"],
                condition=Q(answer__in=[Answer.NO, Answer.NOT_KNOWN]),
                name="answer_missed",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question}: {self.get_answer_display() or 'not answered'}"

    def clean(self):
        if self.question.marker_id != self.assessment.marker_id:
            raise ValidationError("This question belongs to another marker.")


class EvidenceQuerySet(models.QuerySet):
    def current(self) -> "EvidenceQuerySet":
        return self.filter(withdrawn_at__isnull=True)


class Evidence(models.Model):
    """A file, a link or a note supporting the assessment of one marker (and optionally some
    of its questions). Never deleted: withdrawn with a reason."""

    class Kind(models.TextChoices):
        FILE = "file", "A file"
        LINK = "link", "A link"
        NOTE = "note", "A note"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="evidence")
    marker = models.ForeignKey(Marker, on_delete=models.PROTECT, related_name="+")
    questions = models.ManyToManyField(Question, blank=True, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    title = models.CharField(max_length=200)
    dated_on = models.DateField("Date of the evidence", null=True, blank=True)
    description = models.TextField(blank=True)
    url = models.URLField("Link", max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    withdrawn_reason = models.TextField(blank=True)
    history = HistoricalRecords()

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-added_at", "-pk"]
        verbose_name_plural = "evidence"

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return link("reviews:evidence", self.review_id, self.pk)

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def withdraw(self, *, by, reason: str) -> None:
        if self.is_withdrawn:
            raise ValidationError("This evidence has already been withdrawn.")
        if not reason.strip():
            raise ValidationError({"reason": "Enter why the evidence is withdrawn"})
        self.withdrawn_at = timezone.now()
        self.withdrawn_by = by
        self.withdrawn_reason = reason
        self._history_user = by
        self.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])


class EvidenceFile(models.Model):
    """One version of an evidence file. Rows are never changed or deleted: replacing the file
    adds a version, and the latest version is the current one."""

    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="versions")
    file = models.FileField(upload_to=upload_to_evidence, max_length=200)
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.original_name

    @property
    def review_id(self) -> int:
        # Read by safe_upload_to: files are stored per review.
        return self.evidence.review_id


class AssessmentPoint(models.Model):
    """A snapshot of every rating and answer of a review at a named point. The contents are
    copied into JSON so they stay fixed however the live assessment moves on."""

    class Kind(models.TextChoices):
        PLANNING = "planning", "Planning, at the start of the review"
        PROGRESS = "progress", "Progress check"
        REFLECTION = "reflection", "End-of-review reflection"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="assessment_points")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    name = models.CharField(max_length=100, blank=True)
    taken_at = models.DateTimeField(auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # {"<marker number>": {"rating", "not_applicable_reason", "commentary",
    #                       "answers": {"<question number>": {"answer", "note"}}}}
    data = models.JSONField(default=dict, blank=True)
    signed_off_at = models.DateTimeField(null=True, blank=True)
    signed_off_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    sign_off_comment = models.TextField("Sign-off comment", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["taken_at", "pk"]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()

    def get_absolute_url(self) -> str:
        return reverse("reviews:point", args=[self.review_id, self.pk])

    @property
    def is_locked(self) -> bool:
        return self.signed_off_at is not None

    def sign_off(self, *, by, comment: str) -> None:
        if self.is_locked:
            raise ValidationError("This assessment point has already been signed off.")
        if not comment.strip():
            raise ValidationError("Enter a sign-off comment")
        self.signed_off_at = timezone.now()
        self.signed_off_by = by
        self.sign_off_comment = comment.strip()
        self._history_user = by
        self.save(update_fields=["signed_off_at", "signed_off_by", "sign_off_comment"])

    def rating_of(self, number: int) -> str:
        return self.data.get(str(number), {}).get("rating", Rating.NOT_STARTED)


class MarkerComment(models.Model):
    """Quality-assurance challenge (marker 7): board managers and chairs comment on a marker;
    the lead reviewer resolves a comment with a reply."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="marker_comments")
    marker = models.ForeignKey(Marker, on_delete=models.PROTECT, related_name="+")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField("Comment")
    created_at = models.DateTimeField(auto_now_add=True)
    reply = models.TextField(blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["created_at", "pk"]
        # Home pages: the open challenges, oldest first (issue 11).
        indexes = [
            models.Index(
                fields=["created_at", "id"],
                condition=Q(resolved_at__isnull=True),
                name="comment_open_oldest",
            )
        ]

    def __str__(self) -> str:
        return f"Comment by {self.author} on QM{self.marker.number}"

    @property
    def is_resolved(self) -> bool:
        return self.resolved_at is not None

    def resolve(self, *, by, reply: str) -> None:
        if self.is_resolved:
            raise ValidationError("This comment has already been resolved.")
        if not reply.strip():
            raise ValidationError({"reply": "Enter a reply to resolve the comment"})
        self.reply = reply
        self.resolved_at = timezone.now()
        self.resolved_by = by
        self._history_user = by
        self.save(update_fields=["reply", "resolved_at", "resolved_by"])
