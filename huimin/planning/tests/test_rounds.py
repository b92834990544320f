# ruff: noqa: F811  (the world fixture is imported and used by name)
"""Rounds and purchasers' budgets: the district administrator sets them up; the lifecycle draft → open → closed."""

from __future__ import annotations

from decimal import Decimal

import pytest

from huimin.audit.models import AuditEvent
from huimin.core.models import Role
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.planning.error_codes import PlanningError
from huimin.planning.models import RoundStatus
from huimin.planning.selectors import round_budget_usage, round_list, round_total_budget
from huimin.planning.services import (
    intention_withdraw,
    round_budget_set,
    round_close,
    round_create,
    round_open,
    round_update,
)

from .factories import make_intention, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_round_lifecycle_draft_open_closed(world):
    r = round_create(code="pc-2021", name="平城区第三届政府向社会力量购买服务", year=2021, actor=world.admin)
    assert r.status == RoundStatus.DRAFT
    round_budget_set(round=r, purchaser=world.east, amount="80000", actor=world.admin)
    r = round_open(round=r, actor=world.admin)
    assert r.status == RoundStatus.OPEN and r.opened_at is not None
    r = round_close(round=r, actor=world.admin)
    assert r.status == RoundStatus.CLOSED and r.closed_at is not None
    events = list(AuditEvent.objects.filter(target_id=str(r.pk)).values_list("event_type", flat=True))
    assert {"calls.round.created", "calls.round.opened", "calls.round.closed"} <= set(events)


def test_a_round_cannot_open_without_a_budget(world):
    r = round_create(code="pc-2021", name="第三届", year=2021, actor=world.admin)
    with pytest.raises(ServiceError) as exc:
        round_open(round=r, actor=world.admin)
    assert exc.value.error_code == PlanningError.ROUND_WITHOUT_BUDGET
    round_budget_set(round=r, purchaser=world.east, amount="0", actor=world.admin)
    with pytest.raises(ServiceError):
        round_open(round=r, actor=world.admin)  # a zero budget is no budget
    r.refresh_from_db()
    assert r.status == RoundStatus.DRAFT


def test_transitions_out_of_order_are_refused(world):
    with pytest.raises(ServiceError) as exc:
        round_open(round=world.round, actor=world.admin)  # already open
    assert exc.value.error_code == PlanningError.ROUND_TRANSITION
    draft = round_create(code="pc-2021", name="第三届", year=2021, actor=world.admin)
    with pytest.raises(ServiceError):
        round_close(round=draft, actor=world.admin)  # a draft cannot be closed
    round_close(round=world.round, actor=world.admin)
    with pytest.raises(ServiceError):
        round_close(round=world.round, actor=world.admin)
    with pytest.raises(ServiceError):
        round_open(round=world.round, actor=world.admin)  # closed is final


def test_only_the_district_administrator_manages_rounds(world, make_user):
    for actor in (world.east_buyer, world.worker, Actor.anonymous(), make_user(Role.PROJECT_MANAGER)):
        with pytest.raises(PermissionDenied):
            round_create(code="x-2021", name="x", year=2021, actor=actor)
        with pytest.raises(PermissionDenied):
            round_budget_set(round=world.round, purchaser=world.east, amount="1", actor=actor)
        with pytest.raises(PermissionDenied):
            round_close(round=world.round, actor=actor)
        with pytest.raises(PermissionDenied):
            round_update(round=world.round, name="x", actor=actor)


def test_round_total_is_the_sum_of_purchaser_budgets(world):
    assert round_total_budget(world.round) == Decimal("150000.00")
    round_budget_set(round=world.round, purchaser=world.west, amount="50000.01", actor=world.admin)
    assert round_total_budget(world.round) == Decimal("150000.01")
    listed = round_list(actor=Actor.anonymous()).get(code=world.round.code)
    assert listed.total_budget == Decimal("150000.01")
    assert listed.purchaser_count == 2


