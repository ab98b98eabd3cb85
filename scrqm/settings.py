"""Settings for scrqm, read from environment variables (documented in README.md)."""

import os
import sys
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    return env(name, "1" if default else "0").strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG")
# Production mode is anything but DEBUG: then a real key and real hosts are required.
_DEV_KEY = "dev-only-insecure-key-never-use-in-production"
SECRET_KEY = env("SECRET_KEY", _DEV_KEY if DEBUG else "")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
# makemigrations only reads models and writes code: it may run on a fresh clone with no
# configuration (the house's `makemigrations --check`); every other command refuses.
_CODE_ONLY = sys.argv[1:2] == ["makemigrations"]
if not DEBUG and not _CODE_ONLY:
    if not SECRET_KEY or SECRET_KEY == _DEV_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 32 characters "
            "when DEBUG is off. For local use, set DEBUG=1."
        )
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("ALLOWED_HOSTS must be set when DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_forms_gds",
    "simple_history",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_filters",
    "accounts",
    "markers",
    "reviews",
    "analytics",
    "documents",
    "accesslog",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "scrqm.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # A signed-in user who needs a security code sees only the code pages until they enter one.
    "accounts.two_factor.SecurityCodeRequiredMiddleware",
    # Before anything parses a body (the CSRF check does): oversized bodies are refused.
    "scrqm.middleware.RequestBodyLimitMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "scrqm.middleware.PrivatePagesNotStoredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Restricted details typed into free text hidden on pages from people outside the team.
    "reviews.redaction.RestrictedDetailsMiddleware",
    # Records every successful read of a review's pages, downloads and exports.
    "accesslog.middleware.AccessLogMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "scrqm.urls"
WSGI_APPLICATION = "scrqm.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.memberships",
                "scrqm.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(env("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
# Behind a pooler in transaction mode (PgBouncer's pool_mode = transaction) one app connection
# is served by whichever server connection is free: no server-side cursors, and the history's
# statement prepared per connection (reviews.history) is run as plain SQL instead.
if env("DB_TRANSACTION_POOLER", "") == "1":
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# The analytics index of missed answers carries two columns for PostgreSQL's index-only scans
# (``INCLUDE``); SQLite (the quick start's database) builds the same index without them.
SILENCED_SYSTEM_CHECKS = ["models.W040"]

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, reading the user with their memberships (one query per page).
    "accounts.access.Backend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
# A security code (authenticator app) at sign-in: always for administrators (and so for
# Django admin) unless turned off, which is only sensible for a local demo; a board can ask
# it of all its members (Board.require_two_factor).
TWO_FACTOR_FOR_ADMINS = env_bool("TWO_FACTOR_FOR_ADMINS", not DEBUG)
OTP_TOTP_ISSUER = env("SERVICE_NAME", "SCR Quality Markers")
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Failed sign-ins are limited twice (django-axes): for one user name from one address
# (AXES_FAILURE_LIMIT, 5), and for one address whatever the user names (AXES_ADDRESS_FAILURE_
# LIMIT, 20: a whole office behind one address can mistype, but nobody sprays passwords).
AXES_USER_FAILURE_LIMIT = int(env("AXES_FAILURE_LIMIT", "5"))
AXES_ADDRESS_FAILURE_LIMIT = int(env("AXES_ADDRESS_FAILURE_LIMIT", "20"))
AXES_FAILURE_LIMIT = "accounts.security.failure_limit"
AXES_COOLOFF_TIME = float(env("AXES_COOLOFF_MINUTES", "15")) / 60
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# The client address behind a proxy, found by django-ipware from the headers the proxy sets.
AXES_IPWARE_META_PRECEDENCE_ORDER = env_list("AXES_IP_HEADERS", "REMOTE_ADDR")
AXES_IPWARE_PROXY_ORDER = env("AXES_PROXY_ORDER", "right-most")
AXES_IPWARE_PROXY_COUNT = int(env("AXES_PROXY_COUNT")) if env("AXES_PROXY_COUNT") else None
AXES_CLIENT_IP_CALLABLE = "accounts.security.client_address"
AXES_USERNAME_CALLABLE = "accounts.security.sign_in_name"
# Days the read access log keeps its entries (purge_access_log deletes older ones).
ACCESS_LOG_RETENTION_DAYS = int(env("ACCESS_LOG_RETENTION_DAYS", "730"))
# The board manager's home flags anyone who opened this many of the board's reviews they
# have no part in within this many days.
ACCESS_LOG_FLAG_REVIEWS = int(env("ACCESS_LOG_FLAG_REVIEWS", "10"))
ACCESS_LOG_FLAG_DAYS = int(env("ACCESS_LOG_FLAG_DAYS", "30"))
# Password-reset e-mails one e-mail address can ask for in an hour (an address: four times).
PASSWORD_RESET_PER_HOUR = int(env("PASSWORD_RESET_PER_HOUR", "3"))

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The service is in English only: without Django's translation machinery every string a
# template or form shows skips a catalogue lookup (10-25 % of a list page's CPU, measured).
# Pages are byte for byte the same (Django's en_GB catalogue only drops message contexts).
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
FORMAT_MODULE_PATH = ["scrqm.formats"]  # the same formats for en-gb, which would differ
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", str(BASE_DIR / "var" / "staticfiles")))
# Evidence files live outside any web root and are served only through a view that checks access.
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed files in production (after collectstatic); plain in development.
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
EVIDENCE_MAX_BYTES = int(env("EVIDENCE_MAX_MB", "20")) * 1024 * 1024
# The most a review's archive may unpack to on import (reviews.archive); it is read into memory.
ARCHIVE_MAX_MB = int(env("ARCHIVE_MAX_MB", "1024"))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# How much of an uploaded report draft is read for the privacy check (more is refused).
REPORT_DRAFT_MAX_CHARS = int(env("REPORT_DRAFT_MAX_CHARS", "2000000"))
REPORT_DRAFT_MAX_PAGES = int(env("REPORT_DRAFT_MAX_PAGES", "1000"))
REPORT_DRAFT_MAX_SECONDS = float(env("REPORT_DRAFT_MAX_SECONDS", "20"))
# Whole request bodies: a signed-in user's form with its largest file, and (much smaller)
# anything from someone not signed in, who can only send sign-in and password forms.
REQUEST_MAX_BODY_BYTES = EVIDENCE_MAX_BYTES + DATA_UPLOAD_MAX_MEMORY_SIZE
ANONYMOUS_REQUEST_MAX_BODY_BYTES = int(env("ANONYMOUS_MAX_KB", "64")) * 1024
# Uploaded files and their folders readable by the app's own user only.
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"
# scrqm.forms.PlainSelect is a GOV.UK select like Django's Select.
CRISPY_CLASS_CONVERTERS = {"plainselect": "govuk-select"}

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "scrqm <no-reply@localhost>")
# The address of the service, for links in e-mails sent outside a request (daily commands).
SITE_URL = env("SITE_URL", "http://localhost:8000")

SESSION_COOKIE_AGE = int(env("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
SESSION_COOKIE_HTTPONLY = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(env("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD")
    # Preloading commits a whole (often council-wide) domain to HTTPS in every browser: a
    # decision for the domain's owner, so it is opt-in and its check is silenced.
    SILENCED_SYSTEM_CHECKS += [] if SECURE_HSTS_PRELOAD else ["security.W021"]
    if env_bool("BEHIND_TLS_PROXY", True):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": ["'none'"],
        "base-uri": [SELF],
        "object-src": ["'none'"],
    }
}

SERVICE_NAME = env("SERVICE_NAME", "SCR Quality Markers")
PHASE = env("PHASE", "beta")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # WeasyPrint and fontTools log every rendering step at INFO.
        "weasyprint": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        # runserver's reloader announces itself from both of its processes.
        "django.utils.autoreload": {"level": "WARNING"},
    },
}
