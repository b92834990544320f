"""Authentication for /api/v1/: the browser session (with CSRF) or `Authorization: Bearer <token>`.

Anonymous callers are let through as the public actor; each endpoint's selector shows them only what is public,
and write endpoints refuse them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja.errors import HttpError
from ninja.security import APIKeyCookie, HttpBearer

from .models import ApiToken
from .permissions import Actor


class TokenAuth(HttpBearer):
    def authenticate(self, request, token):
        digest = ApiToken.digest_of(token)
        found = ApiToken.objects.select_related("user").filter(digest=digest, revoked_at__isnull=True).first()
        if found is None or not found.user.is_active:
            # A token that was sent but is unknown, revoked or whose owner is disabled is refused outright,
            # rather than quietly treated as the public.
            raise HttpError(401, _("The API token is not valid or has been revoked."))
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
        request.user = found.user
        request.actor = Actor.for_user(found.user)
        return found.user


class SessionAuth(APIKeyCookie):
    """The page session; unsafe methods need the CSRF token as pages do."""

    param_name = "sessionid"

    def authenticate(self, request, key):
        if request.user.is_authenticated:
            request.actor = Actor.for_user(request.user)
            return request.user
        return None


def public(request):
    """Fallback: the anonymous public actor."""
    request.actor = Actor.anonymous()
    return True


api_auth: list[Callable[..., Any]] = [TokenAuth(), SessionAuth(), public]
