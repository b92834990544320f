"""Reads of the needs context, scoped to the actor."""

from __future__ import annotations

from django.db.models import QuerySet

from huimin.core.models import Division

from .models import Need, NeedCategory, NeedStatus


def categories(*, active_only: bool = True) -> QuerySet[NeedCategory]:
    qs = NeedCategory.objects.all()
    return qs.filter(is_active=True) if active_only else qs


def needs_for_consolidation(*, purchaser: Division) -> QuerySet[Need]:
    """Accepted needs of the communities under a purchaser (street / township): what its intentions may answer."""
    return (
        Need.objects.filter(status=NeedStatus.ACCEPTED, community__parent=purchaser)
        .select_related("community", "category")
        .order_by("community__code", "-support_count", "number")
    )
