"""The one place that decides what an actor may see and do.

An `Actor` is the signed-in user with their active role assignments (or the anonymous public). Selectors ask this
module for scopes; views and API endpoints ask it for permissions. No other module inspects role assignments.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .error_codes import CoreError
from .models import Division, DivisionLevel, Organization, OrganizationType, Role, RoleAssignment

if TYPE_CHECKING:
    from .models import User


class PermissionDenied(Exception):
    """Raised by services when the actor is outside the scope of what they try to do."""

    code = "forbidden"

    def __init__(self, message: str | None = None):
        super().__init__(str(message or _("You are not allowed to do this.")))


# What each role's scope is bound to (PRODUCT.md §2).
ROLE_SCOPE: dict[str, str] = {
    Role.DISTRICT_ADMIN: "district",
    Role.PURCHASER: "division",  # its street / township
    Role.COMMUNITY_WORKER: "division",  # its community
    Role.PROJECT_MANAGER: "organization",  # the intermediary organization
    Role.PROVIDER: "organization",  # its own organization
    Role.EXPERT_REVIEWER: "assignment",  # proposals assigned to it
    Role.CREDIT_OFFICER: "organization",  # its reporting unit
    Role.CREDIT_ADMIN: "district",
    Role.RESIDENT: "self",
}

ROLE_DIVISION_LEVELS: dict[str, tuple[str, ...]] = {
    Role.PURCHASER: (DivisionLevel.STREET, DivisionLevel.TOWNSHIP),
    Role.COMMUNITY_WORKER: (DivisionLevel.COMMUNITY, DivisionLevel.VILLAGE),
}

# Organization types a role's scope may point at.
ROLE_ORGANIZATION_TYPES: dict[str, tuple[str, ...] | None] = {
    Role.PROVIDER: None,  # any eligible provider (102号令 Art. 6)
    Role.PROJECT_MANAGER: None,
    Role.CREDIT_OFFICER: (OrganizationType.GOVERNMENT, OrganizationType.PUBLIC_INSTITUTION),
}


class RoleScopeProblem(NamedTuple):
    """Why a role cannot be bound to a scope: the field at fault, the message, a CoreError code."""

    field: str
    message: str
    code: str


def role_scope_problem(
    role: str, division: Division | None, organization: Organization | None
) -> RoleScopeProblem | None:
    """A role is bound to the kind of scope PRODUCT.md §2 gives it (ROLE_SCOPE); anything else is a problem with a
    reason (None: the binding is right)."""
    if role not in Role.values:
        return RoleScopeProblem("role", gettext("Unknown role “%(r)s”.") % {"r": role}, CoreError.INVALID)
    kind = ROLE_SCOPE[role]
    label = Role(role).label
    if kind == "division":
        if division is None or organization is not None:
            return RoleScopeProblem(
                "division",
                gettext("The role “%(role)s” must be bound to a division.") % {"role": label},
                CoreError.ROLE_SCOPE_MISSING,
            )
        levels = ROLE_DIVISION_LEVELS[role]
        if division.level not in levels:
            return RoleScopeProblem(
                "division",
                gettext("The role “%(role)s” is bound to a %(levels)s, not to “%(name)s”.")
                % {
                    "role": label,
                    "levels": " / ".join(str(DivisionLevel(lv).label) for lv in levels),
                    "name": division.name,
                },
                CoreError.ROLE_SCOPE_WRONG,
            )
    elif kind == "organization":
        if organization is None or division is not None:
            return RoleScopeProblem(
                "organization",
                gettext("The role “%(role)s” must be bound to an organization.") % {"role": label},
                CoreError.ROLE_SCOPE_MISSING,
            )
        allowed = ROLE_ORGANIZATION_TYPES.get(role)
        if allowed and organization.org_type not in allowed:
            return RoleScopeProblem(
                "organization",
                gettext("“%(name)s” cannot be the scope of the role “%(role)s”.")
                % {"name": organization.name, "role": label},
                CoreError.ROLE_SCOPE_WRONG,
            )
    elif division is not None or organization is not None:
        return RoleScopeProblem(
            "role",
            gettext("The role “%(role)s” has no division or organization scope.") % {"role": label},
            CoreError.ROLE_SCOPE_WRONG,
        )
    return None


@dataclass
class Actor:
    user: User | None
    assignments: list[RoleAssignment] = field(default_factory=list)

    @classmethod
    def anonymous(cls) -> Actor:
        return cls(user=None, assignments=[])

    @classmethod
    def for_user(cls, user: User | None) -> Actor:
        if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
            return cls.anonymous()
        assignments = list(
            RoleAssignment.objects.filter(user=user, is_active=True).select_related("division", "organization")
        )
        return cls(user=user, assignments=assignments)

    # --- identity -------------------------------------------------------------------------------------------
    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset(a.role for a in self.assignments)

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_district_admin(self) -> bool:
        return Role.DISTRICT_ADMIN in self.roles

    def divisions_for(self, role: str) -> list[Division]:
        return [a.division for a in self.assignments if a.role == role and a.division is not None]

    def organizations_for(self, role: str) -> list[Organization]:
        return [a.organization for a in self.assignments if a.role == role and a.organization is not None]

    def division_ids(self, role: str) -> set[int]:
        """The divisions this actor acts for in `role` (a purchaser's street, a community worker's community)."""
        return {a.division_id for a in self.assignments if a.role == role and a.division_id is not None}

    def organization_ids(self, role: str) -> set[int]:
        """The organizations this actor acts for in `role` (a project manager's intermediary, a provider's own)."""
        return {a.organization_id for a in self.assignments if a.role == role and a.organization_id is not None}

    # --- audit ----------------------------------------------------------------------------------------------
    @property
    def audit_user_id(self) -> int | None:
        return self.user.pk if self.user else None

    @property
    def audit_label(self) -> str:
        return self.user.username if self.user else "public"

    @property
    def audit_role(self) -> str:
        return ",".join(sorted(self.roles))

    @property
    def audit_scope(self) -> str:
        parts = []
        for a in self.assignments:
            if a.division is not None:
                parts.append(f"division:{a.division.code}")
            if a.organization is not None:
                parts.append(f"org:{a.organization.public_id}")
        return ";".join(sorted(set(parts)))


class SystemActor(Actor):
    """The platform itself (scheduled jobs, demo loading): district-wide, recorded as `system`."""

    def __init__(self, label: str = "system"):
        super().__init__(user=None, assignments=[])
        self._label = label

    @property
    def is_authenticated(self) -> bool:
        return True

    @cached_property
    def roles(self) -> frozenset[str]:
        return frozenset({Role.DISTRICT_ADMIN, Role.CREDIT_ADMIN})

    @property
    def audit_label(self) -> str:
        return self._label

    @property
    def audit_role(self) -> str:
        return "system"


# --- scopes used by selectors ---------------------------------------------------------------------------------


def division_scope_q(actor: Actor, *, field: str = "") -> Q | None:
    """Divisions an actor may manage, as a Q on Division (prefix `field`); None = everything; Q(pk__in=[]) = none."""
    prefix = f"{field}__" if field else ""
    if actor.is_district_admin:
        return None
    codes: list[Q] = []
    for a in actor.assignments:
        if a.role in (Role.PURCHASER, Role.COMMUNITY_WORKER) and a.division is not None:
            codes.append(Q(**{f"{prefix}pk": a.division.pk}) | Q(**{f"{prefix}parent": a.division.pk}))
    if not codes:
        return Q(**{f"{prefix}pk__in": []})
    q = codes[0]
    for extra in codes[1:]:
        q |= extra
    return q


def can_manage_division(actor: Actor, division: Division) -> bool:
    if actor.is_district_admin:
        return True
    for a in actor.assignments:
        if a.role in (Role.PURCHASER, Role.COMMUNITY_WORKER) and a.division is not None:
            if division.pk == a.division.pk or division.parent_id == a.division.pk:
                return True
    return False


def can_view_organization_private(actor: Actor, organization: Organization) -> bool:
    """Private parts of an organization's file (contacts, inspections, history): staff and its own members."""
    if actor.has_role(Role.DISTRICT_ADMIN, Role.PROJECT_MANAGER, Role.CREDIT_ADMIN):
        return True
    if actor.has_role(Role.PURCHASER):
        return True  # purchasers check providers they may contract with
    return any(o.pk == organization.pk for o in actor.organizations_for(Role.PROVIDER)) or any(
        o.pk == organization.pk for o in actor.organizations_for(Role.CREDIT_OFFICER)
    )


def can_edit_organization(actor: Actor, organization: Organization) -> bool:
    if actor.is_district_admin:
        return True
    return any(o.pk == organization.pk for o in actor.organizations_for(Role.PROVIDER))


def can_create_organization(actor: Actor) -> bool:
    return actor.is_district_admin


def can_manage_people(actor: Actor) -> bool:
    return actor.is_district_admin


def can_view_person(actor: Actor, user: User) -> bool:
    if actor.is_district_admin:
        return True
    return actor.user is not None and actor.user.pk == user.pk


def can_edit_calendar(actor: Actor) -> bool:
    return actor.is_district_admin


def can_view_audit_of(actor: Actor, target: object) -> bool:
    """History of an object: district administrators always; others when they may see the object's private file."""
    if actor.is_district_admin:
        return True
    if isinstance(target, Organization):
        return can_view_organization_private(actor, target)
    if isinstance(target, Division):
        return can_manage_division(actor, target)
    return False


def require(allowed: bool, message: str | None = None) -> None:
    if not allowed:
        raise PermissionDenied(message)
