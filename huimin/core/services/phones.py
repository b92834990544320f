"""One-time codes for residents' mobile phones, and the keys that make "one per resident" hold.

`resident_key_for_user` and `resident_key_for_phone` give the same kind of opaque key (an HMAC of the account or of
the normalized number, with the site's secret), so a context stores one key per resident and a unique constraint
does the rest. A phone is verified by `phone_verification_start` (sends a 6-digit code, valid 10 minutes, one per
minute) and `phone_verification_confirm` (5 attempts), which returns the phone's key.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import PhoneVerification, User
from ..sms import send_sms
from .errors import ServiceError

CODE_VALIDITY = timedelta(minutes=10)
RESEND_INTERVAL = timedelta(seconds=60)
MAX_ATTEMPTS = 5
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


def _digest(kind: str, value: str) -> str:
    return hmac.new(settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()


def resident_key_for_phone(phone: str) -> str:
    return _digest("phone", normalize_mobile(phone))


def resident_key_for_user(user: User) -> str:
    """A signed-in resident's key: their verified phone's key when the account has a mobile number, so that the
    same person cannot act once by account and once more by phone."""
    if user.phone:
        try:
            return resident_key_for_phone(user.phone)
        except ServiceError:
            pass
    return _digest("user", str(user.pk))


def phone_verification_start(*, phone: str, now: datetime | None = None) -> PhoneVerification:
    now = now or timezone.now()
    number = normalize_mobile(phone)
    digest = _digest("phone", number)
    with transaction.atomic():
        recent = (
            PhoneVerification.objects.select_for_update()
            .filter(phone_digest=digest, created_at__gt=now - RESEND_INTERVAL)
            .exists()
        )
        if recent:
            raise ServiceError(
                _("A code was sent less than a minute ago; please wait before asking again."), "too_soon"
            )
        code = f"{secrets.randbelow(1_000_000):06d}"
        verification = PhoneVerification.objects.create(
            phone_digest=digest,
            code_digest=_digest("code", f"{digest}:{code}"),
            created_at=now,
            expires_at=now + CODE_VALIDITY,
        )
        text = _("Your huimin verification code is %(code)s (valid for 10 minutes).") % {"code": code}
        transaction.on_commit(lambda: send_sms(number, text))
    return verification


def phone_verification_confirm(*, phone: str, code: str, now: datetime | None = None) -> str:
    """Check the latest code sent to `phone`; return the phone's resident key. Wrong, expired or used codes raise."""
    now = now or timezone.now()
    digest = _digest("phone", normalize_mobile(phone))
    code = unicodedata.normalize("NFKC", code or "").strip()
    with transaction.atomic():
        verification = (
            PhoneVerification.objects.select_for_update().filter(phone_digest=digest).order_by("-created_at").first()
        )
        if verification is None or verification.verified_at is not None:
            raise ServiceError.for_fields({"code": _("Ask for a verification code first.")}, code="no_code")
        if verification.expires_at <= now:
            raise ServiceError.for_fields({"code": _("The code has expired; ask for a new one.")}, code="code_expired")
        if verification.attempts >= MAX_ATTEMPTS:
            raise ServiceError.for_fields(
                {"code": _("Too many wrong codes; ask for a new one.")}, code="too_many_attempts"
            )
        expected = _digest("code", f"{digest}:{code}")
        wrong = not hmac.compare_digest(expected, verification.code_digest)
        if wrong:
            verification.attempts += 1
            verification.save(update_fields=["attempts"])
        else:
            verification.verified_at = now
            verification.save(update_fields=["verified_at"])
    if wrong:  # raised after the block, so that the failed attempt is counted
        raise ServiceError.for_fields({"code": _("The code is not correct.")}, code="wrong_code")
    return digest
