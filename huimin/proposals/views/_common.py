"""Small helpers shared by the proposal pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import NoReturn

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

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


def is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def time_left(until: datetime, moment: datetime) -> str:
    """“3 days 4 hours left”, “2 hours 5 minutes left”, or “The time is up.”."""
    seconds = int((until - moment).total_seconds())
    if seconds <= 0:
        return _("The time is up.")
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
