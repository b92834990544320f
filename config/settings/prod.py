"""Production: PostgreSQL via DATABASE_URL, HTTPS only, secrets from the environment."""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("HUIMIN_SECRET_KEY", "")
if len(SECRET_KEY) < 50 or SECRET_KEY == SECRET_KEY_DEV_DEFAULT:  # noqa: F405
    raise ImproperlyConfigured(
        "HUIMIN_SECRET_KEY must be set to a random string of at least 50 characters in production, e.g. "
        "`python -c 'import secrets; print(secrets.token_urlsafe(60))'`."
    )
SECURE_SSL_REDIRECT = os.environ.get("HUIMIN_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
