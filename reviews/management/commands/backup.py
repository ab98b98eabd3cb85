"""``manage.py backup DIR``: the PostgreSQL database and the uploaded files, together.

Writes DIR/database.dump (``pg_dump -Fc``), then DIR/media.tar (a tar of MEDIA_ROOT), then
DIR/SHA256SUMS. The database is dumped first: ``pg_dump`` reads one consistent snapshot, and
every file a row of that snapshot points at was written before the row (uploads are stored,
then recorded) and is never changed or deleted, so the tar taken after it holds every file
the dump needs (and perhaps a few newer ones nothing points at yet).
"""

import hashlib
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

DUMP, FILES, SUMS = "database.dump", "media.tar", "SHA256SUMS"


def pg_tool(name: str) -> str:
    """The PostgreSQL client program ``name``: PG_BIN if set, else PATH, else the newest of
    Debian's /usr/lib/postgresql/<version>/bin (a pg_dump must be at least the server's)."""
    if os.environ.get("PG_BIN"):
        return str(Path(os.environ["PG_BIN"]) / name)
    versions = sorted(
        Path("/usr/lib/postgresql").glob(f"*/bin/{name}"),
        key=lambda p: int(p.parts[-3]) if p.parts[-3].isdigit() else 0,
    )
    if versions:
        return str(versions[-1])
    found = shutil.which(name)
    if not found:
        raise CommandError(f"{name} was not found: install the PostgreSQL client or set PG_BIN")
    return found


def pg_env() -> dict[str, str]:
    """The connection of DATABASE_URL as libpq variables (no password on a command line)."""
    if connection.vendor != "postgresql":
        raise CommandError("backup and restore are for PostgreSQL (DATABASE_URL=postgres://...)")
    db = settings.DATABASES["default"]
    env = {**os.environ, "PGDATABASE": db["NAME"]}
    for key, var in [("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER")]:
        if db.get(key):
            env[var] = str(db[key])
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return env


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1024 * 1024), b""):
            digest.update(chunk)
    return digest.hexdigest()


class Command(BaseCommand):
    help = "Back up the database (pg_dump -Fc) and MEDIA_ROOT (tar) into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", help="a folder that does not exist yet")

    def handle(self, *args, folder, **options):
        out = Path(folder)
        if out.exists() and any(out.iterdir()):
            raise CommandError(f"{out} is not empty: back up into a new folder")
        out.mkdir(parents=True, exist_ok=True, mode=0o700)
        env = pg_env()
        subprocess.run(  # noqa: S603 - a PostgreSQL program with fixed arguments
            [pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(out / DUMP)],
            env=env,
            check=True,
        )
        media = Path(settings.MEDIA_ROOT)
        with tarfile.open(out / FILES, "w") as tar:
            if media.is_dir():
                for child in sorted(media.iterdir()):
                    tar.add(child, arcname=child.name)
        sums = "".join(f"{sha256_file(out / n)}  {n}\n" for n in (DUMP, FILES))
        (out / SUMS).write_text(sums)
        self.stdout.write(f"Backed up {env['PGDATABASE']} and {media} into {out}")
