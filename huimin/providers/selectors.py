"""Reads of organization profiles, scoped to the actor: the team, past projects, standing documents, and the
registration facts (annual inspections, evaluation grade with its validity) the profile page and the printed
proposal show.

Views, the API and the contexts built on this one (a proposal's team is chosen from the organization's team, its
documents may be taken from the standing ones) read through here; they never touch the models directly.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from huimin.core import selectors as core_selectors
from huimin.core.models import AnnualInspection, EvaluationGrade, Organization
from huimin.core.permissions import PermissionDenied

from .models import PastProject, PastProjectSource, ProfileDocument, TeamMember
from .permissions import (
    can_edit_profile,
    can_view_private_profile,
    can_view_profile,
    provider_organizations,
)

if TYPE_CHECKING:
    from huimin.core.permissions import Actor
    from huimin.files.models import Attachment

# Standing documents of an organization (申报材料 that do not change from one proposal to the next).
PROFILE_DOCUMENT_CODES: dict[str, object] = {
    "registration_certificate": gettext_lazy("Registration certificate (登记证书)"),
    "annual_inspection": gettext_lazy("Annual inspection conclusion (年检结论)"),
    "grade_certificate": gettext_lazy("Evaluation grade certificate (评估等级证书)"),
    "charter": gettext_lazy("Charter (章程)"),
    "financial_audit": gettext_lazy("Financial audit report (财务审计报告)"),
    "tax_social_security": gettext_lazy("Tax and social insurance record (纳税和社保缴纳证明)"),
}

# The grade expires soon: shown as a warning on the profile.
GRADE_WARNING_DAYS = 90


def document_label(code: str) -> str:
    return str(PROFILE_DOCUMENT_CODES.get(code, code))


def _require_view(actor: Actor, organization: Organization) -> None:
    if not can_view_profile(actor, organization):
        raise PermissionDenied(_("You may not see this organization's profile."))


# --- the organization --------------------------------------------------------------------------------------------


def profile_organizations(*, actor: Actor) -> list[Organization]:
    """The organizations whose profile the actor keeps (its provider organizations)."""
    return provider_organizations(actor)


def profile_organization_for(*, actor: Actor, public_id: UUID | str | None = None) -> Organization | None:
    """The provider's organization to show: the one named (when the actor keeps it) or its first one."""
    own = profile_organizations(actor=actor)
    if public_id:
        return next((o for o in own if str(o.public_id) == str(public_id)), None)
    return own[0] if own else None


def organization_for_profile(*, actor: Actor, public_id: UUID | str) -> Organization:
    """An organization whose profile the actor may read. Unknown → Organization.DoesNotExist; out of scope →
    PermissionDenied."""
    try:
        organization = Organization.objects.get(public_id=public_id)
    except (ValueError, ValidationError) as exc:
        raise Organization.DoesNotExist(_("No organization has the id %(id)s.") % {"id": public_id}) from exc
    _require_view(actor, organization)
    return organization


@dataclass(frozen=True)
class GradeStanding:
    grade: EvaluationGrade
    valid: bool
    days_left: int  # negative when expired
    expiring_soon: bool


@dataclass(frozen=True)
class RegistrationFacts:
    """What core knows of the organization, as the profile and the printed proposal show it."""

    organization: Organization
    inspections: list[AnnualInspection]
    latest_inspection: AnnualInspection | None
    grade: GradeStanding | None  # the latest grade, valid or not
    founded_years: int | None


def registration_facts(*, organization: Organization, today: date) -> RegistrationFacts:
    org = organization_with_history(organization)
    inspections = list(org.inspections.all())
    grades = list(org.grades.all())
    standing = None
    current = core_selectors.organization_current_grade(organization=org, on=today)
    latest = current or (grades[0] if grades else None)
    if latest is not None:
        days_left = (latest.valid_until - today).days
        valid = latest.awarded_on <= today <= latest.valid_until
        standing = GradeStanding(
            grade=latest, valid=valid, days_left=days_left, expiring_soon=valid and days_left <= GRADE_WARNING_DAYS
        )
    founded_years = None
    if org.founded_on:
        founded_years = (
            today.year - org.founded_on.year - ((today.month, today.day) < (org.founded_on.month, org.founded_on.day))
        )
    return RegistrationFacts(
        organization=org,
        inspections=inspections,
        latest_inspection=inspections[0] if inspections else None,
        grade=standing,
        founded_years=founded_years,
    )


# --- the team ------------------------------------------------------------------------------------------------------


def team_members(*, actor: Actor, organization: Organization, include_inactive: bool = False) -> QuerySet[TeamMember]:
    _require_view(actor, organization)
    qs = TeamMember.objects.filter(organization=organization)
    if not include_inactive:
        qs = qs.filter(is_active=True)
    return qs.order_by("-is_active", "name", "pk")


def team_member_get(*, actor: Actor, organization: Organization, public_id: UUID | str) -> TeamMember:
    try:
        return team_members(actor=actor, organization=organization, include_inactive=True).get(public_id=public_id)
    except (ValueError, ValidationError) as exc:
        raise TeamMember.DoesNotExist(_("No team member has the id %(id)s.") % {"id": public_id}) from exc


def shows_phones(*, actor: Actor, organization: Organization) -> bool:
    return can_view_private_profile(actor, organization)


def active_team(*, organization: Organization) -> QuerySet[TeamMember]:
    """The organization's active team members, by name: what a proposal's project team is chosen from. Unscoped:
    the caller has checked the actor against its own object (the proposal)."""
    return TeamMember.objects.filter(organization=organization, is_active=True).order_by("name")


