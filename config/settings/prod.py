"""Production: PostgreSQL via DATABASE_URL, HTTPS only, secrets from the environment."""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("HUIMIN_SECRET_KEY", SECRET_KEY)  # noqa: F405
SECURE_SSL_REDIRECT = os.environ.get("HUIMIN_SSL_REDIRECT", "1") == "1"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 31536000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
