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
from .worklinks import work_links


def division_list(
    *, actor: Actor, level: str | None = None, parent: Division | None = None, search: str = ""
) -> QuerySet[Division]:
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


def organization_list(
    *,
    actor: Actor,
    search: str = "",
    org_type: str | None = None,
    division: Division | None = None,
    active_only: bool = False,
) -> QuerySet[Organization]:
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
        Prefetch(
            "role_assignments",
            queryset=RoleAssignment.objects.filter(is_active=True).select_related("division", "organization"),
        )
    ).order_by("username")


def user_get(*, actor: Actor, username: str) -> User | None:
    user = User.objects.filter(username=username).first()
    if user is None or not can_view_person(actor, user):
        return None
    return user


def organization_members(*, actor: Actor, organization: Organization) -> QuerySet[User]:
    return (
        User.objects.filter(role_assignments__organization=organization, role_assignments__is_active=True)
        .distinct()
        .order_by("username")
    )


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


# --- what needs attention now (the home page's cards) ----------------------------------------------------------

# Social organizations (社会团体, 社会服务机构, 基金会) undergo annual inspection and evaluation (民政部令第39号).
SOCIAL_ORGANIZATION_TYPES = ("social_group", "social_service", "foundation")
GRADE_WARNING_DAYS = 90  # an evaluation grade expiring within this many days is flagged


def organizations_with_grade_expiring(*, today: date, within_days: int = GRADE_WARNING_DAYS) -> QuerySet[Organization]:
    """Active organizations whose latest evaluation grade has expired or expires within `within_days` days.

    Each carries `latest_grade` (number of A) and `latest_grade_valid_until`."""
    from datetime import timedelta

    from django.db.models import OuterRef, Subquery

    latest = EvaluationGrade.objects.filter(organization=OuterRef("pk")).order_by("-awarded_on", "-pk")
    return (
        Organization.objects.filter(is_active=True)
        .annotate(
            latest_grade=Subquery(latest.values("grade")[:1]),
            latest_grade_valid_until=Subquery(latest.values("valid_until")[:1]),
        )
        .filter(latest_grade_valid_until__lte=today + timedelta(days=within_days))
        .order_by("latest_grade_valid_until", "name")
    )


def organizations_missing_inspection(*, year: int) -> QuerySet[Organization]:
    """Active social organizations registered before `year` ended with no annual inspection recorded for it."""
    return (
        Organization.objects.filter(is_active=True, org_type__in=SOCIAL_ORGANIZATION_TYPES)
        .filter(Q(founded_on__isnull=True) | Q(founded_on__lt=date(year + 1, 1, 1)))
        .exclude(inspections__year=year)
        .order_by("name")
    )


def calendar_years_missing(*, today: date) -> list[int]:
    """This year and next year, where the holidays are not yet known to the platform."""
    from .models import CalendarYear

    known = set(CalendarYear.objects.filter(year__in=[today.year, today.year + 1]).values_list("year", flat=True))
    return [y for y in (today.year, today.year + 1) if y not in known]


def attention_for_district_admin(*, actor: Actor, today: date) -> dict:
    if not actor.is_district_admin:
        return {}
    from typing import Any, cast

    annotated = cast("QuerySet[Any]", organizations_with_grade_expiring(today=today))
    expiring = [(o, o.latest_grade_valid_until) for o in annotated]
    missing_inspection = organizations_missing_inspection(year=today.year - 1)
    return {
        "organizations": Organization.objects.count(),
        "organizations_active": Organization.objects.filter(is_active=True).count(),
        "users": User.objects.filter(is_active=True).count(),
        "divisions": Division.objects.count(),
        "grades_expired": [o for o, until in expiring if until < today],
        "grades_expiring": [o for o, until in expiring if until >= today],
        "inspection_year": today.year - 1,
        "missing_inspection_count": missing_inspection.count(),
        "missing_inspection": list(missing_inspection[:10]),
        "calendar_missing_years": calendar_years_missing(today=today),
    }


def organization_profile_gaps(*, organization: Organization, today: date) -> dict:
    """What an organization's file lacks, for its own members to complete (or ask the administrator to record)."""
    from django.utils.translation import gettext as _

    is_social = organization.org_type in SOCIAL_ORGANIZATION_TYPES
    last_year = today.year - 1
    inspection_due = is_social and (organization.founded_on is None or organization.founded_on.year <= last_year)
    inspection = organization_inspection_for(organization=organization, year=last_year) if inspection_due else None
    checks: list[tuple[bool, str]] = [
        (bool(organization.uscc), _("No unified social credit code is recorded.")),
        (bool(organization.registration_number), _("No registration certificate number is recorded.")),
        (bool(organization.legal_representative), _("No legal representative is recorded.")),
        (organization.founded_on is not None, _("No founding date is recorded.")),
        (organization.division_id is not None, _("No location (division) is recorded.")),
        (organization.contacts.exists(), _("No contact person is recorded.")),
    ]
    if inspection_due:
        checks.append(
            (inspection is not None, _("No annual inspection is recorded for %(year)s.") % {"year": last_year})
        )
    gaps = [message for ok, message in checks if not ok]
    latest = EvaluationGrade.objects.filter(organization=organization).order_by("-awarded_on", "-pk").first()
    grade_state = None
    if latest is not None:
        days_left = (latest.valid_until - today).days
        if days_left < 0:
            grade_state = "expired"
            gaps.append(
                _("The evaluation grade %(grade)sA expired on %(day)s.")
                % {"grade": latest.grade, "day": latest.valid_until.isoformat()}
            )
        elif days_left <= GRADE_WARNING_DAYS:
            grade_state = "expiring"
            gaps.append(
                _("The evaluation grade %(grade)sA expires on %(day)s.")
                % {"grade": latest.grade, "day": latest.valid_until.isoformat()}
            )
        else:
            grade_state = "valid"
    return {
        "organization": organization,
        "gaps": gaps,
        "completeness": round(100 * sum(1 for ok, _m in checks if ok) / len(checks)),
        "inspection": inspection,
        "inspection_year": last_year if inspection_due else None,
        "latest_grade": latest,
        "grade_state": grade_state,
    }


