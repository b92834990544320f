"""Reads of the core context, scoped to the actor. Views and API endpoints read only through these."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import (
    AnnualInspection,
    ApiToken,
    Division,
    DivisionLevel,
    EvaluationGrade,
    Organization,
    Role,
    RoleAssignment,
    User,
)
from .permissions import Actor, can_manage_people, can_view_person


def division_list(*, actor: Actor, level: str | None = None, parent: Division | None = None,
                  search: str = "") -> QuerySet[Division]:
    """Divisions are public facts: everyone may read them."""
    qs = Division.objects.select_related("parent").annotate(children_count=Count("children"))
    if level:
        qs = qs.filter(level=level)
    if parent is not None:
        qs = qs.filter(parent=parent)
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(code__startswith=search))
    return qs.order_by("code")


def division_get(*, actor: Actor, code: str) -> Division:
    return Division.objects.select_related("parent").get(code=code)


def division_tree(*, actor: Actor) -> list[Division]:
    return list(Division.objects.select_related("parent").order_by("code"))


def purchaser_divisions(*, actor: Actor, taking_part_only: bool = True) -> QuerySet[Division]:
    qs = Division.objects.filter(level__in=[DivisionLevel.STREET, DivisionLevel.TOWNSHIP], is_active=True)
    if taking_part_only:
        qs = qs.filter(takes_part=True)
    return qs.order_by("code")


def organization_list(*, actor: Actor, search: str = "", org_type: str | None = None,
                      division: Division | None = None, active_only: bool = False) -> QuerySet[Organization]:
    """Organizations' registration facts are public (they are on the registration certificate)."""
    qs = Organization.objects.select_related("division")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(uscc__iexact=search.strip().upper()))
    if org_type:
        qs = qs.filter(org_type=org_type)
    if division is not None:
        qs = qs.filter(Q(division=division) | Q(division__parent=division))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("name")


def organization_get(*, actor: Actor, public_id) -> Organization:
    return (
        Organization.objects.select_related("division")
        .prefetch_related(
            Prefetch("inspections", queryset=AnnualInspection.objects.order_by("-year")),
            Prefetch("grades", queryset=EvaluationGrade.objects.order_by("-awarded_on")),
            "contacts",
        )
        .get(public_id=public_id)
    )


def organization_current_grade(*, organization: Organization, on: date) -> EvaluationGrade | None:
    """The grade in force on a date (the latest award whose five-year validity covers it)."""
    return (
        EvaluationGrade.objects.filter(organization=organization, awarded_on__lte=on, valid_until__gte=on)
        .order_by("-awarded_on")
        .first()
    )


def organization_inspection_for(*, organization: Organization, year: int) -> AnnualInspection | None:
    return AnnualInspection.objects.filter(organization=organization, year=year).first()


def user_list(*, actor: Actor, search: str = "", role: str | None = None) -> QuerySet[User]:
    if can_manage_people(actor):
        qs = User.objects.all()
    elif actor.user is not None:
        qs = User.objects.filter(pk=actor.user.pk)
    else:
        qs = User.objects.none()
    if search:
        qs = qs.filter(Q(username__icontains=search) | Q(full_name__icontains=search))
    if role:
        qs = qs.filter(role_assignments__role=role, role_assignments__is_active=True).distinct()
    return qs.prefetch_related(
        Prefetch("role_assignments", queryset=RoleAssignment.objects.filter(is_active=True)
                 .select_related("division", "organization"))
    ).order_by("username")


def user_get(*, actor: Actor, username: str) -> User | None:
    user = User.objects.filter(username=username).first()
    if user is None or not can_view_person(actor, user):
        return None
    return user


def organization_members(*, actor: Actor, organization: Organization) -> QuerySet[User]:
    return User.objects.filter(
        role_assignments__organization=organization, role_assignments__is_active=True
    ).distinct().order_by("username")


def role_counts() -> dict[str, int]:
    rows = RoleAssignment.objects.filter(is_active=True).values("role").annotate(n=Count("id"))
    return {r["role"]: r["n"] for r in rows} | {r: 0 for r in Role.values if r not in {x["role"] for x in rows}}


def role_assignment_get(
    *, actor: Actor, user: User, role: str, division: Division | None = None, organization: Organization | None = None
) -> RoleAssignment | None:
    """One active role assignment of a person, found by its role and scope (the API's stable key for it)."""
    if not can_view_person(actor, user):
        return None
    return (
        RoleAssignment.objects.filter(
            user=user, role=role, division=division, organization=organization, is_active=True
        )
        .select_related("user", "division", "organization")
        .first()
    )


def api_token_list(*, actor: Actor) -> QuerySet[ApiToken]:
    """The actor's own API tokens (revoked ones too), newest first; the public has none."""
    if actor.user is None:
        return ApiToken.objects.none()
    return ApiToken.objects.filter(user=actor.user).order_by("-created_at")


def api_token_get(*, actor: Actor, prefix: str) -> ApiToken | None:
    """One of the actor's tokens still in force, by the prefix shown when it was created."""
    return api_token_list(actor=actor).filter(prefix=prefix, revoked_at__isnull=True).first()
