"""Who may see and change an organization's profile (team, past projects, standing documents).

- The organization's own providers (Role.PROVIDER bound to it) keep its team, declared past projects and standing
  documents, and see all of it (team members' phones included).
- Staff who check providers — the district administrator, the project managers, the purchasers — see the
  public-safe parts (no phone numbers), as they see the organization's private file in core.
- Projects of earlier rounds are recorded by the platform (district administrator, project managers, the system);
  nobody edits them through the profile.
- Everyone else sees nothing.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from huimin.core.models import Organization, Role
from huimin.core.permissions import Actor, require

STAFF_ROLES = (Role.DISTRICT_ADMIN, Role.PROJECT_MANAGER, Role.PURCHASER)


def provider_organizations(actor: Actor) -> list[Organization]:
    """The organizations the actor works for as a provider, in name order."""
    return sorted(actor.organizations_for(Role.PROVIDER), key=lambda o: (o.name, o.pk))


def is_member(actor: Actor, organization: Organization) -> bool:
    return organization.pk in actor.organization_ids(Role.PROVIDER)


def can_edit_profile(actor: Actor, organization: Organization) -> bool:
    return actor.is_authenticated and is_member(actor, organization)


def require_profile_editor(actor: Actor, organization: Organization) -> None:
    """PermissionDenied unless the actor keeps the organization's profile."""
    require(can_edit_profile(actor, organization), _("Only the organization's own providers may change its profile."))


def can_view_profile(actor: Actor, organization: Organization) -> bool:
    if not actor.is_authenticated:
        return False
    return is_member(actor, organization) or actor.has_role(*STAFF_ROLES)


def can_view_private_profile(actor: Actor, organization: Organization) -> bool:
    """Phone numbers of the team: the organization's own providers only."""
    return can_edit_profile(actor, organization)


def can_record_past_project(actor: Actor) -> bool:
    """Recording a project of an earlier round: the platform (system actor), the district administrator, the
    project managers."""
    return actor.is_authenticated and actor.has_role(Role.DISTRICT_ADMIN, Role.PROJECT_MANAGER)
