from django.conf import settings
from django.db import models


class AccessEntry(models.Model):
    """One page, download or export seen by one user: who, when, from where, what.

    Kept apart from the change history (django-simple-history records writes; this records
    reads), and purged after ACCESS_LOG_RETENTION_DAYS by ``purge_access_log``."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="access_entries"
    )
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    address = models.GenericIPAddressField(null=True, blank=True)
    review = models.ForeignKey(
        "reviews.Review",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="access_entries",
    )
    what = models.CharField(max_length=100)  # the page's URL name, e.g. "reviews:evidence_download"
    path = models.CharField(max_length=500)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["review", "-at"]),
            models.Index(fields=["user", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.what} {self.at:%Y-%m-%d %H:%M}"
