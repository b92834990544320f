"""What the questionnaire pages share of their own: the phone verified on the answer page, remembered in the session
(refusals, paging and the rest come from huimin.core.viewkit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.http import HttpRequest
from django.utils import timezone

# A phone verified on the answer page names the resident for a while in this browser session.
PHONE_SESSION_KEY = "surveys.resident_key"
PHONE_SESSION_VALIDITY = timedelta(hours=2)


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
