"""The view kit: what every context's pages do the same way — refuse, say "not found", put a service's refusal next
to the fields it names, page and sort lists, keep a safe `next`, count the time left.

Each app's `views/_common.py` imports from here and adds only what is its own (a lookup that 404s, a session key).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import NoReturn

from django import forms
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .permissions import PermissionDenied

PAGE_SIZE = 30


def deny(message: str | None = None) -> NoReturn:
    """Refuse the request with the 403 page."""
    raise DjangoPermissionDenied(message or "")


def not_found(message: str) -> NoReturn:
    """The 404 page with `message`; say the same for what does not exist and what the actor may not see."""
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


def show_service_error(
    form: forms.Form,
    exc: ValidationError,
    field_map: Mapping[str, str] | None = None,
    *,
    name_other_fields: bool = False,
) -> None:
    """Put a service's refusal next to the fields it names; what names no field of the form goes on top (prefixed
    with the service's field name when `name_other_fields`, for forms that show only part of an object)."""
    field_map = field_map or {}
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, errors in exc.error_dict.items():
        name = field_map.get(key, key)
        if name in form.fields:
            form.add_error(name, ValidationError(list(errors)))
            continue
        messages = [m for e in errors for m in e.messages]
        form.add_error(None, ValidationError([f"{key}: {m}" for m in messages] if name_other_fields else messages))


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int = PAGE_SIZE) -> Page:
    """The page of `items` that ?page= asks for (the last one when it is past the end, the first when invalid)."""
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
    """The request's query string without the parameters `names` (for paging and sorting links)."""
    params = request.GET.copy()
    for name in names:
        params.pop(name, None)
    return params.urlencode()


def list_links(request: HttpRequest) -> dict[str, str]:
    """Query strings for pagination links (`query`, without page) and sort links (`base_query`, without sort)."""
    return {"query": query_without(request, "page"), "base_query": query_without(request, "page", "sort")}


def safe_next(request: HttpRequest, default: str) -> str:
    """The `next` the form or link carries when it stays on this site, else `default`."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return target
    return default


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def time_left(until: datetime, moment: datetime, *, over: str | None = None) -> str:
    """“3 days 4 hours left”, “2 hours 5 minutes left”, or `over` (default “The time is up.”) once it has passed."""
    seconds = int((until - moment).total_seconds())
    if seconds <= 0:
        return over if over is not None else _("The time is up.")
    days, rest = divmod(seconds, 86400)
    hours, rest = divmod(rest, 3600)
    minutes = rest // 60
    if days:
        return (
            ngettext("%(days)d day", "%(days)d days", days) % {"days": days}
            + " "
            + ngettext("%(hours)d hour left", "%(hours)d hours left", hours) % {"hours": hours}
        )
    return (
        ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
        + " "
        + ngettext("%(minutes)d minute left", "%(minutes)d minutes left", minutes) % {"minutes": minutes}
    )
