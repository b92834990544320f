"""Purchasers' planning: the planning desk, a purchaser's plan in a round with its budget bar, writing, confirming
and withdrawing intentions; and the public intention page with the trace to the needs behind it.

Thin: reads through huimin.planning.selectors, writes through the planning services with `actor=request.actor`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, refuse_service_denials, show_service_error

from .. import presenters, selectors
from ..forms import IntentionForm, WithdrawForm
from ..permissions import can_plan, can_plan_for, is_public_intention
from ..services.intentions import intention_confirm, intention_create, intention_update, intention_withdraw
from ..states import INTENTION_EDITABLE, INTENTION_MACHINE, ROUND_PLANNING
from ._common import intention_for_planner, intention_form, intention_or_404, need_url, purchaser_choice, round_or_404

# --- purchasers' planning ------------------------------------------------------------------------------------------


@login_required
@require_GET
def planning_desk(request):
    actor = request.actor
    if not can_plan(actor):
        deny(_("These pages are for purchasers (streets and townships) and the district administrator."))
    mine = {d.pk for d in selectors.planning_purchasers(actor=actor)}
    rounds = []
    for round_ in selectors.planning_rounds(actor=actor):
        usages = [u for u in selectors.round_budget_usage(round=round_) if u.budget.purchaser_id in mine]
        rounds.append({"round": round_, "usages": usages})
    return render(request, "planning/desk.html", {"rounds": rounds})


@login_required
@require_GET
def round_plan(request, code: str):
    actor = request.actor
    if not can_plan(actor):
        deny(_("These pages are for purchasers (streets and townships) and the district administrator."))
    round_ = round_or_404(actor, code)
    purchaser, usages = purchaser_choice(request, round_)
    context: dict = {"round": round_, "usages": usages, "purchaser": purchaser}
    if purchaser is not None:
        intentions = list(selectors.intention_list(actor=actor, round=round_, purchaser=purchaser))
        for intention in intentions:
            intention.can_confirm = INTENTION_MACHINE.can(intention.status, "confirm")  # type: ignore[attr-defined]
            intention.can_withdraw = INTENTION_MACHINE.can(intention.status, "withdraw")  # type: ignore[attr-defined]
            intention.can_edit = intention.status in INTENTION_EDITABLE  # type: ignore[attr-defined]
        context.update(
            {
                "usage": selectors.budget_usage(round=round_, purchaser=purchaser),
                "intentions": intentions,
                "planning": round_.status in ROUND_PLANNING,
            }
        )
    return render(request, "planning/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def intention_new(request, code: str):
    actor = request.actor
    if not can_plan(actor):
        deny(_("These pages are for purchasers (streets and townships) and the district administrator."))
    round_ = round_or_404(actor, code)
    purchaser, _usages = purchaser_choice(request, round_)
    if purchaser is None:
        return redirect("planning:round_plan", code=round_.code)
    form = intention_form(purchaser, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intention = intention_create(round=round_, purchaser=purchaser, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(
                request, _("The intention %(number)s has been saved as a draft.") % {"number": intention.number}
            )
            return redirect("planning:intention_detail", public_id=intention.public_id)
    return render(
        request,
        "planning/intention_form.html",
        {
            "form": form,
            "round": round_,
            "purchaser": purchaser,
            "intention": None,
            "usage": selectors.budget_usage(round=round_, purchaser=purchaser),
        },
    )


@require_GET
def intention_detail(request, public_id):
    actor = request.actor
    intention = intention_or_404(actor, public_id)
    trace = selectors.intention_trace(intention)
    # the page is public: the intention and the needs behind it as the public reads them
    needs = [{"trace": t, "url": need_url(t.need)} for t in presenters.public_traces(trace.needs)]
    planner = can_plan_for(actor, intention.purchaser)
    open_round = intention.round.status in ROUND_PLANNING
    frozen_by = list(selectors.intention_listings(intention)) if planner else []
    return render(
        request,
        "planning/intention_detail.html",
        {
            "intention": presenters.public_intention(intention),
            "trace": trace,
            "needs": needs,
            "planner": planner,
            "is_public": is_public_intention(intention),
            "frozen_by": frozen_by,
            "can_edit": planner and open_round and intention.status in INTENTION_EDITABLE and not frozen_by,
            "can_confirm": planner and open_round and INTENTION_MACHINE.can(intention.status, "confirm"),
            "can_withdraw": planner
            and open_round
            and INTENTION_MACHINE.can(intention.status, "withdraw")
            and not frozen_by,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def intention_edit(request, public_id):
    actor = request.actor
    intention = intention_for_planner(actor, public_id)
    form = intention_form(
        intention.purchaser, request.POST or None, initial=IntentionForm.initial_from(intention), intention=intention
    )
    if request.method == "POST" and form.is_valid():
        try:
            intention_update(intention=intention, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The intention %(number)s has been saved.") % {"number": intention.number})
            return redirect("planning:intention_detail", public_id=intention.public_id)
    return render(
        request,
        "planning/intention_form.html",
        {
            "form": form,
            "round": intention.round,
            "purchaser": intention.purchaser,
            "intention": intention,
            "usage": selectors.budget_usage(round=intention.round, purchaser=intention.purchaser),
        },
    )


@login_required
@require_POST
@refuse_service_denials
def intention_confirm_view(request, public_id):
    actor = request.actor
    intention = intention_for_planner(actor, public_id)
    try:
        intention_confirm(intention=intention, actor=actor)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The intention %(number)s is confirmed: a call may now list it.") % {"number": intention.number},
        )
    target = request.POST.get("next") or ""
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("planning:intention_detail", args=[intention.public_id])
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def intention_withdraw_view(request, public_id):
    actor = request.actor
    intention = intention_for_planner(actor, public_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intention_withdraw(intention=intention, reason=form.cleaned_data["reason"], actor=actor)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The intention %(number)s has been withdrawn.") % {"number": intention.number})
            return redirect(
                reverse("planning:round_plan", kwargs={"code": intention.round.code})
                + f"?purchaser={intention.purchaser.code}"
            )
    return render(request, "planning/intention_withdraw.html", {"form": form, "intention": intention})
