"""Small helpers shared by the credit pages."""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from datetime import date
from typing import NoReturn

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.http import Http404, HttpRequest

from huimin.core.permissions import PermissionDenied

PAGE_SIZE = 30


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


def show_service_error(form: forms.Form, exc: ValidationError, field_map: Mapping[str, str] | None = None) -> None:
    """Put a service's refusal next to the fields it names; what names no field of the form goes on top."""
    field_map = field_map or {}
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            name = field_map.get(key, key)
            target = name if name in form.fields else None
            if target is None:
                form.add_error(None, ValidationError([f"{key}: {m}" for e in errors for m in e.messages]))
            else:
                form.add_error(target, ValidationError(list(errors)))
    else:
        form.add_error(None, exc.messages)


def paginate(request: HttpRequest, items, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def parse_day(text: str | None) -> date | None:
    try:
        return date.fromisoformat((text or "").strip()) if text else None
    except ValueError:
        return None
