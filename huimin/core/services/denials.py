"""Counting refused requests: one atomic increment per (day, route, status), safe under concurrent requests."""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from ..models.monitoring import DeniedRequestCount
from ..permissions import Actor


def denied_request_record(*, route: str, status: int, actor: Actor, now: datetime | None = None) -> None:
    """Add one to the count of `route` refused with `status` today (Asia/Shanghai) for `actor` (who was refused; not
    recorded). Not an audit event: a refusal changes nothing, and an audit row per refusal would let anyone fill the
    trail."""
    day = timezone.localdate(now or timezone.now())
    route = (route or "?")[:200]
    rows = DeniedRequestCount.objects.filter(day=day, route=route, status=status)
    if rows.update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DeniedRequestCount.objects.create(day=day, route=route, status=status, count=1)
    except IntegrityError:  # another request created the row meanwhile
        rows.update(count=F("count") + 1)
