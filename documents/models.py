"""Generated reports are records: every document made is kept (file, SHA-256, who, when,
which review, point or marker, the data it was made from and its SHA-256), and every download
of one is recorded too. Both appear in the review's history.

``source`` says which state of the review a report shows (``documents.freshness``): a request
whose source is unchanged gets the stored file, without gathering the data again."""

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from markers.models import Marker
from reviews.files import safe_upload_to
from reviews.models import AssessmentPoint, Review

# Stored as reports/<review id>/<random>.<ext> under MEDIA_ROOT, outside any web root, and
# served only through a view that checks access. (Migrations find it by this module path.)
upload_to_reports = safe_upload_to("reports")
upload_to_reports.__module__ = __name__
upload_to_reports.__qualname__ = "upload_to_reports"


class GeneratedReport(models.Model):
    class Kind(models.TextChoices):
        QA_PDF = "qa_pdf", "Quality-assurance summary (PDF)"
        QA_DOCX = "qa_docx", "Quality-assurance summary (Word)"
        MARKER_PDF = "marker_pdf", "Marker page (PDF)"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="generated_reports")
    point = models.ForeignKey(
        AssessmentPoint,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="generated_reports",
        help_text="Empty: the review as it stood when the report was generated.",
    )
    marker = models.ForeignKey(
        Marker,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="For the page of one marker.",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    file = models.FileField(upload_to=upload_to_reports, max_length=200)
    content_type = models.CharField(max_length=120)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField("SHA-256", max_length=64)
    fingerprint = models.CharField(
        max_length=64, help_text="SHA-256 of the data the report was made from."
    )
    data = models.JSONField(
        "data it was made from", default=dict, blank=True, help_text="As laid out, redacted."
    )
    source = models.CharField(
        "state of the review",
        max_length=64,
        blank=True,
        help_text="The latest change to anything the report shows when it was made.",
    )
    pages = models.PositiveIntegerField(null=True, blank=True)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    generated_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["file", "data"])

    class Meta:
        ordering = ["-generated_at", "-pk"]
        indexes = [models.Index(fields=["review", "kind", "source"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, {self.about}"

    @property
    def about(self) -> str:
        if self.point_id:
            return f"assessment point “{self.point}”"
        if self.marker_id:
            return f"QM{self.marker.number} as the review stood"
        return "the review as it stood"

    @property
    def extension(self) -> str:
        return ".docx" if self.kind == self.Kind.QA_DOCX else ".pdf"

    @property
    def download_name(self) -> str:
        when = self.generated_at.strftime("%Y-%m-%d-%H%M")
        if self.marker_id:
            return f"{self.review.reference}-qm{self.marker.number}-{when}{self.extension}"
        which = f"point-{self.point_id}" if self.point_id else "current"
        return f"{self.review.reference}-qa-summary-{which}-{when}{self.extension}"


class ReportDownload(models.Model):
    report = models.ForeignKey(GeneratedReport, on_delete=models.CASCADE, related_name="downloads")
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"Download of {self.report} by {self.by}"
