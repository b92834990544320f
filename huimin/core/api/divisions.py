"""Administrative divisions: public reads; the district administrator adds and changes them."""

from ninja import PatchDict, Query, Router, Status

from .. import selectors, services
from ..apikit import PUBLIC, WRITE_ERRORS
from ..schemas import DivisionDetailOut, DivisionFilter, DivisionIn, DivisionOut, ErrorOut
from .lookups import division_or_404, division_ref

router = Router(tags=["divisions"])


@router.get("/divisions", response=list[DivisionOut], summary="List divisions", openapi_extra=PUBLIC)
def division_list(request, filters: Query[DivisionFilter]):
    parent = division_ref(request.actor, filters.parent, field="parent")
    return selectors.division_list(actor=request.actor, level=filters.level, parent=parent, search=filters.q.strip())


@router.get(
    "/divisions/{code}",
    response={200: DivisionDetailOut, 404: ErrorOut},
    summary="One division and its children",
    openapi_extra=PUBLIC,
)
def division_detail(request, code: str):
    division = division_or_404(request.actor, code)
    children = list(selectors.division_list(actor=request.actor, parent=division))
    division.child_divisions = children  # type: ignore[attr-defined]
    return division


@router.post("/divisions", response={201: DivisionOut, **WRITE_ERRORS}, summary="Add a division")
def division_create(request, payload: DivisionIn):
    data = payload.dict()
    parent = division_ref(request.actor, data.pop("parent_code"), field="parent_code")
    division = services.division_create(actor=request.actor, parent=parent, **data)
    return Status(201, division)


@router.patch("/divisions/{code}", response={200: DivisionOut, **WRITE_ERRORS}, summary="Change a division")
def division_update(request, code: str, payload: PatchDict[DivisionIn]):
    division = division_or_404(request.actor, code)
    changes = dict(payload)
    if "parent_code" in changes:
        changes["parent"] = division_ref(request.actor, changes.pop("parent_code"), field="parent_code")
    return services.division_update(division=division, actor=request.actor, **changes)
