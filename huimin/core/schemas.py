"""Shapes of /api/v1/ for the core context: `<Entity>In` (request bodies), `<Entity>Out` (responses) and
`<Entity>Filter` (query strings).

Database ids never leave the server: organizations are named by `public_id`, divisions by their official code,
people by their user name, role assignments by a `key` made of role and scope, tokens by their prefix.
"""

# No `from __future__ import annotations` here: ninja's PatchDict re-reads these annotations at runtime.
from datetime import date, datetime
from typing import Any, Literal
from uuid import UUID

from django.utils import timezone
from ninja import Field, Schema

from .masking import mask_text
from .models import AnnualInspectionResult, DivisionLevel, OrganizationType, Role

# --- errors -------------------------------------------------------------------------------------------------------


class ErrorOut(Schema):
    """Every refused request (except malformed input, which is ninja's 422 `detail` list)."""

    code: str = Field(description="Stable machine code (see huimin.core.error_codes.CoreError).")
    message: str = Field(description="What is wrong, in the caller's language.")
    errors: dict[str, list[str]] = Field(default_factory=dict, description="Messages per input field.")


# --- divisions ----------------------------------------------------------------------------------------------------


class DivisionOut(Schema):
    code: str
    name: str
    level: DivisionLevel
    level_label: str
    parent_code: str | None
    is_active: bool
    takes_part: bool
    valid_from: date | None
    valid_to: date | None
    note: str

    @staticmethod
    def resolve_level_label(obj) -> str:
        return str(obj.get_level_display())

    @staticmethod
    def resolve_parent_code(obj) -> str | None:
        return obj.parent.code if obj.parent_id else None

    @staticmethod
    def resolve_note(obj) -> str:
        return mask_text(obj.note)


class DivisionDetailOut(DivisionOut):
    children: list[DivisionOut] = Field(description="The divisions directly under this one.")

    @staticmethod
    def resolve_children(obj) -> list:
        # the endpoint reads them through the selector and hangs them on the division
        return obj.child_divisions


class DivisionFilter(Schema):
    level: DivisionLevel | None = None
    parent: str | None = Field(None, description="Code of the parent division: only its direct children.")
    q: str = Field("", description="Part of the name, or the beginning of the code.")


class DivisionIn(Schema):
    code: str = Field(description="6 (district), 9 (street/township) or 12 (community/village) digits.")
    name: str
    level: DivisionLevel
    parent_code: str | None = Field(None, description="Code of the division this one sits under.")
    takes_part: bool = True
    is_active: bool = True
    valid_from: date | None = None
    valid_to: date | None = None
    note: str = ""


# --- organizations ------------------------------------------------------------------------------------------------


def _today() -> date:
    return timezone.localdate()


class GradeOut(Schema):
    grade: int = Field(description="Number of A: 1 to 5.")
    label: str = Field(description="As written on the certificate: 1A … 5A.")
    awarded_on: date
    valid_until: date
    authority: str

    @staticmethod
    def resolve_label(obj) -> str:
        return f"{obj.grade}A"

    @staticmethod
    def resolve_authority(obj) -> str:
        return mask_text(obj.authority)


class GradeIn(Schema):
    grade: int = Field(description="Number of A: 1 to 5.")
    awarded_on: date
    authority: str = ""


class InspectionSummaryOut(Schema):
    year: int
    result: AnnualInspectionResult
    result_label: str

    @staticmethod
    def resolve_result_label(obj) -> str:
        return str(obj.get_result_display())


class InspectionOut(InspectionSummaryOut):
    note: str


class InspectionIn(Schema):
    year: int
    result: AnnualInspectionResult
    note: str = ""


class ContactOut(Schema):
    name: str
    position: str
    phone: str
    email: str


def current_grade_of(org) -> Any:
    """The grade in force today: the latest award whose five-year validity covers today (uses prefetched rows)."""
    today = _today()
    in_force = [g for g in org.grades.all() if g.awarded_on <= today <= g.valid_until]
    return max(in_force, key=lambda g: g.awarded_on, default=None)


def latest_inspection_of(org) -> Any:
    return max(org.inspections.all(), key=lambda i: i.year, default=None)


class OrganizationOut(Schema):
    """What the registration certificate and the public credit record say: visible to everyone."""

    public_id: UUID
    name: str
    org_type: OrganizationType
    org_type_label: str
    uscc: str | None = Field(description="Unified social credit code (统一社会信用代码).")
    registration_authority: str
    registration_number: str
    founded_on: date | None
    legal_representative: str
    division_code: str | None
    current_grade: GradeOut | None = Field(description="The evaluation grade in force today, if any.")
    latest_inspection: InspectionSummaryOut | None

    @staticmethod
    def resolve_org_type_label(obj) -> str:
        return str(obj.get_org_type_display())

    @staticmethod
    def resolve_registration_authority(obj) -> str:
        return mask_text(obj.registration_authority)

    @staticmethod
    def resolve_legal_representative(obj) -> str:
        return mask_text(obj.legal_representative)

    @staticmethod
    def resolve_division_code(obj) -> str | None:
        return obj.division.code if obj.division_id else None

    @staticmethod
    def resolve_current_grade(obj):
        return current_grade_of(obj)

    @staticmethod
    def resolve_latest_inspection(obj):
        return latest_inspection_of(obj)


class OrganizationPrivateOut(Schema):
    """The rest of the file, for staff and the organization's own members."""

    address: str
    phone: str
    email: str
    description: str
    is_active: bool
    contacts: list[ContactOut]
    inspections: list[InspectionOut]
    grades: list[GradeOut]

    @staticmethod
    def resolve_contacts(obj):
        return list(obj.contacts.all())

    @staticmethod
    def resolve_inspections(obj):
        return sorted(obj.inspections.all(), key=lambda i: i.year, reverse=True)

    @staticmethod
    def resolve_grades(obj):
        return sorted(obj.grades.all(), key=lambda g: g.awarded_on, reverse=True)


