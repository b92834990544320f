"""Small helpers shared by the needs pages: refusals, service errors next to fields, paging, and the resident's
verified phone remembered in the session."""

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
from django.utils.http import url_has_allowed_host_and_scheme

from huimin.core.permissions import PermissionDenied

PAGE_SIZE = 20
SESSION_KEY = "needs.resident"
# A verified phone is remembered this long in the browser's session, so that a resident supports several needs with
# one code.
VERIFIED_FOR = timedelta(minutes=30)


def deny(message: str | None = None) -> NoReturn:
    raise DjangoPermissionDenied(message or "")


def not_found(message: str) -> NoReturn:
    raise Http404(message)


def refuse_service_denials(view: Callable) -> Callable:
    """A service or selector refusing the actor (core PermissionDenied) becomes the 403 page."""

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
                form.add_error(name, ValidationError(list(errors)))
            else:
                form.add_error(None, ValidationError([m for e in errors for m in e.messages]))
    else:
        form.add_error(None, exc.messages)


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


# --- the resident's verified phone ---------------------------------------------------------------------------------


def remember_resident_key(request: HttpRequest, key: str, phone: str, *, now: datetime | None = None) -> None:
    now = now or timezone.now()
    request.session[SESSION_KEY] = {
        "key": key,
        "until": (now + VERIFIED_FOR).isoformat(),
        "hint": "*" * 7 + phone[-4:],
    }


def session_resident(request: HttpRequest) -> dict | None:
    data = getattr(request, "session", {}).get(SESSION_KEY)
    if not isinstance(data, dict) or not data.get("key"):
        return None
    try:
        until = datetime.fromisoformat(data["until"])
    except (KeyError, TypeError, ValueError):
        return None
    if until <= timezone.now():
        request.session.pop(SESSION_KEY, None)
        return None
    return data


def session_resident_key(request: HttpRequest) -> str | None:
    data = session_resident(request)
    return data["key"] if data else None


def forget_resident_key(request: HttpRequest) -> None:
    request.session.pop(SESSION_KEY, None)
