"""Rounds and their purchasers' budgets: the public round list and round page (opened rounds, their budgets and
confirmed intentions); the district administrator sets up, edits, opens and closes rounds and sets budgets.

Thin: reads through huimin.planning.selectors, writes through the planning services with `actor=request.actor`.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.models import Division
from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, refuse_service_denials, show_service_error

from .. import presenters, selectors
from ..forms import BudgetForm, RoundForm
from ..models import RoundStatus
from ..permissions import can_manage_rounds, can_plan
from ..services.rounds import round_budget_set, round_close, round_create, round_open, round_update
from ..states import ROUND_MACHINE, ROUND_PLANNING
from ._common import round_or_404

# --- rounds (everyone; the district administrator manages) ---------------------------------------------------------


@require_GET
def round_list(request):
    actor = request.actor
    return render(
        request,
        "planning/round_list.html",
        {
            "rounds": presenters.public_rounds(selectors.round_list(actor=actor)),
            "can_manage": can_manage_rounds(actor),
            "can_plan": can_plan(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def round_new(request):
    actor = request.actor
    if not can_manage_rounds(actor):
        deny(_("Only the district administrator may set up rounds."))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_create(actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The round %(name)s has been set up.") % {"name": round_.name})
            return redirect("planning:round_detail", code=round_.code)
    return render(request, "planning/round_form.html", {"form": form, "round": None})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def round_edit(request, code: str):
    actor = request.actor
    if not can_manage_rounds(actor):
        deny(_("Only the district administrator may change rounds."))
    round_ = round_or_404(actor, code)
    initial = {"code": round_.code, "name": round_.name, "year": round_.year, "description": round_.description}
    form = RoundForm(request.POST or None, initial=initial, code_locked=round_.status != RoundStatus.DRAFT)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_update(round=round_, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("planning:round_detail", code=round_.code)
    return render(request, "planning/round_form.html", {"form": form, "round": round_})


@require_GET
def round_detail(request, code: str):
    actor = request.actor
    round_ = round_or_404(actor, code)
    usages = selectors.round_budget_usage(round=round_)
    manage = can_manage_rounds(actor)
    rows: list[dict] = []
    if manage:
        by_purchaser = {u.budget.purchaser_id: u for u in usages}
        for purchaser in selectors.eligible_purchasers():
            rows.append({"purchaser": purchaser, "usage": by_purchaser.pop(purchaser.pk, None)})
        # Budgets of divisions that no longer take part stay visible.
        rows.extend({"purchaser": u.purchaser, "usage": u} for u in by_purchaser.values())
    mine = {d.pk for d in selectors.planning_purchasers(actor=actor)} if can_plan(actor) else set()
    return render(
        request,
        "planning/round_detail.html",
        {
            "round": presenters.public_round(round_),  # the page is public: its free text as the public reads it
            "usages": usages,
            "total": selectors.round_total_budget(round_),
            "intentions": presenters.public_intentions(selectors.public_intentions(round=round_)),
            "can_manage": manage,
            "budget_rows": rows,
            "budgets_editable": manage and round_.status != RoundStatus.CLOSED,
            "can_open": manage and ROUND_MACHINE.can(round_.status, "open"),
            "can_close": manage and ROUND_MACHINE.can(round_.status, "close"),
            "my_usages": [u for u in usages if u.budget.purchaser_id in mine and not manage],
            "planning": round_.status in ROUND_PLANNING,
        },
    )


@login_required
@require_POST
@refuse_service_denials
def round_budget(request, code: str):
    actor = request.actor
    if not can_manage_rounds(actor):
        deny(_("Only the district administrator may set budgets."))
    round_ = round_or_404(actor, code)
    form = BudgetForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("planning:round_detail", code=round_.code)
    try:
        purchaser = selectors.purchaser_get(code=form.cleaned_data["purchaser"])
        budget = round_budget_set(round=round_, purchaser=purchaser, amount=form.cleaned_data["amount"], actor=actor)
    except Division.DoesNotExist:
        messages.error(request, _("There is no street or township with this code."))
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The budget of %(purchaser)s is now %(amount)s yuan.")
            % {"purchaser": purchaser.name, "amount": f"{budget.amount:,.2f}"},
        )
    return redirect(reverse("planning:round_detail", kwargs={"code": round_.code}) + "#budgets")


def _round_transition(request, code: str, action: str):
    actor = request.actor
    if not can_manage_rounds(actor):
        deny(_("Only the district administrator may open or close rounds."))
    round_ = round_or_404(actor, code)
    try:
        if action == "open":
            round_open(round=round_, actor=actor)
            messages.success(request, _("The round is open: purchasers may now plan their intentions."))
        else:
            round_close(round=round_, actor=actor)
            messages.success(request, _("The round is closed."))
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("planning:round_detail", code=round_.code)


@login_required
@require_POST
@refuse_service_denials
def round_open_view(request, code: str):
    return _round_transition(request, code, "open")


@login_required
@require_POST
@refuse_service_denials
def round_close_view(request, code: str):
    return _round_transition(request, code, "close")
