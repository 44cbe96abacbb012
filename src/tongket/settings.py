"""Django settings. Everything that differs between machines comes from the environment."""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
HOME = Path(os.environ.get("TONGKET_HOME", Path.cwd()))

SECRET_KEY_FILE = HOME / "secret_key"
INSECURE_SECRET_KEY = "insecure-development-key-change-me"


def _secret_key() -> str:
    """TONGKET_SECRET_KEY, else the key `tongket init` wrote beside the database."""
    if key := os.environ.get("TONGKET_SECRET_KEY"):
        return key
    if SECRET_KEY_FILE.is_file():
        return SECRET_KEY_FILE.read_text(encoding="ascii").strip()
    return INSECURE_SECRET_KEY


SECRET_KEY = _secret_key()
DEBUG = os.environ.get("TONGKET_DEBUG", "") == "1"
# A real installation: `tongket demo` refuses to run (its accounts have published passwords).
TONGKET_PRODUCTION = os.environ.get("TONGKET_PRODUCTION", "") == "1"
ALLOWED_HOSTS = [
    h for h in os.environ.get("TONGKET_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h
]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "tongket.core",
    "tongket.units",
    "tongket.indicators",
    "tongket.reporting",
    "tongket.extraction",
    "tongket.transfer",
    "tongket.analytics",
    "tongket.consistency",
    "tongket.demo",
    "tongket.meetings",
    "tongket.documents",
    "tongket.accounts",
    "tongket.web",
    "tongket.papers",
    "tongket.signing",
    "tongket.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Pages compress to a seventh of their size: it matters most on a provincial connection.
    # Django masks the CSRF token differently in every response, which blunts BREACH.
    "django.middleware.gzip.GZipMiddleware",
    "tongket.web.middleware.ContentSecurityPolicyMiddleware",
    "tongket.web.middleware.NoStoreMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "tongket.web.middleware.VietnameseFirstLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "tongket.accounts.middleware.SessionExpiryMiddleware",
    "tongket.accounts.middleware.PasswordChangeRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tongket.core.middleware.DatabaseBusyMiddleware",
]

ROOT_URLCONF = "tongket.urls"
WSGI_APPLICATION = "tongket.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "tongket.web.context_processors.navigation",
            ],
        },
    },
]


def _database() -> dict:
    url = os.environ.get("TONGKET_DATABASE_URL") or f"sqlite:///{HOME / 'tongket.sqlite3'}"
    config = dj_database_url.parse(url, conn_max_age=60)
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # One writer per process (a queue, not busy-timeout polling); connections are kept,
        # as on PostgreSQL: opening one with its pragmas costs more than a small report.
        config["ENGINE"] = "tongket.core.sqlite"
        config["CONN_HEALTH_CHECKS"] = True
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                "PRAGMA foreign_keys=ON; PRAGMA busy_timeout=10000; "
                # Pages read through a memory map, and 16 MB of them kept per connection: as
                # the value and audit tables grow, a report's inserts land on pages the OS
                # already holds instead of costing a read each.
                "PRAGMA mmap_size=268435456; PRAGMA cache_size=-16384;"
            ),
            "transaction_mode": "IMMEDIATE",
        }
        config.setdefault("TEST", {})["NAME"] = os.environ.get("TONGKET_TEST_SQLITE", "")
        if not config["TEST"]["NAME"]:
            del config["TEST"]["NAME"]
    return config


DATABASES = {"default": _database()}

# Sessions live in the database (Django's default), so every server behind a load balancer
# knows them. Cached figures and API rate counts live in Redis when TONGKET_CACHE_URL names
# one (redis://127.0.0.1:6379/0), shared by the servers; else in each process.
_CACHE_URL = os.environ.get("TONGKET_CACHE_URL", "")
if _CACHE_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _CACHE_URL,
            "KEY_PREFIX": os.environ.get("TONGKET_CACHE_PREFIX", "tongket"),
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# The password policy (Django's validators, their messages in the user's language): at least
# TONGKET_PASSWORD_MIN_LENGTH characters, not like the username, name or e-mail, not one of
# the 20,000 most common passwords, not digits only.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("username", "first_name", "last_name", "email")},
    },
    {
        "NAME": "tongket.accounts.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": int(os.environ.get("TONGKET_PASSWORD_MIN_LENGTH", "8"))},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

MEDIA_ROOT = Path(os.environ.get("TONGKET_MEDIA_ROOT", HOME / "media"))
MEDIA_URL = "media/"

STATIC_URL = "static/"
STATIC_ROOT = HOME / "static"
# Front-end libraries come from npm (frontend/package-lock.json, `make install`), never the repo.
FRONTEND_MODULES = Path(
    os.environ.get("TONGKET_FRONTEND_MODULES", BASE_DIR.parent.parent / "frontend" / "node_modules")
)
STATICFILES_DIRS = [
    ("vendor/htmx.org", FRONTEND_MODULES / "htmx.org" / "dist"),
    ("vendor/uplot", FRONTEND_MODULES / "uplot" / "dist"),
    ("vendor/swagger-ui-dist", FRONTEND_MODULES / "swagger-ui-dist"),
]
# `tongket serve` collects and fingerprints the static files, and WhiteNoise serves them with
# far-future caching; elsewhere (tests, runserver) they are found where they lie.
STATIC_COLLECTED = os.environ.get("TONGKET_STATIC_COLLECTED", "") == "1"
if STATIC_COLLECTED:
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
    STORAGES = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }

