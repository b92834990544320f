"""/api/v1/credit/: the credit context over HTTP. Thin: reads through huimin.credit.selectors (public reads masked by
huimin.credit.masking), writes through the services with `actor=request.actor`.

- Everyone: published records (search, one record), catalogues, reporting units, the lists in force, statistics.
- Credit officers (their unit) and the credit administrator: file and correct records, their desk list.
- The credit administrator: catalogue items, list entries, repair decisions.
- Providers: repair requests on penalties of their own organization.
- Staff who screen providers: credit checks and their evidence.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from typing import Any, cast
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Router, Status

from huimin.core import selectors as core_selectors
from huimin.core.apikit import PUBLIC, READ_ERRORS, WRITE_ERRORS, Mapped, NotFound, paginated, require_signed_in
from huimin.core.models import Organization
from huimin.core.permissions import PermissionDenied, require
from huimin.core.services.errors import ServiceError
from huimin.files.selectors import attachment_get

from . import selectors
from .check import can_run_credit_check, credit_check, credit_check_get
from .error_codes import CreditError
from .masking import public_list_entry_dict, public_record_dict, public_row
from .models import CreditCheck, ListEntry, PenaltyRecord, RepairRequest, ReportingUnit
from .permissions import can_manage_credit, can_submit_records, can_view_unpublished
from .schemas import (
    CatalogueFilter,
    CatalogueItemIn,
    CatalogueItemOut,
    CheckIn,
    CreditCheckOut,
    DeskFilter,
    ListEntryIn,
    ListEntryOut,
    ListFilter,
    ListRemovalIn,
    PublicRecordOut,
    PublicRecordRowOut,
    RecordFieldsIn,
    RecordFilter,
    RecordIn,
    RecordOut,
    RepairDecisionIn,
    RepairIn,
    RepairOut,
    ReportingUnitOut,
    RevocationIn,
    StatsOut,
    TimelinessOut,
)
from .selectors import RecordFilters, RecordNotFound
from .services.catalogue import catalogue_item_create
from .services.lists import list_entry_add, list_entry_remove
from .services.records import record_create, record_revoke, record_update
from .services.repairs import repair_request_decide, repair_request_submit

router = Router(tags=["credit"])


def _unit_ref(code: str | None, *, field: str = "unit") -> ReportingUnit | None:
    if code is None or code == "":
        return None
    try:
        return selectors.reporting_unit_get(code=code.strip())
    except ReportingUnit.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("There is no reporting unit with the code “%(code)s”.") % {"code": code}},
            code=CreditError.UNIT_UNKNOWN,
        ) from None


# --- records -------------------------------------------------------------------------------------------------------


@router.get(
    "/records", response=list[PublicRecordRowOut], summary="Search published records (masked)", openapi_extra=PUBLIC
)
@paginated(page_size=50)
def record_search(request, filters: Query[RecordFilter]):
    qs = selectors.public_record_search(
        q=filters.q,
        kind=filters.kind,
        unit=_unit_ref(filters.unit),
        date_from=filters.date_from,
        date_to=filters.date_to,
        subject_category=filters.party,
    )

    def row(values):
        data = public_row(values)
        data["unit_code"] = values["unit__code"]
        data["unit_name"] = values["unit__short_name"] or values["unit__organization__name"]
        return data

    return Mapped(qs, row)


@router.get(
    "/records/{public_id}",
    response={200: PublicRecordOut, **READ_ERRORS},
    summary="One published record (masked)",
    openapi_extra=PUBLIC,
)
def record_detail(request, public_id: UUID):
    try:
        record = selectors.record_get_public(public_id=public_id)
    except RecordNotFound:
        raise NotFound(_("No published record has the id %(id)s.") % {"id": public_id}) from None
    return public_record_dict(record)


def _record_for_change(request, public_id: UUID):
    try:
        record = selectors.record_get(actor=request.actor, public_id=public_id)
    except RecordNotFound:
        raise NotFound(_("No record with the id %(id)s is visible to you.") % {"id": public_id}) from None
    require(
        can_submit_records(request.actor, record.unit),
        _("You may change records of your own reporting unit only; %(unit)s is not yours.")
        % {"unit": record.unit.code},
    )
    return record


def _body(payload: dict[str, Any]) -> dict[str, Any]:
    return {k: ("" if v is None and k not in ("fine_amount", "confiscated_amount") else v) for k, v in payload.items()}


@router.post("/records", response={201: RecordOut, **WRITE_ERRORS}, summary="File a record (officer of the unit)")
def record_new(request, payload: RecordIn):
    require_signed_in(request)
    data = payload.dict(exclude_unset=True)
    kind = data.pop("kind")
    unit = _unit_ref(data.pop("unit"))
    record = record_create(kind=kind, data={**_body(data), "unit": unit}, actor=request.actor)
    return Status(201, record)


@router.patch(
    "/records/{public_id}",
    response={200: RecordOut, **WRITE_ERRORS},
    summary="Correct a record (officer of its unit)",
)
def record_change(request, public_id: UUID, payload: PatchDict[RecordFieldsIn]):
    require_signed_in(request)
    record = _record_for_change(request, public_id)
    return record_update(record=record, data=_body(dict(payload)), actor=request.actor)


@router.post(
    "/records/{public_id}/revocation",
    response={200: RecordOut, **WRITE_ERRORS},
    summary="The decision was revoked: take the record off public view for good",
)
def record_revocation(request, public_id: UUID, payload: RevocationIn):
    require_signed_in(request)
    record = _record_for_change(request, public_id)
    return record_revoke(record=record, reason=payload.reason, actor=request.actor)


@router.get(
    "/desk/records",
    response={200: list[RecordOut], **READ_ERRORS},
    summary="Records of your reporting units, whatever their status (officers, administrator)",
)
@paginated(page_size=50)
def desk_records(request, filters: Query[DeskFilter]):
    require_signed_in(request)
    if not selectors.can_use_records_desk(request.actor):
        raise PermissionDenied(_("The records desk is for credit officers and the credit administrator."))
    return selectors.records_for_unit(
        actor=request.actor,
        kind=filters.kind,
        filters=RecordFilters(
            q=filters.q, unit=_unit_ref(filters.unit), status=filters.status or None, late=filters.late
        ),
    )


@router.get(
    "/desk/records/{public_id}",
    response={200: RecordOut, **READ_ERRORS},
    summary="One record with every field (officers of its unit, administrator)",
)
def desk_record(request, public_id: UUID):
    require_signed_in(request)
    try:
        record = selectors.record_get(actor=request.actor, public_id=public_id)
    except RecordNotFound:
        raise NotFound(_("No record with the id %(id)s is visible to you.") % {"id": public_id}) from None
    if not can_view_unpublished(request.actor, record.unit):
        raise PermissionDenied(_("Only the officers of the record's unit and the credit administrator see this."))
    return record


@router.get(
    "/timeliness",
    response={200: list[TimelinessOut], **READ_ERRORS},
    summary="Per unit: records, late records, on-time ratio, average delay",
)
def timeliness(request, unit: str | None = None):
    require_signed_in(request)
    if not selectors.can_use_records_desk(request.actor):
        raise PermissionDenied(_("The timeliness figures are for credit officers and the credit administrator."))
    rows = selectors.timeliness_by_unit(actor=request.actor, unit=_unit_ref(unit))
    return [
        {
            "unit_code": r.unit.code,
            "unit_name": str(r.unit),
            "records": r.records,
            "late": r.late,
            "on_time_ratio": r.on_time_ratio,
            "average_delay": r.average_delay,
        }
        for r in rows
    ]


# --- units and catalogues -------------------------------------------------------------------------------------------


@router.get("/units", response=list[ReportingUnitOut], summary="The reporting units", openapi_extra=PUBLIC)
def units(request):
    return selectors.reporting_units(active_only=False)


@router.get(
    "/catalogues",
    response=list[CatalogueItemOut],
    summary="Catalogue items (权责清单) of the units",
    openapi_extra=PUBLIC,
)
@paginated(page_size=100)
def catalogues(request, filters: Query[CatalogueFilter]):
    return selectors.catalogue_items(unit=_unit_ref(filters.unit), kind=filters.kind, q=filters.q.strip())


@router.post(
    "/catalogues",
    response={201: CatalogueItemOut, **WRITE_ERRORS},
    summary="Add an item to a unit's catalogue (credit administrator)",
)
def catalogue_new(request, payload: CatalogueItemIn):
    data = payload.dict()
    unit = _unit_ref(data.pop("unit"))
    if unit is None:
        raise ServiceError.for_fields({"unit": _("Choose the reporting unit.")}, code=CreditError.UNIT_UNKNOWN)
    if not can_manage_credit(request.actor):
        raise PermissionDenied(_("Only the credit administrator may change catalogues."))
    item = catalogue_item_create(unit=unit, actor=request.actor, **data)
    return Status(201, item)


# --- lists ---------------------------------------------------------------------------------------------------------


@router.get(
    "/lists",
    response=list[ListEntryOut],
    summary="Entries of the joint-punishment lists in force (natural persons masked)",
    openapi_extra=PUBLIC,
)
@paginated(page_size=50)
def lists(request, filters: Query[ListFilter]):
    qs = selectors.list_entries(
        list_type=filters.list_type, q=filters.q.strip(), in_force_on=filters.on or timezone.localdate()
    )
    return Mapped(qs, public_list_entry_dict)


@router.post(
    "/lists",
    response={201: ListEntryOut, **WRITE_ERRORS},
    summary="Put a subject on a list (credit administrator)",
)
def list_new(request, payload: ListEntryIn):
    data = payload.dict()
    code = data.pop("memorandum")
    memorandum = None
    if code:
        memorandum = selectors.memoranda().filter(code=code.strip()).first()
        if memorandum is None:
            raise ServiceError.for_fields(
                {"memorandum": _("No memorandum has the document number %(code)s.") % {"code": code}}
            )
    entry = list_entry_add(actor=request.actor, memorandum=memorandum, **data)
    return Status(201, public_list_entry_dict(entry))


@router.post(
    "/lists/{public_id}/removal",
    response={200: ListEntryOut, **WRITE_ERRORS},
    summary="Take a subject off a list (credit administrator)",
)
def list_removal(request, public_id: UUID, payload: ListRemovalIn):
    if not can_manage_credit(request.actor):
        raise PermissionDenied(_("Only the credit administrator may manage the lists."))
    try:
        entry = selectors.list_entry_get(public_id=public_id)
    except ListEntry.DoesNotExist:
        raise NotFound(_("No list entry has the id %(id)s.") % {"id": public_id}) from None
    entry = list_entry_remove(entry=entry, on=payload.on, reason=payload.reason, actor=request.actor)
    return public_list_entry_dict(entry)


# --- repairs -------------------------------------------------------------------------------------------------------


@router.get(
    "/repairs",
    response={200: list[RepairOut], **READ_ERRORS},
    summary="Repair requests (yours as a provider; all for the credit administrator)",
)
@paginated(page_size=50)
def repairs(request, status: str | None = None):
    require_signed_in(request)
    return selectors.repair_requests(actor=request.actor, status=status or None).prefetch_related("evidence")


def _repair_or_404(request, public_id: UUID) -> RepairRequest:
    try:
        return selectors.repair_request_get(actor=request.actor, public_id=public_id)
    except RepairRequest.DoesNotExist:
        raise NotFound(_("No repair request with the id %(id)s is visible to you.") % {"id": public_id}) from None


@router.get("/repairs/{public_id}", response={200: RepairOut, **READ_ERRORS}, summary="One repair request")
def repair_detail(request, public_id: UUID):
    require_signed_in(request)
    return _repair_or_404(request, public_id)


@router.post(
    "/repairs",
    response={201: RepairOut, **WRITE_ERRORS},
    summary="Ask for the repair of a published penalty (its organization's provider)",
)
def repair_new(request, payload: RepairIn):
    require_signed_in(request)
    try:
        record = cast(PenaltyRecord, selectors.record_get_public(public_id=payload.record, kind="penalty"))
    except RecordNotFound:
        raise ServiceError.for_fields(
            {"record": _("No published penalty has the id %(id)s.") % {"id": payload.record}}
        ) from None
    evidence = []
    for public_id in payload.evidence:
        try:
            evidence.append(attachment_get(actor=request.actor, public_id=public_id))
        except (ObjectDoesNotExist, PermissionDenied):  # the attachment's DoesNotExist
            raise ServiceError.for_fields(
                {"evidence": _("No attachment with the id %(id)s is visible to you.") % {"id": public_id}}
            ) from None
    repair = repair_request_submit(
        record=record,
        applicant_name=payload.applicant_name,
        commitment=payload.commitment,
        fulfilment=payload.fulfilment,
        training_certificate=payload.training_certificate,
        evidence=evidence,
        actor=request.actor,
    )
    return Status(201, repair)


@router.post(
    "/repairs/{public_id}/decision",
    response={200: RepairOut, **WRITE_ERRORS},
    summary="Approve or refuse a repair request, with the reason (credit administrator)",
)
def repair_decision(request, public_id: UUID, payload: RepairDecisionIn):
    require_signed_in(request)
    repair = _repair_or_404(request, public_id)
    repair = repair_request_decide(request=repair, approve=payload.approve, reason=payload.reason, actor=request.actor)
    return RepairRequest.objects.select_related("record").get(pk=repair.pk)


# --- checks --------------------------------------------------------------------------------------------------------


@router.post(
    "/checks",
    response={201: CreditCheckOut, **WRITE_ERRORS},
    summary="Check an organization: blocked, warned or clear, with the findings saved as evidence",
)
def check_new(request, payload: CheckIn):
    require_signed_in(request)
    if not can_run_credit_check(request.actor):
        raise PermissionDenied(_("You may not run credit checks."))
    organization = None
    if payload.organization_id is not None:
        try:
            organization = core_selectors.organization_get(actor=request.actor, public_id=payload.organization_id)
        except Organization.DoesNotExist:
            raise ServiceError.for_fields(
                {"organization_id": _("No organization has the id %(id)s.") % {"id": payload.organization_id}}
            ) from None
    outcome = credit_check(
        organization=organization,
        uscc=payload.uscc or None,
        name=payload.name or None,
        legal_rep_id=payload.legal_rep_id or None,
        on=payload.on or timezone.localdate(),
        purpose=payload.purpose,
        actor=request.actor,
    )
    return Status(201, outcome.check)


@router.get(
    "/checks/{public_id}",
    response={200: CreditCheckOut, **READ_ERRORS},
    summary="The saved evidence of a credit check",
)
def check_detail(request, public_id: UUID):
    require_signed_in(request)
    try:
        return credit_check_get(public_id=public_id, actor=request.actor)
    except CreditCheck.DoesNotExist:
        raise NotFound(_("No credit check has the id %(id)s.") % {"id": public_id}) from None


# --- statistics ----------------------------------------------------------------------------------------------------


@router.get(
    "/stats", response=StatsOut, summary="Published records by type, party, unit and year", openapi_extra=PUBLIC
)
def stats(request):
    return selectors.public_statistics().as_dict()
