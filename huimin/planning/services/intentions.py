"""Project intentions (项目意向): a purchaser consolidates accepted needs of its communities into projects to buy.

Rules (each refused with a ServiceError carrying a PlanningError code, nothing changed):
- the purchaser's own accounts (or the district administrator) write its intentions, while the round is open;
- the purchaser needs a budget row in the round; the budget of its draft and confirmed intentions together may reach
  that budget exactly but not pass it by one fen. The Round row and then the RoundBudget row are locked
  (SELECT … FOR UPDATE) before the sum is taken, so concurrent writes cannot overshoot together;
- communities covered are the purchaser's own communities; linked needs are accepted needs of those communities
  (huimin.needs.selectors.needs_for_consolidation) and their communities are among those covered;
- confirming needs at least one linked need still accepted; only confirmed intentions may be listed in a call;
- an intention listed in a published (or closed) call can be neither changed nor withdrawn. The calls context says
  which calls list it through `intention_listing_set` (planning never reads the calls).
Numbers: I-<purchaser code>-<round code>-<sequence>, e.g. I-140213003-pc-2020-004.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Division
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError
from huimin.needs.models import Need, NeedCategory

from ..error_codes import PlanningError
from ..events import PlanningEvent
from ..models import Intention, IntentionListing, IntentionStatus, Round, RoundBudget
from ..permissions import can_plan_for
from ..rules import parse_money
from ..selectors import committed_budget, communities_of, intention_listings, linkable_needs
from ..states import INTENTION_EDITABLE, INTENTION_MACHINE, ROUND_PLANNING

INTENTION_FIELDS = ("title", "category", "communities", "needs", "budget", "expected_beneficiaries", "description")


def _deny_message(purchaser: Division) -> str:
    return _("Only the purchaser %(name)s (or the district administrator) may plan its intentions.") % {
        "name": purchaser.name
    }


def _lock(round_: Round, purchaser: Division) -> tuple[Round, RoundBudget]:
    """Lock the round, then the purchaser's budget row, in that order; refuse when not open or without a budget."""
    locked = Round.objects.select_for_update().get(pk=round_.pk)
    if locked.status not in ROUND_PLANNING:
        raise ServiceError(
            _("The round %(round)s is not open: intentions are written while a round is open.")
            % {"round": locked.name},
            code=PlanningError.ROUND_NOT_OPEN,
        )
    budget = RoundBudget.objects.select_for_update().filter(round=locked, purchaser=purchaser).first()
    if budget is None:
        raise ServiceError(
            _("%(purchaser)s has no budget in the round %(round)s, so it cannot have intentions there.")
            % {"purchaser": purchaser.name, "round": locked.name},
            code=PlanningError.BUDGET_MISSING,
        )
    return locked, budget


def _check_budget(*, round_: Round, budget: RoundBudget, amount: Decimal, instance: Intention | None) -> None:
    others = committed_budget(round=round_, purchaser=budget.purchaser, exclude=instance)
    if others + amount > budget.amount:
        remaining = budget.amount - others
        raise ServiceError.for_fields(
            {
                "budget": _(
                    "The intentions of %(purchaser)s would total %(total)s yuan, over its budget of %(budget)s yuan "
                    "in this round; %(remaining)s yuan are left."
                )
                % {
                    "purchaser": budget.purchaser.name,
                    "total": f"{others + amount:,.2f}",
                    "budget": f"{budget.amount:,.2f}",
                    "remaining": f"{max(remaining, Decimal(0)):,.2f}",
                }
            },
            code=PlanningError.BUDGET_EXCEEDED,
        )


