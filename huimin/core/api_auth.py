"""Authentication for /api/v1/: `Authorization: Bearer <token>`, or the browser session (with CSRF).

Anonymous callers are let through as the public actor; each endpoint's selector shows them only what is public,
and write endpoints refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from .error_codes import CoreError
from .models import ApiToken
from .permissions import Actor


class TokenRefused(Exception):
    """A bearer token was sent but does not open the API: 401 with a stable code (see core.api.errors)."""

    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        digest = ApiToken.digest_of(token)
        found = ApiToken.objects.select_related("user").filter(digest=digest, revoked_at__isnull=True).first()
        if found is None or not found.user.is_active:
            # A token that was sent but is unknown, revoked (also by a password change) or whose owner is disabled
            # is refused outright, with one message for all: rather than quietly treated as the public.
            raise TokenRefused(CoreError.TOKEN_INVALID, _("The API token is not valid or has been revoked."))
        now = timezone.now()
        if found.is_expired(now):
            # Only the holder of the token learns this: the token itself is the secret.
            raise TokenRefused(
                CoreError.TOKEN_EXPIRED,
                _("The API token expired on %(date)s. Create a new one on the API tokens page.")
                % {"date": timezone.localtime(found.expires_at).strftime("%Y-%m-%d %H:%M")},
            )
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.actor = Actor.for_user(found.user)
        return found.user


class CsrfRefused(HttpError):
    """An unsafe request signed in by the session cookie came without a valid CSRF token: 403 `csrf_failed`."""

    code = CoreError.CSRF_FAILED

    def __init__(self) -> None:
        super().__init__(
            403,
            _(
                "This request is signed in by your browser session, so it needs the CSRF token of the page "
                "(header “X-CSRFToken”). Reload the page, or call the API with a token (“Authorization: Bearer …”)."
            ),
        )


class SessionAuth(APIKeyCookie):
    """The page session. CSRF protects what the cookie signs in, and only that: an unsafe request that the session
    cookie authenticates needs the page's CSRF token; a request without a signed-in session (the anonymous public,
    or a bearer token, tried first) needs none, since a forged request could not act as anyone."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        # ninja would check CSRF here, before knowing whether the cookie signs anyone in (`csrf` stays True so
        # that the browsable docs send the token): authenticate() checks it for signed-in sessions only.
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        if not key or not request.user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request) is not None:
            raise CsrfRefused()
        request.actor = Actor.for_user(request.user)
        return request.user


SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def public(request):
    """Fallback: the anonymous public actor, whatever the method (only the anonymous flows use it for writes)."""
    request.actor = Actor.anonymous()
    return True


def public_reads(request):
    """Fallback of every operation: the anonymous public actor may read; an unsafe request without credentials is
    refused here with 401, before its body is read (so a caller who may not write learns nothing from validation)."""
    if request.method not in SAFE_METHODS:
        return None
    return public(request)


_token_auth, _session_auth = TokenAuth(), SessionAuth()
api_auth: list[Callable[..., Any]] = [_token_auth, _session_auth, public_reads]
# `auth=anonymous_writes` on the few writes anyone may make without an account (a resident's support by phone, a
# survey answer): the same credentials first, then the public.
anonymous_writes: list[Callable[..., Any]] = [_token_auth, _session_auth, public]