def attention_for_provider(*, actor: Actor, today: date) -> list[dict]:
    return [organization_profile_gaps(organization=o, today=today) for o in actor.organizations_for(Role.PROVIDER)]


def _organizations_located_in(division: Division) -> QuerySet[Organization]:
    return Organization.objects.filter(Q(division=division) | Q(division__parent=division), is_active=True)


def attention_for_purchaser(*, actor: Actor) -> list[dict]:
    cards = []
    for street in actor.divisions_for(Role.PURCHASER):
        communities = Division.objects.filter(parent=street).order_by("code")
        located = _organizations_located_in(street).order_by("name")
        cards.append(
            {
                "division": street,
                "communities": list(communities),
                "communities_inactive": communities.filter(is_active=False).count(),
                "organizations_count": located.count(),
                "organizations": list(located[:10]),
            }
        )
    return cards


def attention_for_community_worker(*, actor: Actor) -> list[dict]:
    cards = []
    for community in actor.divisions_for(Role.COMMUNITY_WORKER):
        located = _organizations_located_in(community).order_by("name")
        cards.append(
            {
                "division": community,
                "parent": community.parent,
                "organizations_count": located.count(),
                "organizations": list(located[:10]),
            }
        )
    return cards


def attention_for_organization_role(*, actor: Actor, role: str) -> list[dict]:
    """Credit officers (their reporting unit) and project managers (their organization): the unit and its people."""
    cards = []
    for org in actor.organizations_for(role):
        colleagues = (
            User.objects.filter(
                role_assignments__organization=org,
                role_assignments__role=role,
                role_assignments__is_active=True,
                is_active=True,
            )
            .distinct()
            .order_by("username")
        )
        cards.append({"organization": org, "colleagues": list(colleagues)})
    return cards


def attention_for_credit_admin(*, actor: Actor) -> dict:
    if not actor.has_role(Role.CREDIT_ADMIN):
        return {}
    officer_assignments = RoleAssignment.objects.filter(role=Role.CREDIT_OFFICER, is_active=True, user__is_active=True)
    units_with_officer = officer_assignments.values("organization")
    units_without = (
        Organization.objects.filter(is_active=True, org_type__in=["government", "public_institution"])
        .exclude(pk__in=units_with_officer)
        .order_by("name")
    )
    return {
        "officer_accounts": officer_assignments.values("user").distinct().count(),
        "units_with_officer": Organization.objects.filter(pk__in=units_with_officer).count(),
        "units_without_officer_count": units_without.count(),
        "units_without_officer": list(units_without[:10]),
    }


def profile_gaps(*, actor: Actor) -> list[str]:
    """What the signed-in person's own profile lacks."""
    from django.utils.translation import gettext as _

    user = actor.user
    if user is None:
        return []
    gaps = []
    if not user.full_name:
        gaps.append(_("Your full name is not recorded."))
    if not user.phone and not user.email:
        gaps.append(_("Neither a mobile phone nor an email address is recorded for you."))
    return gaps


# Order of the cards on the home page.
ATTENTION_ROLE_ORDER = (
    Role.DISTRICT_ADMIN,
    Role.CREDIT_ADMIN,
    Role.PURCHASER,
    Role.COMMUNITY_WORKER,
    Role.PROJECT_MANAGER,
    Role.PROVIDER,
    Role.CREDIT_OFFICER,
    Role.EXPERT_REVIEWER,
    Role.RESIDENT,
)


def attention_for(*, actor: Actor, today: date) -> list[dict]:
    """One card per role the actor holds, each with what needs the actor's attention now (real counts only)."""
    cards: list[dict] = []
    for role in ATTENTION_ROLE_ORDER:
        if not actor.has_role(role):
            continue
        card: dict = {"role": role, "role_label": Role(role).label, "links": work_links(actor=actor, role=role)}
        if role == Role.DISTRICT_ADMIN:
            card["data"] = attention_for_district_admin(actor=actor, today=today)
        elif role == Role.CREDIT_ADMIN:
            card["data"] = attention_for_credit_admin(actor=actor)
        elif role == Role.PURCHASER:
            card["items"] = attention_for_purchaser(actor=actor)
        elif role == Role.COMMUNITY_WORKER:
            card["items"] = attention_for_community_worker(actor=actor)
        elif role == Role.PROVIDER:
            card["items"] = attention_for_provider(actor=actor, today=today)
        elif role in (Role.PROJECT_MANAGER, Role.CREDIT_OFFICER):
            card["items"] = attention_for_organization_role(actor=actor, role=role)
        else:
            card["profile_gaps"] = profile_gaps(actor=actor)
        cards.append(card)
    return cards


def calendar_days_in_year(*, year: int):
    """The days of a year that differ from the Monday–Friday rule (public facts: anyone may read them)."""
    from .models import CalendarDay

    return CalendarDay.objects.filter(date__year=year).order_by("date")


def calendar_year_get(*, year: int):
    from .models import CalendarYear

    return CalendarYear.objects.filter(year=year).first()


def role_assignments_of(*, actor: Actor, user: User) -> QuerySet[RoleAssignment]:
    """A person's roles in force, for those who may see the person."""
    if not can_view_person(actor, user):
        return RoleAssignment.objects.none()
    return (
        RoleAssignment.objects.filter(user=user, is_active=True)
        .select_related("division", "organization")
        .order_by("role", "pk")
    )
