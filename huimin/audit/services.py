"""Writing and verifying the audit trail.

Every service that changes data calls `audit_record` inside its own transaction. Each event carries the hash of
the previous one, so changing, removing or reordering any row breaks the chain and `audit_verify` names the first
broken link.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import UTC
from typing import Any, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import GENESIS_HASH, AuditEvent, AuditHead


class AuditActor(Protocol):
    """What the audit trail needs to know about who acted (core.permissions.Actor provides it)."""

    @property
    def audit_user_id(self) -> int | None: ...
    @property
    def audit_label(self) -> str: ...
    @property
    def audit_role(self) -> str: ...
    @property
    def audit_scope(self) -> str: ...


def _normalize(payload: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(payload, cls=DjangoJSONEncoder, ensure_ascii=False))


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


def target_type_of(target: models.Model) -> str:
    """How the trail names the kind of `target`: "<app label>.<model name>", unless the model declares its
    `audit_target_type` (a model that moved to another app keeps the name its history was written under)."""
    declared = getattr(target, "audit_target_type", "")
    return declared or f"{target._meta.app_label}.{target._meta.model_name}"


def audit_record(
    *,
    actor: AuditActor | None,
    event_type: str,
    target: models.Model | None = None,
    target_type: str = "",
    target_id: str = "",
    target_label: str = "",
    payload: dict[str, Any] | None = None,
) -> AuditEvent:
    """Append one event to the chain. Must run inside the caller's transaction (it opens one if none)."""
    if target is not None:
        target_type = target_type or target_type_of(target)
        target_id = target_id or str(target.pk)
        target_label = target_label or str(target)[:200]
    with transaction.atomic():
        head, _created = AuditHead.objects.select_for_update().get_or_create(pk=1)
        event = AuditEvent(
            seq=head.seq + 1,
            occurred_at=timezone.now(),
            actor_id=actor.audit_user_id if actor else None,
            actor_label=(actor.audit_label if actor else "system")[:150],
            role=(actor.audit_role if actor else "")[:200],
            scope=(actor.audit_scope if actor else "")[:200],
            event_type=event_type[:64],
            target_type=target_type[:64],
            target_id=str(target_id),
            target_label=target_label[:200],
            payload=_normalize(payload or {}),
            prev_hash=head.hash,
        )
        event.hash = compute_hash(event)
        event.save(_append=True)
        AuditHead.objects.filter(pk=1).update(seq=event.seq, hash=event.hash)
    return event


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


def audit_append_only_guard_active() -> bool | None:
    """Whether the database trigger that refuses UPDATEs of audit events is in place (None: not checkable)."""
    from django.db import connection

    from .migrations_support import append_only_trigger_active

    return append_only_trigger_active(connection)
