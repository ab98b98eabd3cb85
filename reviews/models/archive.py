from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords

from reviews.models.review import Review


class ArchiveEvent(models.Model):
    """A review's whole file exported as an archive, or a review created from one
    (``reviews.archive``): who, when, and the archive's SHA-256, shown in the review's history.
    The installation's own record: never itself exported."""

    class Kind(models.TextChoices):
        EXPORTED = "exported", "Whole file exported"
        IMPORTED = "imported", "Imported from an archive"

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="archive_events")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField("SHA-256 of the archive", max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    source = models.CharField("Exported from", max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}, SHA-256 {self.sha256[:12]}…"
