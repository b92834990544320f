"""Clarification questions (答疑): providers ask, the project manager answers in public.

- `call_question_ask`: a provider (for its own organization) asks while the call is published and before its
  deadline. The question is stored with the organization, which the public never sees.
- `call_question_answer`: the call's project manager answers a pending question once; the question and its answer
  become public (without the organization).
- `call_question_reject`: the manager declines a pending question (out of scope, duplicate) with a reason, shown to
  the asking organization only.
- `call_question_correct`: an answer, once published, is corrected only with a reason; the correction is recorded
  in the audit trail (before, after, reason) and the public page marks the answer as corrected.

An answer that changes the call's conditions is not enough: the manager must publish an amendment.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Organization
from huimin.core.permissions import Actor, PermissionDenied, require
from huimin.core.services.errors import ServiceError

from ..error_codes import CallsError
from ..events import CallsEvent
from ..models import Call, CallQuestion, CallStatus, QuestionStatus
from ..permissions import can_manage_call, provider_organizations

QUESTION_MAX = 2000
ANSWER_MAX = 5000


def _text(value: str, *, field: str, empty: str, limit: int) -> str:
    text = (value or "").strip()
    if not text:
        raise ServiceError.for_fields({field: empty}, code=CallsError.QUESTION_INVALID)
    if len(text) > limit:
        raise ServiceError.for_fields(
            {field: _("The text has %(length)d characters; at most %(max)d.") % {"length": len(text), "max": limit}},
            code=CallsError.QUESTION_INVALID,
        )
    return text


@transaction.atomic
def call_question_ask(
    *,
    call: Call,
    question: str,
    actor: Actor,
    organization: Organization | None = None,
    now: datetime | None = None,
) -> CallQuestion:
    """Ask a clarification question on behalf of the actor's provider organization (`organization` when it has
    several)."""
    now = now or timezone.now()
    own = provider_organizations(actor)
    if not own:
        raise PermissionDenied(_("Clarification questions are asked by providers, signed in for their organization."))
    if organization is None:
        if len(own) > 1:
            raise ServiceError.for_fields(
                {"organization": _("Choose the organization you ask for.")}, code=CallsError.QUESTION_NOT_PROVIDER
            )
        organization = own[0]
    require(
        any(o.pk == organization.pk for o in own),
        _("You may ask only for your own organization."),
    )
    call = Call.objects.select_for_update().get(pk=call.pk)
    if call.status != CallStatus.PUBLISHED or call.deadline <= now:
        raise ServiceError(
            _("The call %(number)s is not open for proposals any more; questions can no longer be asked.")
            % {"number": call.number},
            code=CallsError.QUESTION_CLOSED,
        )
    text = _text(question, field="question", empty=_("Write your question."), limit=QUESTION_MAX)
    item = CallQuestion.objects.create(
        call=call, organization=organization, asked_by=actor.user, question=text, asked_at=now
    )
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_QUESTION_ASKED,
        target=item,
        target_label=call.number,
        payload={"call": call.number, "organization": str(organization.public_id), "question": text},
    )
    return item


def _lock_question(question: CallQuestion) -> CallQuestion:
    return CallQuestion.objects.select_for_update().select_related("call").get(pk=question.pk)


def _settle(question: CallQuestion, status: str, text: str, *, actor: Actor, now: datetime) -> CallQuestion:
    """Record the public answer (or the reason for not answering) of a pending question, and audit it."""
    question.status = status
    question.answer = text
    question.answered_by = actor.user
    question.answered_at = now
    question.save(update_fields=["status", "answer", "answered_by", "answered_at"])
    answered = status == QuestionStatus.ANSWERED
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_QUESTION_ANSWERED if answered else CallsEvent.CALL_QUESTION_REJECTED,
        target=question,
        target_label=question.call.number,
        payload={"call": question.call.number, "answer" if answered else "reason": text},
    )
    return question


@transaction.atomic
def call_question_answer(
    *, question: CallQuestion, answer: str, actor: Actor, now: datetime | None = None
) -> CallQuestion:
    """Answer a pending question in public (once). Refused on a cancelled call."""
    now = now or timezone.now()
    require(can_manage_call(actor, question.call), _("Only the call's project managers answer its questions."))
    question = _lock_question(question)
    if question.status != QuestionStatus.PENDING:
        raise ServiceError(
            _("This question has already been dealt with (%(status)s); correct the answer instead.")
            % {"status": question.get_status_display()},
            code=CallsError.QUESTION_ALREADY_ANSWERED,
        )
    if question.call.status not in (CallStatus.PUBLISHED, CallStatus.CLOSED):
        raise ServiceError(
            _("The call %(number)s is %(status)s; its questions are no longer answered.")
            % {"number": question.call.number, "status": question.call.get_status_display()},
            code=CallsError.QUESTION_CLOSED,
        )
    text = _text(answer, field="answer", empty=_("Write the answer."), limit=ANSWER_MAX)
    return _settle(question, QuestionStatus.ANSWERED, text, actor=actor, now=now)


@transaction.atomic
def call_question_reject(
    *, question: CallQuestion, reason: str, actor: Actor, now: datetime | None = None
) -> CallQuestion:
    """Decline a pending question (out of scope, duplicate of an answered one) with a reason for the asker."""
    now = now or timezone.now()
    require(can_manage_call(actor, question.call), _("Only the call's project managers answer its questions."))
    question = _lock_question(question)
    if question.status != QuestionStatus.PENDING:
        raise ServiceError(
            _("This question has already been dealt with (%(status)s).") % {"status": question.get_status_display()},
            code=CallsError.QUESTION_ALREADY_ANSWERED,
        )
    text = _text(reason, field="reason", empty=_("Say why the question is not answered."), limit=ANSWER_MAX)
    return _settle(question, QuestionStatus.REJECTED, text, actor=actor, now=now)


@transaction.atomic
def call_question_correct(
    *, question: CallQuestion, answer: str, reason: str, actor: Actor, now: datetime | None = None
) -> CallQuestion:
    """Correct a published answer, with a reason; the audit trail keeps the answer before and after."""
    now = now or timezone.now()
    require(can_manage_call(actor, question.call), _("Only the call's project managers answer its questions."))
    question = _lock_question(question)
    if question.status != QuestionStatus.ANSWERED:
        raise ServiceError(
            _("Only an answered question can have its answer corrected."), code=CallsError.QUESTION_NOT_ANSWERED
        )
    text = _text(answer, field="answer", empty=_("Write the answer."), limit=ANSWER_MAX)
    why = _text(reason, field="reason", empty=_("Say why the answer is corrected."), limit=ANSWER_MAX)
    if text == question.answer:
        raise ServiceError.for_fields(
            {"answer": _("The corrected answer is the same as the published one.")}, code=CallsError.QUESTION_INVALID
        )
    before = question.answer
    question.answer = text
    question.save(update_fields=["answer"])
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_QUESTION_CORRECTED,
        target=question,
        target_label=question.call.number,
        payload={"call": question.call.number, "before": before, "after": text, "reason": why, "at": now},
    )
    return question
