"""``manage.py restore DIR``: a backup made by ``manage.py backup`` into an empty database
(DATABASE_URL) and an empty MEDIA_ROOT, after checking the backup's SHA-256 sums."""

import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from reviews.management.commands.backup import DUMP, FILES, SUMS, pg_env, pg_tool, sha256_file


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and an empty MEDIA_ROOT."

    def add_arguments(self, parser):
        parser.add_argument("folder")

    def handle(self, *args, folder, **options):
        src = Path(folder)
        try:
            sums = dict(
                reversed(line.split("  ", 1)) for line in (src / SUMS).read_text().splitlines()
            )
        except (OSError, ValueError) as e:
            raise CommandError(f"{src / SUMS} cannot be read: is {src} a backup folder?") from e
        for name in (DUMP, FILES):
            if not (src / name).is_file() or sha256_file(src / name) != sums.get(name):
                raise CommandError(f"{src / name} is missing or damaged (its SHA-256 differs)")
        env = pg_env()
        if connection.introspection.table_names():
            raise CommandError(
                f"The database {env['PGDATABASE']} is not empty: restore into a new one"
            )
        media = Path(settings.MEDIA_ROOT)
        if media.exists() and any(media.iterdir()):
            raise CommandError(f"MEDIA_ROOT {media} is not empty: restore into an empty folder")
        connection.close()
        subprocess.run(  # noqa: S603 - a PostgreSQL program with fixed arguments
            [
                pg_tool("pg_restore"),
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                env["PGDATABASE"],
                str(src / DUMP),
            ],
            env=env,
            check=True,
        )
        media.mkdir(parents=True, exist_ok=True, mode=0o700)
        with tarfile.open(src / FILES) as tar:
            tar.extractall(media, filter="data")
        self.stdout.write(f"Restored {src} into {env['PGDATABASE']} and {media}")
