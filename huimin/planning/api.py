"""/api/v1/rounds and /api/v1/intentions: planning over HTTP. Thin: reads through huimin.planning.selectors, writes
through the planning services with `actor=request.actor`.

- Everyone: opened rounds with their purchasers' budgets; confirmed intentions with the trace to needs and supports.
- The district administrator: rounds (create, change, open, close) and budgets per purchaser.
- Purchasers: their own intentions (any status), written for their own communities' accepted needs.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Router, Status

from huimin.core.apikit import PUBLIC, READ_ERRORS, WRITE_ERRORS, Mapped, NotFound, paginated, require_signed_in
from huimin.core.models import Division
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.needs.models import NeedCategory

from . import presenters, selectors
from .error_codes import PlanningError
from .models import Intention, Round
from .permissions import can_manage_rounds, can_plan_for
from .schemas import (
    BudgetIn,
    IntentionDetailOut,
    IntentionFilter,
    IntentionIn,
    IntentionOut,
    IntentionPatchIn,
    RoundFilter,
    RoundIn,
    RoundOut,
    RoundPatchIn,
    WithdrawIn,
)
from .services.intentions import intention_confirm, intention_create, intention_update, intention_withdraw
from .services.rounds import round_budget_set, round_close, round_create, round_open, round_update

router = Router(tags=["rounds and intentions"])


def _operation_id(name: str) -> str:
    """The endpoints keep the operation ids they had when they lived in huimin.calls.api.planning, so that clients
    generated from the OpenAPI document keep their method names."""
    return f"huimin_calls_api_planning_{name}"


# --- output builders -----------------------------------------------------------------------------------------------


def _budget_dict(actor: Actor, usage: selectors.BudgetUsage) -> dict[str, Any]:
    insider = can_manage_rounds(actor) or can_plan_for(actor, usage.purchaser)
    return {
        "purchaser_code": usage.purchaser.code,
        "purchaser_name": usage.purchaser.name,
        "amount": usage.amount,
        "confirmed": usage.confirmed,
        "confirmed_intentions": usage.confirmed_intentions,
        "planned": usage.committed if insider else None,
        "remaining": usage.remaining if insider else None,
    }


def _round_dict(actor: Actor, round_: Round) -> dict[str, Any]:
    """A round: as written for the district administrator, as the public reads it for everyone else."""
    usages = selectors.round_budget_usage(round=round_)
    shown: Any = round_ if can_manage_rounds(actor) else presenters.public_round(round_)
    return {
        "code": round_.code,
        "name": shown.name,
        "year": round_.year,
        "status": round_.status,
        "status_label": str(round_.get_status_display()),
        "description": shown.description,
        "opened_at": round_.opened_at,
        "closed_at": round_.closed_at,
        "total_budget": sum((u.amount for u in usages), selectors.ZERO),
        "budgets": [_budget_dict(actor, u) for u in usages],
    }


def _intention_dict(intention: Intention, *, private: bool = False) -> dict[str, Any]:
    """An intention: as written for its planners (`private`), as the public reads it for everyone else."""
    shown: Any = intention if private else presenters.public_intention(intention)
    return {
        "public_id": intention.public_id,
        "number": intention.number,
        "round": intention.round.code,
        "purchaser_code": intention.purchaser.code,
        "purchaser_name": intention.purchaser.name,
        "title": shown.title,
        "category": intention.category.code,
        "category_name": intention.category.name,
        "communities": [{"code": c.code, "name": c.name} for c in intention.communities.all()],
        "needs": [n.public_id for n in intention.needs.all()],
        "budget": intention.budget,
        "expected_beneficiaries": intention.expected_beneficiaries,
        "description": shown.description,
        "status": intention.status,
        "status_label": str(intention.get_status_display()),
        "created_at": intention.created_at,
        "updated_at": intention.updated_at,
    }


def _need_trace_dict(t: selectors.NeedTrace) -> dict[str, Any]:
    need = t.need
    return {
        "public_id": need.public_id,
        "number": need.number,
        "title": presenters.public_need_title(need),  # as the needs board shows it
        "community_code": need.community.code,
        "community_name": need.community.name,
        "category": need.category.code,
        "status": need.status,
        "support_count": t.support_count,
        "total_support_count": t.total_support_count,
        "resident_count": t.resident_count,
        "supports": [{"supported_at": s.supported_at, "channel": s.channel} for s in t.supports],
        "merged": [_need_trace_dict(m) for m in t.merged],
    }


def _intention_detail_dict(intention: Intention, *, private: bool) -> dict[str, Any]:
    trace = selectors.intention_trace(intention)
    data = _intention_dict(intention, private=private)
    data["trace"] = {
        "need_count": trace.need_count,
        "support_count": trace.support_count,
        "needs": [_need_trace_dict(t) for t in trace.needs],
    }
    return data


# --- references ----------------------------------------------------------------------------------------------------


def _round_or_404(actor: Actor, code: str) -> Round:
    try:
        return selectors.round_get(actor=actor, code=code)
    except Round.DoesNotExist:
        raise NotFound(_("There is no round with the code %(code)s.") % {"code": code}) from None


def _round_ref(actor: Actor, code: str | None, *, field: str = "round") -> Round | None:
    if not code:
        return None
    try:
        return selectors.round_get(actor=actor, code=code.strip())
    except Round.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("There is no round with the code %(code)s.") % {"code": code}}, code=PlanningError.INVALID
        ) from None


def _purchaser_ref(code: str | None, *, field: str = "purchaser") -> Division | None:
    if not code:
        return None
    try:
        return selectors.purchaser_get(code=code)
    except Division.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("There is no street or township with the code %(code)s.") % {"code": code}},
            code=PlanningError.INVALID,
        ) from None


def _category_ref(code: str | None, *, field: str = "category") -> NeedCategory | None:
    if not code:
        return None
    try:
        return selectors.category_get(code=code)
    except NeedCategory.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("There is no service category with the code %(code)s.") % {"code": code}},
            code=PlanningError.INVALID,
        ) from None


def _communities_ref(codes: list[str]) -> list[Division]:
    found = selectors.divisions_by_codes(codes)
    missing = [c for c in codes if c.strip() not in found]
    if missing:
        raise ServiceError.for_fields(
            {"communities": _("There is no division with the code %(codes)s.") % {"codes": ", ".join(missing)}},
            code=PlanningError.INTENTION_COMMUNITY_INVALID,
        )
    return [found[c.strip()] for c in codes]


def _needs_ref(ids: list[UUID]) -> list:
    found = selectors.needs_by_public_ids(ids)
    missing = [str(i) for i in ids if str(i) not in found]
    if missing:
        raise ServiceError.for_fields(
            {"needs": _("There is no need with the id %(ids)s.") % {"ids": ", ".join(missing)}},
            code=PlanningError.INTENTION_NEED_INVALID,
        )
    return [found[str(i)] for i in ids]


def _intention_or_404(actor: Actor, public_id: UUID) -> Intention:
    try:
        return selectors.intention_get(actor=actor, public_id=public_id)
    except Intention.DoesNotExist:
        raise NotFound(_("No intention with the id %(id)s is visible to you.") % {"id": public_id}) from None


# --- rounds --------------------------------------------------------------------------------------------------------


@router.get(
    "/rounds",
    response=list[RoundOut],
    summary="Rounds (the public sees opened ones) with their budgets",
    openapi_extra=PUBLIC,
    operation_id=_operation_id("rounds"),
)
def rounds(request, filters: Query[RoundFilter]):
    return [_round_dict(request.actor, r) for r in selectors.round_list(actor=request.actor, status=filters.status)]


@router.get(
    "/rounds/{code}",
    response={200: RoundOut, **READ_ERRORS},
    summary="One round with its budgets",
    openapi_extra=PUBLIC,
    operation_id=_operation_id("round_detail"),
)
def round_detail(request, code: str):
    return _round_dict(request.actor, _round_or_404(request.actor, code))


@router.post(
    "/rounds",
    response={201: RoundOut, **WRITE_ERRORS},
    summary="Set up a round (district administrator)",
    operation_id=_operation_id("round_new"),
)
def round_new(request, payload: RoundIn):
    require_signed_in(request)
    round_ = round_create(actor=request.actor, **payload.dict())
    return Status(201, _round_dict(request.actor, round_))


@router.patch(
    "/rounds/{code}",
    response={200: RoundOut, **WRITE_ERRORS},
    summary="Change a round (administrator)",
    operation_id=_operation_id("round_change"),
)
def round_change(request, code: str, payload: PatchDict[RoundPatchIn]):
    require_signed_in(request)
    round_ = _round_or_404(request.actor, code)
    round_ = round_update(round=round_, actor=request.actor, **dict(payload))
    return _round_dict(request.actor, round_)


@router.post(
    "/rounds/{code}/budgets",
    response={200: RoundOut, **WRITE_ERRORS},
    summary="Set one purchaser's budget in the round (district administrator)",
    operation_id=_operation_id("round_budget"),
)
def round_budget(request, code: str, payload: BudgetIn):
    require_signed_in(request)
    round_ = _round_or_404(request.actor, code)
    if not can_manage_rounds(request.actor):
        raise PermissionDenied(_("Only the district administrator may set budgets."))
    purchaser = _purchaser_ref(payload.purchaser)
    if purchaser is None:
        raise ServiceError.for_fields({"purchaser": _("Name the street or township.")}, code=PlanningError.INVALID)
    round_budget_set(round=round_, purchaser=purchaser, amount=payload.amount, actor=request.actor)
    return _round_dict(request.actor, round_)


@router.post(
    "/rounds/{code}/open",
    response={200: RoundOut, **WRITE_ERRORS},
    summary="Open a draft round",
    operation_id=_operation_id("round_open_endpoint"),
)
def round_open_endpoint(request, code: str):
    require_signed_in(request)
    round_ = round_open(round=_round_or_404(request.actor, code), actor=request.actor)
    return _round_dict(request.actor, round_)


@router.post(
    "/rounds/{code}/close",
    response={200: RoundOut, **WRITE_ERRORS},
    summary="Close an open round",
    operation_id=_operation_id("round_close_endpoint"),
)
def round_close_endpoint(request, code: str):
    require_signed_in(request)
    round_ = round_close(round=_round_or_404(request.actor, code), actor=request.actor)
    return _round_dict(request.actor, round_)


# --- intentions ----------------------------------------------------------------------------------------------------


@router.get(
    "/intentions",
    response=list[IntentionOut],
    summary="Intentions (the public sees confirmed ones; a purchaser also its own drafts and withdrawn ones)",
    openapi_extra=PUBLIC,
    operation_id=_operation_id("intentions"),
)
@paginated(page_size=50)
def intentions(request, filters: Query[IntentionFilter]):
    actor = request.actor
    qs = selectors.intention_list(
        actor=actor,
        round=_round_ref(actor, filters.round),
        purchaser=_purchaser_ref(filters.purchaser),
        category=_category_ref(filters.category),
        status=filters.status,
    ).prefetch_related("needs")
    return Mapped(qs, lambda intention: _intention_dict(intention, private=can_plan_for(actor, intention.purchaser)))


@router.get(
    "/intentions/{public_id}",
    response={200: IntentionDetailOut, **READ_ERRORS},
    summary="One intention with the trace to its needs and residents' supports",
    openapi_extra=PUBLIC,
    operation_id=_operation_id("intention_detail"),
)
def intention_detail(request, public_id: UUID):
    intention = _intention_or_404(request.actor, public_id)
    return _intention_detail_dict(intention, private=can_plan_for(request.actor, intention.purchaser))


@router.post(
    "/intentions",
    response={201: IntentionDetailOut, **WRITE_ERRORS},
    summary="Write a draft intention (the purchaser, for its own communities)",
    operation_id=_operation_id("intention_new"),
)
def intention_new(request, payload: IntentionIn):
    require_signed_in(request)
    actor = request.actor
    round_ = _round_ref(actor, payload.round)
    purchaser = _purchaser_ref(payload.purchaser)
    category = _category_ref(payload.category)
    if round_ is None or purchaser is None or category is None:
        missing = "round" if round_ is None else "purchaser" if purchaser is None else "category"
        raise ServiceError.for_fields({missing: _("This field is required.")}, code=PlanningError.INVALID)
    intention = intention_create(
        round=round_,
        purchaser=purchaser,
        title=payload.title,
        category=category,
        communities=_communities_ref(payload.communities),
        needs=_needs_ref(payload.needs),
        budget=payload.budget,
        expected_beneficiaries=payload.expected_beneficiaries,
        description=payload.description,
        actor=actor,
    )
    return Status(201, _intention_detail_dict(intention, private=True))


def _intention_for_change(actor: Actor, public_id: UUID) -> Intention:
    intention = _intention_or_404(actor, public_id)
    if not can_plan_for(actor, intention.purchaser):
        raise PermissionDenied(
            _("Only the purchaser %(name)s (or the district administrator) may plan its intentions.")
            % {"name": intention.purchaser.name}
        )
    return intention


@router.patch(
    "/intentions/{public_id}",
    response={200: IntentionDetailOut, **WRITE_ERRORS},
    summary="Change an intention (draft, or confirmed and not yet in a published call)",
    operation_id=_operation_id("intention_change"),
)
def intention_change(request, public_id: UUID, payload: PatchDict[IntentionPatchIn]):
    require_signed_in(request)
    actor = request.actor
    intention = _intention_for_change(actor, public_id)
    changes: dict[str, Any] = dict(payload)
    if "category" in changes:
        changes["category"] = _category_ref(changes["category"])
    if "communities" in changes:
        changes["communities"] = _communities_ref(changes["communities"] or [])
    if "needs" in changes:
        changes["needs"] = _needs_ref(changes["needs"] or [])
    intention = intention_update(intention=intention, actor=actor, **changes)
    return _intention_detail_dict(intention, private=True)


@router.post(
    "/intentions/{public_id}/confirm",
    response={200: IntentionDetailOut, **WRITE_ERRORS},
    summary="Confirm a draft intention (a call may then list it)",
    operation_id=_operation_id("intention_confirm_endpoint"),
)
def intention_confirm_endpoint(request, public_id: UUID):
    require_signed_in(request)
    intention = intention_confirm(intention=_intention_for_change(request.actor, public_id), actor=request.actor)
    return _intention_detail_dict(intention, private=True)


@router.post(
    "/intentions/{public_id}/withdraw",
    response={200: IntentionDetailOut, **WRITE_ERRORS},
    summary="Withdraw an intention (refused while a published call lists it)",
    operation_id=_operation_id("intention_withdraw_endpoint"),
)
def intention_withdraw_endpoint(request, public_id: UUID, payload: WithdrawIn):
    require_signed_in(request)
    intention = intention_withdraw(
        intention=_intention_for_change(request.actor, public_id), reason=payload.reason, actor=request.actor
    )
    return _intention_detail_dict(intention, private=True)