def test_budget_amount_rules(world):
    cases = ["-1", "1.005", "abc", "NaN", "1e20"]
    for amount in cases:
        with pytest.raises(ServiceError) as exc:
            round_budget_set(round=world.round, purchaser=world.east, amount=amount, actor=world.admin)
        assert exc.value.error_code == PlanningError.BUDGET_AMOUNT_INVALID, amount
        assert "amount" in exc.value.message_dict
    budget = round_budget_set(round=world.round, purchaser=world.east, amount="１２３４５", actor=world.admin)
    assert budget.amount == Decimal("12345.00")  # full-width digits are read as digits


def test_budgets_go_to_streets_and_townships_that_take_part(world):
    for division in (world.outsider, world.longyuan, world.district):
        with pytest.raises(ServiceError) as exc:
            round_budget_set(round=world.round, purchaser=division, amount="1000", actor=world.admin)
        assert exc.value.error_code == PlanningError.BUDGET_PURCHASER_INVALID


def test_a_budget_cannot_drop_below_what_intentions_plan(world):
    intention = make_intention(world.east_buyer, world.round, world.east, communities=[world.longyuan], budget="60000")
    with pytest.raises(ServiceError) as exc:
        round_budget_set(round=world.round, purchaser=world.east, amount="59999.99", actor=world.admin)
    assert exc.value.error_code == PlanningError.BUDGET_BELOW_COMMITTED
    round_budget_set(round=world.round, purchaser=world.east, amount="60000", actor=world.admin)
    intention_withdraw(intention=intention, actor=world.east_buyer)
    round_budget_set(round=world.round, purchaser=world.east, amount="0", actor=world.admin)  # withdrawn: free


def test_a_closed_round_is_frozen(world):
    round_close(round=world.round, actor=world.admin)
    with pytest.raises(ServiceError) as exc:
        round_budget_set(round=world.round, purchaser=world.east, amount="1", actor=world.admin)
    assert exc.value.error_code == PlanningError.ROUND_NOT_EDITABLE
    with pytest.raises(ServiceError):
        round_update(round=world.round, name="改名", actor=world.admin)


def test_round_code_rules(world):
    with pytest.raises(ServiceError) as exc:
        round_create(code="PC-2020", name="重复", year=2020, actor=world.admin)  # same code, other case
    assert exc.value.error_code == PlanningError.ROUND_CODE_DUPLICATE
    for bad in ("", "平城", "a b", "new", "x" * 33):
        with pytest.raises(ServiceError):
            round_create(code=bad, name="x", year=2020, actor=world.admin)
    with pytest.raises(ServiceError) as exc:
        round_update(round=world.round, code="pc-2020b", actor=world.admin)  # open: the code is fixed
    assert exc.value.error_code == PlanningError.ROUND_NOT_EDITABLE
    draft = round_create(code="pc-2021", name="x", year=2021, actor=world.admin)
    assert round_update(round=draft, code="pc-2021a", year=2022, actor=world.admin).code == "pc-2021a"


def test_the_public_sees_opened_rounds_only(world):
    round_create(code="pc-2021", name="草稿", year=2021, actor=world.admin)
    public = set(round_list(actor=Actor.anonymous()).values_list("code", flat=True))
    assert public == {"pc-2020"}
    assert set(round_list(actor=world.admin).values_list("code", flat=True)) == {"pc-2020", "pc-2021"}


def test_budget_usage_counts_draft_and_confirmed_but_not_withdrawn(world):
    make_intention(world.east_buyer, world.round, world.east, communities=[world.longyuan], budget="10000")
    make_intention(
        world.east_buyer,
        world.round,
        world.east,
        communities=[world.longyuan],
        needs=[world.taiji],
        budget="20000",
        confirm=True,
    )
    gone = make_intention(world.east_buyer, world.round, world.east, communities=[world.longyuan], budget="5000")
    intention_withdraw(intention=gone, actor=world.east_buyer)
    usage = {u.purchaser.code: u for u in round_budget_usage(round=world.round)}
    east = usage[world.east.code]
    assert (east.committed, east.confirmed, east.remaining) == (Decimal(30000), Decimal(20000), Decimal(70000))
    assert east.intentions == 2 and east.confirmed_intentions == 1 and east.percent_used == 30
    assert usage[world.west.code].committed == 0
