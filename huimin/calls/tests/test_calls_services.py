"""Drafting, editing, publishing, cancelling and closing calls through the services; scopes and visibility."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from huimin.audit.models import AuditEvent
from huimin.calls import selectors
from huimin.calls.error_codes import CallsError
from huimin.calls.models import Call, CallAmendment, CallStatus
from huimin.calls.services.calls import (
    call_cancel,
    call_close_due,
    call_create,
    call_publish,
    call_publish_problems,
    call_update,
)
from huimin.calls.tasks import close_due_calls_task
from huimin.core.permissions import Actor, PermissionDenied, SystemActor
from huimin.core.services.errors import ServiceError
from huimin.planning.models import RoundStatus

from .factories_calls import at, draft_call, make_intention, make_round, published_call, world  # noqa: F401

pytestmark = pytest.mark.django_db

MON = date(2030, 9, 16)  # a Monday
NOW = at(MON, 9)
DEADLINE = at(date(2030, 9, 27), 17)  # Friday of the following week: 9 working days after MON


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- drafting -------------------------------------------------------------------------------------------------------


def test_a_new_call_is_a_draft_numbered_in_its_round_with_the_default_rules(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    assert call.status == CallStatus.DRAFT
    assert call.number == f"C-{world.round.code}-001"
    assert call.manager == world.manager_org
    assert call.eligibility["civil_affairs_registration"] is True
    assert call.budget_rules["labour_share_max"] == "50"
    assert sum(Decimal(c["weight"]) for c in call.review_criteria) == 100
    assert AuditEvent.objects.filter(event_type="call.created", target_id=str(call.pk)).exists()


def test_another_organizations_project_manager_cannot_draft_for_it(world):
    with pytest.raises(PermissionDenied):
        call_create(round=world.round, title="x", manager=world.manager_org, actor=world.other_manager, now=NOW)


def test_a_provider_cannot_draft_a_call(world):
    with pytest.raises((PermissionDenied, ServiceError)):
        call_create(round=world.round, title="x", actor=world.provider, now=NOW)


def test_the_district_administrator_drafts_for_a_named_manager(world):
    call = call_create(round=world.round, title="通知", manager=world.manager_org, actor=world.admin, now=NOW)
    assert call.manager == world.manager_org


def test_a_closed_round_takes_no_new_calls(world):
    closed = make_round(status=RoundStatus.CLOSED)
    with pytest.raises(ServiceError) as exc:
        call_create(round=closed, title="x", actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.ROUND_CLOSED


def test_only_confirmed_intentions_of_the_calls_round_can_be_listed(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE, intentions=[world.intention])
    with pytest.raises(ServiceError) as exc:
        call_update(call=call, intentions=[world.draft_intention], actor=world.manager, now=NOW)
    assert "intentions" in exc.value.message_dict
    other_round = make_round()
    foreign = make_intention(other_round, world.street)
    with pytest.raises(ServiceError) as exc:
        call_update(call=call, intentions=[foreign], actor=world.manager, now=NOW)
    assert "another round" in exc.value.message_dict["intentions"][0]


def test_the_deadline_must_be_in_the_future(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_update(call=call, deadline=NOW - timedelta(hours=1), actor=world.manager, now=NOW)
    assert "deadline" in exc.value.message_dict


def test_the_deadline_must_leave_the_minimum_working_days(world, settings):
    settings.CALLS_MIN_OPEN_WORKING_DAYS = 5
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    # Monday → Friday is 4 working days: too soon. Monday → next Monday is 5: enough.
    with pytest.raises(ServiceError) as exc:
        call_update(call=call, deadline=at(date(2030, 9, 20), 17), actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.DEADLINE_TOO_SOON
    assert "2030-09-23" in exc.value.message_dict["deadline"][0]
    call_update(call=call, deadline=at(date(2030, 9, 23), 17), actor=world.manager, now=NOW)


def test_rules_are_validated_with_a_message_per_field(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_update(
            call=call,
            budget_rules={"labour_share_max": "150"},
            review_criteria=[{"name": "方案", "weight": 90}],
            actor=world.manager,
            now=NOW,
        )
    assert exc.value.error_code == CallsError.RULES_INVALID
    assert {"budget_rules.labour_share_max", "review_criteria"} <= set(exc.value.message_dict)
    call.refresh_from_db()
    assert call.budget_rules["labour_share_max"] == "50"  # nothing changed


def test_another_manager_cannot_edit_the_draft(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(PermissionDenied):
        call_update(call=call, title="改", actor=world.other_manager, now=NOW)


# --- publishing -----------------------------------------------------------------------------------------------------


def test_publishing_fixes_the_publication_time_and_the_original_deadline(world):
    call = published_call(world, now=NOW, deadline=DEADLINE)
    assert call.status == CallStatus.PUBLISHED
    assert call.published_at == NOW
    assert call.original_deadline == DEADLINE
    assert set(call.categories.all()) == {world.intention.category}


def test_a_call_without_intentions_or_cap_cannot_be_published(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE, intentions=[], cap_per_project=0)
    with pytest.raises(ServiceError) as exc:
        call_publish(call=call, actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.NOT_READY
    assert {"intentions", "cap_per_project"} <= set(exc.value.message_dict)
    assert Call.objects.get(pk=call.pk).status == CallStatus.DRAFT


def test_publishing_later_rechecks_the_minimum_open_period(world, settings):
    settings.CALLS_MIN_OPEN_WORKING_DAYS = 5
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    later = at(date(2030, 9, 23), 9)  # Monday before the Friday deadline: 4 working days left
    assert "deadline" in call_publish_problems(call=call, actor=SystemActor(), now=later)
    with pytest.raises(ServiceError) as exc:
        call_publish(call=call, actor=world.manager, now=later)
    assert exc.value.error_code == CallsError.DEADLINE_TOO_SOON


def test_a_call_is_published_only_in_an_open_round(world):
    world.round.status = RoundStatus.DRAFT
    world.round.save()
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_publish(call=call, actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.ROUND_NOT_OPEN


def test_a_published_call_cannot_be_edited_silently(world):
    call = published_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_update(call=call, cap_per_project=Decimal("1"), actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.PUBLISHED_USE_AMENDMENT
    call.refresh_from_db()
    assert call.cap_per_project == Decimal("50000")
    assert not CallAmendment.objects.filter(call=call).exists()


def test_publishing_twice_is_refused(world):
    call = published_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_publish(call=call, actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.TRANSITION


def test_an_intention_cannot_be_listed_by_two_published_calls(world):
    published_call(world, now=NOW, deadline=DEADLINE, intentions=[world.intention])
    second = draft_call(world, now=NOW, deadline=DEADLINE, intentions=[world.other_intention])
    with pytest.raises(ServiceError) as exc:
        call_update(call=second, intentions=[world.intention], actor=world.manager, now=NOW)
    assert "already listed" in exc.value.message_dict["intentions"][0]


# --- visibility -----------------------------------------------------------------------------------------------------


def test_a_draft_is_invisible_to_the_public_and_to_other_managers(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    for actor in (Actor.anonymous(), world.other_manager, world.provider, world.purchaser):
        assert call not in selectors.calls_visible(actor=actor)
        with pytest.raises(Call.DoesNotExist):
            selectors.call_get(actor=actor, public_id=call.public_id)
    assert selectors.call_get(actor=world.manager, public_id=call.public_id) == call
    assert selectors.call_get(actor=world.admin, public_id=call.public_id) == call


def test_a_published_call_is_public(world):
    call = published_call(world, now=NOW, deadline=DEADLINE)
    assert selectors.call_get(actor=Actor.anonymous(), public_id=call.public_id) == call


# --- cancelling and closing -----------------------------------------------------------------------------------------


def test_cancelling_needs_a_reason_and_a_published_cancellation_is_public(world):
    call = published_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_cancel(call=call, reason="  ", actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.CANCEL_REASON
    call_cancel(call=call, reason="预算调整，本次申报取消。", actor=world.manager, now=NOW + timedelta(days=1))
    call.refresh_from_db()
    assert call.status == CallStatus.CANCELLED
    notice = CallAmendment.objects.get(call=call)
    assert notice.reason == "预算调整，本次申报取消。"
    assert notice.changes["status"] == {"before": "published", "after": "cancelled"}
    assert selectors.call_get(actor=Actor.anonymous(), public_id=call.public_id) == call


def test_a_cancelled_draft_stays_private(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    call_cancel(call=call, reason="重复起草", actor=world.manager, now=NOW)
    with pytest.raises(Call.DoesNotExist):
        selectors.call_get(actor=Actor.anonymous(), public_id=call.public_id)


def test_scheduled_close_closes_calls_past_their_deadline_once(world):
    due = published_call(world, now=NOW, deadline=DEADLINE, intentions=[world.intention])
    later = published_call(world, now=NOW, deadline=DEADLINE + timedelta(days=7), intentions=[world.other_intention])
    assert call_close_due(now=DEADLINE - timedelta(minutes=1)) == []
    closed = call_close_due(now=DEADLINE)
    assert [c.pk for c in closed] == [due.pk]
    assert call_close_due(now=DEADLINE + timedelta(hours=1)) == []  # idempotent
    due.refresh_from_db()
    later.refresh_from_db()
    assert due.status == CallStatus.CLOSED and due.closed_at == DEADLINE
    assert later.status == CallStatus.PUBLISHED
    assert AuditEvent.objects.filter(event_type="call.closed").count() == 1


def test_the_periodic_task_closes_due_calls(world):
    call = published_call(world, now=NOW, deadline=DEADLINE)
    Call.objects.filter(pk=call.pk).update(deadline=timezone.now() - timedelta(minutes=1))  # passed a minute ago
    assert close_due_calls_task.call() == 1
    assert close_due_calls_task.call() == 0
    call.refresh_from_db()
    assert call.status == CallStatus.CLOSED


def test_a_closed_call_cannot_be_cancelled(world):
    call = published_call(world, now=NOW, deadline=DEADLINE)
    call_close_due(now=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_cancel(call=call, reason="晚了", actor=world.manager, now=DEADLINE)
    assert exc.value.error_code == CallsError.TRANSITION
