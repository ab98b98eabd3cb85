"""The app refuses to start in production mode without a real key and hosts."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run_manage(*args, **env):
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"}
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_it_refuses_to_start_without_a_secret_key():
    result = run_manage("check", ALLOWED_HOSTS="scr.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_with_a_short_key():
    result = run_manage("check", SECRET_KEY="short", ALLOWED_HOSTS="scr.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_refuses_to_start_without_allowed_hosts():
    result = run_manage("check", SECRET_KEY="s" * 50)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS must be set" in result.stderr


def test_it_starts_in_production_mode_with_both():
    result = run_manage("check", SECRET_KEY="s" * 50, ALLOWED_HOSTS="scr.example.org")
    assert result.returncode == 0, result.stderr


def test_it_starts_in_debug_mode_with_no_configuration():
    result = run_manage("check", DEBUG="1")
    assert result.returncode == 0, result.stderr


def test_it_refuses_to_migrate_without_configuration():
    result = run_manage("migrate", "--plan")
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_it_checks_migrations_on_a_fresh_clone_without_configuration():
    result = run_manage("makemigrations", "--check", "--dry-run")
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout


def test_production_caches_compiled_templates():
    """With DEBUG off, templates are compiled once per process (Django's cached loader)."""
    script = (
        "from django.template import engines; "
        "loader = engines['django'].engine.template_loaders[0]; "
        "print(type(loader).__module__, [type(x).__name__ for x in loader.loaders])"
    )
    result = run_manage("shell", "-c", script, SECRET_KEY="s" * 50, ALLOWED_HOSTS="scr.example.org")
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    assert last == "django.template.loaders.cached ['Loader', 'Loader']"
