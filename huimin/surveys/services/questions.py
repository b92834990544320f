"""Questions of a draft questionnaire: add, change, remove, reorder.

A question is single choice (exactly one option), multiple choice (one or more) or free text. A choice question has
2 to 20 distinct options (full-width and half-width spellings count as the same option); a free-text question has
none. Questions can change only while the questionnaire is a draft, so every answer refers to the wording and the
options residents saw. Positions run 1, 2, 3 … without gaps.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError

from ..error_codes import SurveysError
from ..events import SurveysEvent
from ..models import Question, Questionnaire
from ..permissions import can_manage_questionnaire, manager_refusal
from ..rules import MAX_QUESTIONS, validate_question
from ..states import EDITABLE

_UNSET: Any = object()


def _editable(questionnaire: Questionnaire, actor: Actor) -> Questionnaire:
    if not can_manage_questionnaire(actor, questionnaire):
        raise PermissionDenied(manager_refusal(questionnaire.division))
    locked = Questionnaire.objects.select_for_update(of=("self",)).select_related("division").get(pk=questionnaire.pk)
    if locked.status not in EDITABLE:
        raise ServiceError(
            _(
                "The questionnaire is %(status)s: its questions can no longer change, so that every answer refers to "
                "the same questions."
            )
            % {"status": locked.get_status_display()},
            SurveysError.QUESTIONNAIRE_NOT_EDITABLE,
        )
    return locked


def _renumber(questionnaire: Questionnaire, ordered_ids: Sequence[int]) -> None:
    """Give the questions positions 1…n in `ordered_ids` order (two steps, so the unique position never clashes)."""
    Question.objects.filter(questionnaire=questionnaire).update(position=F("position") + 1000)
    for position, pk in enumerate(ordered_ids, start=1):
        Question.objects.filter(pk=pk).update(position=position)


@transaction.atomic
def question_add(
    *,
    questionnaire: Questionnaire,
    kind: str,
    text: str,
    required: bool = True,
    choices: Sequence[str] | str = (),
    actor: Actor,
) -> Question:
    questionnaire = _editable(questionnaire, actor)
    kind, text, required, options = validate_question(kind=kind, text=text, required=required, choices=choices)
    count = questionnaire.questions.count()
    if count >= MAX_QUESTIONS:
        raise ServiceError(
            _("A questionnaire has at most %(max)s questions.") % {"max": MAX_QUESTIONS}, SurveysError.QUESTION_INVALID
        )
    question = Question.objects.create(
        questionnaire=questionnaire, position=count + 1, kind=kind, text=text, required=required, choices=options
    )
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_QUESTION_ADDED,
        target=questionnaire,
        payload={"question": question.pk, "position": question.position, "kind": kind, "text": text},
    )
    return question


@transaction.atomic
def question_update(
    *,
    question: Question,
    actor: Actor,
    kind: str = _UNSET,
    text: str = _UNSET,
    required: bool = _UNSET,
    choices: Sequence[str] | str = _UNSET,
) -> Question:
    _editable(question.questionnaire, actor)
    question = Question.objects.get(pk=question.pk)
    kind, text, required, options = validate_question(
        kind=question.kind if kind is _UNSET else kind,
        text=question.text if text is _UNSET else text,
        required=question.required if required is _UNSET else required,
        choices=question.choices if choices is _UNSET else choices,
    )
    after = {"kind": kind, "text": text, "required": required, "choices": options}
    changed = {k: v for k, v in after.items() if getattr(question, k) != v}
    if not changed:
        return question
    before = {k: getattr(question, k) for k in changed}
    for key, value in changed.items():
        setattr(question, key, value)
    question.save(update_fields=list(changed))
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_QUESTION_CHANGED,
        target=question.questionnaire,
        payload={"question": question.pk, "before": before, "after": changed},
    )
    return question


@transaction.atomic
def question_remove(*, question: Question, actor: Actor) -> None:
    questionnaire = _editable(question.questionnaire, actor)
    text = question.text
    pk = question.pk
    Question.objects.filter(pk=pk).delete()
    remaining = list(questionnaire.questions.order_by("position").values_list("pk", flat=True))
    _renumber(questionnaire, remaining)
    audit_record(
        actor=actor,
        event_type=SurveysEvent.QUESTIONNAIRE_QUESTION_REMOVED,
        target=questionnaire,
        payload={"question": pk, "text": text},
    )


@transaction.atomic
def question_reorder(*, questionnaire: Questionnaire, order: Sequence[int], actor: Actor) -> list[Question]:
    """Put the questions in `order` (their ids, every question exactly once)."""
    questionnaire = _editable(questionnaire, actor)
    current = list(questionnaire.questions.order_by("position").values_list("pk", flat=True))
    wanted = [int(pk) for pk in order]
    if sorted(wanted) != sorted(current) or len(set(wanted)) != len(wanted):
        raise ServiceError.for_fields(
            {"order": _("Give every question of the questionnaire exactly once.")},
            code=SurveysError.QUESTION_ORDER_INVALID,
        )
    if wanted != current:
        _renumber(questionnaire, wanted)
        audit_record(
            actor=actor,
            event_type=SurveysEvent.QUESTIONNAIRE_QUESTIONS_REORDERED,
            target=questionnaire,
            payload={"before": current, "after": wanted},
        )
    return list(questionnaire.questions.order_by("position"))


def question_move(*, question: Question, offset: int, actor: Actor) -> list[Question]:
    """Move a question up (offset −1) or down (+1) by swapping it with its neighbour; at either end nothing moves."""
    questionnaire = question.questionnaire
    ids = list(Question.objects.filter(questionnaire=questionnaire).order_by("position").values_list("pk", flat=True))
    if question.pk not in ids:
        raise ServiceError(_("This question is not part of the questionnaire."), SurveysError.QUESTION_ORDER_INVALID)
    i = ids.index(question.pk)
    j = i + (1 if offset > 0 else -1)
    if 0 <= j < len(ids):
        ids[i], ids[j] = ids[j], ids[i]
    return question_reorder(questionnaire=questionnaire, order=ids, actor=actor)
