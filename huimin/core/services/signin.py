"""Checking a user name and password, throttled per (user name, client), with every outcome in the audit trail.

The rules:

- Each attempt first takes a slot: one locked read-and-increment of the failure count of its (user name, client)
  pair, committed before the password is hashed. So N attempts running at once are evaluated at most
  LOCKOUT_THRESHOLD times, however they interleave, on SQLite and PostgreSQL alike.
- When the count reaches LOCKOUT_THRESHOLD the pair is refused for LOCKOUT_BASE_SECONDS, doubling with each
  further failure up to LOCKOUT_MAX_SECONDS. A refused attempt is not evaluated and does not lengthen the refusal.
  Nobody waits inside a request: it is refused until the time has passed.
- A success resets the pair's count. Other clients of the same account are never refused because of this one, so
  a stranger cannot lock the administrator out of their own machine.
- The pair is keyed by the user name as typed, whether or not such an account exists: an unknown name is
  throttled exactly like a known one, and the caller shows one message for every refusal.
- Sign-ins, failures and the start of each refusal are audit events (`user.signed_in`, `user.sign_in_failed`,
  `user.sign_in_throttled`). The password is never recorded; the user name as typed is.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record

from ..events import CoreEvent
from ..models import LoginThrottle, User
from ..permissions import Actor, can_manage_people, require


class SignInThrottled(Exception):
    """This (user name, client) pair is refused until `until`; the password was not evaluated."""

    def __init__(self, until: datetime):
        super().__init__(until.isoformat())
        self.until = until


@dataclass(frozen=True)
class _Slot:
    failures: int  # including this attempt, counted as a failure until it succeeds
    locks_until: datetime | None  # the refusal this attempt starts if it fails


def _normalize_username(username: str) -> str:
    """The throttle's key of a typed user name: NFKC, trimmed, case-folded, at most 150 characters."""
    return unicodedata.normalize("NFKC", username or "").strip().casefold()[:150]


def _refusal_seconds(failures: int) -> int:
    """How long a pair with `failures` consecutive failures is refused (0 below the threshold)."""
    threshold = settings.LOCKOUT_THRESHOLD
    if failures < threshold:
        return 0
    base = max(1, int(settings.LOCKOUT_BASE_SECONDS))
    cap = max(base, int(settings.LOCKOUT_MAX_SECONDS))
    steps = failures - threshold
    return cap if steps >= 32 else min(cap, base * 2**steps)


def _take_slot(key: str, client: str, now: datetime) -> _Slot:
    with transaction.atomic():
        row, _created = LoginThrottle.objects.select_for_update().get_or_create(username_key=key, client=client)
        if row.locked_until is not None and row.locked_until > now:
            raise SignInThrottled(row.locked_until)
        failures = row.failures + 1
        seconds = _refusal_seconds(failures)
        locks_until = now + timedelta(seconds=seconds) if seconds else None
        LoginThrottle.objects.filter(pk=row.pk).update(
            failures=F("failures") + 1, locked_until=locks_until, last_attempt_at=now
        )
    return _Slot(failures=failures, locks_until=locks_until)


def _release(key: str, client: str) -> None:
    LoginThrottle.objects.filter(username_key=key, client=client).update(failures=0, locked_until=None)


def _find_user(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def sign_in_check(
    *, username: str, password: str, client: str, actor: Actor, can_authenticate=None, now: datetime | None = None
) -> User | None:
    """The account these credentials open, or None. Raises SignInThrottled while the pair is refused.

    `actor` is who tries (the public: a sign-in attempt is nobody's until it succeeds); failures and refusals are
    recorded as theirs, a success as the account's. `can_authenticate(user)` is the backend's own check (an inactive
    account fails like a wrong password).
    """
    now = now or timezone.now()
    key = _normalize_username(username)
    typed = (username or "")[:150]
    slot = _take_slot(key, client, now)  # raises SignInThrottled while the pair is refused
    user = _find_user(username)
    if user is None:
        User().set_password(password)  # the same work as a real check: no timing oracle for user names
        ok = False
    else:
        ok = user.check_password(password) and (can_authenticate is None or bool(can_authenticate(user)))
    if ok and user is not None:
        with transaction.atomic():
            _release(key, client)
            audit_record(
                actor=Actor.for_user(user),
                event_type=CoreEvent.USER_SIGNED_IN,
                target=user,
                payload={"client": client},
            )
        return user
    with transaction.atomic():
        target = {"target": user} if user is not None else {"target_type": "core.user", "target_label": typed}
        audit_record(
            actor=actor,
            event_type=CoreEvent.USER_SIGN_IN_FAILED,
            payload={"username": typed, "client": client, "failures": slot.failures},
            **target,  # type: ignore[arg-type]
        )
        if slot.locks_until is not None:
            audit_record(
                actor=actor,
                event_type=CoreEvent.USER_SIGN_IN_THROTTLED,
                payload={
                    "username": typed,
                    "client": client,
                    "failures": slot.failures,
                    "until": slot.locks_until,
                },
                **target,  # type: ignore[arg-type]
            )
    return None


@transaction.atomic
def sign_in_throttles_clear(*, user: User, actor: Actor) -> int:
    """Lift every refusal of this account's user name, from every client (the back office's "unlock")."""
    require(can_manage_people(actor), _("Only the district administrator may lift sign-in refusals."))
    rows = LoginThrottle.objects.filter(username_key=_normalize_username(user.username))
    cleared = rows.filter(locked_until__isnull=False).count()
    rows.update(failures=0, locked_until=None)
    audit_record(actor=actor, event_type=CoreEvent.USER_SIGN_IN_UNLOCKED, target=user, payload={"pairs": cleared})
    return cleared


def sign_in_throttles_purge(*, actor: Actor, now: datetime | None = None) -> int:
    """Forget pairs whose last attempt is older than settings.SECURITY_RECORDS_DAYS and that are not refused now
    (the daily job `core.purge_security_records`, as the platform); returns how many. Keeps the table small whatever
    names are tried."""
    now = now or timezone.now()
    before = now - timedelta(days=int(getattr(settings, "SECURITY_RECORDS_DAYS", 90)))
    stale = LoginThrottle.objects.filter(last_attempt_at__lt=before).exclude(locked_until__gt=now)
    deleted, _rows = stale.delete()
    return deleted
