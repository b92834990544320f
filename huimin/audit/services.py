"""Writing the audit trail.

Every service that changes data calls `audit_record` inside its own transaction. Each event carries the hash of
the previous one (huimin.audit.chain), so changing, removing or reordering any row breaks the chain and
`audit_verify` names the first broken link.
"""

from __future__ import annotations

import json
from typing import Any, Protocol

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.utils import timezone

from .chain import compute_hash
from .models import AuditEvent, AuditHead, target_type_of


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
    """Append one event to the chain. Must run inside the caller's transaction (it opens one if none).

    `event_type` is a member of the acting context's event enum (`huimin.<app>.events`). The event's time is the
    moment it is written, never a time the caller supplies: the chain's order is the order of writing."""
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
