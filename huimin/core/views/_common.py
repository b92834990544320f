"""Small helpers shared by the core pages."""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from typing import NoReturn

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

from ..permissions import PermissionDenied

PAGE_SIZE = 50


def deny(message: str | None = None) -> NoReturn:
    """Refuse the request with the 403 page."""
    raise DjangoPermissionDenied(message or "")


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
            form.add_error(target, ValidationError(list(errors)))
    else:
        form.add_error(None, exc.messages)


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int = PAGE_SIZE) -> Page:
    return Paginator(items, per_page).get_page(request.GET.get("page"))


def sort_by(request: HttpRequest, qs: QuerySet, allowed: Mapping[str, str | Iterable[str]], default: str):
    """Order a selector's queryset by a whitelisted key from ?sort= (prefix '-' to reverse)."""
    key = request.GET.get("sort") or default
    bare = key.lstrip("-")
    if bare not in allowed:
        key, bare = default, default.lstrip("-")
    order = allowed[bare]
    fields = [order] if isinstance(order, str) else list(order)
    if key.startswith("-"):
        fields = [f[1:] if f.startswith("-") else f"-{f}" for f in fields]
    return qs.order_by(*fields), key


def query_without(request: HttpRequest, *names: str) -> str:
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def list_links(request: HttpRequest) -> dict[str, str]:
    """Query strings for pagination links (`query`, without page) and sort links (`base_query`, without sort)."""
    return {"query": query_without(request, "page"), "base_query": query_without(request, "page", "sort")}
