from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from accesslog.models import AccessEntry


class Command(BaseCommand):
    help = "Delete read access log entries older than ACCESS_LOG_RETENTION_DAYS."

    def handle(self, *args, **options):
        cutoff = timezone.now() - timedelta(days=settings.ACCESS_LOG_RETENTION_DAYS)
        deleted, _ = AccessEntry.objects.filter(at__lt=cutoff).delete()
        self.stdout.write(f"Deleted {deleted} access log entries from before {cutoff:%Y-%m-%d}")
