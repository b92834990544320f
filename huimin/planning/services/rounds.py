"""Rounds and purchasers' budgets (the district administrator's side of planning).

A round (e.g. 平城区第二届政府向社会力量购买服务) is opened with a budget per purchaser (a street or township that
takes part); the round's total is the sum of those budgets. A budget may be lowered, but never below what the
purchaser's intentions already commit (draft and confirmed intentions count; withdrawn ones do not).

Locks: every write on a round takes the Round row first, then the RoundBudget row (the intention services take
them in the same order), so budgets, intentions and the round's status never race each other.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Division
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..error_codes import PlanningError
from ..events import PlanningEvent
from ..models import Round, RoundBudget, RoundStatus
from ..permissions import can_manage_rounds
from ..rules import parse_money
from ..selectors import committed_budget, eligible_purchasers
from ..states import ROUND_BUDGET_EDITABLE, ROUND_EDITABLE, ROUND_MACHINE

CODE_RE = re.compile(r"^[a-z0-9][a-z0-9_-]*$")
RESERVED_CODES = frozenset({"new"})  # /calls/rounds/new/ is the form
ROUND_FIELDS = ("code", "name", "year", "description")


def _lock_round(round_: Round) -> Round:
    return Round.objects.select_for_update().get(pk=round_.pk)


def _clean_round(data: dict[str, Any], *, instance: Round | None) -> dict[str, Any]:
    errors: dict[str, str] = {}
    code = PlanningError.INVALID
    cleaned: dict[str, Any] = {}
    if "code" in data:
        value = str(data["code"] or "").strip().lower()
        if not value:
            errors["code"] = _("Enter a code, e.g. pc-2020.")
        elif len(value) > 32 or not CODE_RE.match(value) or value in RESERVED_CODES:
            errors["code"] = _("A code has at most 32 characters: lower-case letters, digits, “-” and “_”.")
        elif Round.objects.filter(code=value).exclude(pk=instance.pk if instance else 0).exists():
            errors["code"] = _("Another round already has the code %(code)s.") % {"code": value}
            code = PlanningError.ROUND_CODE_DUPLICATE
        cleaned["code"] = value
    if "name" in data:
        value = str(data["name"] or "").strip()
        if not value:
            errors["name"] = _("Enter the round's name.")
        elif len(value) > 120:
            errors["name"] = _("A name has at most 120 characters.")
        cleaned["name"] = value
    if "year" in data:
        try:
            year = int(data["year"])
        except (TypeError, ValueError):
            year = 0
        if not 2000 <= year <= 2100:
            errors["year"] = _("Enter a year between 2000 and 2100.")
        cleaned["year"] = year
    if "description" in data:
        cleaned["description"] = str(data["description"] or "").strip()
    if errors:
        raise ServiceError.for_fields(errors, code=code)
    return cleaned


def _snapshot(round_: Round) -> dict[str, Any]:
    return {
        "code": round_.code,
        "name": round_.name,
        "year": round_.year,
        "status": round_.status,
    }


@transaction.atomic
def round_create(*, code: str, name: str, year: int, description: str = "", actor: Actor) -> Round:
    """Set up a round (a draft until opened). District administrator."""
    require(can_manage_rounds(actor), _("Only the district administrator may set up rounds."))
    data = _clean_round({"code": code, "name": name, "year": year, "description": description}, instance=None)
    round_ = Round.objects.create(**data, created_by_id=actor.audit_user_id)
    audit_record(actor=actor, event_type=PlanningEvent.ROUND_CREATED, target=round_, payload=_snapshot(round_))
    return round_


@transaction.atomic
def round_update(*, round: Round, actor: Actor, **changes: Any) -> Round:
    """Change a round's name, year or description (until it is closed) or its code (while a draft)."""
    require(can_manage_rounds(actor), _("Only the district administrator may change rounds."))
    unknown = set(changes) - set(ROUND_FIELDS)
    if unknown:
        raise TypeError(f"round_update() got unexpected fields: {sorted(unknown)}")
    round_ = _lock_round(round)
    if round_.status not in ROUND_EDITABLE:
        raise ServiceError(_("A closed round can no longer be changed."), code=PlanningError.ROUND_NOT_EDITABLE)
    if "code" in changes and str(changes["code"] or "").strip().lower() != round_.code:
        if round_.status != RoundStatus.DRAFT:
            raise ServiceError.for_fields(
                {"code": _("The code of a round cannot change once the round is open.")},
                code=PlanningError.ROUND_NOT_EDITABLE,
            )
    data = _clean_round(changes, instance=round_)
    diff = {k: [getattr(round_, k), v] for k, v in data.items() if getattr(round_, k) != v}
    for key, value in data.items():
        setattr(round_, key, value)
    round_.save()
    if diff:
        audit_record(actor=actor, event_type=PlanningEvent.ROUND_UPDATED, target=round_, payload={"changes": diff})
    round.refresh_from_db()
    return round_


