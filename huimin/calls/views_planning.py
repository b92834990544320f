"""Planning pages under /calls/: rounds and their budgets (district administrator), each purchaser's intentions
(purchasers), and the public round and intention pages (what is published: opened rounds, confirmed intentions).

Thin: reads through selectors_planning, writes through the planning services with `actor=request.actor`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import NoReturn

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.models import Division
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.planning.models import Intention, Round, RoundStatus

from . import presenters
from . import selectors_planning as selectors
from .forms_planning import BudgetForm, IntentionForm, RoundForm, WithdrawForm
from .permissions_planning import can_manage_rounds, can_plan, can_plan_for, is_public_intention
from .services.intentions import intention_confirm, intention_create, intention_update, intention_withdraw
from .services.rounds import round_budget_set, round_close, round_create, round_open, round_update
from .states_planning import INTENTION_EDITABLE, ROUND_PLANNING, intention_can, round_can

# --- helpers -------------------------------------------------------------------------------------------------------


def _deny(message: str) -> NoReturn:
    raise DjangoPermissionDenied(message)


def _refuse_service_denials(view: Callable) -> Callable:
    """A service refusing the actor (core PermissionDenied) becomes the 403 page."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as exc:
            raise DjangoPermissionDenied(str(exc)) from exc

    return wrapper


