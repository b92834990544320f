"""Small helpers shared by the questionnaire pages."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import NoReturn

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest
from django.utils import timezone

from huimin.core.permissions import PermissionDenied

PAGE_SIZE = 30

# A phone verified on the answer page names the resident for a while in this browser session.
PHONE_SESSION_KEY = "surveys.resident_key"
PHONE_SESSION_VALIDITY = timedelta(hours=2)


def deny(message: str | None = None) -> NoReturn:
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


def show_service_error(form: forms.Form, exc: ValidationError, field_map: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal next to the fields it names; what names no field of the form goes on top."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = field_map.get(key, key)
            if name in form.fields:
                form.add_error(name, ValidationError([m for e in errors for m in e.messages]))
            else:
                form.add_error(None, ValidationError([m for e in errors for m in e.messages]))
    else:
        form.add_error(None, exc.messages)


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def phone_key(request: HttpRequest, *, now: datetime | None = None) -> str | None:
    """The resident key of the phone verified in this session, while it is still valid."""
    now = now or timezone.now()
    stored = request.session.get(PHONE_SESSION_KEY)
    if not isinstance(stored, dict):
        return None
    try:
        until = datetime.fromisoformat(stored["until"])
    except (KeyError, TypeError, ValueError):
        return None
    if until <= now:
        request.session.pop(PHONE_SESSION_KEY, None)
        return None
    key = stored.get("key")
    return key if isinstance(key, str) and key else None


def remember_phone_key(request: HttpRequest, key: str, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    request.session.cycle_key()
    request.session[PHONE_SESSION_KEY] = {"key": key, "until": (now + PHONE_SESSION_VALIDITY).isoformat()}


def forget_phone_key(request: HttpRequest) -> None:
    request.session.pop(PHONE_SESSION_KEY, None)