def _clean(purchaser: Division, data: dict[str, Any], *, instance: Intention | None) -> dict[str, Any]:
    """Validate the given fields (all on creation); raise one ServiceError naming every bad field."""
    errors: dict[str, str] = {}
    codes: list[str] = []
    cleaned: dict[str, Any] = {}

    def bad(name: str, message: str, code: str = PlanningError.INTENTION_INVALID) -> None:
        errors.setdefault(name, message)
        codes.append(code)

    if "title" in data:
        title = str(data["title"] or "").strip()
        if not title:
            bad("title", _("Enter a title, e.g. 老年人太极拳培训."))
        elif len(title) > 120:
            bad("title", _("A title has at most 120 characters."))
        cleaned["title"] = title
    if "category" in data:
        category = data["category"]
        if not isinstance(category, NeedCategory):
            bad("category", _("Choose the service category."))
        elif not category.is_active and (instance is None or instance.category_id != category.pk):
            bad("category", _("The category %(name)s is no longer in use.") % {"name": category.name})
        cleaned["category"] = category
    if "description" in data:
        cleaned["description"] = str(data["description"] or "").strip()
    if "expected_beneficiaries" in data:
        try:
            beneficiaries = int(data["expected_beneficiaries"] or 0)
        except (TypeError, ValueError):
            beneficiaries = -1
        if not 0 <= beneficiaries <= 2_147_483_647:
            bad("expected_beneficiaries", _("Enter the number of people expected to benefit (0 or more)."))
        cleaned["expected_beneficiaries"] = beneficiaries
    if "budget" in data:
        try:
            cleaned["budget"] = parse_money(
                data["budget"], field="budget", positive=True, code=PlanningError.INTENTION_INVALID
            )
        except ServiceError as exc:
            bad("budget", exc.message_dict["budget"][0])

    communities: list[Division] | None = None
    if "communities" in data:
        communities = list(dict.fromkeys(data["communities"] or []))
        own = set(communities_of(purchaser).values_list("pk", flat=True))
        foreign = [c for c in communities if c.pk not in own]
        if not communities:
            bad("communities", _("Choose at least one community the project covers."))
        elif foreign:
            bad(
                "communities",
                _("Not communities of %(purchaser)s: %(names)s.")
                % {"purchaser": purchaser.name, "names": "、".join(c.name for c in foreign)},
                PlanningError.INTENTION_COMMUNITY_INVALID,
            )
        cleaned["communities"] = communities
    if "needs" in data:
        needs: list[Need] = list(dict.fromkeys(data["needs"] or []))
        allowed = set(linkable_needs(purchaser=purchaser).values_list("pk", flat=True))
        foreign_needs = [n for n in needs if n.pk not in allowed]
        if foreign_needs:
            bad(
                "needs",
                _("Only accepted needs of the communities of %(purchaser)s can be linked; not: %(numbers)s.")
                % {"purchaser": purchaser.name, "numbers": ", ".join(n.number for n in foreign_needs)},
                PlanningError.INTENTION_NEED_INVALID,
            )
        else:
            covered = {c.pk for c in (communities if communities is not None else _instance_communities(instance))}
            outside = [n for n in needs if n.community_id not in covered]
            if outside and "communities" not in errors:
                bad(
                    "needs",
                    _("These needs come from communities the project does not cover: %(numbers)s.")
                    % {"numbers": ", ".join(n.number for n in outside)},
                    PlanningError.INTENTION_NEED_NOT_COVERED,
                )
        cleaned["needs"] = needs
    elif communities is not None and instance is not None:
        covered = {c.pk for c in communities}
        outside = [n for n in instance.needs.all() if n.community_id not in covered]
        if outside and "communities" not in errors:
            bad(
                "communities",
                _("The linked needs %(numbers)s come from communities no longer covered.")
                % {"numbers": ", ".join(n.number for n in outside)},
                PlanningError.INTENTION_NEED_NOT_COVERED,
            )
    if errors:
        # The most specific code wins (a scope problem before a plain invalid field).
        specific = [c for c in codes if c != PlanningError.INTENTION_INVALID]
        raise ServiceError.for_fields(errors, code=specific[0] if specific else PlanningError.INTENTION_INVALID)
    return cleaned


def _instance_communities(instance: Intention | None) -> list[Division]:
    return list(instance.communities.all()) if instance is not None else []


def _snapshot(intention: Intention) -> dict[str, Any]:
    return {
        "number": intention.number,
        "round": intention.round.code,
        "purchaser": intention.purchaser.code,
        "title": intention.title,
        "category": intention.category.code,
        "budget": intention.budget,
        "expected_beneficiaries": intention.expected_beneficiaries,
        "communities": sorted(intention.communities.values_list("code", flat=True)),
        "needs": sorted(intention.needs.values_list("number", flat=True)),
        "status": intention.status,
    }


