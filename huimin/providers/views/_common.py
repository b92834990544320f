"""Small helpers shared by the profile pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import NoReturn

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone

from huimin.core.permissions import PermissionDenied


def now() -> datetime:
    """The moment a page acts at (one place, so every check of a request uses the same clock)."""
    return timezone.now()


def deny(message: str | None = None) -> NoReturn:
    """Refuse the request with the 403 page."""
    raise DjangoPermissionDenied(message or "")


def not_found(message: str) -> NoReturn:
    raise Http404(message)


def refuse_service_denials(view: Callable) -> Callable:
    """A service refusing the actor (core PermissionDenied) becomes the 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc

    return wrapper