def _show_error(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for key, errors in exc.error_dict.items():
            if key in form.fields:
                form.add_error(key, ValidationError(list(errors)))
            else:
                form.add_error(None, ValidationError([m for e in errors for m in e.messages]))
    else:
        form.add_error(None, exc.messages)


def _round_or_404(actor: Actor, code: str) -> Round:
    try:
        return selectors.round_get(actor=actor, code=code)
    except Round.DoesNotExist:
        raise Http404(_("There is no round with the code %(code)s.") % {"code": code}) from None


def _intention_or_404(actor: Actor, public_id) -> Intention:
    try:
        return selectors.intention_get(actor=actor, public_id=public_id)
    except Intention.DoesNotExist:
        raise Http404(_("No intention with this address is visible to you.")) from None


def need_url(need) -> str | None:
    """The need's page on the needs board, when that page exists."""
    for kwargs in ({"public_id": need.public_id}, {"pk": need.public_id}):
        try:
            return reverse("needs:detail", kwargs=kwargs)
        except NoReverseMatch:
            continue
    return None


def _purchaser_choice(request, round_: Round) -> tuple[Division | None, list]:
    """The purchaser whose plan the page shows (?purchaser=<code>), and the budgets the actor may choose among."""
    actor = request.actor
    mine = {d.pk for d in selectors.planning_purchasers(actor=actor)}
    usages = [u for u in selectors.round_budget_usage(round=round_) if u.budget.purchaser_id in mine]
    code = (request.GET.get("purchaser") or request.POST.get("purchaser") or "").strip()
    if code:
        try:
            purchaser = selectors.purchaser_get(code=code)
        except Division.DoesNotExist:
            raise Http404(_("There is no street or township with the code %(code)s.") % {"code": code}) from None
        if not can_plan_for(actor, purchaser):
            _deny(_("You may plan the intentions of your own street or township only."))
        return purchaser, usages
    if len(usages) == 1:
        return usages[0].purchaser, usages
    if not usages and not actor.is_district_admin:
        own = list(selectors.planning_purchasers(actor=actor))
        if len(own) == 1:
            return own[0], usages
    return None, usages


def _intention_form(purchaser: Division, data=None, *, initial=None, intention: Intention | None = None):
    return IntentionForm(
        data,
        initial=initial,
        categories=selectors.categories(),
        communities=selectors.communities_of(purchaser),
        needs=selectors.need_choices(purchaser=purchaser, intention=intention),
    )


# --- rounds (everyone; the district administrator manages) ---------------------------------------------------------


@require_GET
def round_list(request):
    actor = request.actor
    return render(
        request,
        "calls/planning/round_list.html",
        {
            "rounds": presenters.public_rounds(selectors.round_list(actor=actor)),
            "can_manage": can_manage_rounds(actor),
            "can_plan": can_plan(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@_refuse_service_denials
def round_new(request):
    actor = request.actor
    if not can_manage_rounds(actor):
        _deny(_("Only the district administrator may set up rounds."))
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_create(actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The round %(name)s has been set up.") % {"name": round_.name})
            return redirect("calls:round_detail", code=round_.code)
    return render(request, "calls/planning/round_form.html", {"form": form, "round": None})


@login_required
@require_http_methods(["GET", "POST"])
@_refuse_service_denials
def round_edit(request, code: str):
    actor = request.actor
    if not can_manage_rounds(actor):
        _deny(_("Only the district administrator may change rounds."))
    round_ = _round_or_404(actor, code)
    initial = {"code": round_.code, "name": round_.name, "year": round_.year, "description": round_.description}
    form = RoundForm(request.POST or None, initial=initial, code_locked=round_.status != RoundStatus.DRAFT)
    if request.method == "POST" and form.is_valid():
        try:
            round_ = round_update(round=round_, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The round has been saved."))
            return redirect("calls:round_detail", code=round_.code)
    return render(request, "calls/planning/round_form.html", {"form": form, "round": round_})


@require_GET
def round_detail(request, code: str):
    actor = request.actor
    round_ = _round_or_404(actor, code)
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
        "calls/planning/round_detail.html",
        {
            "round": presenters.public_round(round_),  # the page is public: its free text as the public reads it
            "usages": usages,
            "total": selectors.round_total_budget(round_),
            "intentions": presenters.public_intentions(selectors.public_intentions(round=round_)),
            "can_manage": manage,
            "budget_rows": rows,
            "budgets_editable": manage and round_.status != RoundStatus.CLOSED,
            "can_open": manage and round_can("open", round_.status),
            "can_close": manage and round_can("close", round_.status),
            "my_usages": [u for u in usages if u.budget.purchaser_id in mine and not manage],
            "planning": round_.status in ROUND_PLANNING,
        },
    )


@login_required
@require_POST
@_refuse_service_denials
def round_budget(request, code: str):
    actor = request.actor
    if not can_manage_rounds(actor):
        _deny(_("Only the district administrator may set budgets."))
    round_ = _round_or_404(actor, code)
    form = BudgetForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, str(error))
        return redirect("calls:round_detail", code=round_.code)
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
    return redirect(reverse("calls:round_detail", kwargs={"code": round_.code}) + "#budgets")


def _round_transition(request, code: str, action: str):
    actor = request.actor
    if not can_manage_rounds(actor):
        _deny(_("Only the district administrator may open or close rounds."))
    round_ = _round_or_404(actor, code)
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
    return redirect("calls:round_detail", code=round_.code)


@login_required
@require_POST
@_refuse_service_denials
def round_open_view(request, code: str):
    return _round_transition(request, code, "open")


@login_required
@require_POST
@_refuse_service_denials
def round_close_view(request, code: str):
    return _round_transition(request, code, "close")


# --- purchasers' planning ------------------------------------------------------------------------------------------


@login_required
@require_GET
def planning_desk(request):
    actor = request.actor
    if not can_plan(actor):
        _deny(_("These pages are for purchasers (streets and townships) and the district administrator."))
    mine = {d.pk for d in selectors.planning_purchasers(actor=actor)}
    rounds = []
    for round_ in selectors.planning_rounds(actor=actor):
        usages = [u for u in selectors.round_budget_usage(round=round_) if u.budget.purchaser_id in mine]
        rounds.append({"round": round_, "usages": usages})
    return render(request, "calls/planning/desk.html", {"rounds": rounds})


@login_required
@require_GET
def round_plan(request, code: str):
    actor = request.actor
    if not can_plan(actor):
        _deny(_("These pages are for purchasers (streets and townships) and the district administrator."))
    round_ = _round_or_404(actor, code)
    purchaser, usages = _purchaser_choice(request, round_)
    context: dict = {"round": round_, "usages": usages, "purchaser": purchaser}
    if purchaser is not None:
        intentions = list(selectors.intention_list(actor=actor, round=round_, purchaser=purchaser))
        for intention in intentions:
            intention.can_confirm = intention_can("confirm", intention.status)  # type: ignore[attr-defined]
            intention.can_withdraw = intention_can("withdraw", intention.status)  # type: ignore[attr-defined]
            intention.can_edit = intention.status in INTENTION_EDITABLE  # type: ignore[attr-defined]
        context.update(
            {
                "usage": selectors.budget_usage(round=round_, purchaser=purchaser),
                "intentions": intentions,
                "planning": round_.status in ROUND_PLANNING,
            }
        )
    return render(request, "calls/planning/plan.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@_refuse_service_denials
def intention_new(request, code: str):
    actor = request.actor
    if not can_plan(actor):
        _deny(_("These pages are for purchasers (streets and townships) and the district administrator."))
    round_ = _round_or_404(actor, code)
    purchaser, _usages = _purchaser_choice(request, round_)
    if purchaser is None:
        return redirect("calls:round_plan", code=round_.code)
    form = _intention_form(purchaser, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intention = intention_create(round=round_, purchaser=purchaser, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(
                request, _("The intention %(number)s has been saved as a draft.") % {"number": intention.number}
            )
            return redirect("calls:intention_detail", public_id=intention.public_id)
    return render(
        request,
        "calls/planning/intention_form.html",
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
    intention = _intention_or_404(actor, public_id)
    trace = selectors.intention_trace(intention)
    # the page is public: the intention and the needs behind it as the public reads them
    needs = [{"trace": t, "url": need_url(t.need)} for t in presenters.public_traces(trace.needs)]
    planner = can_plan_for(actor, intention.purchaser)
    open_round = intention.round.status in ROUND_PLANNING
    frozen_by = list(selectors.intention_listings(intention)) if planner else []
    return render(
        request,
        "calls/planning/intention_detail.html",
        {
            "intention": presenters.public_intention(intention),
            "trace": trace,
            "needs": needs,
            "planner": planner,
            "is_public": is_public_intention(intention),
            "frozen_by": frozen_by,
            "can_edit": planner and open_round and intention.status in INTENTION_EDITABLE and not frozen_by,
            "can_confirm": planner and open_round and intention_can("confirm", intention.status),
            "can_withdraw": planner and open_round and intention_can("withdraw", intention.status) and not frozen_by,
        },
    )


def _intention_for_planner(actor: Actor, public_id) -> Intention:
    intention = _intention_or_404(actor, public_id)
    if not can_plan_for(actor, intention.purchaser):
        _deny(_("You may plan the intentions of your own street or township only."))
    return intention


@login_required
@require_http_methods(["GET", "POST"])
@_refuse_service_denials
def intention_edit(request, public_id):
    actor = request.actor
    intention = _intention_for_planner(actor, public_id)
    form = _intention_form(
        intention.purchaser, request.POST or None, initial=IntentionForm.initial_from(intention), intention=intention
    )
    if request.method == "POST" and form.is_valid():
        try:
            intention_update(intention=intention, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The intention %(number)s has been saved.") % {"number": intention.number})
            return redirect("calls:intention_detail", public_id=intention.public_id)
    return render(
        request,
        "calls/planning/intention_form.html",
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
@_refuse_service_denials
def intention_confirm_view(request, public_id):
    actor = request.actor
    intention = _intention_for_planner(actor, public_id)
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
        target = reverse("calls:intention_detail", args=[intention.public_id])
    return redirect(target)


@login_required
@require_http_methods(["GET", "POST"])
@_refuse_service_denials
def intention_withdraw_view(request, public_id):
    actor = request.actor
    intention = _intention_for_planner(actor, public_id)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            intention_withdraw(intention=intention, reason=form.cleaned_data["reason"], actor=actor)
        except ServiceError as exc:
            _show_error(form, exc)
        else:
            messages.success(request, _("The intention %(number)s has been withdrawn.") % {"number": intention.number})
            return redirect(
                reverse("calls:round_plan", kwargs={"code": intention.round.code})
                + f"?purchaser={intention.purchaser.code}"
            )
    return render(request, "calls/planning/intention_withdraw.html", {"form": form, "intention": intention})
