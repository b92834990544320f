"""Answers: online by residents (once each) and paper forms entered by a worker.

Online, a resident is named by a key (`huimin.core.residents`): a signed-in resident account gives
`resident_key_for_user` — its mobile phone's key when the account has one, so that the same person cannot answer
once by account and once more by phone — and a phone verified by a one-time code gives the phone's key. The unique
constraint (questionnaire, respondent_key) makes "once" hold under concurrent requests.

A paper form has no key: the community worker (or anyone above) enters it, optionally with the number written on
the form (unique per questionnaire, so a form is not entered twice). Paper forms count in the results exactly as
online answers do and are marked as paper. Required questions bind residents answering online; a paper form is
entered as the resident filled it in, blanks included, but it must answer at least one question.

Answers are given per question id: a list of option indexes (0-based) for choice questions, text for free text.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.cleaning import one_line
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError

from ..error_codes import SurveysError
from ..events import SurveysEvent
from ..models import Answer, Question, Questionnaire, Response, ResponseChannel
from ..permissions import can_enter_paper, respondent_of
from ..rules import clean_answers, paper_refusal_reason, refusal_reason

PAPER_NUMBER_MAX = 32


def _duplicate() -> ServiceError:
    return ServiceError(
        _("You have already answered this questionnaire; each resident answers once."),
        SurveysError.RESPONSE_DUPLICATE,
    )


def _store(questionnaire: Questionnaire, cleaned: list[tuple[Question, list[int], str]], **fields: Any) -> Response:
    response = Response.objects.create(questionnaire=questionnaire, **fields)
    Answer.objects.bulk_create(
        [
            Answer(response=response, question=question, selected=selected, text=text)
            for question, selected, text in cleaned
        ]
    )
    Questionnaire.objects.filter(pk=questionnaire.pk).update(response_count=F("response_count") + 1)
    return response


@transaction.atomic
def response_submit(
    *,
    questionnaire: Questionnaire,
    answers: Mapping[Any, Any],
    actor: Actor,
    resident_key: str | None = None,
    now: datetime | None = None,
) -> Response:
    """A resident's online answers: signed in with a resident account, or `resident_key` from a verified phone."""
    now = now or timezone.now()
    who = respondent_of(actor, resident_key)
    if who is None:
        raise PermissionDenied(
            _("Sign in with a resident account, or verify your mobile phone, to answer the questionnaire.")
        )
    key, by_account = who
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    reason = refusal_reason(questionnaire, now)
    if reason:
        raise ServiceError(reason, SurveysError.RESPONSE_NOT_ACCEPTED)
    if Response.objects.filter(questionnaire=questionnaire, respondent_key=key).exists():
        raise _duplicate()
    cleaned = clean_answers(list(questionnaire.questions.order_by("position")), answers, enforce_required=True)
    try:
        with transaction.atomic():
            response = _store(
                questionnaire,
                cleaned,
                channel=ResponseChannel.ONLINE,
                respondent=actor.user if by_account else None,
                respondent_key=key,
                submitted_at=now,
            )
    except IntegrityError:  # a concurrent request of the same resident won the race
        raise _duplicate() from None
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_ANSWERED,
        target=questionnaire,
        payload={"response": str(response.public_id), "by": "account" if by_account else "phone"},
    )
    return response


@transaction.atomic
def response_enter_paper(
    *,
    questionnaire: Questionnaire,
    answers: Mapping[Any, Any],
    actor: Actor,
    paper_number: str = "",
    now: datetime | None = None,
) -> Response:
    """A paper form typed in by the community worker (or anyone above): no resident key; counted and marked paper."""
    now = now or timezone.now()
    if not can_enter_paper(actor, questionnaire):
        raise PermissionDenied(
            _("Only the community worker of %(division)s or those above it may enter its paper forms.")
            % {"division": questionnaire.division.name}
        )
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    reason = paper_refusal_reason(questionnaire, now)
    if reason:
        raise ServiceError(reason, SurveysError.RESPONSE_NOT_ACCEPTED)
    number = one_line(paper_number)
    if len(number) > PAPER_NUMBER_MAX:
        raise ServiceError.for_fields(
            {"paper_number": _("Keep the form number to %(max)s characters or fewer.") % {"max": PAPER_NUMBER_MAX}},
            code=SurveysError.RESPONSE_INVALID,
        )
    duplicate_number = ServiceError.for_fields(
        {"paper_number": _("Paper form %(number)s has already been entered.") % {"number": number}},
        code=SurveysError.PAPER_NUMBER_DUPLICATE,
    )
    if number and Response.objects.filter(questionnaire=questionnaire, paper_number=number).exists():
        raise duplicate_number
    cleaned = clean_answers(list(questionnaire.questions.order_by("position")), answers, enforce_required=False)
    try:
        with transaction.atomic():
            response = _store(
                questionnaire,
                cleaned,
                channel=ResponseChannel.PAPER,
                entered_by=actor.user,
                paper_number=number,
                submitted_at=now,
            )
    except IntegrityError:
        raise duplicate_number from None
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_PAPER_ENTERED,
        target=questionnaire,
        payload={"response": str(response.public_id), "paper_number": number},
    )
    return response


@transaction.atomic
def response_paper_delete(*, response: Response, actor: Actor, now: datetime | None = None) -> None:
    """Take back a paper form entered by mistake (while paper forms may still be entered); online answers stay."""
    now = now or timezone.now()
    questionnaire = response.questionnaire
    if not can_enter_paper(actor, questionnaire):
        raise PermissionDenied(
            _("Only the community worker of %(division)s or those above it may enter its paper forms.")
            % {"division": questionnaire.division.name}
        )
    questionnaire = Questionnaire.objects.select_for_update().get(pk=questionnaire.pk)
    if response.channel != ResponseChannel.PAPER:
        raise ServiceError(_("Only paper forms can be taken back; online answers stay."), SurveysError.INVALID)
    reason = paper_refusal_reason(questionnaire, now)
    if reason:
        raise ServiceError(reason, SurveysError.RESPONSE_NOT_ACCEPTED)
    deleted, _rows = Response.objects.filter(pk=response.pk).delete()
    if not deleted:
        return
    Questionnaire.objects.filter(pk=questionnaire.pk).update(response_count=F("response_count") - 1)
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_PAPER_DELETED,
        target=questionnaire,
        payload={"response": str(response.public_id), "paper_number": response.paper_number},
    )
