from django.conf import settings
from django.db import models
from django.db.models import Q


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
    # Judged when the page was read, with no query of its own: the access checkpoint has just
    # worked out whether the reader is on the review's team (reviews.redaction.outside_team).
    outside_team = models.BooleanField(
        default=False,
        help_text=(
            "The reader was not on the review's team, and not the board's manager or chair, "
            "when they read it (reviews.access.ReviewAccess.is_team)."
        ),
    )

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [
            models.Index(fields=["review", "-at"]),
            models.Index(fields=["user", "-at"]),
            # The manager's access alerts (accesslog.alerts.heavy_readers): only the reads from
            # outside a team (a few percent of them), by review and time, with their reader,
            # read from the index alone. By review first, not by time alone: the board's
            # reviews are looked up in it one by one, where an index by time would hand over
            # every board's reads of the period to be joined to their reviews and mostly
            # thrown away (EXPLAIN ANALYZE on PostgreSQL, 5 boards of 50 reviews and 20,000
            # reads each: this index 0.5 ms and ~100 pages, by time 2.3 ms and ~1,170 pages,
            # without the reader 0.6 ms and ~590 pages).
            models.Index(
                fields=["review", "at"],
                include=["user"],
                condition=Q(outside_team=True),
                name="accesslog_outside_team_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.what} {self.at:%Y-%m-%d %H:%M}"
