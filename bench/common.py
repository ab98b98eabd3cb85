"""What every benchmark script shares: production-like settings before Django starts, the
database it may use, and timing a page in-process with its SQL query count.

A script calls ``configure(name)`` before importing anything from Django or the app.
"""

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VAR = ROOT / "var" / "bench"

# Production settings (DEBUG off), on the loopback address only; in-process, no redirect to
# HTTPS (bench/http_pages.py serves with it, sending X-Forwarded-Proto as a TLS proxy would).
ENVIRONMENT = {
    "DJANGO_SETTINGS_MODULE": "scrqm.settings",
    "DEBUG": "0",
    "SECRET_KEY": "bench-only-" + "b" * 40,
    "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
    "SECURE_SSL_REDIRECT": "0",
    "STATIC_MANIFEST": "0",
    "LOG_LEVEL": "WARNING",
}


def configure(name: str) -> None:
    """Settings for a bench run; without DATABASE_URL, a fresh SQLite file var/bench/NAME."""
    sys.path.insert(0, str(ROOT))
    for key, value in ENVIRONMENT.items():
        os.environ.setdefault(key, value)
    os.environ.setdefault("MEDIA_ROOT", str(VAR / "media"))
    os.environ.setdefault("STATIC_ROOT", str(VAR / "staticfiles"))
    if "DATABASE_URL" not in os.environ:
        VAR.mkdir(parents=True, exist_ok=True)
        db_file = VAR / f"{name}.sqlite3"
        db_file.unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"
    import django

    django.setup()


def count_queries(client, url: str) -> int:
    """The SQL queries of one request, counted through an execute wrapper: it sees every
    query, whatever the request does to the connection's debug log."""
    from django.db import connection

    executed = []
    with connection.execute_wrapper(lambda run, sql, *a: executed.append(sql) or run(sql, *a)):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return len(executed)


def measure(client, url: str, repeats: int) -> tuple[int, float, int]:
    """(SQL queries, median ms, bytes) of a page requested through the Django test client,
    after one warm-up request."""
    response = client.get(url)
    assert response.status_code == 200, f"{url}: {response.status_code}"
    queries = count_queries(client, url)
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        response = client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        times.append((time.perf_counter() - began) * 1000)
    return queries, statistics.median(times), len(body)