# Accounts, sessions and the security of the web pages.
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
TONGKET_LOGIN_MAX_FAILURES = int(os.environ.get("TONGKET_LOGIN_MAX_FAILURES", "5"))
TONGKET_LOGIN_WINDOW_MINUTES = float(os.environ.get("TONGKET_LOGIN_WINDOW_MINUTES", "15"))
TONGKET_LOGIN_LOCK_MINUTES = float(os.environ.get("TONGKET_LOGIN_LOCK_MINUTES", "15"))
# Failures from one address, whatever usernames it tries, before the address is locked.
TONGKET_LOGIN_MAX_FAILURES_PER_ADDRESS = int(
    os.environ.get("TONGKET_LOGIN_MAX_FAILURES_PER_ADDRESS", "20")
)
TONGKET_SESSION_IDLE_SECONDS = int(os.environ.get("TONGKET_SESSION_IDLE_MINUTES", "30")) * 60
TONGKET_SESSION_MAX_SECONDS = int(os.environ.get("TONGKET_SESSION_MAX_HOURS", "8")) * 3600
SESSION_COOKIE_AGE = TONGKET_SESSION_MAX_SECONDS
CSRF_COOKIE_HTTPONLY = True
# Behind a reverse proxy that sets X-Forwarded-For and X-Forwarded-Proto.
TONGKET_BEHIND_PROXY = os.environ.get("TONGKET_BEHIND_PROXY", "") == "1"
if TONGKET_BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Served over HTTPS: cookies only over HTTPS, HSTS, and plain HTTP redirected.
TONGKET_HTTPS = os.environ.get("TONGKET_HTTPS", "") == "1"
SESSION_COOKIE_SECURE = TONGKET_HTTPS
CSRF_COOKIE_SECURE = TONGKET_HTTPS
SECURE_SSL_REDIRECT = TONGKET_HTTPS and os.environ.get("TONGKET_SSL_REDIRECT", "1") == "1"
SECURE_HSTS_SECONDS = (
    int(os.environ.get("TONGKET_HSTS_SECONDS", "31536000")) if TONGKET_HTTPS else 0
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
CSRF_TRUSTED_ORIGINS = [
    o for o in os.environ.get("TONGKET_CSRF_TRUSTED_ORIGINS", "").split(",") if o
]

# Work that takes longer than a page should wait for (a PDF through LibreOffice) runs in the
# background: django-tasks with its database backend (no broker), run by «tongket worker» or
# by the worker that «tongket serve» starts beside the web server.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

EMAIL_BACKEND = os.environ.get(
    "TONGKET_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("TONGKET_LOG_LEVEL", "WARNING")},
}

# The largest magnitude of any value or target stored (10^15: a million billion đồng); every
# path in (entry, API, imports, DHIS2) refuses more, and sums of many values stay finite.
TONGKET_VALUE_LIMIT = float(os.environ.get("TONGKET_VALUE_LIMIT", "1e15"))

# The API: requests per account (Ninja's rate syntax) and how long Idempotency-Keys are kept.
TONGKET_API_RATE = os.environ.get("TONGKET_API_RATE", "6000/m")
TONGKET_IDEMPOTENCY_HOURS = float(os.environ.get("TONGKET_IDEMPOTENCY_HOURS", "24"))
# A busy database answers 503 with this Retry-After (seconds); nothing of the request is kept.
TONGKET_RETRY_AFTER_SECONDS = int(os.environ.get("TONGKET_RETRY_AFTER_SECONDS", "2"))
# SQLite: how long a write waits for its process's writer before it answers 503.
TONGKET_WRITE_WAIT_SECONDS = float(os.environ.get("TONGKET_WRITE_WAIT_SECONDS", "10"))
# SQLite: writes of a process go to one writer thread that commits waiting ones together
# (``core.writes``); ``0`` writes in the calling thread, behind the same per-process lock.
TONGKET_WRITE_QUEUE = os.environ.get("TONGKET_WRITE_QUEUE", "1") != "0"
TONGKET_WRITE_GROUP = int(os.environ.get("TONGKET_WRITE_GROUP", "64"))
# Whoever sent a report may not approve it: "provinces" (reports to a province's department),
# "all", or "off" (see tongket.reporting.workflow).
TONGKET_SEPARATION_OF_DUTIES = os.environ.get("TONGKET_SEPARATION_OF_DUTIES", "provinces")

# Limits of the readers of files (imports of values, uploads, published reports): a file over
# any of them is refused with a message before it is read further. See README, "Limits".
TONGKET_IMPORT_MAX_MB = float(os.environ.get("TONGKET_IMPORT_MAX_MB", "256"))
TONGKET_IMPORT_MAX_ROWS = int(os.environ.get("TONGKET_IMPORT_MAX_ROWS", "5000000"))
TONGKET_IMPORT_MAX_COLUMNS = int(os.environ.get("TONGKET_IMPORT_MAX_COLUMNS", "500"))
TONGKET_IMPORT_MAX_CELL_CHARS = int(os.environ.get("TONGKET_IMPORT_MAX_CELL_CHARS", "4000"))
TONGKET_IMPORT_MAX_UNZIPPED_MB = float(os.environ.get("TONGKET_IMPORT_MAX_UNZIPPED_MB", "1024"))
TONGKET_IMPORT_MAX_ZIP_RATIO = float(os.environ.get("TONGKET_IMPORT_MAX_ZIP_RATIO", "200"))
TONGKET_IMPORT_MAX_SHARED_STRINGS_MB = float(
    os.environ.get("TONGKET_IMPORT_MAX_SHARED_STRINGS_MB", "32")
)
TONGKET_IMPORT_MAX_JSON_DEPTH = int(os.environ.get("TONGKET_IMPORT_MAX_JSON_DEPTH", "20"))
TONGKET_IMPORT_MAX_SECONDS = float(os.environ.get("TONGKET_IMPORT_MAX_SECONDS", "600"))
TONGKET_UPLOAD_MAX_SECONDS = float(os.environ.get("TONGKET_UPLOAD_MAX_SECONDS", "60"))
