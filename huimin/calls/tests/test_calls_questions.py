"""Clarification questions: providers ask while the call is open; the manager answers once, in public, without
naming the organization; corrections are recorded."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.calls import selectors
from huimin.calls.error_codes import CallsError
from huimin.calls.models import CallQuestion, QuestionStatus
from huimin.calls.services.calls import call_close_due
from huimin.calls.services.questions import (
    call_question_answer,
    call_question_ask,
    call_question_correct,
    call_question_reject,
)
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError

from .factories_calls import at, draft_call, published_call, world  # noqa: F401

pytestmark = pytest.mark.django_db

NOW = at(date(2030, 9, 16), 9)
DEADLINE = at(date(2030, 9, 27), 17)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def call(world):
    return published_call(world, now=NOW, deadline=DEADLINE)


def ask(world, call, text="劳务费是否包含志愿者补贴？", now=NOW):
    return call_question_ask(call=call, question=text, actor=world.provider, now=now)


def test_a_provider_asks_for_its_organization(world, call):
    question = ask(world, call)
    assert question.organization == world.provider_org
    assert question.status == QuestionStatus.PENDING
    assert AuditEvent.objects.filter(event_type="call_question.asked").exists()


def test_a_provider_cannot_ask_after_the_deadline(world, call):
    with pytest.raises(ServiceError) as exc:
        ask(world, call, now=DEADLINE)
    assert exc.value.error_code == CallsError.QUESTION_CLOSED
    call_close_due(now=DEADLINE)
    with pytest.raises(ServiceError):
        ask(world, call, now=DEADLINE - timedelta(hours=1))
    assert not CallQuestion.objects.exists()


def test_nobody_asks_on_a_draft(world):
    draft = draft_call(world, now=NOW, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        ask(world, draft)
    assert exc.value.error_code == CallsError.QUESTION_CLOSED


@pytest.mark.parametrize("who", ["manager", "purchaser", "nobody"])
def test_only_providers_ask(world, call, who):
    with pytest.raises(PermissionDenied):
        call_question_ask(call=call, question="?", actor=getattr(world, who), now=NOW)


def test_an_empty_question_is_refused(world, call):
    with pytest.raises(ServiceError) as exc:
        ask(world, call, text="   ")
    assert "question" in exc.value.message_dict


def test_the_answer_is_public_and_the_organization_is_not(world, call):
    question = ask(world, call)
    assert list(selectors.questions_public(call)) == []
    call_question_answer(question=question, answer="包含。", actor=world.manager, now=NOW)
    public = list(selectors.questions_public(call))
    assert public == [question]
    assert selectors.question_get(actor=Actor.anonymous(), public_id=question.public_id).answer == "包含。"


def test_a_question_is_answered_once(world, call):
    question = ask(world, call)
    call_question_answer(question=question, answer="包含。", actor=world.manager, now=NOW)
    with pytest.raises(ServiceError) as exc:
        call_question_answer(question=question, answer="不包含。", actor=world.manager, now=NOW)
    assert exc.value.error_code == CallsError.QUESTION_ALREADY_ANSWERED
    question.refresh_from_db()
    assert question.answer == "包含。"


def test_a_correction_needs_a_reason_and_is_recorded(world, call):
    question = ask(world, call)
    call_question_answer(question=question, answer="包含。", actor=world.manager, now=NOW)
    with pytest.raises(ServiceError):
        call_question_correct(question=question, answer="不包含。", reason="", actor=world.manager, now=NOW)
    call_question_correct(question=question, answer="不包含。", reason="笔误", actor=world.manager, now=NOW)
    event = AuditEvent.objects.get(event_type="call_question.corrected")
    assert event.payload["before"] == "包含。" and event.payload["after"] == "不包含。"
    assert question.pk in selectors.question_corrections([question])


def test_another_manager_cannot_answer(world, call):
    question = ask(world, call)
    with pytest.raises(PermissionDenied):
        call_question_answer(question=question, answer="x", actor=world.other_manager, now=NOW)


def test_a_rejected_question_is_seen_by_its_asker_only(world, call):
    question = ask(world, call)
    call_question_reject(question=question, reason="与申报无关", actor=world.manager, now=NOW)
    assert list(selectors.questions_public(call)) == []
    assert selectors.question_get(actor=world.provider, public_id=question.public_id).status == "rejected"
    with pytest.raises(CallQuestion.DoesNotExist):
        selectors.question_get(actor=Actor.anonymous(), public_id=question.public_id)


def test_pending_questions_can_still_be_answered_after_the_deadline(world, call):
    question = ask(world, call)
    call_close_due(now=DEADLINE)
    call_question_answer(question=question, answer="迟复", actor=world.manager, now=DEADLINE + timedelta(hours=1))
