"""Organizations: everyone reads the registration facts; the district administrator registers and grades them;
an organization's own provider keeps its contact details up to date."""

from uuid import UUID

from ninja import PatchDict, Query, Router, Status

from .. import selectors, services
from ..apikit import PUBLIC, WRITE_ERRORS, paginated
from ..models import Organization
from ..permissions import Actor, can_view_organization_private
from ..schemas import (
    ErrorOut,
    GradeIn,
    GradeOut,
    InspectionIn,
    InspectionOut,
    OrganizationDetailOut,
    OrganizationFilter,
    OrganizationIn,
    OrganizationOut,
    OrganizationPrivateOut,
)
from .lookups import division_ref, organization_or_404

router = Router(tags=["organizations"])


def _detail(actor: Actor, organization: Organization) -> OrganizationDetailOut:
    org = organization_or_404(actor, organization.public_id)  # fresh, with its inspections and grades
    out = OrganizationDetailOut.from_orm(org)
    if can_view_organization_private(actor, org):
        out.private = OrganizationPrivateOut.from_orm(org)
    return out


@router.get(
    "/organizations", response=list[OrganizationOut], summary="List organizations (public facts)", openapi_extra=PUBLIC
)
@paginated(page_size=50)
def organization_list(request, filters: Query[OrganizationFilter]):
    division = division_ref(request.actor, filters.division, field="division")
    return selectors.organization_list(
        actor=request.actor, search=filters.q.strip(), org_type=filters.org_type, division=division
    ).prefetch_related("grades", "inspections")


@router.get(
    "/organizations/{public_id}",
    response={200: OrganizationDetailOut, 404: ErrorOut},
    summary="One organization",
    openapi_extra=PUBLIC,
)
def organization_detail(request, public_id: UUID):
    return _detail(request.actor, organization_or_404(request.actor, public_id))


@router.post(
    "/organizations", response={201: OrganizationDetailOut, **WRITE_ERRORS}, summary="Register an organization"
)
def organization_create(request, payload: OrganizationIn):
    data = payload.dict()
    division = division_ref(request.actor, data.pop("division_code"), field="division_code")
    org = services.organization_create(actor=request.actor, division=division, **data)
    return Status(201, _detail(request.actor, org))


@router.patch(
    "/organizations/{public_id}",
    response={200: OrganizationDetailOut, **WRITE_ERRORS},
    summary="Change an organization",
)
def organization_update(request, public_id: UUID, payload: PatchDict[OrganizationIn]):
    org = organization_or_404(request.actor, public_id)
    changes = dict(payload)
    if "division_code" in changes:
        changes["division"] = division_ref(request.actor, changes.pop("division_code"), field="division_code")
    org = services.organization_update(organization=org, actor=request.actor, **changes)
    return _detail(request.actor, org)


@router.post(
    "/organizations/{public_id}/inspections",
    response={201: InspectionOut, **WRITE_ERRORS},
    summary="Record an annual inspection (corrects the year's record if there is one)",
)
def organization_inspection_record(request, public_id: UUID, payload: InspectionIn):
    org = organization_or_404(request.actor, public_id)
    inspection = services.organization_inspection_record(organization=org, actor=request.actor, **payload.dict())
    return Status(201, inspection)


@router.post(
    "/organizations/{public_id}/grades",
    response={201: GradeOut, **WRITE_ERRORS},
    summary="Record an evaluation grade (valid five years)",
)
def organization_grade_award(request, public_id: UUID, payload: GradeIn):
    org = organization_or_404(request.actor, public_id)
    grade = services.organization_grade_award(organization=org, actor=request.actor, **payload.dict())
    return Status(201, grade)
