"""Who may do what with credit data (the scopes of the credit context live here and nowhere else).

- A credit officer (Role.CREDIT_OFFICER) is bound to the organization of one reporting unit: it files, imports,
  corrects and revokes that unit's records and sees them whether public or not.
- The credit administrator (Role.CREDIT_ADMIN, the district's 信用办) manages units, catalogues, regimes, lists and
  repairs and sees every record; the district administrator may manage credit data as well.
- Everyone else, the public included, sees published records only (masked: huimin.credit.masking).
"""

from __future__ import annotations

from django.db.models import Q

from huimin.core.models import Role
from huimin.core.permissions import Actor

from .models import ReportingUnit


def can_manage_credit(actor: Actor) -> bool:
    """Catalogues, reporting units, regimes, lists, repairs, expiry: the credit or district administrator."""
    return actor.has_role(Role.CREDIT_ADMIN, Role.DISTRICT_ADMIN)


def can_submit_records(actor: Actor, unit: ReportingUnit) -> bool:
    """File, import, correct or revoke records of `unit`: its own credit officers, or the credit administrator."""
    if actor.has_role(Role.CREDIT_ADMIN):
        return True
    return unit.organization_id in actor.organization_ids(Role.CREDIT_OFFICER)


def can_view_unpublished(actor: Actor, unit: ReportingUnit) -> bool:
    """See records of `unit` that are not (or no longer) on public view, and the unmasked party data."""
    if can_manage_credit(actor):
        return True
    return unit.organization_id in actor.organization_ids(Role.CREDIT_OFFICER)


def records_scope_q(actor: Actor, *, prefix: str = "") -> Q | None:
    """The records an actor may see, as a Q on LicensingRecord / PenaltyRecord (`prefix` for a related model):
    None = every record; otherwise the public ones plus those of the actor's own units."""
    p = f"{prefix}__" if prefix else ""
    if can_manage_credit(actor):
        return None
    q = Q(**{f"{p}is_public": True})
    orgs = actor.organization_ids(Role.CREDIT_OFFICER)
    if orgs:
        q |= Q(**{f"{p}unit__organization_id__in": sorted(orgs)})
    return q


def units_for_officer(actor: Actor) -> list[ReportingUnit]:
    """The reporting units the actor files records for (every active unit for the credit administrator)."""
    if actor.has_role(Role.CREDIT_ADMIN):
        return list(ReportingUnit.objects.filter(is_active=True).select_related("organization"))
    orgs = actor.organization_ids(Role.CREDIT_OFFICER)
    if not orgs:
        return []
    return list(ReportingUnit.objects.filter(organization_id__in=orgs).select_related("organization"))
