"""Settings shared by every environment. Environment files only override."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

# For development and tests only; config.settings.prod refuses to start with it.
SECRET_KEY_DEV_DEFAULT = "huimin-dev-only-secret-key-change-me-in-production-0123456789"  # nosec B105 # noqa: S105
SECRET_KEY = os.environ.get("HUIMIN_SECRET_KEY", SECRET_KEY_DEV_DEFAULT)
DEBUG = False
ALLOWED_HOSTS: list[str] = [h for h in os.environ.get("HUIMIN_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_tasks_db",
    "huimin.core",
    "huimin.audit",
    "huimin.files",
    "huimin.credit",
    "huimin.surveys",
    "huimin.needs",
    "huimin.planning",
    "huimin.calls",
    "huimin.providers",
    "huimin.proposals",
    "huimin.screening",
    "huimin.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "huimin.core.uploads.UploadLimitMiddleware",  # before CSRF, which reads the form
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "huimin.core.middleware.ActorMiddleware",
    "huimin.core.middleware.DeniedRequestMiddleware",  # counts and logs 401, 403 and 404 on an object
]

ROOT_URLCONF = "config.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "huimin" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "huimin.core.context_processors.actor",
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"


def database_from_env(default_sqlite: str = "huimin.sqlite3") -> dict[str, Any]:
    """`DATABASE_URL` selects the database; without it, an SQLite file in the working directory."""
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{Path.cwd() / default_sqlite}"
    config: dict[str, Any] = dict(dj_database_url.parse(url, conn_max_age=0))
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=10000;",
            "transaction_mode": "IMMEDIATE",
        }
    return config


DATABASES = {"default": database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["huimin.core.auth.LockoutModelBackend"]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:login"

# Sign-in throttle (huimin.core.services.signin), per user name *and* client: after LOCKOUT_THRESHOLD consecutive
# failures that pair is refused for LOCKOUT_BASE_SECONDS, doubling with each further failure up to
# LOCKOUT_MAX_SECONDS. Other clients of the same account are not affected.
LOCKOUT_THRESHOLD = 5
LOCKOUT_BASE_SECONDS = 30
LOCKOUT_MAX_SECONDS = 15 * 60

# The client of a request is REMOTE_ADDR, unless the site runs behind this many reverse proxies that each append
# the address they saw to X-Forwarded-For: then it is the address the outermost trusted proxy saw. Leave 0 unless
# every request passes through such a proxy (a client can write any X-Forwarded-For it likes).
TRUSTED_PROXY_COUNT = int(os.environ.get("HUIMIN_TRUSTED_PROXY_COUNT", "0"))

# API tokens: the lifetime offered by default, and the longest a token may be given, in days.
API_TOKEN_DAYS = 90
API_TOKEN_MAX_DAYS = 365

# Budgets of one-time codes sent by text message (huimin.core.services.phones); "day" is the last 24 hours.
SMS_CODE_LIMITS = {
    "phone_cooldown_seconds": 60,  # between two codes to one phone
    "per_phone_per_day": 5,
    "per_session_per_day": 5,  # one browser session
    "per_client_per_hour": 10,  # one network address (a community service desk may serve many residents)
    "per_client_per_day": 30,
}
# Sign-in throttle pairs and text-message requests older than this are forgotten by a nightly job.
SECURITY_RECORDS_DAYS = 90

# Sessions expire after 8 idle hours and when the browser closes.
SESSION_COOKIE_AGE = 8 * 60 * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("Simplified Chinese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "huimin" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("HUIMIN_STATIC_ROOT", BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [BASE_DIR / "huimin" / "static"]
MEDIA_ROOT = Path(os.environ.get("HUIMIN_MEDIA_ROOT", Path.cwd() / "var" / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Attachments (huimin.files): the largest accepted upload.
ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A body over the route's limit is refused (413) before it is read; malformed uploads are a 400 (core/uploads.py).
FILE_UPLOAD_HANDLERS = [
    "huimin.core.uploads.LimitedUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "huimin.core.uploads.TemporaryFileUploadHandler",
]

# Background work: the django.tasks API. Embedded default: tasks stored in the database, run by `huimin worker`.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Content-Security-Policy of every page (docs/security.md): scripts only from the platform's own static files or an
# inline <script> carrying the response's nonce ({% csp_nonce_attr %}); no inline event handlers, eval or plug-ins;
# nothing loaded from elsewhere; no framing. Styles allow inline `style` attributes (layout only; scripts cannot run
# from them). A view may send its own policy (attachment downloads: `default-src 'none'; sandbox`).
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "script-src-attr": [CSP.NONE],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
    # Text messages of the log backend (below): the one-time codes residents receive, for the duty officer to read
    # out where there is no SMS gateway.
    "loggers": {"huimin.sms": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}

# How text messages leave: a class with send(phone, text) (huimin/core/sms.py). Production sets a gateway's class.
SMS_BACKEND = os.environ.get("HUIMIN_SMS_BACKEND", "huimin.core.sms.LogBackend")
