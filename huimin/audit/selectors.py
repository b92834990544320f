from __future__ import annotations

from django.db import models
from django.db.models import QuerySet

from .models import AuditEvent
from .services import target_type_of


def audit_events_for(*, target: models.Model) -> QuerySet[AuditEvent]:
    """The history of one object, newest first. Callers check that the actor may see the object."""
    return AuditEvent.objects.filter(target_type=target_type_of(target), target_id=str(target.pk)).order_by("-seq")


def audit_event_list() -> QuerySet[AuditEvent]:
    return AuditEvent.objects.select_related("actor").order_by("-seq")
