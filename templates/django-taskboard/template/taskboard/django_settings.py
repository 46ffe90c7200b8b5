"""Django's settings (DJANGO_SETTINGS_MODULE=taskboard.django_settings), all read from the environment.

Two databases, one job each:
  SQLite, through Django's ORM   users, sessions, boards and each task's current state
  Cassandra, through coodie      the task event log and the per-board counters (CASSANDRA below)

`taskboard/settings.py`, beside this file, is the Cassandra side's settings (the SCYLLA_*
variables every coodie-demos project reads); Django takes it in as one block, CASSANDRA.

    DJANGO_ENV                   "production": HTTPS-only cookies, HSTS                development
    DJANGO_DEBUG                 "1": Django's debug pages (tracebacks, settings) for   off
                                 errors; refused in production
    DJANGO_SECRET_KEY            required in production; in development a key is
                                 generated once into .taskboard/secret_key
    DJANGO_ALLOWED_HOSTS         comma-separated; required in production
    DJANGO_CSRF_TRUSTED_ORIGINS  comma-separated origins, e.g. https://tasks.example.com
    DJANGO_BEHIND_HTTPS_PROXY    "1": trust X-Forwarded-Proto from your proxy
    DJANGO_HSTS_SECONDS          Strict-Transport-Security max-age in production      31536000
    TASKBOARD_STATE_DIR          local state: SQLite file, dev secret key             .taskboard
    TASKBOARD_SQLITE_PATH        the SQLite database file                             <state dir>/db.sqlite3
    CASSANDRA_CONNECT_ON_READY   "0": do not connect as Django starts (seed.py and
                                 the tests open their own connection)                 1
"""

from __future__ import annotations

import os
from pathlib import Path

from .kit import local_state
from .kit.env import BadSetting, MissingSetting, env_flag, env_list
from .kit.settings import Settings as CassandraSettings

PACKAGE_DIR = Path(__file__).resolve().parent
BASE_DIR = PACKAGE_DIR.parent


PRODUCTION = os.environ.get("DJANGO_ENV", "development").strip().lower() == "production"
# Django's debug pages show tracebacks, settings and SQL to whoever loads the page, and a demo
# gets run on shared machines and in containers: they are shown only when asked for. Without
# them every error is the shared error page, and a 500's traceback goes to the console (LOGGING).
DEBUG = env_flag("DJANGO_DEBUG")
if DEBUG and PRODUCTION:
    raise BadSetting("DJANGO_DEBUG is on with DJANGO_ENV=production: production never shows debug pages")
STATE_DIR = Path(os.environ.get("TASKBOARD_STATE_DIR") or BASE_DIR / ".taskboard")

if PRODUCTION:
    SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
    if not SECRET_KEY:
        raise MissingSetting(
            "DJANGO_SECRET_KEY is not set: production reads its secret key from the environment "
            "(make one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')"
        )
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
    if not ALLOWED_HOSTS:
        raise MissingSetting("DJANGO_ALLOWED_HOSTS is not set: list the host names this site answers to")
else:
    SECRET_KEY = local_state.dev_secret_key(STATE_DIR)
    # What Django allows by itself in DEBUG with an empty list: this machine only.
    ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS") or [".localhost", "127.0.0.1", "[::1]"]

CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

# ---------------------------------------------------------------- Cassandra (coodie)
# One block, read from the SCYLLA_* environment variables: hosts, port, keyspace, credentials,
# local datacenter, replication of a new keyspace, consistency. The kit connects with it
# in AppConfig.ready() (kit/apps.py); `manage.py sync_cassandra` creates the keyspace and tables.
CASSANDRA = CassandraSettings.from_env()
CASSANDRA_CONNECT_ON_READY = os.environ.get("CASSANDRA_CONNECT_ON_READY", "1") != "0"

# ---------------------------------------------------------------- SQL (Django ORM)
# Named on its own too: pytest-django points DATABASES at a test database, while seed.py (a
# subprocess in the tests) writes this file; the seed's agreement check reads it.
SQLITE_PATH = Path(os.environ.get("TASKBOARD_SQLITE_PATH") or local_state.state_dir(STATE_DIR) / "db.sqlite3")
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": SQLITE_PATH,
        "OPTIONS": {
            # Writers queue for the lock instead of failing with "database is locked";
            # WAL lets pages read while a task moves.
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        },
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "taskboard.kit",  # connects as Django starts; `manage.py sync_cassandra`
    "taskboard.tasks",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",  # every page needs a login unless marked
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "taskboard.kit.web.CqlCaptureMiddleware",  # the CQL panel: statements sent during this request
    "taskboard.kit.web.DatabaseErrorMiddleware",  # 503 naming what the database did, never a 500
]

ROOT_URLCONF = "taskboard.urls"
WSGI_APPLICATION = "taskboard.wsgi.application"

TEMPLATES = [
    {
        # The demo's pages: Jinja2, sharing base.html and the CQL panel with every coodie demo.
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": False,
        "OPTIONS": {
            "environment": "taskboard.jinja.environment",
            "context_processors": [
                "taskboard.kit.web.request_path",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # The admin (and its event log page) keeps Django's own template language.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "boards"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"  # base.html links /static/theme.css (served by urls.py outside production)
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT") or STATE_DIR / "static")  # collectstatic

# A server error's traceback goes to the console in every mode (Django's default logging
# prints it only with DEBUG on, and otherwise mails it to ADMINS, which is empty here).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False}},
}

# ---------------------------------------------------------------- production hardening
# `DJANGO_ENV=production python manage.py check --deploy` reports no issues with these.
if PRODUCTION:
    SECURE_SSL_REDIRECT = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    if os.environ.get("DJANGO_BEHIND_HTTPS_PROXY") == "1":
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
