"""/api/v1/proposals: proposals (项目书) over HTTP. Thin: reads through huimin.proposals.selectors (sealing included),
writes through the services with `actor=request.actor`.

- Providers: their organizations' proposals — create, autosave (PATCH), rows (activities, indicators, team, budget
  lines, documents), submit, withdraw, confirm the call's amendments, submit a fix.
- Sealed: before the call's deadline a proposal is visible to its organization only (everyone else gets 404).
  After it, submitted proposals are visible to the call's project managers, the district administrator and the
  purchasers whose intentions they answer. `/proposals/submitted-count?call=` tells the call's managers how many
  proposals are in, at any time.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from ninja import PatchDict, Query, Router, Status

from huimin.calls.selectors import call_get
from huimin.core.apikit import READ_ERRORS, WRITE_ERRORS, Mapped, NotFound, paginated, require_signed_in
from huimin.core.models import Role
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.files.selectors import attachment_get

from .. import selectors, services
from ..error_codes import ProposalsError
from ..models import Proposal
from ..schemas import (
    ActivityIn,
    ActivityOut,
    BudgetLineIn,
    BudgetLineOut,
    CountFilter,
    CountOut,
    DocumentChangeIn,
    DocumentIn,
    IndicatorIn,
    IndicatorOut,
    ProposalDetailOut,
    ProposalDocumentOut,
    ProposalFieldsIn,
    ProposalFilter,
    ProposalIn,
    ProposalOut,
    ReceiptOut,
    TeamChangeIn,
    TeamIn,
    TeamOut,
)

if TYPE_CHECKING:
    from huimin.calls.models import Call
    from huimin.files.models import Attachment

router = Router(tags=["proposals"])


# --- output builders ----------------------------------------------------------------------------------------------


def _summary(p: Proposal) -> dict[str, Any]:
    return {
        "public_id": p.public_id,
        "call": p.call.public_id,
        "call_number": p.call.number,
        "call_deadline": p.call.deadline,
        "organization": p.organization.public_id,
        "organization_name": p.organization.name,
        "title": p.title,
        "status": p.status,
        "status_label": str(p.get_status_display()),
        "submitted_at": p.submitted_at,
        "receipt_number": p.receipt_number,
        "updated_at": p.updated_at,
        "amendments_unconfirmed": selectors.amendments_unconfirmed(p),
        "fix_sections": list(p.fix_sections or []),
        "fix_until": p.fix_until,
    }


def _activity(a) -> dict[str, Any]:
    return {
        "position": a.position,
        "name": a.name,
        "description": a.description,
        "sessions": a.sessions,
        "start_date": a.start_date,
        "end_date": a.end_date,
        "place": a.place,
        "participants": a.participants,
    }


def _indicator(i) -> dict[str, Any]:
    return {"position": i.position, "kind": i.kind, "name": i.name, "target_value": i.target_value, "unit": i.unit}


def _team(t) -> dict[str, Any]:
    return {
        "member": t.member.public_id,
        "name": t.member.name,
        "education": t.member.education,
        "qualification": t.member.qualification,
        "qualification_label": str(t.member.get_qualification_display()),
        "role": t.role,
        "is_lead": t.is_lead,
    }


def _line(line) -> dict[str, Any]:
    return {
        "position": line.position,
        "category": line.category,
        "category_label": str(line.get_category_display()),
        "item": line.item,
        "unit_price": line.unit_price,
        "unit": line.unit,
        "quantity": line.quantity,
        "total": line.total,
        "cap_code": line.cap_code,
        "note": line.note,
    }


def _document(d) -> dict[str, Any]:
    return {
        "code": d.code,
        "attachment": d.attachment.public_id,
        "name": d.attachment.original_name,
        "sha256": d.attachment.sha256,
        "added_at": d.added_at,
    }


def _receipt(r) -> dict[str, Any]:
    return {
        "number": r.number,
        "kind": r.kind,
        "submitted_at": r.submitted_at,
        "digest": r.digest,
        "withdrawn_at": r.withdrawn_at,
    }


def _detail(request, proposal: Proposal) -> dict[str, Any]:
    p = selectors.proposal_full(proposal)
    data = _summary(p)
    data.update(
        category=p.category.code if p.category else None,
        intentions=[
            {
                "public_id": i.public_id,
                "number": i.number,
                "title": i.title,
                "purchaser_code": i.purchaser.code,
                "purchaser_name": i.purchaser.name,
            }
            for i in sorted(p.intentions.all(), key=lambda i: i.number)
        ],
        communities=[{"code": c.code, "name": c.name} for c in sorted(p.communities.all(), key=lambda c: c.code)],
        start_date=p.start_date,
        end_date=p.end_date,
        contact_name=p.contact_name,
        contact_phone=p.contact_phone,
        target_group=p.target_group,
        direct_beneficiaries=p.direct_beneficiaries,
        indirect_beneficiaries=p.indirect_beneficiaries,
        summary=p.summary,
        need_analysis=p.need_analysis,
        objectives=p.objectives,
        risks=p.risks,
        sustainability=p.sustainability,
        applied_amount=p.applied_amount,
        commitment_accepted_at=p.commitment_accepted_at,
        confirmed_amendment=p.confirmed_amendment,
        activities=[_activity(a) for a in p.activities.all()],
        indicators=[_indicator(i) for i in p.indicators.all()],
        team=[_team(t) for t in sorted(p.team.all(), key=lambda t: (not t.is_lead, t.member.name))],
        budget_lines=[_line(line) for line in p.budget_lines.all()],
        budget=selectors.proposal_budget(p).to_json(),
        budget_problems=[x.to_json() for x in selectors.proposal_budget_problems(p)],
        documents=[_document(d) for d in sorted(p.documents.all(), key=lambda d: d.code)],
        receipts=[_receipt(r) for r in selectors.proposal_receipts(p)],
        missing=[x.to_json() for x in selectors.proposal_missing(p)],
        editable_sections=selectors.editable_sections(request.actor, p),
    )
    return data


# --- references ---------------------------------------------------------------------------------------------------


def _proposal_or_404(request, public_id: UUID) -> Proposal:
    try:
        return selectors.proposal_get_for_actor(request.actor, public_id)
    except Proposal.DoesNotExist:
        raise NotFound(_("No proposal with the id %(id)s is visible to you.") % {"id": public_id}) from None


def _call_ref(request, public_id: UUID) -> "Call":
    try:
        return call_get(actor=request.actor, public_id=public_id)
    except ObjectDoesNotExist:
        raise ServiceError.for_fields(
            {"call": _("No call with the id %(id)s is visible to you.") % {"id": public_id}},
            code=ProposalsError.CALL_NOT_OPEN,
        ) from None


def _attachment_ref(request, public_id: UUID) -> "Attachment":
    try:
        return attachment_get(actor=request.actor, public_id=public_id)
    except (ObjectDoesNotExist, PermissionDenied):
        raise ServiceError.for_fields(
            {"attachment": _("No attachment with the id %(id)s is visible to you.") % {"id": public_id}},
            code=ProposalsError.DOCUMENT_INVALID,
        ) from None


def _row(fn, proposal: Proposal, key: Any, what: str):
    try:
        return fn(proposal, key)
    except ObjectDoesNotExist:
        raise NotFound(_("The proposal has no %(what)s %(key)s.") % {"what": what, "key": key}) from None


# --- the rows of a proposal, the same way for each kind -------------------------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """The endpoints of one kind of row of a proposal: a row is found by `at` (404 when there is none) and written by
    the services, which name it by `argument`; `out` is what the API returns of it."""

    what: Any  # the kind's name, for the 404 (translated when it is said)
    at: Callable[[Proposal, Any], Any]
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]
    argument: str
    out: Callable[[Any], dict[str, Any]]

    def added(self, request, public_id: UUID, payload: Any):
        """POST …/<rows>: a new row from the fields given → 201 with the row."""
        require_signed_in(request)
        proposal = _proposal_or_404(request, public_id)
        return Status(
            201, self.out(self.add(proposal=proposal, actor=request.actor, **payload.dict(exclude_unset=True)))
        )

    def changed(self, request, public_id: UUID, key: Any, payload: Any):
        """PATCH …/<rows>/<key>: the fields given changed → the row."""
        require_signed_in(request)
        row = _row(self.at, _proposal_or_404(request, public_id), key, self.what)
        return self.out(self.update(**{self.argument: row}, actor=request.actor, **dict(payload)))

    def removed(self, request, public_id: UUID, key: Any):
        """DELETE …/<rows>/<key> → 204."""
        require_signed_in(request)
        row = _row(self.at, _proposal_or_404(request, public_id), key, self.what)
        self.remove(**{self.argument: row}, actor=request.actor)
        return Status(204, None)


ACTIVITIES = _Rows(
    gettext_lazy("activity"),
    selectors.activity_at,
    services.activity_add,
    services.activity_update,
    services.activity_remove,
    "activity",
    _activity,
)
INDICATORS = _Rows(
    gettext_lazy("indicator"),
    selectors.indicator_at,
    services.indicator_add,
    services.indicator_update,
    services.indicator_remove,
    "indicator",
    _indicator,
)
TEAM = _Rows(
    gettext_lazy("team member"),
    selectors.team_row_of,
    services.proposal_team_member_add,
    services.proposal_team_member_update,
    services.proposal_team_member_remove,
    "row",
    _team,
)
BUDGET_LINES = _Rows(
    gettext_lazy("budget line"),
    selectors.budget_line_at,
    services.budget_line_add,
    services.budget_line_update,
    services.budget_line_remove,
    "line",
    _line,
)


# --- proposals ----------------------------------------------------------------------------------------------------


@router.get(
    "/proposals",
    response=list[ProposalOut],
    summary="Proposals you may see: your organizations' own; after the deadline, the ones you screen or buy",
)
@paginated(page_size=50)
def proposal_list(request, filters: Query[ProposalFilter]):
    require_signed_in(request)
    call = _call_ref(request, filters.call) if filters.call else None
    qs = selectors.proposals_visible(request.actor, call=call, status=filters.status or None)
    return Mapped(qs, _summary)


@router.get(
    "/proposals/submitted-count",
    response={200: CountOut, **READ_ERRORS},
    summary="How many proposals a call has received (its project managers; the proposals stay sealed)",
)
def proposal_count(request, filters: Query[CountFilter]):
    require_signed_in(request)
    try:
        call = call_get(actor=request.actor, public_id=filters.call)
    except ObjectDoesNotExist:
        raise NotFound(_("No call with the id %(id)s is visible to you.") % {"id": filters.call}) from None
    return {"call": call.public_id, "submitted": selectors.submission_count(request.actor, call)}


@router.get("/proposals/{public_id}", response={200: ProposalDetailOut, **READ_ERRORS}, summary="One proposal, in full")
def proposal_detail(request, public_id: UUID):
    require_signed_in(request)
    return _detail(request, _proposal_or_404(request, public_id))


@router.post("/proposals", response={201: ProposalDetailOut, **WRITE_ERRORS}, summary="Start a draft (provider)")
def proposal_new(request, payload: ProposalIn):
    require_signed_in(request)
    call = _call_ref(request, payload.call)
    organization = selectors.organization_for_new_proposal(request.actor, payload.organization)
    if organization is None:
        if payload.organization is None and len(request.actor.organizations_for(Role.PROVIDER)) > 1:
            raise ServiceError.for_fields(
                {"organization": _("Say which of your organizations the proposal is for.")},
                code=ProposalsError.INVALID,
            )
        raise PermissionDenied(_("Only an organization's own members may write its proposals."))
    proposal = services.proposal_create(call=call, organization=organization, actor=request.actor)
    return Status(201, _detail(request, proposal))


@router.patch(
    "/proposals/{public_id}",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    summary="Autosave: any fields, saved as typed (only their form is checked)",
)
def proposal_change(request, public_id: UUID, payload: PatchDict[ProposalFieldsIn]):
    require_signed_in(request)
    proposal = _proposal_or_404(request, public_id)
    data = dict(payload)
    actor = request.actor
    with transaction.atomic():
        if "intentions" in data:
            found, missing = selectors.intentions_by_public_ids(proposal.call, data.pop("intentions") or [])
            if missing:
                raise ServiceError.for_fields(
                    {"intentions": _("The call lists no intention with the id %(id)s.") % {"id": missing[0]}},
                    code=ProposalsError.INTENTION_INVALID,
                )
            proposal = services.proposal_set_intentions(proposal=proposal, intentions=found, actor=actor)
        if "communities" in data:
            found, missing = selectors.communities_by_codes(data.pop("communities") or [])
            if missing:
                raise ServiceError.for_fields(
                    {"communities": _("There is no community with the code %(code)s.") % {"code": missing[0]}},
                    code=ProposalsError.COMMUNITY_INVALID,
                )
            proposal = services.proposal_set_communities(proposal=proposal, communities=found, actor=actor)
        commitment = data.pop("commitment_accepted", None)
        if data:
            proposal = services.proposal_update(proposal=proposal, actor=actor, **data)
        if commitment is not None:
            proposal = services.proposal_accept_commitment(proposal=proposal, actor=actor, accepted=commitment)
    return _detail(request, proposal)


@router.post(
    "/proposals/{public_id}/submit",
    response={200: ReceiptOut, **WRITE_ERRORS},
    summary="Seal and submit before the deadline → the receipt (400 proposal_not_ready lists every problem)",
)
def proposal_submit(request, public_id: UUID):
    require_signed_in(request)
    receipt = services.proposal_submit(proposal=_proposal_or_404(request, public_id), actor=request.actor)
    return _receipt(receipt)


@router.post(
    "/proposals/{public_id}/withdraw",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    summary="Withdraw a submitted proposal before the deadline (editable again, may be resubmitted)",
)
def proposal_withdraw(request, public_id: UUID):
    require_signed_in(request)
    proposal = services.proposal_withdraw(proposal=_proposal_or_404(request, public_id), actor=request.actor)
    return _detail(request, proposal)


@router.post(
    "/proposals/{public_id}/confirm-amendments",
    response={200: ProposalDetailOut, **WRITE_ERRORS},
    summary="Confirm having read every amendment the call published",
)
def proposal_confirm_amendments(request, public_id: UUID):
    require_signed_in(request)
    proposal = services.proposal_confirm_amendments(proposal=_proposal_or_404(request, public_id), actor=request.actor)
    return _detail(request, proposal)


@router.post(
    "/proposals/{public_id}/fix",
    response={200: ReceiptOut, **WRITE_ERRORS},
    summary="Submit the fix screening asked for (within the fix window) → the fix receipt",
)
def proposal_submit_fix(request, public_id: UUID):
    require_signed_in(request)
    receipt = services.proposal_submit_fix(proposal=_proposal_or_404(request, public_id), actor=request.actor)
    return _receipt(receipt)


# --- activities ---------------------------------------------------------------------------------------------------


@router.post(
    "/proposals/{public_id}/activities", response={201: ActivityOut, **WRITE_ERRORS}, summary="Add an activity"
)
def activity_new(request, public_id: UUID, payload: ActivityIn):
    return ACTIVITIES.added(request, public_id, payload)


@router.patch(
    "/proposals/{public_id}/activities/{position}",
    response={200: ActivityOut, **WRITE_ERRORS},
    summary="Change an activity",
)
def activity_change(request, public_id: UUID, position: int, payload: PatchDict[ActivityIn]):
    return ACTIVITIES.changed(request, public_id, position, payload)


@router.delete(
    "/proposals/{public_id}/activities/{position}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an activity",
)
def activity_delete(request, public_id: UUID, position: int):
    return ACTIVITIES.removed(request, public_id, position)


# --- indicators ---------------------------------------------------------------------------------------------------


@router.post(
    "/proposals/{public_id}/indicators",
    response={201: IndicatorOut, **WRITE_ERRORS},
    summary="Add an output or outcome indicator",
)
def indicator_new(request, public_id: UUID, payload: IndicatorIn):
    return INDICATORS.added(request, public_id, payload)


@router.patch(
    "/proposals/{public_id}/indicators/{position}",
    response={200: IndicatorOut, **WRITE_ERRORS},
    summary="Change an indicator",
)
def indicator_change(request, public_id: UUID, position: int, payload: PatchDict[IndicatorIn]):
    return INDICATORS.changed(request, public_id, position, payload)


@router.delete(
    "/proposals/{public_id}/indicators/{position}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an indicator",
)
def indicator_delete(request, public_id: UUID, position: int):
    return INDICATORS.removed(request, public_id, position)


# --- team ---------------------------------------------------------------------------------------------------------


@router.post(
    "/proposals/{public_id}/team",
    response={201: TeamOut, **WRITE_ERRORS},
    summary="Put a member of the organization's team on the project",
)
def team_new(request, public_id: UUID, payload: TeamIn):
    require_signed_in(request)
    proposal = _proposal_or_404(request, public_id)
    try:
        member = selectors.team_member_of(proposal, payload.member)
    except ObjectDoesNotExist:
        raise ServiceError.for_fields(
            {"member": _("Your organization's team has no member with the id %(id)s.") % {"id": payload.member}},
            code=ProposalsError.TEAM_MEMBER_INVALID,
        ) from None
    row = services.proposal_team_member_add(
        proposal=proposal, member=member, role=payload.role, is_lead=payload.is_lead, actor=request.actor
    )
    return Status(201, _team(row))


@router.patch(
    "/proposals/{public_id}/team/{member}",
    response={200: TeamOut, **WRITE_ERRORS},
    summary="Change a project team member's role or lead",
)
def team_change(request, public_id: UUID, member: UUID, payload: PatchDict[TeamChangeIn]):
    return TEAM.changed(request, public_id, member, payload)


@router.delete(
    "/proposals/{public_id}/team/{member}",
    response={204: None, **WRITE_ERRORS},
    summary="Take a member off the project team",
)
def team_delete(request, public_id: UUID, member: UUID):
    return TEAM.removed(request, public_id, member)


# --- budget lines -------------------------------------------------------------------------------------------------


@router.post(
    "/proposals/{public_id}/budget-lines",
    response={201: BudgetLineOut, **WRITE_ERRORS},
    summary="Add a budget line (the total is computed: unit price × quantity, to the fen)",
)
def budget_line_new(request, public_id: UUID, payload: BudgetLineIn):
    return BUDGET_LINES.added(request, public_id, payload)


@router.patch(
    "/proposals/{public_id}/budget-lines/{position}",
    response={200: BudgetLineOut, **WRITE_ERRORS},
    summary="Change a budget line (its total is computed again)",
)
def budget_line_change(request, public_id: UUID, position: int, payload: PatchDict[BudgetLineIn]):
    return BUDGET_LINES.changed(request, public_id, position, payload)


@router.delete(
    "/proposals/{public_id}/budget-lines/{position}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove a budget line",
)
def budget_line_delete(request, public_id: UUID, position: int):
    return BUDGET_LINES.removed(request, public_id, position)


# --- documents ----------------------------------------------------------------------------------------------------


@router.post(
    "/proposals/{public_id}/documents",
    response={201: ProposalDocumentOut, **WRITE_ERRORS},
    summary="Attach an uploaded file as one of the call's documents (replaces the one attached before)",
)
def document_new(request, public_id: UUID, payload: DocumentIn):
    require_signed_in(request)
    proposal = _proposal_or_404(request, public_id)
    document = services.proposal_document_attach(
        proposal=proposal,
        code=payload.code,
        attachment=_attachment_ref(request, payload.attachment),
        actor=request.actor,
    )
    return Status(201, _document(document))


@router.patch(
    "/proposals/{public_id}/documents/{code}",
    response={200: ProposalDocumentOut, **WRITE_ERRORS},
    summary="Replace the file of an attached document",
)
def document_change(request, public_id: UUID, code: str, payload: DocumentChangeIn):
    require_signed_in(request)
    proposal = _proposal_or_404(request, public_id)
    _row(selectors.document_of, proposal, code, _("document"))
    document = services.proposal_document_attach(
        proposal=proposal, code=code, attachment=_attachment_ref(request, payload.attachment), actor=request.actor
    )
    return _document(document)


@router.delete(
    "/proposals/{public_id}/documents/{code}",
    response={204: None, **WRITE_ERRORS},
    summary="Remove an attached document",
)
def document_delete(request, public_id: UUID, code: str):
    require_signed_in(request)
    proposal = _proposal_or_404(request, public_id)
    services.proposal_document_remove(proposal=proposal, code=code, actor=request.actor)
    return Status(204, None)
