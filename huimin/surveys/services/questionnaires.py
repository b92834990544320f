"""Writing, publishing and closing questionnaires.

A questionnaire belongs to a division (a community, or a street for its own surveys) and is managed by the people
`permissions.can_manage_questionnaire` names. In draft everything may change; once open only its closing time may
(to extend or shorten the period); a closed questionnaire does not change. Opening checks that it has at least one
question and that every question is well formed. `questionnaires_close_due` is the periodic job's work.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.cleaning import one_line, paragraph
from huimin.core.models import Division
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError

from ..error_codes import SurveysError
from ..events import SurveysEvent
from ..models import Questionnaire, QuestionnaireStatus
from ..permissions import can_manage_division, can_manage_questionnaire, manager_refusal
from ..rules import MAX_QUESTIONS, question_problems, validate_question
from ..states import EDITABLE, QUESTIONNAIRE_MACHINE, QuestionnaireAction

TITLE_MAX = 200
DESCRIPTION_MAX = 2000

_UNSET: Any = object()


def _local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def _require_manager(actor: Actor, questionnaire: Questionnaire) -> None:
    if not can_manage_questionnaire(actor, questionnaire):
        raise PermissionDenied(manager_refusal(questionnaire.division))


def _lock(questionnaire: Questionnaire) -> Questionnaire:
    return Questionnaire.objects.select_for_update(of=("self",)).select_related("division").get(pk=questionnaire.pk)


def _check_text(title: str, description: str, errors: dict[str, str]) -> None:
    if not title:
        errors["title"] = _("Give the questionnaire a title.")
    elif len(title) > TITLE_MAX:
        errors["title"] = _("Keep the title to %(max)s characters or fewer.") % {"max": TITLE_MAX}
    if len(description) > DESCRIPTION_MAX:
        errors["description"] = _("Keep the description to %(max)s characters or fewer.") % {"max": DESCRIPTION_MAX}


def _check_period(opens_at: datetime | None, closes_at: datetime | None, errors: dict[str, str]) -> None:
    if opens_at is not None and closes_at is not None and closes_at <= opens_at:
        errors["closes_at"] = _("The closing time must come after the opening time.")


@transaction.atomic
def questionnaire_create(
    *,
    division: Division,
    title: str,
    description: str = "",
    opens_at: datetime | None = None,
    closes_at: datetime | None = None,
    questions: Iterable[Mapping[str, Any]] = (),
    actor: Actor,
) -> Questionnaire:
    """A new draft questionnaire for `division`, optionally with its questions (each a mapping of kind, text,
    required, choices — as `question_add` takes them)."""
    if not can_manage_division(actor, division):
        raise PermissionDenied(
            _("You may create questionnaires only for your own community or street; %(division)s is not yours.")
            % {"division": division.name}
        )
    title = one_line(title)
    description = paragraph(description)
    errors: dict[str, str] = {}
    _check_text(title, description, errors)
    _check_period(opens_at, closes_at, errors)
    items = list(questions)
    if len(items) > MAX_QUESTIONS:
        errors["questions"] = _("A questionnaire has at most %(max)s questions.") % {"max": MAX_QUESTIONS}
    cleaned = []
    for n, item in enumerate(items[:MAX_QUESTIONS], start=1):
        try:
            cleaned.append(
                validate_question(
                    kind=item.get("kind", ""),
                    text=item.get("text", ""),
                    required=item.get("required", True),
                    choices=item.get("choices") or [],
                )
            )
        except ServiceError as exc:
            for field, messages in exc.message_dict.items():
                errors[f"questions.{n}.{field}"] = " ".join(messages)
    if errors:
        raise ServiceError.for_fields(errors, code=SurveysError.QUESTIONNAIRE_INVALID)
    questionnaire = Questionnaire.objects.create(
        division=division,
        title=title,
        description=description,
        opens_at=opens_at,
        closes_at=closes_at,
        created_by=actor.user,
    )
    for position, (kind, text, required, choices) in enumerate(cleaned, start=1):
        questionnaire.questions.create(position=position, kind=kind, text=text, required=required, choices=choices)
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_CREATED,
        target=questionnaire,
        payload={"division": division.code, "title": title, "questions": len(cleaned)},
    )
    return questionnaire


@transaction.atomic
def questionnaire_update(
    *,
    questionnaire: Questionnaire,
    actor: Actor,
    title: str = _UNSET,
    description: str = _UNSET,
    opens_at: datetime | None = _UNSET,
    closes_at: datetime | None = _UNSET,
    now: datetime | None = None,
) -> Questionnaire:
    """Change a draft's title, description and period; an open questionnaire's closing time only."""
    now = now or timezone.now()
    _require_manager(actor, questionnaire)
    questionnaire = _lock(questionnaire)
    changes: dict[str, Any] = {}
    if title is not _UNSET:
        changes["title"] = one_line(title)
    if description is not _UNSET:
        changes["description"] = paragraph(description)
    if opens_at is not _UNSET:
        changes["opens_at"] = opens_at
    if closes_at is not _UNSET:
        changes["closes_at"] = closes_at
    changes = {k: v for k, v in changes.items() if getattr(questionnaire, k) != v}
    if not changes:
        return questionnaire
    if questionnaire.status == QuestionnaireStatus.OPEN:
        frozen = sorted(set(changes) - {"closes_at"})
        if frozen:
            raise ServiceError(
                _("The questionnaire is open: only its closing time may change now."),
                SurveysError.QUESTIONNAIRE_NOT_EDITABLE,
            )
        if changes["closes_at"] is not None and changes["closes_at"] <= now:
            raise ServiceError.for_fields(
                {"closes_at": _("The closing time must be in the future; to close now, use “Close now”.")},
                code=SurveysError.QUESTIONNAIRE_INVALID,
            )
    elif questionnaire.status not in EDITABLE:
        raise ServiceError(
            _("The questionnaire is closed; it cannot be changed."), SurveysError.QUESTIONNAIRE_NOT_EDITABLE
        )
    errors: dict[str, str] = {}
    _check_text(
        changes.get("title", questionnaire.title), changes.get("description", questionnaire.description), errors
    )
    _check_period(
        changes.get("opens_at", questionnaire.opens_at), changes.get("closes_at", questionnaire.closes_at), errors
    )
    if errors:
        raise ServiceError.for_fields(errors, code=SurveysError.QUESTIONNAIRE_INVALID)
    before = {k: getattr(questionnaire, k) for k in changes}
    for key, value in changes.items():
        setattr(questionnaire, key, value)
    questionnaire.save(update_fields=[*changes, "updated_at"])
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_UPDATED,
        target=questionnaire,
        payload={"fields": sorted(changes), "before": before, "after": changes},
    )
    return questionnaire


@transaction.atomic
def questionnaire_open(*, questionnaire: Questionnaire, actor: Actor, now: datetime | None = None) -> Questionnaire:
    """Publish a draft: it needs at least one question, every question well formed, a closing time ahead."""
    now = now or timezone.now()
    _require_manager(actor, questionnaire)
    questionnaire = _lock(questionnaire)
    QUESTIONNAIRE_MACHINE.require(questionnaire.status, QuestionnaireAction.OPEN)
    questions = list(questionnaire.questions.order_by("position"))
    problems: dict[str, str] = {}
    if not questions:
        problems["questions"] = _("Add at least one question before opening the questionnaire.")
    for question in questions:
        found = question_problems(question)
        if found:
            problems[f"q{question.pk}"] = _("Question %(n)s: %(problems)s") % {
                "n": question.position,
                "problems": " ".join(found),
            }
    if questionnaire.closes_at is not None and questionnaire.closes_at <= now:
        problems["closes_at"] = _("The closing time %(time)s has already passed; set a later one.") % {
            "time": _local(questionnaire.closes_at)
        }
    if problems:
        raise ServiceError.for_fields(problems, code=SurveysError.QUESTIONNAIRE_NOT_READY)
    QUESTIONNAIRE_MACHINE.apply(questionnaire, QuestionnaireAction.OPEN)
    questionnaire.published_at = now
    questionnaire.save(update_fields=["status", "published_at", "updated_at"])
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_OPENED,
        target=questionnaire,
        payload={"questions": len(questions), "closes_at": questionnaire.closes_at},
    )
    return questionnaire


@transaction.atomic
def questionnaire_close(*, questionnaire: Questionnaire, actor: Actor, now: datetime | None = None) -> Questionnaire:
    """Stop taking answers now (before the planned closing time, or when none was set)."""
    now = now or timezone.now()
    _require_manager(actor, questionnaire)
    questionnaire = _lock(questionnaire)
    QUESTIONNAIRE_MACHINE.require(questionnaire.status, QuestionnaireAction.CLOSE)
    closed_at = now
    if questionnaire.closes_at is not None and questionnaire.closes_at < now:
        closed_at = questionnaire.closes_at  # it stopped taking answers then; the job had not run yet
    QUESTIONNAIRE_MACHINE.apply(questionnaire, QuestionnaireAction.CLOSE)
    questionnaire.closed_at = closed_at
    questionnaire.save(update_fields=["status", "closed_at", "updated_at"])
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_CLOSED,
        target=questionnaire,
        payload={"automatic": False, "responses": questionnaire.response_count},
    )
    return questionnaire


def questionnaires_close_due(*, actor: Actor, now: datetime | None = None) -> int:
    """Close every open questionnaire whose closing time has passed; returns how many. Idempotent: a second run
    finds nothing to close. Each questionnaire is closed in its own transaction."""
    if not actor.is_district_admin:
        raise PermissionDenied(_("Only the platform closes questionnaires on schedule."))
    now = now or timezone.now()
    due = list(
        Questionnaire.objects.filter(
            status__in=QUESTIONNAIRE_MACHINE[QuestionnaireAction.CLOSE].sources, closes_at__lte=now
        ).values_list("pk", flat=True)
    )
    closed = 0
    for pk in due:
        with transaction.atomic():
            questionnaire = (
                Questionnaire.objects.select_for_update()
                .filter(pk=pk, status__in=QUESTIONNAIRE_MACHINE[QuestionnaireAction.CLOSE].sources, closes_at__lte=now)
                .first()
            )
            if questionnaire is None:  # closed meanwhile by hand or by another run
                continue
            QUESTIONNAIRE_MACHINE.apply(questionnaire, QuestionnaireAction.CLOSE)
            questionnaire.closed_at = questionnaire.closes_at
            questionnaire.save(update_fields=["status", "closed_at", "updated_at"])
            audit_record(
                actor=actor,
                event_type=SurveysEvent.QUESTIONNAIRE_CLOSED,
                target=questionnaire,
                payload={"automatic": True, "responses": questionnaire.response_count},
            )
            closed += 1
    return closed
