from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from accounts.models import User
from reviews import archive
from reviews.models import Review


class Command(BaseCommand):
    help = "Export a review's whole file (records, history, files) as a .zip archive."

    def add_arguments(self, parser):
        parser.add_argument("review", type=int, help="the review's id")
        parser.add_argument("output", help="the .zip file to write (must not exist)")
        parser.add_argument("--by", required=True, help="user name recorded as exporting it")

    def handle(self, *args, review, output, by, **options):
        path = Path(output)
        if path.exists():
            raise CommandError(f"{path} exists: export into a new file")
        try:
            subject = Review.objects.select_related("board", "marker_set").get(pk=review)
            user = User.objects.get(username=by)
        except (Review.DoesNotExist, User.DoesNotExist) as e:
            raise CommandError(str(e)) from e
        try:
            out, sha256, size = archive.export_review(subject, by=user)
        except archive.ArchiveError as e:
            raise CommandError(str(e)) from e
        with path.open("xb") as fh:
            for chunk in iter(lambda: out.read(1024 * 1024), b""):
                fh.write(chunk)
        self.stdout.write(f"Exported {subject} to {path} ({size} bytes, SHA-256 {sha256})")
