"""Clarification questions: the managers' inbox (/calls/manage/<call>/questions/) with answer, decline and correct
forms; providers ask on the public call page (public.call_ask)."""

from __future__ import annotations

from collections.abc import Callable
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huimin.core.viewkit import deny, not_found, refuse_service_denials

from .. import selectors
from ..forms import AnswerForm, CorrectionForm, ReasonForm
from ..models import CallQuestion, QuestionStatus
from ..permissions import can_manage_call
from ..services.questions import (
    call_question_answer,
    call_question_correct,
    call_question_reject,
)
from ._common import call_or_404


@login_required
@require_GET
@refuse_service_denials
def call_questions(request, public_id: UUID):
    call = call_or_404(request, public_id)
    if not can_manage_call(request.actor, call):
        deny(_("The questions inbox is for the call's project managers."))
    status = request.GET.get("status") or None
    if status not in QuestionStatus.values:
        status = None
    questions = list(selectors.questions_inbox(actor=request.actor, call=call, status=status))
    return render(
        request,
        "calls/questions.html",
        {
            "call": call,
            "questions": questions,
            "corrected": selectors.question_corrections([q for q in questions if q.status == "answered"]),
            "status": status,
            "statuses": QuestionStatus.choices,
            "answer_form": AnswerForm(),
            "reject_form": ReasonForm(),
            "correction_form": CorrectionForm(),
            "pending": sum(1 for q in questions if q.status == QuestionStatus.PENDING),
        },
    )


def _question(request, public_id: UUID) -> CallQuestion:
    try:
        question = selectors.question_get(actor=request.actor, public_id=public_id)
    except CallQuestion.DoesNotExist:
        not_found(_("There is no such question, or you may not see it."))
    if not can_manage_call(request.actor, question.call):
        deny(_("Only the call's project managers answer its questions."))
    return question


def _back(question: CallQuestion):
    return redirect("calls:call_questions", public_id=question.call.public_id)


def _report(request, exc: ValidationError) -> None:
    messages.error(request, " ".join(exc.messages))


def _settle(request, public_id: UUID, form_class, invalid: str, done: str, write: Callable[..., object]):
    """A manager's decision on a question: the form, then the service (`write(question, cleaned_data)`), then back
    to the inbox with what happened."""
    question = _question(request, public_id)
    form = form_class(request.POST)
    if not form.is_valid():
        messages.error(request, invalid)
        return _back(question)
    try:
        write(question, form.cleaned_data)
    except ValidationError as exc:
        _report(request, exc)
    else:
        messages.success(request, done)
    return _back(question)


@login_required
@require_POST
@refuse_service_denials
def question_answer(request, public_id: UUID):
    return _settle(
        request,
        public_id,
        AnswerForm,
        _("Write the answer."),
        _("The answer is published."),
        lambda question, data: call_question_answer(question=question, answer=data["answer"], actor=request.actor),
    )


@login_required
@require_POST
@refuse_service_denials
def question_reject(request, public_id: UUID):
    return _settle(
        request,
        public_id,
        ReasonForm,
        _("Say why the question is not answered."),
        _("The question is declined; the asker sees the reason."),
        lambda question, data: call_question_reject(question=question, reason=data["reason"], actor=request.actor),
    )


@login_required
@require_POST
@refuse_service_denials
def question_correct(request, public_id: UUID):
    return _settle(
        request,
        public_id,
        CorrectionForm,
        _("Give the corrected answer and the reason for the correction."),
        _("The corrected answer is published."),
        lambda question, data: call_question_correct(
            question=question, answer=data["answer"], reason=data["reason"], actor=request.actor
        ),
    )