def _next_number(round_: Round, purchaser: Division) -> str:
    """The next free I-<purchaser>-<round>-<seq>; callers hold the purchaser's budget row lock."""
    seq = Intention.objects.filter(round=round_, purchaser=purchaser).count() + 1
    while True:
        number = f"I-{purchaser.code}-{round_.code}-{seq:03d}"
        if not Intention.objects.filter(number=number).exists():
            return number
        seq += 1


@transaction.atomic
def intention_create(
    *,
    round: Round,
    purchaser: Division,
    title: str,
    category: NeedCategory,
    communities: Iterable[Division],
    needs: Iterable[Need] = (),
    budget: Any,
    expected_beneficiaries: int = 0,
    description: str = "",
    actor: Actor,
    now: datetime | None = None,
) -> Intention:
    """A new draft intention of `purchaser` in `round`."""
    require(can_plan_for(actor, purchaser), _deny_message(purchaser))
    round_, round_budget = _lock(round, purchaser)
    data = _clean(
        purchaser,
        {
            "title": title,
            "category": category,
            "communities": communities,
            "needs": needs,
            "budget": budget,
            "expected_beneficiaries": expected_beneficiaries,
            "description": description,
        },
        instance=None,
    )
    _check_budget(round_=round_, budget=round_budget, amount=data["budget"], instance=None)
    intention = Intention.objects.create(
        number=_next_number(round_, purchaser),
        round=round_,
        purchaser=purchaser,
        title=data["title"],
        category=data["category"],
        budget=data["budget"],
        expected_beneficiaries=data["expected_beneficiaries"],
        description=data["description"],
        created_by_id=actor.audit_user_id,
    )
    intention.communities.set(data["communities"])
    intention.needs.set(data["needs"])
    audit_record(
        actor=actor, event_type=PlanningEvent.INTENTION_CREATED, target=intention, payload=_snapshot(intention)
    )
    return intention


def _lock_intention(intention: Intention) -> tuple[Round, RoundBudget, Intention]:
    round_, round_budget = _lock(intention.round, intention.purchaser)
    locked = (
        Intention.objects.select_for_update(of=("self",))
        .select_related("round", "purchaser", "category")
        .get(pk=intention.pk)
    )
    return round_, round_budget, locked


def _refuse_if_frozen(intention: Intention, message: str) -> None:
    calls = list(intention_listings(intention).values_list("call_number", flat=True))
    if calls:
        raise ServiceError(
            message % {"number": intention.number, "calls": ", ".join(calls)},
            code=PlanningError.INTENTION_IN_PUBLISHED_CALL,
        )


@transaction.atomic
def intention_update(*, intention: Intention, actor: Actor, now: datetime | None = None, **changes: Any) -> Intention:
    """Change a draft intention, or a confirmed one that no published call lists yet (it stays confirmed)."""
    unknown = set(changes) - set(INTENTION_FIELDS)
    if unknown:
        raise TypeError(f"intention_update() got unexpected fields: {sorted(unknown)}")
    require(can_plan_for(actor, intention.purchaser), _deny_message(intention.purchaser))
    round_, round_budget, locked = _lock_intention(intention)
    if locked.status not in INTENTION_EDITABLE:
        raise ServiceError(
            _("The intention %(number)s is %(status)s and can no longer be changed.")
            % {"number": locked.number, "status": locked.get_status_display()},
            code=PlanningError.INTENTION_NOT_EDITABLE,
        )
    _refuse_if_frozen(
        locked,
        _("The intention %(number)s is listed in the published call %(calls)s and can no longer be changed."),
    )
    before = _snapshot(locked)
    data = _clean(locked.purchaser, changes, instance=locked)
    if "budget" in data:
        _check_budget(round_=round_, budget=round_budget, amount=data["budget"], instance=locked)
    if locked.status == IntentionStatus.CONFIRMED and "needs" in data and not data["needs"]:
        raise ServiceError.for_fields(
            {"needs": _("A confirmed intention answers at least one accepted need.")},
            code=PlanningError.INTENTION_WITHOUT_NEEDS,
        )
    for key in ("title", "category", "budget", "expected_beneficiaries", "description"):
        if key in data:
            setattr(locked, key, data[key])
    locked.save()
    if "communities" in data:
        locked.communities.set(data["communities"])
    if "needs" in data:
        locked.needs.set(data["needs"])
    after = _snapshot(locked)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        audit_record(actor=actor, event_type=PlanningEvent.INTENTION_UPDATED, target=locked, payload={"changes": diff})
    intention.refresh_from_db()
    return locked


