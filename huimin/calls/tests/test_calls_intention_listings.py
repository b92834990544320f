# ruff: noqa: F811  (the world fixture is imported and used by name)
"""A published call holds the intentions it lists: the calls services tell planning (intention_listing_set) when a
call is published, amended or cancelled, and planning refuses to change or withdraw an intention a published or
closed call lists. Draft and cancelled calls hold nothing."""

from __future__ import annotations

import importlib
from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.utils import translation

from huimin.calls.models import Call, CallStatus
from huimin.calls.services import call_amend, call_cancel, call_close_due
from huimin.core.services.errors import ServiceError
from huimin.planning.error_codes import PlanningError
from huimin.planning.models import IntentionListing, IntentionStatus, RoundBudget
from huimin.planning.selectors import intention_is_frozen, intention_listings
from huimin.planning.services import intention_update, intention_withdraw

from .factories_calls import at, draft_call, published_call, world  # noqa: F401

pytestmark = pytest.mark.django_db

PUBLISHED = at(date(2030, 9, 16), 9)  # Monday
DEADLINE = at(date(2030, 9, 27), 17)  # Friday 17:00


@pytest.fixture
def budgets(world):
    """The street's budget in the round, so that its purchaser may change and withdraw its intentions."""
    RoundBudget.objects.create(round=world.round, purchaser=world.street, amount=Decimal("1000000"))
    return world


def listed(intention) -> list[tuple[str, str]]:
    return [(x.call_number, x.call_title) for x in intention_listings(intention)]


def test_publishing_a_call_holds_the_intentions_it_lists(budgets):
    world = budgets
    call = published_call(world, now=PUBLISHED, deadline=DEADLINE)
    assert listed(world.intention) == listed(world.other_intention) == [(call.number, call.title)]
    with translation.override("en"), pytest.raises(ServiceError) as exc:
        intention_withdraw(intention=world.intention, actor=world.purchaser)
    assert exc.value.error_code == PlanningError.INTENTION_IN_PUBLISHED_CALL
    assert call.number in exc.value.messages[0]
    with pytest.raises(ServiceError) as exc:
        intention_update(intention=world.intention, budget="1", actor=world.purchaser)
    assert exc.value.error_code == PlanningError.INTENTION_IN_PUBLISHED_CALL
    world.intention.refresh_from_db()
    assert world.intention.status == IntentionStatus.CONFIRMED and world.intention.budget == Decimal("60000")


def test_a_draft_call_holds_nothing(budgets):
    world = budgets
    draft_call(world, now=PUBLISHED, deadline=DEADLINE)
    assert not intention_is_frozen(world.intention)
    done = intention_withdraw(intention=world.intention, reason="需求已由其他项目满足", actor=world.purchaser)
    assert done.status == IntentionStatus.WITHDRAWN


def test_a_call_closed_after_its_deadline_keeps_holding_its_intentions(budgets):
    world = budgets
    call = published_call(world, now=PUBLISHED, deadline=DEADLINE)
    assert call_close_due(now=DEADLINE + timedelta(minutes=1)) == [call]
    assert listed(world.intention) == [(call.number, call.title)]
    with pytest.raises(ServiceError) as exc:
        intention_withdraw(intention=world.intention, actor=world.admin)
    assert exc.value.error_code == PlanningError.INTENTION_IN_PUBLISHED_CALL


def test_cancelling_a_published_call_releases_its_intentions(budgets):
    world = budgets
    call = published_call(world, now=PUBLISHED, deadline=DEADLINE)
    call_cancel(call=call, reason="预算调整，本次征集取消", actor=world.manager, now=PUBLISHED + timedelta(days=1))
    assert not intention_is_frozen(world.intention) and not intention_is_frozen(world.other_intention)
    done = intention_withdraw(intention=world.intention, reason="需求已由其他项目满足", actor=world.purchaser)
    assert done.status == IntentionStatus.WITHDRAWN


def test_an_amendment_moves_the_hold_to_the_intentions_listed_now(budgets):
    world = budgets
    call = published_call(world, now=PUBLISHED, deadline=DEADLINE)
    call_amend(
        call=call,
        changes={"intentions": [world.intention], "title": "平城区第二届项目申报通知（更正）"},
        reason="西街街道的项目另行征集",
        actor=world.manager,
        now=at(date(2030, 9, 17), 10),
    )
    assert listed(world.intention) == [(call.number, "平城区第二届项目申报通知（更正）")]
    assert not intention_is_frozen(world.other_intention)
    call_amend(
        call=call,
        changes={"body": "补充说明"},
        reason="补充",
        actor=world.manager,
        now=at(date(2030, 9, 18), 10),
    )
    assert listed(world.intention) == [(call.number, "平城区第二届项目申报通知（更正）")]


def test_the_calls_migration_tells_planning_what_the_published_calls_already_hold(world):
    draft = draft_call(world, now=PUBLISHED, deadline=DEADLINE, intentions=[world.intention])
    cancelled = draft_call(world, now=PUBLISHED, deadline=DEADLINE, intentions=[world.other_intention])
    Call.objects.filter(pk=cancelled.pk).update(status=CallStatus.CANCELLED)
    published = published_call(world, now=PUBLISHED, deadline=DEADLINE)
    IntentionListing.objects.all().delete()  # as before planning kept listings
    migration = importlib.import_module("huimin.calls.migrations.0004_intention_listings")
    editor = SimpleNamespace(connection=connection)
    migration.fill_listings(apps, editor)
    migration.fill_listings(apps, editor)  # idempotent
    assert sorted(IntentionListing.objects.values_list("intention__number", "call_number", "call_title")) == sorted(
        (i.number, published.number, published.title) for i in (world.intention, world.other_intention)
    )
    assert {x.listed_at for x in IntentionListing.objects.all()} == {published.published_at}
    assert {draft.number, cancelled.number}.isdisjoint(IntentionListing.objects.values_list("call_number", flat=True))
