"""/api/v1/questionnaires: 问需 questionnaires over HTTP. Thin: reads through huimin.surveys.selectors, writes
through the services with `actor=request.actor`.

- Everyone: published questionnaires (open and closed), one with its questions, its results.
- Residents: answer once — with a resident account, or with a mobile phone and the code sent to it.
- The community worker, the purchaser above it and the district administrator: create a questionnaire with its
  questions, open it, close it, enter paper forms.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from typing import Any
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from huimin.core import selectors as core_selectors
from huimin.core.apikit import ANONYMOUS_WRITE, PUBLIC, WRITE_ERRORS, Mapped, NotFound, paginated, require_signed_in
from huimin.core.clients import RequestOrigin
from huimin.core.models import Division
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.schemas import ErrorOut
from huimin.core.services.errors import ServiceError
from huimin.core.services.phones import CODE_VALIDITY, phone_verification_confirm, phone_verification_start

from . import presenters, selectors
from .error_codes import SurveysError
from .models import Questionnaire, Response
from .permissions import can_manage_questionnaire, manager_refusal
from .rules import validate_response
from .schemas import (
    PaperResponseIn,
    QuestionnaireFilter,
    QuestionnaireIn,
    QuestionnaireOut,
    QuestionnaireRowOut,
    ResponseIn,
    ResponseOut,
    ResultsOut,
    SurveyAnswerIn,
    SurveyPhoneCodeIn,
    SurveyPhoneCodeOut,
)
from .selectors import QuestionnaireNotFound
from .services import (
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
    response_enter_paper,
    response_submit,
)

router = Router(tags=["questionnaires"])

READ_ERRORS = {frozenset({404}): ErrorOut}


def _questionnaire(request, public_id: UUID) -> Questionnaire:
    try:
        return selectors.questionnaire_get(actor=request.actor, public_id=public_id)
    except QuestionnaireNotFound:
        raise NotFound(_("No questionnaire with the id %(id)s is visible to you.") % {"id": public_id}) from None


def _managed(request, public_id: UUID) -> Questionnaire:
    require_signed_in(request)
    questionnaire = _questionnaire(request, public_id)
    if not can_manage_questionnaire(request.actor, questionnaire):
        raise PermissionDenied(manager_refusal(questionnaire.division))
    return questionnaire


def _division(code: str | None, *, field: str = "division") -> Division | None:
    if not code:
        return None
    try:
        return core_selectors.division_get(actor=Actor.anonymous(), code=code.strip())
    except Division.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("There is no division with the code “%(code)s”.") % {"code": code}},
            code=SurveysError.QUESTIONNAIRE_INVALID,
        ) from None


def _row(q: Questionnaire, *, private: bool = False) -> dict[str, Any]:
    """A questionnaire's row: as written for those who manage it (`private`), as the public reads it otherwise."""
    shown: Any = q if private else presenters.public_questionnaire(q)
    return {
        "public_id": q.public_id,
        "title": shown.title,
        "division_code": q.division.code,
        "division_name": q.division.name,
        "status": q.status,
        "opens_at": q.opens_at,
        "closes_at": q.closes_at,
        "published_at": q.published_at,
        "closed_at": q.closed_at,
        "response_count": q.response_count,
    }


def _detail(q: Questionnaire, *, private: bool = False) -> dict[str, Any]:
    shown: Any = q if private else presenters.public_questionnaire(q)
    questions = selectors.questions_of(q)
    return {
        **_row(q, private=private),
        "description": shown.description,
        "questions": [
            {
                "id": question.pk,
                "position": question.position,
                "kind": question.kind,
                "text": question.text,
                "required": question.required,
                "choices": list(question.choices),
            }
            for question in (questions if private else presenters.public_questions(questions))
        ],
    }


def _answers(items: list[SurveyAnswerIn]) -> dict[int, Any]:
    answers: dict[int, Any] = {}
    for item in items:
        if item.question_id in answers:
            raise ServiceError.for_fields(
                {f"q{item.question_id}": _("Answer each question once.")}, code=SurveysError.RESPONSE_INVALID
            )
        answers[item.question_id] = item.text if item.text is not None else item.selected
    return answers


def _response_out(response: Response, questionnaire: Questionnaire) -> dict[str, Any]:
    questionnaire.refresh_from_db(fields=["response_count"])
    return {
        "public_id": response.public_id,
        "questionnaire": questionnaire.public_id,
        "channel": response.channel,
        "paper_number": response.paper_number,
        "submitted_at": response.submitted_at,
        "response_count": questionnaire.response_count,
    }


# --- reads ------------------------------------------------------------------------------------------------------------


