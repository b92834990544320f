"""Residents as keys, never as numbers: the keys that make "one per resident" hold.

`resident_key_for_user` and `resident_key_for_phone` give the same kind of opaque key (an HMAC of the account or of
the normalized number, with the site's secret), so a context stores one key per resident and a unique constraint
does the rest. A phone is verified by huimin.core.services.phones, which gives the phone's key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import unicodedata

from django.conf import settings
from django.utils.translation import gettext as _

from .models import User
from .services.errors import ServiceError

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")


def normalize_mobile(phone: str) -> str:
    """Full-width digits, spaces, dashes and a +86 prefix are accepted; returns 11 digits or raises ServiceError."""
    text = unicodedata.normalize("NFKC", phone or "")
    text = re.sub(r"[\s\-()]", "", text)
    if text.startswith("+86"):
        text = text[3:]
    elif text.startswith("0086"):
        text = text[4:]
    if not MOBILE_RE.match(text):
        raise ServiceError.for_fields(
            {"phone": _("Enter an 11-digit mainland mobile number (e.g. 13912345678).")}, code="invalid_phone"
        )
    return text


def resident_digest(kind: str, value: str) -> str:
    """An HMAC of `kind:value` with the site's secret: what is stored instead of a number or an account."""
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def resident_key_for_phone(phone: str) -> str:
    return resident_digest("phone", normalize_mobile(phone))


def resident_key_for_user(user: User) -> str:
    """A signed-in resident's key: their verified phone's key when the account has a mobile number, so that the
    same person cannot act once by account and once more by phone."""
    if user.phone:
        try:
            return resident_key_for_phone(user.phone)
        except ServiceError:
            pass
    return resident_digest("user", str(user.pk))
