"""One-time codes for residents' mobile phones.

A phone is verified by `phone_verification_start` (sends a 6-digit code, valid 10 minutes, within the budgets of
settings.SMS_CODE_LIMITS per phone, browser session and client) and `phone_verification_confirm` (5 attempts), which
returns the phone's resident key (huimin.core.residents).
"""

from __future__ import annotations

import hmac
import math
import secrets
import unicodedata
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection, transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..clients import RequestOrigin
from ..error_codes import CoreError
from ..models import PhoneVerification, SmsOutcome, SmsSend
from ..permissions import Actor
from ..residents import normalize_mobile, resident_digest
from ..sms import send_sms
from .errors import RateLimited, ServiceError

CODE_VALIDITY = timedelta(minutes=10)
MAX_ATTEMPTS = 5
DEFAULT_SMS_LIMITS = {
    "phone_cooldown_seconds": 60,
    "per_phone_per_day": 5,
    "per_session_per_day": 5,
    "per_client_per_hour": 10,
    "per_client_per_day": 30,
}
SMS_LOCK_KEY = 0x68756D696E736D73  # "huiminsms": the advisory lock that serializes the budgets on PostgreSQL


def _limits() -> dict[str, int]:
    limits = dict(DEFAULT_SMS_LIMITS)
    limits.update(getattr(settings, "SMS_CODE_LIMITS", {}) or {})
    return limits


def _wait_seconds(sent: QuerySet[SmsSend], window: timedelta, limit: int, now: datetime) -> int:
    """Seconds until fewer than `limit` of these sends fall inside the window."""
    times = list(sent.order_by("-created_at").values_list("created_at", flat=True)[: max(limit, 1)])
    oldest_counted = times[-1] if times else now
    return max(1, math.ceil((oldest_counted + window - now).total_seconds()))


def _minutes(seconds: int) -> int:
    return max(1, math.ceil(seconds / 60))


def _sms_refusal(digest: str, origin: RequestOrigin, now: datetime) -> RateLimited | None:
    """The first budget this request would overspend, as the error to raise; None when it may be sent."""
    limits = _limits()
    day, hour = timedelta(hours=24), timedelta(hours=1)
    sent = SmsSend.objects.filter(outcome=SmsOutcome.SENT)
    cooldown = timedelta(seconds=limits["phone_cooldown_seconds"])
    last = sent.filter(phone_digest=digest, created_at__gt=now - cooldown).order_by("-created_at").first()
    if last is not None:
        wait = max(1, math.ceil((last.created_at + cooldown - now).total_seconds()))
        error = RateLimited(
            _("A code was sent to this number moments ago; please wait %(seconds)d seconds before asking again.")
            % {"seconds": wait},
            code="too_soon",
            retry_after=wait,
        )
        error.outcome = SmsOutcome.PHONE_COOLDOWN  # type: ignore[attr-defined]
        return error
    checks: list[tuple[str, QuerySet[SmsSend] | None, timedelta, int]] = [
        (SmsOutcome.PHONE_DAILY, sent.filter(phone_digest=digest), day, limits["per_phone_per_day"]),
        (
            SmsOutcome.SESSION_DAILY,
            sent.filter(session_digest=origin.session) if origin.session else None,
            day,
            limits["per_session_per_day"],
        ),
        (SmsOutcome.CLIENT_HOURLY, sent.filter(client=origin.client), hour, limits["per_client_per_hour"]),
        (SmsOutcome.CLIENT_DAILY, sent.filter(client=origin.client), day, limits["per_client_per_day"]),
    ]
    for outcome, rows, window, limit in checks:
        if rows is None:
            continue
        in_window = rows.filter(created_at__gt=now - window)
        if in_window.count() < limit:
            continue
        wait = _wait_seconds(in_window, window, limit, now)
        if outcome == SmsOutcome.PHONE_DAILY:
            message = _(
                "This number has already been sent %(limit)d codes in the last 24 hours; please try again in "
                "about %(minutes)d minutes."
            ) % {"limit": limit, "minutes": _minutes(wait)}
        else:
            message = _(
                "Too many codes have been asked for from this browser or network; please try again in about "
                "%(minutes)d minutes."
            ) % {"minutes": _minutes(wait)}
        error = RateLimited(message, code=CoreError.RATE_LIMITED, retry_after=wait)
        error.outcome = outcome  # type: ignore[attr-defined]
        return error
    return None


def _serialize_sends() -> None:
    """Let one request at a time count and spend the budgets (inside the caller's transaction). PostgreSQL: a
    transaction-level advisory lock; SQLite: its transactions begin IMMEDIATE (settings), which already serializes
    writers."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [SMS_LOCK_KEY])


def phone_verification_start(
    *, phone: str, origin: RequestOrigin, actor: Actor, now: datetime | None = None
) -> PhoneVerification:
    """Send a one-time code to `phone`, within the budgets of settings.SMS_CODE_LIMITS: a cooldown per phone, and
    a number of codes per phone, per browser session and per client (network address) in a day (and per client in
    an hour). Every request is recorded as an SmsSend with its outcome; a refusal raises RateLimited (HTTP 429).

    `actor` is whoever asks (usually the public): the budgets count the phone, the browser and the client, not the
    account, so that a resident without one is treated like everyone else."""
    now = now or timezone.now()
    number = normalize_mobile(phone)
    digest = resident_digest("phone", number)
    with transaction.atomic():
        _serialize_sends()
        refusal = _sms_refusal(digest, origin, now)
        SmsSend.objects.create(
            phone_digest=digest,
            client=(origin.client or "")[:64],
            session_digest=origin.session,
            created_at=now,
            outcome=getattr(refusal, "outcome", SmsOutcome.SENT) if refusal is not None else SmsOutcome.SENT,
        )
        if refusal is None:
            code = f"{secrets.randbelow(1_000_000):06d}"
            verification = PhoneVerification.objects.create(
                phone_digest=digest,
                code_digest=resident_digest("code", f"{digest}:{code}"),
                created_at=now,
                expires_at=now + CODE_VALIDITY,
            )
            text = _("Your huimin verification code is %(code)s (valid for 10 minutes).") % {"code": code}
            transaction.on_commit(lambda: send_sms(number, text))
    if refusal is not None:  # raised after the block, so that the refused request stays recorded
        raise refusal
    return verification


def phone_verification_confirm(*, phone: str, code: str, actor: Actor, now: datetime | None = None) -> str:
    """Check the latest code sent to `phone`; return the phone's resident key. Wrong, expired or used codes raise.
    `actor` is whoever types the code (usually the public); the key names the phone, whoever they are."""
    now = now or timezone.now()
    digest = resident_digest("phone", normalize_mobile(phone))
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
        expected = resident_digest("code", f"{digest}:{code}")
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


def sms_sends_purge(*, actor: Actor, now: datetime | None = None) -> int:
    """Forget code requests older than settings.SECURITY_RECORDS_DAYS (never less than the day the budgets count);
    the daily job `core.purge_security_records`, as the platform. Returns how many."""
    now = now or timezone.now()
    days = max(2, int(getattr(settings, "SECURITY_RECORDS_DAYS", 90)))
    deleted, _rows = SmsSend.objects.filter(created_at__lt=now - timedelta(days=days)).delete()
    return deleted