@router.get(
    "/questionnaires",
    response=list[QuestionnaireRowOut],
    summary="Questionnaires: the published ones (open and closed), and the drafts you manage",
    openapi_extra=PUBLIC,
)
@paginated(page_size=50)
def questionnaire_search(request, filters: Query[QuestionnaireFilter]):
    qs = selectors.questionnaire_list(
        actor=request.actor,
        managed=filters.managed,
        status=filters.status,
        division=_division(filters.division),
        search=filters.q.strip(),
    )
    actor = request.actor
    return Mapped(qs, lambda q: _row(q, private=can_manage_questionnaire(actor, q)))


@router.get(
    "/questionnaires/{public_id}",
    response={200: QuestionnaireOut, **READ_ERRORS},
    summary="One questionnaire with its questions",
    openapi_extra=PUBLIC,
)
def questionnaire_detail(request, public_id: UUID):
    questionnaire = _questionnaire(request, public_id)
    return _detail(questionnaire, private=can_manage_questionnaire(request.actor, questionnaire))


@router.get(
    "/questionnaires/{public_id}/results",
    response={200: ResultsOut, **READ_ERRORS},
    summary="The results: per question the counts and shares per option, the latest free-text answers",
    openapi_extra=PUBLIC,
)
def questionnaire_results(request, public_id: UUID):
    return selectors.questionnaire_summary(_questionnaire(request, public_id))


# --- residents --------------------------------------------------------------------------------------------------------


@router.post(
    "/questionnaires/{public_id}/response-code",
    response={202: SurveyPhoneCodeOut, **WRITE_ERRORS, 429: ErrorOut},
    summary="Send a one-time code to a mobile phone, to answer without an account",
    openapi_extra=PUBLIC,
    auth=ANONYMOUS_WRITE,
)
def questionnaire_response_code(request, public_id: UUID, payload: SurveyPhoneCodeIn):
    _questionnaire(request, public_id)
    phone_verification_start(phone=payload.phone, origin=RequestOrigin.of(request), actor=request.actor)
    return Status(202, {"sent": True, "valid_minutes": int(CODE_VALIDITY.total_seconds() // 60)})


@router.post(
    "/questionnaires/{public_id}/responses",
    response={201: ResponseOut, **WRITE_ERRORS},
    summary="Answer the questionnaire once: as a resident account, or with a phone and its code",
    openapi_extra=PUBLIC,
    auth=ANONYMOUS_WRITE,
)
def questionnaire_respond(request, public_id: UUID, payload: ResponseIn):
    questionnaire = _questionnaire(request, public_id)
    answers = _answers(payload.answers)
    resident_key = None
    if payload.phone or payload.code:
        validate_response(questionnaire=questionnaire, answers=answers)  # before the code is used up
        resident_key = phone_verification_confirm(
            phone=payload.phone or "", code=payload.code or "", actor=request.actor
        )
    response = response_submit(
        questionnaire=questionnaire, answers=answers, actor=request.actor, resident_key=resident_key
    )
    return Status(201, _response_out(response, questionnaire))


# --- community staff --------------------------------------------------------------------------------------------------


@router.post(
    "/questionnaires",
    response={201: QuestionnaireOut, **WRITE_ERRORS},
    summary="Create a draft questionnaire with its questions (community worker, purchaser, district admin)",
)
def questionnaire_new(request, payload: QuestionnaireIn):
    require_signed_in(request)
    division = _division(payload.division)
    if division is None:
        raise ServiceError.for_fields(
            {"division": _("Give the code of the community.")}, code=SurveysError.QUESTIONNAIRE_INVALID
        )
    questionnaire = questionnaire_create(
        division=division,
        title=payload.title,
        description=payload.description,
        opens_at=payload.opens_at,
        closes_at=payload.closes_at,
        questions=[q.dict() for q in payload.questions],
        actor=request.actor,
    )
    return Status(201, _detail(questionnaire, private=True))


@router.post(
    "/questionnaires/{public_id}/open",
    response={200: QuestionnaireOut, **WRITE_ERRORS},
    summary="Open a draft for answers",
)
def questionnaire_open_endpoint(request, public_id: UUID):
    questionnaire = questionnaire_open(questionnaire=_managed(request, public_id), actor=request.actor)
    return _detail(questionnaire, private=True)


@router.post(
    "/questionnaires/{public_id}/close",
    response={200: QuestionnaireOut, **WRITE_ERRORS},
    summary="Close an open questionnaire now",
)
def questionnaire_close_endpoint(request, public_id: UUID):
    questionnaire = questionnaire_close(questionnaire=_managed(request, public_id), actor=request.actor)
    return _detail(questionnaire, private=True)


@router.post(
    "/questionnaires/{public_id}/paper-responses",
    response={201: ResponseOut, **WRITE_ERRORS},
    summary="Enter a paper form (community worker of the questionnaire's community, or above)",
)
def questionnaire_paper_response(request, public_id: UUID, payload: PaperResponseIn):
    questionnaire = _managed(request, public_id)
    response = response_enter_paper(
        questionnaire=questionnaire,
        answers=_answers(payload.answers),
        paper_number=payload.paper_number,
        actor=request.actor,
    )
    return Status(201, _response_out(response, questionnaire))
