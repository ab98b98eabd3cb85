"""Test-run environment (loaded as a pytest plugin, before Django is set up): production-like

The suite runs on SQLite by default and on PostgreSQL when DATABASE_URL is set (CI does).
"""

import os
import tempfile

os.environ.setdefault("SECRET_KEY", "test-only-" + "k" * 40)
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
os.environ.setdefault("STATIC_MANIFEST", "0")
# Administrators need a security code in production; the access matrix signs them in with a
# password only. tests/test_security_two_factor.py turns it on where it is tested.
os.environ.setdefault("TWO_FACTOR_FOR_ADMINS", "0")
# Playwright's sync API runs an event loop in the test thread; the live server's database
# access from that thread is safe here (Django refuses it without this switch).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Uploaded files written by tests go to a throwaway folder, never to var/media.
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="scrqm-test-media-"))
