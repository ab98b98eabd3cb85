import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_it_reports_a_healthy_database_without_sign_in(client, db):
    response = client.get("/health/")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_it_reports_503_when_the_database_is_down():
    # A real app process pointed at a PostgreSQL port where nothing listens.
    script = (
        "from django.test import Client; r = Client().get('/health/'); "
        "print(r.status_code, r.content.decode())"
    )
    env = dict(os.environ, DEBUG="1", DATABASE_URL="postgres://nobody@127.0.0.1:9/none")
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.startswith("503 "), result.stdout + result.stderr
    assert '"database": "unavailable"' in result.stdout
