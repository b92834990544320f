from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from .models import AuditEvent, target_type_of

SHANGHAI = ZoneInfo("Asia/Shanghai")


def audit_events_for(*, target: models.Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first. Callers check that the actor may see the object."""
    return (
        AuditEvent.objects.filter(target_type=target_type_of(target), target_id=str(target.pk))
        .select_related("actor")
        .order_by("-seq")
    )


class AuditReader(Protocol):
    """What the audit trail needs to know about who reads it (core.permissions.Actor provides it)."""

    @property
    def is_district_admin(self) -> bool: ...


@dataclass(frozen=True)
class AuditFilters:
    """Filters of the district administrator's audit list; dates are calendar days in Asia/Shanghai."""

    event_type: str = ""
    target_type: str = ""
    actor: str = ""
    date_from: date | None = None
    date_to: date | None = None


def audit_event_list(*, actor: AuditReader | None = None, filters: AuditFilters | None = None) -> QuerySet[AuditEvent]:
    """Every event, newest first. With an actor, only a district administrator may read the whole trail
    (django.core.exceptions.PermissionDenied otherwise); without one, the caller is the platform itself."""
    if actor is not None and not actor.is_district_admin:
        raise PermissionDenied(_("Only the district administrator may read the whole audit trail."))
    qs = AuditEvent.objects.select_related("actor").order_by("-seq")
    if filters is None:
        return qs
    if filters.event_type:
        qs = qs.filter(event_type=filters.event_type)
    if filters.target_type:
        qs = qs.filter(target_type=filters.target_type)
    if filters.actor:
        term = filters.actor.strip()
        qs = qs.filter(
            Q(actor_label__icontains=term) | Q(actor__full_name__icontains=term) | Q(actor__username__iexact=term)
        )
    if filters.date_from:
        qs = qs.filter(occurred_at__gte=datetime.combine(filters.date_from, time.min, tzinfo=SHANGHAI))
    if filters.date_to:
        end = datetime.combine(filters.date_to + timedelta(days=1), time.min, tzinfo=SHANGHAI)
        qs = qs.filter(occurred_at__lt=end)
    return qs


def audit_event_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("event_type", flat=True).distinct().order_by("event_type"))


def audit_target_types() -> list[str]:
    return list(AuditEvent.objects.order_by().values_list("target_type", flat=True).distinct().order_by("target_type"))
