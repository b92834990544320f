"""The hash chain of the audit trail: how an event's hash is computed, and the verification that recomputes the
whole chain and names the first broken link (`huimin audit verify`)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any

from django.utils.translation import gettext as _

from .models import GENESIS_HASH, AuditEvent, AuditHead


def compute_hash(event: AuditEvent) -> str:
    body = {
        "seq": event.seq,
        "occurred_at": event.occurred_at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "role": event.role,
        "scope": event.scope,
        "event_type": event.event_type,
        "target_type": event.target_type,
        "target_id": str(event.target_id),
        "target_label": event.target_label,
        "payload": event.payload,
        "prev_hash": event.prev_hash,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class VerifyResult:
    """The outcome of `audit_verify`. `problem` is a stable code: missing, unlinked, altered, truncated."""

    ok: bool
    checked: int
    broken_seq: int | None = None
    reason: str = ""
    problem: str = ""


def audit_verify(*, progress: Any = None) -> VerifyResult:
    """Recompute the chain from the first event; report the first broken link.

    `progress` is anything with `update(n)` (a tqdm bar); it is advanced once per verified event.
    """
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    for event in AuditEvent.objects.order_by("seq").iterator(chunk_size=2000):
        if event.seq != expected_seq:
            return VerifyResult(
                False,
                checked,
                expected_seq,
                _("Event %(seq)d is missing: the chain jumps from event %(prev)d to event %(next)d.")
                % {"seq": expected_seq, "prev": expected_seq - 1, "next": event.seq},
                "missing",
            )
        if event.prev_hash != expected_prev:
            return VerifyResult(
                False,
                checked,
                event.seq,
                _("Event %(seq)d does not link to event %(prev)d: its recorded previous hash differs.")
                % {"seq": event.seq, "prev": event.seq - 1},
                "unlinked",
            )
        if compute_hash(event) != event.hash:
            return VerifyResult(
                False,
                checked,
                event.seq,
                _("Event %(seq)d was altered: its content no longer matches its hash.") % {"seq": event.seq},
                "altered",
            )
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
        if progress is not None:
            progress.update(1)
    head = AuditHead.objects.filter(pk=1).first()
    if head is not None and head.seq > checked:
        return VerifyResult(
            False,
            checked,
            checked + 1,
            _("Event %(seq)d is missing: the chain ends at event %(last)d but %(head)d events were recorded.")
            % {"seq": checked + 1, "last": checked, "head": head.seq},
            "truncated",
        )
    if head is not None and (head.seq != checked or head.hash != expected_prev):
        return VerifyResult(
            False,
            checked,
            head.seq + 1 if head.seq < checked else checked,
            _(
                "The chain ends at event %(last)d but its head records event %(head)d: events were added or changed "
                "without going through the audit trail."
            )
            % {"last": checked, "head": head.seq},
            "unlinked",
        )
    return VerifyResult(True, checked)


def append_only_guard_active() -> bool | None:
    """Whether the database trigger that refuses UPDATEs of audit events is in place (None: not checkable)."""
    from django.db import connection

    from .migrations_support import append_only_trigger_active

    return append_only_trigger_active(connection)
