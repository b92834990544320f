"""What the needs pages share of their own: the page size of their lists and the resident's verified phone
remembered in the session (refusals, paging and the rest come from huimin.core.viewkit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

PAGE_SIZE = 20
SESSION_KEY = "needs.resident"
# A verified phone is remembered this long in the browser's session, so that a resident supports several needs with
# one code.
VERIFIED_FOR = timedelta(minutes=30)


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
