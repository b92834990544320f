"""/api/v1/organizations/{public_id}/team, /past-projects, /documents: an organization's profile.

Reads: the organization's own providers and staff (district administrator, project managers, purchasers; without
team members' phones). Writes: the organization's own providers only. Projects recorded by the platform are
read-only (400 `past_project_platform_read_only`).
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from datetime import date
from uuid import UUID

from ninja import File, Form, PatchDict, Router, Status
from ninja.files import UploadedFile

from huimin.core.apikit import PUBLIC, READ_ERRORS, WRITE_ERRORS
from huimin.core.models import Organization
from huimin.core.permissions import Actor

from . import selectors as sel
from .models import PastProject, ProfileDocument, TeamMember
from .schemas import (
    PastProjectIn,
    PastProjectOut,
    ProfileDocumentOut,
    TeamMemberIn,
    TeamMemberOut,
)
from .services import (
    past_project_declare,
    past_project_remove,
    past_project_update,
    profile_document_remove,
    profile_document_upload,
    team_member_create,
    team_member_deactivate,
    team_member_update,
)

router = Router(tags=["organization profiles"])

# The operation ids clients generated their code against, named after the module that first served these endpoints;
# kept so that the API document does not change.
OPERATION_ID_PREFIX = "huimin_proposals_api_profiles_"


def _org(actor: Actor, public_id: UUID) -> Organization:
    return sel.organization_for_profile(actor=actor, public_id=public_id)


def _member_out(member: TeamMember, *, phones: bool) -> TeamMemberOut:
    return TeamMemberOut(
        public_id=member.public_id,
        name=member.name,
        education=member.education,
        qualification=member.qualification,
        qualification_label=str(member.get_qualification_display()),
        qualification_note=member.qualification_note,
        position=member.position,
        phone=member.phone if phones else None,
        is_full_time=member.is_full_time,
        is_active=member.is_active,
    )


def _project_out(project: PastProject) -> PastProjectOut:
    return PastProjectOut(
        public_id=project.public_id,
        source=project.source,
        editable=sel.is_editable_past_project(project),
        year=project.year,
        round_name=project.round_name,
        title=project.title,
        purchaser_name=project.purchaser_name,
        amount=str(project.amount) if project.amount is not None else None,
        beneficiaries=project.beneficiaries,
        outcome=project.outcome,
        evaluation_score=str(project.evaluation_score) if project.evaluation_score is not None else None,
        funds_use=project.funds_use,
    )


def _document_out(document: ProfileDocument, *, current: bool) -> ProfileDocumentOut:
    a = document.attachment
    return ProfileDocumentOut(
        id=a.public_id,
        code=document.code,
        label=sel.document_label(document.code),
        file_name=a.original_name,
        size=a.size,
        sha256=a.sha256,
        valid_until=document.valid_until,
        uploaded_at=document.uploaded_at,
        current=current,
    )


# --- team --------------------------------------------------------------------------------------------------------


@router.get(
    "/organizations/{public_id}/team",
    response={200: list[TeamMemberOut], **READ_ERRORS},
    summary="The organization's team members",
    openapi_extra=PUBLIC,
    operation_id=f"{OPERATION_ID_PREFIX}team_list",
)
def team_list(request, public_id: UUID, include_inactive: bool = False):
    actor = request.actor
    org = _org(actor, public_id)
    phones = sel.shows_phones(actor=actor, organization=org)
    members = sel.team_members(actor=actor, organization=org, include_inactive=include_inactive)
    return [_member_out(m, phones=phones) for m in members]


@router.post(
    "/organizations/{public_id}/team",
    response={201: TeamMemberOut, **WRITE_ERRORS},
    summary="Add a team member",
    operation_id=f"{OPERATION_ID_PREFIX}team_create",
)
def team_create(request, public_id: UUID, payload: TeamMemberIn):
    org = _org(request.actor, public_id)
    member = team_member_create(organization=org, actor=request.actor, **payload.dict())
    return Status(201, _member_out(member, phones=True))


@router.patch(
    "/organizations/{public_id}/team/{member_id}",
    response={200: TeamMemberOut, **WRITE_ERRORS},
    summary="Change a team member",
    operation_id=f"{OPERATION_ID_PREFIX}team_update",
)
def team_update(request, public_id: UUID, member_id: UUID, payload: PatchDict[TeamMemberIn]):
    org = _org(request.actor, public_id)
    member = sel.team_member_get(actor=request.actor, organization=org, public_id=member_id)
    member = team_member_update(member=member, actor=request.actor, **dict(payload))
    return _member_out(member, phones=True)


@router.post(
    "/organizations/{public_id}/team/{member_id}/deactivate",
    response={200: TeamMemberOut, **WRITE_ERRORS},
    summary="Take a team member off the team (kept on the proposals that name them)",
    operation_id=f"{OPERATION_ID_PREFIX}team_deactivate",
)
def team_deactivate(request, public_id: UUID, member_id: UUID):
    org = _org(request.actor, public_id)
    member = sel.team_member_get(actor=request.actor, organization=org, public_id=member_id)
    member = team_member_deactivate(member=member, actor=request.actor)
    return _member_out(member, phones=True)


# --- past projects -------------------------------------------------------------------------------------------------


@router.get(
    "/organizations/{public_id}/past-projects",
    response={200: list[PastProjectOut], **READ_ERRORS},
    summary="The organization's past projects (recorded by the platform, and declared)",
    openapi_extra=PUBLIC,
    operation_id=f"{OPERATION_ID_PREFIX}past_project_list",
)
def past_project_list(request, public_id: UUID, source: str = ""):
    org = _org(request.actor, public_id)
    return [_project_out(p) for p in sel.past_projects(actor=request.actor, organization=org, source=source or None)]


@router.post(
    "/organizations/{public_id}/past-projects",
    response={201: PastProjectOut, **WRITE_ERRORS},
    summary="Declare a past project",
    operation_id=f"{OPERATION_ID_PREFIX}past_project_create",
)
def past_project_create(request, public_id: UUID, payload: PastProjectIn):
    org = _org(request.actor, public_id)
    project = past_project_declare(organization=org, actor=request.actor, **payload.dict())
    return Status(201, _project_out(project))


@router.patch(
    "/organizations/{public_id}/past-projects/{project_id}",
    response={200: PastProjectOut, **WRITE_ERRORS},
    summary="Change a declared past project",
    operation_id=f"{OPERATION_ID_PREFIX}past_project_change",
)
def past_project_change(request, public_id: UUID, project_id: UUID, payload: PatchDict[PastProjectIn]):
    org = _org(request.actor, public_id)
    project = sel.past_project_get(actor=request.actor, organization=org, public_id=project_id)
    project = past_project_update(project=project, actor=request.actor, **dict(payload))
    return _project_out(project)


@router.delete(
    "/organizations/{public_id}/past-projects/{project_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a declared past project",
    operation_id=f"{OPERATION_ID_PREFIX}past_project_delete",
)
def past_project_delete(request, public_id: UUID, project_id: UUID):
    org = _org(request.actor, public_id)
    project = sel.past_project_get(actor=request.actor, organization=org, public_id=project_id)
    past_project_remove(project=project, actor=request.actor)
    return Status(204, None)


# --- standing documents -------------------------------------------------------------------------------------------


@router.get(
    "/organizations/{public_id}/documents",
    response={200: list[ProfileDocumentOut], **READ_ERRORS},
    summary="The organization's standing documents (every version, the latest of each code marked current)",
    openapi_extra=PUBLIC,
    operation_id=f"{OPERATION_ID_PREFIX}document_list",
)
def document_list(request, public_id: UUID):
    org = _org(request.actor, public_id)
    seen: set[str] = set()
    out = []
    for doc in sel.profile_documents(actor=request.actor, organization=org):
        out.append(_document_out(doc, current=doc.code not in seen))
        seen.add(doc.code)
    return out


@router.post(
    "/organizations/{public_id}/documents",
    response={201: ProfileDocumentOut, **WRITE_ERRORS},
    summary="Upload a standing document",
    description="Multipart form: `code` (registration_certificate, annual_inspection, grade_certificate, charter, "
    "financial_audit, tax_social_security), `file`, optional `valid_until` (YYYY-MM-DD).",
    operation_id=f"{OPERATION_ID_PREFIX}document_upload",
)
def document_upload(
    request,
    public_id: UUID,
    file: File[UploadedFile],
    code: Form[str],
    valid_until: Form[date | None] = None,
):
    org = _org(request.actor, public_id)
    document = profile_document_upload(
        organization=org, code=code, uploaded_file=file, valid_until=valid_until, actor=request.actor
    )
    return Status(201, _document_out(document, current=True))


@router.delete(
    "/organizations/{public_id}/documents/{document_id}",
    response={204: None, **WRITE_ERRORS},
    summary="Take a standing document off the profile",
    operation_id=f"{OPERATION_ID_PREFIX}document_remove",
)
def document_remove(request, public_id: UUID, document_id: UUID):
    org = _org(request.actor, public_id)
    document = sel.profile_document_get(actor=request.actor, organization=org, attachment_id=document_id)
    profile_document_remove(document=document, actor=request.actor)
    return Status(204, None)
