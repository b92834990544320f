"""Small helpers shared by the call pages."""

from __future__ import annotations

import functools
from collections.abc import Callable
from datetime import datetime
from typing import NoReturn
from uuid import UUID

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huimin.core.permissions import PermissionDenied

from .. import selectors
from ..models import Call


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


def call_or_404(request: HttpRequest, public_id: UUID) -> Call:
    try:
        return selectors.call_get(actor=request.actor, public_id=public_id)  # type: ignore[attr-defined]
    except Call.DoesNotExist:
        not_found(_("There is no such call, or you may not see it."))


def time_left(deadline: datetime, now: datetime) -> str:
    """“3 days 4 hours left”, “2 hours 5 minutes left”, or “closed”."""
    seconds = int((deadline - now).total_seconds())
    if seconds <= 0:
        return _("The deadline has passed.")
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
