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
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.residents import resident_key_for_user
from huimin.core.services.errors import ServiceError

from ..error_codes import SurveysError
from ..models import Answer, Question, QuestionKind, Questionnaire, QuestionnaireStatus, Response, ResponseChannel
from ..permissions import can_enter_paper, is_resident
from ..states import PAPER_ENTRY_GRACE
from ._input import clean_line, clean_text

TEXT_ANSWER_MAX = 500
PAPER_NUMBER_MAX = 32


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def closing_moment(questionnaire: Questionnaire) -> datetime | None:
    """When the questionnaire stopped (or stops) taking online answers: its closing time, or when it was closed."""
    if questionnaire.status == QuestionnaireStatus.CLOSED:
        return questionnaire.closed_at or questionnaire.closes_at
    return questionnaire.closes_at


def refusal_reason(questionnaire: Questionnaire, now: datetime) -> str | None:
    """Why the questionnaire takes no online answer at `now`, or None when it takes one."""
    if questionnaire.status == QuestionnaireStatus.DRAFT:
        return _("This questionnaire is not open yet.")
    closing = closing_moment(questionnaire)
    if questionnaire.status == QuestionnaireStatus.CLOSED or (closing is not None and now >= closing):
        if closing is None:
            return _("This questionnaire is closed; it takes no more answers.")
        return _("This questionnaire closed at %(time)s; it takes no more answers.") % {"time": _local(closing)}
    if questionnaire.opens_at is not None and now < questionnaire.opens_at:
        return _("This questionnaire takes answers from %(time)s.") % {"time": _local(questionnaire.opens_at)}
    return None


def paper_refusal_reason(questionnaire: Questionnaire, now: datetime) -> str | None:
    """Why no paper form can be entered at `now`: a draft; or closed more than the grace period ago."""
    if questionnaire.status == QuestionnaireStatus.DRAFT:
        return _("This questionnaire is not open yet.")
    closing = closing_moment(questionnaire)
    if closing is not None and now > closing + PAPER_ENTRY_GRACE:
        return _(
            "This questionnaire closed at %(time)s; paper forms can be entered up to %(days)s days after closing."
        ) % {"time": _local(closing), "days": PAPER_ENTRY_GRACE.days}
    return None


def respondent_of(actor: Actor, resident_key: str | None = None) -> tuple[str, bool] | None:
    """(key, by account) naming the resident who answers, or None when nobody is named."""
    if resident_key:
        return resident_key, False
    if is_resident(actor) and actor.user is not None:
        return resident_key_for_user(actor.user), True
    return None


def _is_index(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def clean_answers(
    questions: list[Question], answers: Mapping[Any, Any], *, enforce_required: bool
) -> list[tuple[Question, list[int], str]]:
    """Check answers keyed by question id; return (question, selected indexes, text) for each answered question.
    Problems are raised together, keyed `q<id>` (or `answers` for what names no question)."""
    by_id = {q.pk: q for q in questions}
    errors: dict[str, str] = {}
    given: dict[int, Any] = {}
    for key, value in answers.items():
        try:
            pk = int(str(key).removeprefix("q"))
        except ValueError:
            pk = -1
        if pk not in by_id:
            errors["answers"] = _("Question %(id)s is not part of this questionnaire.") % {"id": key}
            continue
        given[pk] = value
    cleaned: list[tuple[Question, list[int], str]] = []
    for question in questions:
        field = f"q{question.pk}"
        value = given.get(question.pk)
        if question.kind == QuestionKind.TEXT:
            if value is not None and not isinstance(value, str):
                errors[field] = _("Answer this question with text.")
                continue
            text = clean_text(value)
            if len(text) > TEXT_ANSWER_MAX:
                errors[field] = _("Keep the answer to %(max)s characters or fewer (it has %(count)s).") % {
                    "max": TEXT_ANSWER_MAX,
                    "count": len(text),
                }
                continue
            if text:
                cleaned.append((question, [], text))
            elif question.required and enforce_required:
                errors[field] = _("This question needs an answer.")
            continue
        if value is None or value == "":
            selected: list[Any] = []
        elif _is_index(value):
            selected = [value]
        elif isinstance(value, list | tuple):
            selected = list(value)
        else:
            errors[field] = _("Answer this question by choosing options.")
            continue
        count = len(question.choices)
        bad = [v for v in selected if not _is_index(v) or not 0 <= v < count]
        if bad:
            errors[field] = _("There is no option %(option)s: this question has options 1 to %(count)s.") % {
                "option": ", ".join(str(v + 1) if _is_index(v) else repr(v) for v in bad),
                "count": count,
            }
            continue
        if len(set(selected)) != len(selected):
            errors[field] = _("Each option can be chosen once.")
            continue
        if not selected:
            if question.required and enforce_required:
                errors[field] = _("This question needs an answer.")
            continue
        if question.kind == QuestionKind.SINGLE and len(selected) != 1:
            errors[field] = _("Choose exactly one option.")
            continue
        cleaned.append((question, sorted(selected), ""))
    if not errors and not cleaned:
        errors["answers"] = _("Answer at least one question.")
    if errors:
        raise ServiceError.for_fields(errors, code=SurveysError.RESPONSE_INVALID)
    return cleaned


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


def response_validate(*, questionnaire: Questionnaire, answers: Mapping[Any, Any], now: datetime | None = None) -> None:
    """Raise what `response_submit` would refuse about the questionnaire's period and the answers themselves,
    writing nothing (checked before a phone's one-time code is used up)."""
    now = now or timezone.now()
    reason = refusal_reason(questionnaire, now)
    if reason:
        raise ServiceError(reason, SurveysError.RESPONSE_NOT_ACCEPTED)
    clean_answers(list(questionnaire.questions.order_by("position")), answers, enforce_required=True)


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
        event_type="questionnaire.answered",
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
    number = clean_line(paper_number)
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
        event_type="questionnaire.paper_entered",
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
        event_type="questionnaire.paper_deleted",
        target=questionnaire,
        payload={"response": str(response.public_id), "paper_number": response.paper_number},
    )
