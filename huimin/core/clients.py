"""Who is on the other end of a request, as far as the throttles need to know: the client's network address and
a digest of its session.

The address is REMOTE_ADDR unless settings.TRUSTED_PROXY_COUNT says the site runs behind that many reverse proxies,
each appending the address it saw to X-Forwarded-For; then it is the entry that the outermost trusted proxy wrote,
counted from the right. Entries further left were written by the client itself and are never believed.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
from dataclasses import dataclass

from django.conf import settings

UNKNOWN_CLIENT = "unknown"


def _valid_address(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_address(request) -> str:
    """The client's network address (normalized), or `unknown` when there is none (a request built in code)."""
    meta = getattr(request, "META", {}) or {}
    remote = _valid_address(str(meta.get("REMOTE_ADDR") or ""))
    hops = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if hops > 0:
        entries = [e for e in str(meta.get("HTTP_X_FORWARDED_FOR") or "").split(",") if e.strip()]
        if len(entries) >= hops:
            forwarded = _valid_address(entries[-hops])
            if forwarded is not None:
                return forwarded
    return remote or UNKNOWN_CLIENT


def session_digest(request) -> str:
    """An HMAC of the request's session key, or "" when it has no session yet. The key itself is never stored."""
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None) if session is not None else None
    if not key:
        return ""
    return hmac.new(settings.SECRET_KEY.encode(), f"session:{key}".encode(), hashlib.sha256).hexdigest()


@dataclass(frozen=True)
class RequestOrigin:
    """Where a request for a one-time code comes from: the client's address and its session's digest."""

    client: str
    session: str = ""

    @classmethod
    def of(cls, request) -> RequestOrigin:
        return cls(client=client_address(request), session=session_digest(request))
