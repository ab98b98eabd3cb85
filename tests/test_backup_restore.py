"""Backup and restore as the README documents them: ``manage.py backup`` (pg_dump -Fc, then a
tar of MEDIA_ROOT), ``manage.py restore`` into a new, empty database and an empty MEDIA_ROOT;
then every row of every table is found again and every stored file has its SHA-256."""

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from documents.models import GeneratedReport
from markers.models import MarkerSet
from reviews.models import EvidenceFile, ReportDraft
from tests.conftest import MARKER_FIXTURE, make_cast
from tests.whole_review import build_whole_review

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.postgres]
ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _markers(transactional_db):
    if not MarkerSet.objects.exists():
        call_command("loaddata", MARKER_FIXTURE, verbosity=0)


@pytest.fixture
def restored_db():
    """An empty database beside the test database, dropped afterwards."""
    db = settings.DATABASES["default"]
    name = f"{db['NAME']}_restored"
    params = {"host": db["HOST"], "port": db["PORT"], "user": db["USER"], "dbname": "postgres"}
    if db.get("PASSWORD"):
        params["password"] = db["PASSWORD"]
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield {**params, "dbname": name}
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _rows(cursor, tables) -> dict[str, list[tuple]]:
    """Every row of every table, each as PostgreSQL's text of the whole row (the same text
    whichever client reads it)."""
    out = {}
    for table in tables:
        cursor.execute(f'SELECT r::text FROM "{table}" r ORDER BY 1')
        out[table] = cursor.fetchall()
    return out


def test_a_restored_backup_holds_every_row_and_every_file(tmp_path, settings, restored_db):
    if connection.vendor != "postgresql":
        pytest.fail("Backup and restore need PostgreSQL: set DATABASE_URL=postgres://...")
    settings.MEDIA_ROOT = tmp_path / "media"
    review = build_whole_review(make_cast())

    call_command("backup", str(tmp_path / "backup"))
    assert sorted(p.name for p in (tmp_path / "backup").iterdir()) == [
        "SHA256SUMS",
        "database.dump",
        "media.tar",
    ]

    # Restored as the README says, by the command, in a new process, on another machine's
    # empty database and empty MEDIA_ROOT.
    restored_media = tmp_path / "restored-media"
    db = restored_db
    url = f"postgres://{db['user']}@{db['host']}:{db['port']}/{db['dbname']}"
    env = {**os.environ, "DATABASE_URL": url, "MEDIA_ROOT": str(restored_media), "DEBUG": "1"}
    done = subprocess.run(
        [sys.executable, "manage.py", "restore", str(tmp_path / "backup")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr

    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = _rows(cursor, tables)
    with psycopg.connect(**restored_db) as restored, restored.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        assert sorted(r[0] for r in cursor.fetchall()) == sorted(tables)
        after = _rows(cursor, tables)
        cursor.execute("SELECT file, sha256 FROM reviews_evidencefile")
        stored = cursor.fetchall()
        cursor.execute("SELECT file, sha256 FROM reviews_reportdraft")
        stored += cursor.fetchall()
        cursor.execute("SELECT file, sha256 FROM documents_generatedreport")
        stored += cursor.fetchall()
    # Every row of every table (reviews, records, history, users, access log...) is back.
    differ = [t for t in tables if before[t] != after[t]]
    assert not differ, f"tables restored differently: {differ}"
    for table in [
        "reviews_review",
        "reviews_historicalreview",
        "reviews_referral",
        "reviews_historicalreferral",
        "reviews_historicalrestrictedterm",
        "reviews_historicalmarkerassessment",
        "reviews_questionanswer",
        "reviews_action",
        "reviews_actionupdate",
        "documents_historicalgeneratedreport",
    ]:
        assert after[table], f"{table} is empty: the review did not reach the backup"
    assert len(after["reviews_historicalreferral"]) == 2  # created, then changed
    # Every stored file is back, byte for byte.
    expected = (
        EvidenceFile.objects.filter(evidence__review=review).count()
        + ReportDraft.objects.filter(review=review).count()
        + GeneratedReport.objects.filter(review=review).count()
    )
    assert len(stored) == expected == 4
    for name, sha in stored:
        content = (restored_media / name).read_bytes()
        assert hashlib.sha256(content).hexdigest() == sha, name


def test_restore_refuses_a_damaged_backup_and_a_database_in_use(tmp_path, settings):
    if connection.vendor != "postgresql":
        pytest.fail("Backup and restore need PostgreSQL: set DATABASE_URL=postgres://...")
    settings.MEDIA_ROOT = tmp_path / "media"
    build_whole_review(make_cast())
    call_command("backup", str(tmp_path / "backup"))
    settings.MEDIA_ROOT = tmp_path / "empty"
    # Into the database in use (not empty): refused before anything is written.
    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(tmp_path / "backup"))
    with (tmp_path / "backup" / "media.tar").open("r+b") as fh:
        fh.seek(600)
        fh.write(b"X")
    with pytest.raises(CommandError, match="media.tar is missing or damaged"):
        call_command("restore", str(tmp_path / "backup"))
    with pytest.raises(CommandError, match="not empty: back up into a new folder"):
        call_command("backup", str(tmp_path / "backup"))