@transaction.atomic
def round_budget_set(*, round: Round, purchaser: Division, amount: Any, actor: Actor) -> RoundBudget:
    """Set the budget of one purchaser in a round (creating its row). District administrator; not once closed.

    The purchaser is a street or township that takes part; the amount is ≥ 0 元 with at most two decimals, and not
    below what the purchaser's intentions in the round already commit."""
    require(can_manage_rounds(actor), _("Only the district administrator may set budgets."))
    round_ = _lock_round(round)
    if round_.status not in ROUND_BUDGET_EDITABLE:
        raise ServiceError(
            _("The budgets of a closed round can no longer be changed."), code=PlanningError.ROUND_NOT_EDITABLE
        )
    if not eligible_purchasers().filter(pk=purchaser.pk).exists():
        raise ServiceError.for_fields(
            {
                "purchaser": _(
                    "%(name)s is not a purchaser: budgets go to active streets and townships that take part."
                )
                % {"name": purchaser.name}
            },
            code=PlanningError.BUDGET_PURCHASER_INVALID,
        )
    value = parse_money(amount, field="amount", positive=False, code=PlanningError.BUDGET_AMOUNT_INVALID)
    budget = RoundBudget.objects.select_for_update().filter(round=round_, purchaser=purchaser).first()
    committed = committed_budget(round=round_, purchaser=purchaser)
    if value < committed:
        raise ServiceError.for_fields(
            {
                "amount": _(
                    "The intentions of %(purchaser)s already commit %(committed)s yuan; the budget cannot be lower."
                )
                % {"purchaser": purchaser.name, "committed": f"{committed:,.2f}"}
            },
            code=PlanningError.BUDGET_BELOW_COMMITTED,
        )
    before = budget.amount if budget is not None else None
    if budget is None:
        budget = RoundBudget.objects.create(round=round_, purchaser=purchaser, amount=value)
    elif budget.amount != value:
        budget.amount = value
        budget.save(update_fields=["amount"])
    if before != value:
        audit_record(
            actor=actor,
            event_type=PlanningEvent.ROUND_BUDGET_SET,
            target=budget,
            payload={"round": round_.code, "purchaser": purchaser.code, "before": before, "after": value},
        )
    return budget


def _transition(round: Round, name: str, *, actor: Actor, now: datetime | None) -> Round:
    round_ = _lock_round(round)
    target = ROUND_MACHINE.require(round_.status, name)
    moment = now or timezone.now()
    before = round_.status
    round_.status = target
    if name == "open":
        round_.opened_at = moment
    else:
        round_.closed_at = moment
    round_.save(update_fields=["status", "opened_at", "closed_at"])
    audit_record(
        actor=actor,
        event_type=PlanningEvent.ROUND_OPENED if name == "open" else PlanningEvent.ROUND_CLOSED,
        target=round_,
        payload={"from": before, "to": round_.status},
    )
    round.refresh_from_db()
    return round_


@transaction.atomic
def round_open(*, round: Round, actor: Actor, now: datetime | None = None) -> Round:
    """Open a draft round for planning: purchasers may then write intentions. It needs at least one budget above 0."""
    require(can_manage_rounds(actor), _("Only the district administrator may open rounds."))
    _lock_round(round)
    if not RoundBudget.objects.filter(round=round, amount__gt=0).exists():
        raise ServiceError(
            _("Set the budget of at least one purchaser before opening the round."),
            code=PlanningError.ROUND_WITHOUT_BUDGET,
        )
    return _transition(round, "open", actor=actor, now=now)


@transaction.atomic
def round_close(*, round: Round, actor: Actor, now: datetime | None = None) -> Round:
    """Close an open round: its budgets and intentions are final."""
    require(can_manage_rounds(actor), _("Only the district administrator may close rounds."))
    return _transition(round, "close", actor=actor, now=now)