class OrganizationDetailOut(OrganizationOut):
    private: OrganizationPrivateOut | None = Field(
        None, description="Present only for callers who may see the organization's private file."
    )


class OrganizationFilter(Schema):
    q: str = Field("", description="Part of the name, or the whole credit code.")
    org_type: OrganizationType | None = None
    division: str | None = Field(None, description="Division code: organizations in it or directly under it.")


class OrganizationIn(Schema):
    name: str
    org_type: OrganizationType
    uscc: str | None = None
    registration_authority: str = ""
    registration_number: str = ""
    founded_on: date | None = None
    legal_representative: str = ""
    address: str = ""
    division_code: str | None = None
    phone: str = ""
    email: str = ""
    description: str = ""
    is_active: bool = True


# --- people -------------------------------------------------------------------------------------------------------


def role_key(assignment) -> str:
    """`role`, `role:<division code>` or `role:<organization public_id>`: stable, and free of database ids."""
    if assignment.division_id:
        return f"{assignment.role}:{assignment.division.code}"
    if assignment.organization_id:
        return f"{assignment.role}:{assignment.organization.public_id}"
    return assignment.role


class RoleOut(Schema):
    key: str = Field(description="Names this assignment in DELETE /users/{username}/roles/{key}.")
    role: Role
    role_label: str
    division_code: str | None
    division_name: str | None
    organization_id: UUID | None = Field(description="The organization's public_id.")
    organization_name: str | None

    @staticmethod
    def resolve_key(obj) -> str:
        return role_key(obj)

    @staticmethod
    def resolve_role_label(obj) -> str:
        return str(obj.get_role_display())

    @staticmethod
    def resolve_division_code(obj) -> str | None:
        return obj.division.code if obj.division_id else None

    @staticmethod
    def resolve_division_name(obj) -> str | None:
        return obj.division.name if obj.division_id else None

    @staticmethod
    def resolve_organization_id(obj) -> UUID | None:
        return obj.organization.public_id if obj.organization_id else None

    @staticmethod
    def resolve_organization_name(obj) -> str | None:
        return obj.organization.name if obj.organization_id else None


class RoleIn(Schema):
    role: Role
    division_code: str | None = Field(None, description="For purchasers (street/township) and community workers.")
    organization_id: UUID | None = Field(None, description="public_id of the organization, for organization roles.")


class UserOut(Schema):
    username: str
    full_name: str
    email: str
    phone: str
    is_active: bool
    roles: list[RoleOut]

    @staticmethod
    def resolve_roles(obj):
        return [a for a in obj.role_assignments.all() if a.is_active]


class UserFilter(Schema):
    q: str = Field("", description="Part of the user name or the full name.")
    role: Role | None = None


class UserIn(Schema):
    username: str
    password: str | None = Field(None, description="Leave out to create an account that cannot sign in yet.")
    full_name: str = ""
    phone: str = ""
    email: str = ""
    roles: list[RoleIn] = Field(default_factory=list)


# --- tokens -------------------------------------------------------------------------------------------------------


class TokenIn(Schema):
    name: str = Field(description="What the token is for, e.g. the client machine.")
    lifetime_days: int | None = Field(
        None,
        ge=1,
        le=3650,
        description="Days until the token expires; the site's default (90) when left out, at most its maximum "
        "(365 unless configured otherwise; a longer lifetime is refused with `token_lifetime_invalid`).",
    )


class TokenOut(Schema):
    name: str
    prefix: str = Field(description="Identifies the token in lists and in DELETE /tokens/{prefix}.")
    created_at: datetime
    expires_at: datetime = Field(description="After this time the token is refused (401 `token_expired`).")
    last_used_at: datetime | None = Field(description="The last request the token authenticated, if any.")
    revoked_at: datetime | None = Field(
        description="When its owner or an administrator revoked it, or its owner's password changed."
    )
    status: Literal["in_force", "expired", "revoked"]


class TokenCreatedOut(TokenOut):
    token: str = Field(description="The token itself. Shown only this once; send it as `Authorization: Bearer …`.")


# --- checks and calendar ------------------------------------------------------------------------------------------


class UsccCheckOut(Schema):
    code: str = Field(description="The code as checked (trimmed, upper case).")
    valid: bool
    errors: list[str] = Field(description="Why the code is not valid; empty when it is.")
    authority: str | None = Field(None, description="Registration authority (登记管理部门) the first character names.")
    category: str | None = Field(None, description="Organization category (机构类别) the second character names.")
    region: str | None = Field(None, description="Administrative division code of the registering authority.")
    org_code: str | None = Field(None, description="The embedded organization code (组织机构代码).")


class AddWorkingDaysFilter(Schema):
    date: date
    n: int = Field(description="Working days to add (negative to go back).")


class DateOut(Schema):
    date: date


class WorkingDaysBetweenFilter(Schema):
    start: date
    end: date


class WorkingDaysBetweenOut(Schema):
    start: date
    end: date
    working_days: int


class WorkingDayOut(Schema):
    date: date
    is_working_day: bool


# --- audit --------------------------------------------------------------------------------------------------------


class AuditEventOut(Schema):
    seq: int
    occurred_at: datetime
    actor: str = Field(description="User name of who did it, or `system` / `public`.")
    role: str
    scope: str
    event_type: str
    target_label: str
    payload: dict[str, Any]
    hash: str

    @staticmethod
    def resolve_actor(obj) -> str:
        return obj.actor_label
