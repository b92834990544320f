"""/api/v1/screenings: screening over HTTP. Thin: reads through huimin.screening.selectors, writes through the
services with `actor=request.actor`.

- GET  /screenings                          the screenings the caller sees (filters: call, status, result, q)
- GET  /screenings/{public_id}              one, with its checks, decisions and (staff) the credit evidence
- POST /screenings/{public_id}/decision     pass | reject | fix (the call's managers, the district administrator)
- POST /screenings/batch-decision           pass or reject several at once, all or nothing
- POST /calls/{public_id}/screening-runs    run (or re-run) the automatic checks after the deadline
- GET  /calls/{public_id}/screening-runs    the runs of a call (whoever may open its board)

Scope: the call's project managers and the district administrator see everything; purchasers the proposals
answering their intentions; providers their own proposals' screenings once decided, without the checks' details.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from huimin.calls import selectors as call_selectors
from huimin.core.apikit import READ_ERRORS, WRITE_ERRORS, Mapped, NotFound, paginated, require_signed_in
from huimin.core.permissions import Actor
from huimin.core.schemas import ErrorOut
from huimin.credit.check import credit_check_verify

from . import selectors
from .models import Screening, ScreeningRun
from .schemas import (
    BatchDecisionIn,
    BatchOut,
    RunOut,
    ScreeningDecisionIn,
    ScreeningDetailOut,
    ScreeningFilter,
    ScreeningOut,
)
from .services import screening_decide, screening_decide_batch, screening_run

if TYPE_CHECKING:
    from huimin.calls.models import Call

router = Router(tags=["screening"])


# --- output builders ------------------------------------------------------------------------------------------------


def _screening_dict(screening: Screening) -> dict[str, Any]:
    proposal = screening.proposal
    now = timezone.now()
    return {
        "public_id": screening.public_id,
        "call": screening.call.public_id,
        "call_number": screening.call.number,
        "proposal": proposal.public_id,
        "receipt_number": proposal.receipt_number,
        "title": proposal.title,
        "organization": proposal.organization.public_id,
        "organization_name": proposal.organization.name,
        "applied_amount": proposal.applied_amount,
        "purchasers": selectors.purchasers_of(screening),
        "category": proposal.category.code if proposal.category else None,
        "automatic_result": screening.automatic_result,
        "status": screening.status,
        "status_label": selectors.status_label(screening, now),
        "fix_expired": selectors.is_expired(screening, now),
        "reason": screening.reason,
        "fix_sections": screening.fix_sections,
        "fix_until": screening.fix_until,
        "decided_at": screening.decided_at,
        "checked_at": screening.checked_at,
        "version": screening.version,
    }


def _detail_dict(actor: Actor, screening: Screening) -> dict[str, Any]:
    data = _screening_dict(screening)
    evidence = selectors.credit_evidence_for(actor, screening)
    data.update(
        checks=[
            {
                "code": c.code,
                "label": c.label,
                "result": c.result,
                "result_label": c.result_label,
                "reason": c.reason,
                "details": c.details,
            }
            for c in selectors.checks_for(actor, screening)
        ],
        decisions=[
            {
                "decision": d.decision,
                "reason": d.reason,
                "fix_sections": d.fix_sections,
                "fix_until": d.fix_until,
                "decided_at": d.decided_at,
            }
            for d in selectors.screening_decisions(screening)
        ],
        credit_evidence=None
        if evidence is None
        else {
            "public_id": evidence.public_id,
            "result": evidence.result,
            "as_of": evidence.as_of,
            "checked_at": evidence.checked_at,
            "checked_by": evidence.checked_by,
            "purpose": evidence.purpose,
            "digest": evidence.digest,
            "intact": credit_check_verify(evidence),
            "findings": evidence.findings,
        },
    )
    return data


def _run_dict(run: ScreeningRun) -> dict[str, Any]:
    return {
        "public_id": run.public_id,
        "call": run.call.public_id,
        "call_number": run.call.number,
        "started_at": run.started_at,
        "finished_at": run.finished_at,
        "proposals": run.proposals,
        "started_by": run.started_by,
    }


def _screening_or_404(request, public_id: UUID) -> Screening:
    try:
        return selectors.screening_get(actor=request.actor, public_id=public_id)
    except Screening.DoesNotExist:
        raise NotFound(_("No screening with the id %(id)s is visible to you.") % {"id": public_id}) from None


def _call_or_404(request, public_id: UUID) -> "Call":
    try:
        return call_selectors.call_get(actor=request.actor, public_id=public_id)
    except ObjectDoesNotExist:  # the call's DoesNotExist
        raise NotFound(_("No call with the id %(id)s is visible to you.") % {"id": public_id}) from None


# --- screenings -----------------------------------------------------------------------------------------------------


@router.get(
    "/screenings",
    response={200: list[ScreeningOut], **READ_ERRORS},
    summary="Screenings the caller sees (managers: all of their calls; purchasers: their intentions; providers: "
    "their own, once decided)",
)
@paginated(page_size=50)
def screening_list(request, filters: Query[ScreeningFilter]):
    require_signed_in(request)
    qs = selectors.screenings_visible(
        actor=request.actor, call_public_id=filters.call, status=filters.status, result=filters.result, q=filters.q
    )
    return Mapped(qs, _screening_dict)


# Before /screenings/{public_id}: the more specific path must be matched first.
@router.post(
    "/screenings/batch-decision",
    response={200: BatchOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Pass or reject several screenings at once (all or nothing)",
    description="Each screening comes with the `version` the decision was made on; when any has changed since, "
    "nothing is decided (409).",
)
def screening_batch_decision(request, payload: BatchDecisionIn):
    require_signed_in(request)
    versions = {item.public_id: item.version for item in payload.screenings}
    found, missing = selectors.screenings_by_public_ids(actor=request.actor, public_ids=list(versions))
    if missing:
        raise NotFound(
            _("No screening with the id %(id)s is visible to you; nothing was decided.") % {"id": missing[0]}
        )
    done = screening_decide_batch(
        screenings=found, decision=payload.decision, reason=payload.reason, versions=versions, actor=request.actor
    )
    rows = selectors.screenings_visible(actor=request.actor).filter(pk__in=[s.pk for s in done])
    return {"decided": len(done), "screenings": [_screening_dict(s) for s in rows]}


@router.get(
    "/screenings/{public_id}",
    response={200: ScreeningDetailOut, **READ_ERRORS},
    summary="One screening: every check with its reason, the decisions and (staff) the credit evidence",
)
def screening_detail(request, public_id: UUID):
    require_signed_in(request)
    return _detail_dict(request.actor, _screening_or_404(request, public_id))


@router.post(
    "/screenings/{public_id}/decision",
    response={200: ScreeningDetailOut, **WRITE_ERRORS, 409: ErrorOut},
    summary="Decide: pass, reject (reason) or fix (reason, sections, working days)",
    description="`version` is the screening's version the decision was made on; 409 when it has changed since.",
)
def screening_decision(request, public_id: UUID, payload: ScreeningDecisionIn):
    require_signed_in(request)
    screening = _screening_or_404(request, public_id)
    screening_decide(
        screening=screening,
        decision=payload.decision,
        reason=payload.reason,
        fix_sections=payload.fix_sections,
        fix_working_days=payload.fix_working_days,
        version=payload.version,
        actor=request.actor,
    )
    return _detail_dict(request.actor, _screening_or_404(request, public_id))


# --- runs -----------------------------------------------------------------------------------------------------------


@router.post(
    "/calls/{public_id}/screening-runs",
    response={201: RunOut, **WRITE_ERRORS},
    summary="Run the automatic checks of a call after its deadline (its project managers, the district "
    "administrator); a re-run refreshes only what awaits a decision",
)
def screening_run_new(request, public_id: UUID):
    require_signed_in(request)
    run = screening_run(call=_call_or_404(request, public_id), actor=request.actor)
    return Status(201, _run_dict(run))


@router.get(
    "/calls/{public_id}/screening-runs",
    response={200: list[RunOut], **READ_ERRORS},
    summary="The screening runs of a call, newest first",
)
def screening_run_list(request, public_id: UUID):
    require_signed_in(request)
    try:
        call = selectors.board_call_get(actor=request.actor, public_id=public_id)
    except ObjectDoesNotExist:  # the call's DoesNotExist
        raise NotFound(_("No screening of the call %(id)s is visible to you.") % {"id": public_id}) from None
    return [_run_dict(r) for r in selectors.call_runs(call).select_related("call")]