def team_member_of(*, organization: Organization, public_id: UUID | str) -> TeamMember:
    """A member of the organization's team (active or not) by public id; another organization's → DoesNotExist.
    Unscoped, as `active_team`."""
    return TeamMember.objects.get(organization=organization, public_id=public_id)


# --- past projects -------------------------------------------------------------------------------------------------


def past_projects(*, actor: Actor, organization: Organization, source: str | None = None) -> QuerySet[PastProject]:
    _require_view(actor, organization)
    qs = PastProject.objects.filter(organization=organization)
    if source:
        qs = qs.filter(source=source)
    return qs.order_by("-year", "title", "pk")


def past_project_get(*, actor: Actor, organization: Organization, public_id: UUID | str) -> PastProject:
    try:
        return past_projects(actor=actor, organization=organization).get(public_id=public_id)
    except (ValueError, ValidationError) as exc:
        raise PastProject.DoesNotExist(_("No past project has the id %(id)s.") % {"id": public_id}) from exc


def is_editable_past_project(project: PastProject) -> bool:
    return project.source == PastProjectSource.DECLARED


# --- standing documents --------------------------------------------------------------------------------------------


def profile_attachment_visible(actor: Actor, attachment: Attachment) -> bool:
    """Whether `actor` may see a standing document's file through the profile that lists it (the profile's rule:
    its own providers and the staff who check providers). Files not, or no longer, on a profile answer False."""
    organizations = Organization.objects.filter(profile_documents__attachment=attachment).distinct()
    return any(can_view_profile(actor, organization) for organization in organizations)


def profile_documents(*, actor: Actor, organization: Organization) -> QuerySet[ProfileDocument]:
    """Every standing document, newest first within each code."""
    _require_view(actor, organization)
    return (
        ProfileDocument.objects.filter(organization=organization)
        .select_related("attachment")
        .order_by("code", "-uploaded_at", "-pk")
    )


def current_profile_documents(*, actor: Actor, organization: Organization) -> dict[str, ProfileDocument]:
    """{code: the latest document of that code}."""
    out: dict[str, ProfileDocument] = {}
    for doc in profile_documents(actor=actor, organization=organization):
        out.setdefault(doc.code, doc)
    return out


def reusable_profile_documents(*, actor: Actor, organization: Organization) -> dict[str, ProfileDocument]:
    """{code: the latest standing document} the actor may attach to the organization's proposals: only its own
    providers reuse them (staff who read the profile do not); {} for anyone else."""
    if not can_edit_profile(actor, organization):
        return {}
    return current_profile_documents(actor=actor, organization=organization)


def profile_document_get(*, actor: Actor, organization: Organization, attachment_id: UUID | str) -> ProfileDocument:
    """A standing document named by its attachment's public id."""
    try:
        return profile_documents(actor=actor, organization=organization).get(attachment__public_id=attachment_id)
    except (ValueError, ValidationError) as exc:
        raise ProfileDocument.DoesNotExist(_("No document has the id %(id)s.") % {"id": attachment_id}) from exc


@dataclass(frozen=True)
class DocumentRow:
    code: str
    label: str
    current: ProfileDocument | None
    older: list[ProfileDocument]
    expired: bool


def document_rows(*, actor: Actor, organization: Organization, today: date) -> list[DocumentRow]:
    """One row per known code (and per other code the organization holds), latest first."""
    by_code: dict[str, list[ProfileDocument]] = {}
    for doc in profile_documents(actor=actor, organization=organization):
        by_code.setdefault(doc.code, []).append(doc)
    codes = list(PROFILE_DOCUMENT_CODES) + sorted(c for c in by_code if c not in PROFILE_DOCUMENT_CODES)
    rows = []
    for code in codes:
        docs = by_code.get(code, [])
        current = docs[0] if docs else None
        expired = bool(current and current.valid_until and current.valid_until < today)
        rows.append(
            DocumentRow(code=code, label=document_label(code), current=current, older=docs[1:], expired=expired)
        )
    return rows


# --- the profile page ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    facts: RegistrationFacts
    team: list[TeamMember]
    inactive_team: list[TeamMember]
    platform_projects: list[PastProject]
    declared_projects: list[PastProject]
    documents: list[DocumentRow]
    editable: bool
    shows_phones: bool


def profile_page(*, actor: Actor, organization: Organization, today: date) -> Profile:
    members = list(team_members(actor=actor, organization=organization, include_inactive=True))
    projects = list(past_projects(actor=actor, organization=organization))
    return Profile(
        facts=registration_facts(organization=organization, today=today),
        team=[m for m in members if m.is_active],
        inactive_team=[m for m in members if not m.is_active],
        platform_projects=[p for p in projects if p.source == PastProjectSource.PLATFORM],
        declared_projects=[p for p in projects if p.source == PastProjectSource.DECLARED],
        documents=document_rows(actor=actor, organization=organization, today=today),
        editable=can_edit_profile(actor, organization),
        shows_phones=shows_phones(actor=actor, organization=organization),
    )


def organization_with_history(organization: Organization) -> Organization:
    """The organization with its inspections and grades prefetched (newest first)."""
    return (
        Organization.objects.prefetch_related(
            Prefetch("inspections", queryset=AnnualInspection.objects.order_by("-year")),
            Prefetch("grades", queryset=EvaluationGrade.objects.order_by("-awarded_on")),
        )
        .select_related("division")
        .get(pk=organization.pk)
    )
