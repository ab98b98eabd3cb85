from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from reviews.reminders import send_action_reminders


class Command(BaseCommand):
    help = (
        "E-mail owners their improvement actions due within 14 days or overdue, and board "
        "managers a digest. Run daily from cron; running it twice on a day sends nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="Run as if today were this date (YYYY-MM-DD).")

    def handle(self, *args, **options):
        today = timezone.localdate()
        if options["date"]:
            try:
                today = date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError("--date must be a date such as 2026-03-31") from exc
        report = send_action_reminders(today=today)
        self.stdout.write(
            f"Sent {report.owners} owner reminder(s) and {report.digests} digest(s); "
            f"{report.skipped} skipped (already sent today or no e-mail address)."
        )
