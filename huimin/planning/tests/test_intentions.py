# ruff: noqa: F811  (the world fixture is imported and used by name)
"""Project intentions: the budget ceiling, the purchaser's scope, linkable needs, confirm and withdraw."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.core.models import Role
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.needs.models import NeedStatus
from huimin.planning.error_codes import PlanningError
from huimin.planning.models import Intention, IntentionStatus
from huimin.planning.selectors import intention_is_frozen, intention_list, intention_listings, listable_intentions
from huimin.planning.services import (
    intention_confirm,
    intention_create,
    intention_listing_set,
    intention_update,
    intention_withdraw,
    round_close,
)

from .factories import (  # noqa: F401
    category,
    list_in_call,
    make_intention,
    make_need,
    make_round,
    unlist_from_call,
    world,
)

pytestmark = pytest.mark.django_db


def east_intention(world, budget="10000", **kw) -> Intention:
    kw.setdefault("communities", [world.longyuan])
    return make_intention(world.east_buyer, world.round, world.east, budget=budget, **kw)


# --- budget ceiling ----------------------------------------------------------------------------------------------


def test_intentions_may_use_the_budget_exactly(world):
    east_intention(world, "60000")
    last = east_intention(world, "40000")
    assert last.budget == Decimal("40000.00")


def test_one_fen_over_the_budget_is_refused(world):
    east_intention(world, "60000")
    with pytest.raises(ServiceError) as exc:
        east_intention(world, "40000.01")
    assert exc.value.error_code == PlanningError.BUDGET_EXCEEDED
    assert "budget" in exc.value.message_dict
    assert Intention.objects.count() == 1


def test_an_update_counts_the_other_intentions_only(world):
    east_intention(world, "60000")
    second = east_intention(world, "30000")
    assert intention_update(intention=second, budget="40000", actor=world.east_buyer).budget == Decimal("40000")
    with pytest.raises(ServiceError) as exc:
        intention_update(intention=second, budget="40000.01", actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.BUDGET_EXCEEDED
    second.refresh_from_db()
    assert second.budget == Decimal("40000.00")


def test_a_withdrawn_intention_frees_its_budget(world):
    first = east_intention(world, "100000")
    with pytest.raises(ServiceError):
        east_intention(world, "0.01")
    intention_withdraw(intention=first, actor=world.east_buyer)
    assert east_intention(world, "100000").status == IntentionStatus.DRAFT


def test_budgets_of_other_purchasers_and_rounds_do_not_count(world):
    make_intention(world.west_buyer, world.round, world.west, communities=[world.liuyuan], budget="50000")
    other = make_round(world.admin, "pc-2021", budgets={world.east: "100000"})
    make_intention(world.east_buyer, other, world.east, communities=[world.longyuan], budget="100000")
    assert east_intention(world, "100000").budget == Decimal("100000")


def test_no_intention_without_a_budget_row(world, make_user):
    street = world.outsider
    buyer = make_user(Role.PURCHASER, division=street)
    with pytest.raises(ServiceError) as exc:
        intention_create(
            round=world.round,
            purchaser=street,
            title="x",
            category=category(),
            communities=[],
            budget="1",
            actor=buyer,
        )
    assert exc.value.error_code == PlanningError.BUDGET_MISSING


def test_the_budget_must_be_positive_with_two_decimals_at_most(world):
    for bad in ("0", "-5", "1.001", "", "十万"):
        with pytest.raises(ServiceError) as exc:
            east_intention(world, bad)
        assert "budget" in exc.value.message_dict, bad
    assert Intention.objects.count() == 0


# --- scope -------------------------------------------------------------------------------------------------------


def test_a_purchaser_cannot_write_intentions_of_another_street(world):
    with pytest.raises(PermissionDenied):
        make_intention(world.west_buyer, world.round, world.east, communities=[world.longyuan])
    theirs = east_intention(world)
    with pytest.raises(PermissionDenied):
        intention_update(intention=theirs, title="改", actor=world.west_buyer)
    with pytest.raises(PermissionDenied):
        intention_confirm(intention=theirs, actor=world.west_buyer)
    with pytest.raises(PermissionDenied):
        intention_withdraw(intention=theirs, actor=world.west_buyer)
    theirs.refresh_from_db()
    assert (theirs.title, theirs.status) == ("老年人太极拳培训", IntentionStatus.DRAFT)


def test_others_cannot_write_intentions(world, make_user):
    for actor in (world.worker, Actor.anonymous(), make_user(Role.PROJECT_MANAGER), make_user(Role.RESIDENT)):
        with pytest.raises(PermissionDenied):
            make_intention(actor, world.round, world.east, communities=[world.longyuan])


def test_the_district_administrator_may_plan_for_any_purchaser(world):
    intention = make_intention(world.admin, world.round, world.west, communities=[world.liuyuan])
    assert intention.purchaser == world.west


def test_communities_covered_must_be_the_purchasers_own(world):
    with pytest.raises(ServiceError) as exc:
        east_intention(world, communities=[world.longyuan, world.liuyuan])
    assert exc.value.error_code == PlanningError.INTENTION_COMMUNITY_INVALID
    with pytest.raises(ServiceError) as exc:
        east_intention(world, communities=[world.east])  # the street itself is no community
    assert exc.value.error_code == PlanningError.INTENTION_COMMUNITY_INVALID
    with pytest.raises(ServiceError):
        east_intention(world, communities=[])


def test_needs_of_other_streets_communities_cannot_be_linked(world):
    with pytest.raises(ServiceError) as exc:
        east_intention(world, needs=[world.west_need])
    assert exc.value.error_code == PlanningError.INTENTION_NEED_INVALID
    assert world.west_need.number in exc.value.message_dict["needs"][0]
    intention = east_intention(world)
    with pytest.raises(ServiceError):
        intention_update(intention=intention, needs=[world.west_need], actor=world.east_buyer)
    assert list(intention.needs.all()) == []


def test_only_accepted_needs_can_be_linked(world):
    merged = make_need(world.longyuan, status=NeedStatus.MERGED, merged_into=world.taiji)
    for need in (world.submitted, world.declined, merged):
        with pytest.raises(ServiceError) as exc:
            east_intention(world, needs=[need])
        assert exc.value.error_code == PlanningError.INTENTION_NEED_INVALID, need.status
    assert list(east_intention(world, needs=[world.taiji]).needs.all()) == [world.taiji]


def test_linked_needs_come_from_covered_communities(world):
    with pytest.raises(ServiceError) as exc:
        east_intention(world, communities=[world.longyuan], needs=[world.weiqi])  # 围棋 is 迎春里's
    assert exc.value.error_code == PlanningError.INTENTION_NEED_NOT_COVERED
    intention = east_intention(world, communities=[world.longyuan, world.yingchun], needs=[world.weiqi])
    with pytest.raises(ServiceError) as exc:
        intention_update(intention=intention, communities=[world.longyuan], actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_NEED_NOT_COVERED


# --- round status ------------------------------------------------------------------------------------------------


def test_intentions_are_written_while_the_round_is_open(world):
    intention = east_intention(world, needs=[world.taiji])
    round_close(round=world.round, actor=world.admin)
    with pytest.raises(ServiceError) as exc:
        east_intention(world)
    assert exc.value.error_code == PlanningError.ROUND_NOT_OPEN
    for call in (
        lambda: intention_update(intention=intention, title="x", actor=world.east_buyer),
        lambda: intention_confirm(intention=intention, actor=world.east_buyer),
        lambda: intention_withdraw(intention=intention, actor=world.east_buyer),
    ):
        with pytest.raises(ServiceError):
            call()
    draft = make_round(world.admin, "pc-2021", budgets={world.east: "1000"}, open_it=False)
    with pytest.raises(ServiceError) as exc:
        make_intention(world.east_buyer, draft, world.east, communities=[world.longyuan], budget="10")
    assert exc.value.error_code == PlanningError.ROUND_NOT_OPEN


# --- confirm / withdraw ------------------------------------------------------------------------------------------


def test_confirming_needs_a_linked_accepted_need(world):
    intention = east_intention(world)
    with pytest.raises(ServiceError) as exc:
        intention_confirm(intention=intention, actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_WITHOUT_NEEDS
    intention_update(intention=intention, needs=[world.taiji], actor=world.east_buyer)
    assert intention_confirm(intention=intention, actor=world.east_buyer).status == IntentionStatus.CONFIRMED
    with pytest.raises(ServiceError) as exc:
        intention_confirm(intention=intention, actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_TRANSITION


def test_only_confirmed_intentions_are_listable_and_public(world):
    draft = east_intention(world, needs=[world.taiji])
    confirmed = east_intention(world, needs=[world.taiji], confirm=True)
    withdrawn = east_intention(world, needs=[world.taiji], confirm=True)
    intention_withdraw(intention=withdrawn, actor=world.east_buyer)
    assert list(listable_intentions(round=world.round)) == [confirmed]
    assert list(intention_list(actor=Actor.anonymous())) == [confirmed]
    assert list(intention_list(actor=world.west_buyer)) == [confirmed]
    assert set(intention_list(actor=world.east_buyer)) == {draft, confirmed, withdrawn}
    assert set(intention_list(actor=world.admin)) == {draft, confirmed, withdrawn}


def test_withdraw_is_refused_while_a_published_call_lists_it(world):
    intention = east_intention(world, needs=[world.taiji], confirm=True)
    call_number = list_in_call([intention])
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        intention_withdraw(intention=intention, actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_IN_PUBLISHED_CALL
    assert call_number in exc.value.messages[0]
    with pytest.raises(ServiceError) as exc:
        intention_update(intention=intention, budget="1", actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_IN_PUBLISHED_CALL
    # the district administrator is refused alike (a call closed after its deadline keeps listing it)
    with pytest.raises(ServiceError):
        intention_withdraw(intention=intention, actor=world.admin)
    intention.refresh_from_db()
    assert intention.status == IntentionStatus.CONFIRMED


def test_withdraw_is_allowed_once_the_call_listing_it_is_cancelled(world):
    intention = east_intention(world, needs=[world.taiji], confirm=True)
    unlist_from_call(list_in_call([intention]))
    done = intention_withdraw(intention=intention, reason="需求已由其他项目满足", actor=world.east_buyer)
    assert done.status == IntentionStatus.WITHDRAWN
    with pytest.raises(ServiceError) as exc:
        intention_withdraw(intention=intention, actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_TRANSITION
    with pytest.raises(ServiceError) as exc:
        intention_update(intention=intention, title="x", actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_NOT_EDITABLE


def test_a_listing_follows_what_the_call_lists_now(world):
    first = east_intention(world, needs=[world.taiji], confirm=True)
    second = east_intention(world, needs=[world.taiji], confirm=True)
    number = list_in_call([first], title="第一版标题")
    assert intention_is_frozen(first) and not intention_is_frozen(second)
    intention_listing_set(
        call_number=number, call_title="更正后的标题", intentions=[second], actor=world.admin
    )  # an amendment swapped the intention and changed the title
    assert not intention_is_frozen(first)
    assert [(x.call_number, x.call_title) for x in intention_listings(second)] == [(number, "更正后的标题")]
    intention_update(intention=first, budget="9000", actor=world.east_buyer)
    # reported twice, listed once
    intention_listing_set(call_number=number, call_title="更正后的标题", intentions=[second], actor=world.admin)
    assert intention_listings(second).count() == 1


def test_a_confirmed_intention_keeps_at_least_one_need(world):
    intention = east_intention(world, needs=[world.taiji], confirm=True)
    with pytest.raises(ServiceError) as exc:
        intention_update(intention=intention, needs=[], actor=world.east_buyer)
    assert exc.value.error_code == PlanningError.INTENTION_WITHOUT_NEEDS


# --- numbers, text, audit ----------------------------------------------------------------------------------------


def test_numbers_follow_purchaser_round_and_sequence(world):
    a = east_intention(world)
    b = east_intention(world)
    w = make_intention(world.west_buyer, world.round, world.west, communities=[world.liuyuan])
    assert (a.number, b.number) == ("I-140213003-pc-2020-001", "I-140213003-pc-2020-002")
    assert w.number == "I-140213004-pc-2020-001"


def test_chinese_and_full_width_text_is_kept(world):
    intention = east_intention(world, title="  （非遗）大同手工艺·扎染体验  ")
    assert intention.title == "（非遗）大同手工艺·扎染体验"
    with pytest.raises(ServiceError) as exc:
        east_intention(world, title="　" * 3)  # ideographic spaces only
    assert "title" in exc.value.message_dict


def test_writes_are_audited(world):
    intention = east_intention(world, needs=[world.taiji])
    intention_update(intention=intention, budget="12000", actor=world.east_buyer)
    intention_confirm(intention=intention, actor=world.east_buyer)
    intention_withdraw(intention=intention, reason="调整", actor=world.east_buyer)
    events = list(
        AuditEvent.objects.filter(target_type="planning.intention", target_id=str(intention.pk))
        .order_by("seq")
        .values_list("event_type", flat=True)
    )
    assert events == [
        "calls.intention.created",
        "calls.intention.updated",
        "calls.intention.confirmed",
        "calls.intention.withdrawn",
    ]
