"""What the planning pages share that is planning's own: lookups that 404, the purchaser a page plans for, and the
intention form with its choices."""

from __future__ import annotations

from django.http import Http404
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from huimin.core.models import Division
from huimin.core.permissions import Actor
from huimin.core.viewkit import deny

from .. import selectors
from ..forms import IntentionForm
from ..models import Intention, Round
from ..permissions import can_plan_for


def round_or_404(actor: Actor, code: str) -> Round:
    try:
        return selectors.round_get(actor=actor, code=code)
    except Round.DoesNotExist:
        raise Http404(_("There is no round with the code %(code)s.") % {"code": code}) from None


def intention_or_404(actor: Actor, public_id) -> Intention:
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


def purchaser_choice(request, round_: Round) -> tuple[Division | None, list]:
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
            deny(_("You may plan the intentions of your own street or township only."))
        return purchaser, usages
    if len(usages) == 1:
        return usages[0].purchaser, usages
    if not usages and not actor.is_district_admin:
        own = list(selectors.planning_purchasers(actor=actor))
        if len(own) == 1:
            return own[0], usages
    return None, usages


def intention_form(purchaser: Division, data=None, *, initial=None, intention: Intention | None = None):
    return IntentionForm(
        data,
        initial=initial,
        categories=selectors.categories(),
        communities=selectors.communities_of(purchaser),
        needs=selectors.need_choices(purchaser=purchaser, intention=intention),
    )


def intention_for_planner(actor: Actor, public_id) -> Intention:
    intention = intention_or_404(actor, public_id)
    if not can_plan_for(actor, intention.purchaser):
        deny(_("You may plan the intentions of your own street or township only."))
    return intention
