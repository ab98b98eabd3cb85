from django.core.management.base import BaseCommand, CommandError

from accounts.models import Board, User


class Command(BaseCommand):
    help = (
        "Import a review's whole file (.zip from export_review or the export page) into a "
        "board. Refuses a damaged or changed archive, an unknown marker set or a newer "
        "format, and never replaces an existing review."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .zip file")
        parser.add_argument("--board", required=True, help="the slug of the board it joins")
        parser.add_argument("--by", required=True, help="user name recorded as importing it")

    def handle(self, *args, archive: str, board, by, **options):
        from reviews import archive as archives

        try:
            target = Board.objects.get(slug=board)
            user = User.objects.get(username=by)
        except (Board.DoesNotExist, User.DoesNotExist) as e:
            raise CommandError(str(e)) from e
        try:
            with open(archive, "rb") as fh:
                result = archives.import_review(fh, board=target, by=user)
        except (OSError, archives.ArchiveError) as e:
            raise CommandError(str(e)) from e
        self.stdout.write(
            f"Imported {result.review} into {target}: {result.records} records, "
            f"{result.files} files, {len(result.matched)} people found by e-mail, "
            f"{len(result.placeholders)} placeholders ({', '.join(result.placeholders)})"
        )