@transaction.atomic
def intention_confirm(*, intention: Intention, actor: Actor, now: datetime | None = None) -> Intention:
    """Draft → confirmed: the purchaser commits to buy it; a call may then list it. Needs ≥ 1 linked need, every
    linked need still accepted and of a covered community."""
    require(can_plan_for(actor, intention.purchaser), _deny_message(intention.purchaser))
    _round, _budget, locked = _lock_intention(intention)
    if not INTENTION_MACHINE.can(locked.status, "confirm"):
        raise ServiceError(
            _("Only a draft intention can be confirmed; %(number)s is %(status)s.")
            % {"number": locked.number, "status": locked.get_status_display()},
            code=PlanningError.INTENTION_TRANSITION,
        )
    needs = list(locked.needs.all())
    if not needs:
        raise ServiceError.for_fields(
            {"needs": _("Link at least one accepted need before confirming the intention.")},
            code=PlanningError.INTENTION_WITHOUT_NEEDS,
        )
    _clean(locked.purchaser, {"communities": list(locked.communities.all()), "needs": needs}, instance=locked)
    locked.status = INTENTION_MACHINE.require(locked.status, "confirm")
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        event_type=PlanningEvent.INTENTION_CONFIRMED,
        target=locked,
        payload={"number": locked.number, "budget": locked.budget},
    )
    intention.refresh_from_db()
    return locked


@transaction.atomic
def intention_withdraw(
    *, intention: Intention, reason: str = "", actor: Actor, now: datetime | None = None
) -> Intention:
    """Draft or confirmed → withdrawn: its budget is free again. Refused while a published (or closed) call lists it."""
    require(can_plan_for(actor, intention.purchaser), _deny_message(intention.purchaser))
    _round, _budget, locked = _lock_intention(intention)
    if not INTENTION_MACHINE.can(locked.status, "withdraw"):
        raise ServiceError(
            _("The intention %(number)s is %(status)s and cannot be withdrawn.")
            % {"number": locked.number, "status": locked.get_status_display()},
            code=PlanningError.INTENTION_TRANSITION,
        )
    _refuse_if_frozen(
        locked,
        _(
            "The intention %(number)s is listed in the published call %(calls)s: providers are answering it, so it "
            "cannot be withdrawn."
        ),
    )
    before = locked.status
    locked.status = INTENTION_MACHINE.require(locked.status, "withdraw")
    locked.save(update_fields=["status", "updated_at"])
    audit_record(
        actor=actor,
        event_type=PlanningEvent.INTENTION_WITHDRAWN,
        target=locked,
        payload={"number": locked.number, "from": before, "reason": str(reason or "").strip()},
    )
    intention.refresh_from_db()
    return locked


@transaction.atomic
def intention_listing_set(
    *,
    call_number: str,
    call_title: str,
    intentions: Iterable[Intention],
    actor: Actor,
    now: datetime | None = None,
) -> None:
    """The calls context reports that its call `call_number` (published or closed) lists exactly `intentions` from
    now on — none once the call is cancelled. Intentions it lists can then be neither changed nor withdrawn.

    Called by the calls services (call_publish, call_amend, call_cancel) inside their own transaction, after they
    checked that `actor` manages the call; the call's own audit event records the change, so there is none here.
    The intentions are locked (after the caller's locks, in primary-key order), as a withdrawal locks the intention
    before it looks for listings."""
    moment = now or timezone.now()
    wanted = {i.pk for i in intentions}
    locked = list(Intention.objects.select_for_update().filter(pk__in=sorted(wanted)).order_by("pk"))
    listings = IntentionListing.objects.filter(call_number=call_number)
    listings.exclude(intention_id__in=sorted(wanted)).delete()
    listings.filter(intention_id__in=sorted(wanted)).exclude(call_title=call_title).update(call_title=call_title)
    present = set(listings.values_list("intention_id", flat=True))
    IntentionListing.objects.bulk_create(
        IntentionListing(intention=i, call_number=call_number, call_title=call_title, listed_at=moment)
        for i in locked
        if i.pk not in present
    )
