"""The rules of questionnaires: what makes a question well formed, when a questionnaire takes online answers and
paper forms, and what makes an answer valid. They write nothing; the services (huimin.surveys.services) apply them
and the pages use them to say why something is refused.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.core.cleaning import one_line, paragraph
from huimin.core.services.errors import ServiceError

from .error_codes import SurveysError
from .models import Question, QuestionKind, Questionnaire, QuestionnaireStatus
from .states import PAPER_ENTRY_GRACE

MAX_QUESTIONS = 50
QUESTION_TEXT_MAX = 300
MIN_OPTIONS = 2
MAX_OPTIONS = 20
OPTION_MAX = 100
CHOICE_KINDS = (QuestionKind.SINGLE, QuestionKind.MULTIPLE)
TEXT_ANSWER_MAX = 500

_SPACES = re.compile(r"\s+")


def option_key(label: str) -> str:
    """What makes two option labels the same: full-width and half-width alike, case and spaces ignored."""
    return _SPACES.sub("", unicodedata.normalize("NFKC", label)).casefold()


# --- questions -------------------------------------------------------------------------------------------------------


def _choices_list(choices: Any) -> list[str]:
    """Options from a list, or from text with one option per line (as the page's textarea sends them)."""
    if choices is None:
        return []
    if isinstance(choices, str):
        choices = choices.splitlines()
    return [one_line(c) for c in choices if one_line(c)]


def option_problems(kind: str, choices: Sequence[str]) -> list[str]:
    """What is wrong with the options of a question of `kind` (empty = nothing)."""
    problems: list[str] = []
    if kind not in CHOICE_KINDS:
        if choices:
            problems.append(_("A free-text question has no options."))
        return problems
    if len(choices) < MIN_OPTIONS:
        problems.append(_("A choice question needs at least %(min)s options.") % {"min": MIN_OPTIONS})
    if len(choices) > MAX_OPTIONS:
        problems.append(_("A choice question has at most %(max)s options.") % {"max": MAX_OPTIONS})
    seen: set[str] = set()
    for label in choices:
        if not isinstance(label, str) or not label.strip():
            problems.append(_("An option cannot be blank."))
            continue
        if len(label) > OPTION_MAX:
            problems.append(
                _("Keep each option to %(max)s characters or fewer: “%(option)s…” is longer.")
                % {"max": OPTION_MAX, "option": label[:20]}
            )
        key = option_key(label)
        if key in seen:
            problems.append(_("The option “%(option)s” is listed twice.") % {"option": label})
        seen.add(key)
    return problems


def question_problems(question: Question) -> list[str]:
    """Everything that would stop a stored question from being asked (checked again when opening)."""
    problems: list[str] = []
    if question.kind not in QuestionKind.values:
        problems.append(_("Choose the kind of question."))
    if not (question.text or "").strip():
        problems.append(_("Write the question."))
    problems.extend(option_problems(question.kind, list(question.choices or [])))
    return problems


def validate_question(*, kind: str, text: str, required: Any, choices: Any) -> tuple[str, str, bool, list[str]]:
    """Cleaned (kind, text, required, choices) or ServiceError with a message per field."""
    errors: dict[str, str] = {}
    kind = str(kind or "").strip()
    text = one_line(text)
    options = _choices_list(choices)
    if kind not in QuestionKind.values:
        errors["kind"] = _("Choose single choice, multiple choice or free text.")
    if not text:
        errors["text"] = _("Write the question.")
    elif len(text) > QUESTION_TEXT_MAX:
        errors["text"] = _("Keep the question to %(max)s characters or fewer.") % {"max": QUESTION_TEXT_MAX}
    if kind in QuestionKind.values:
        problems = option_problems(kind, options)
        if problems:
            errors["choices"] = " ".join(problems)
    if errors:
        raise ServiceError.for_fields(errors, code=SurveysError.QUESTION_INVALID)
    return kind, text, bool(required), options


# --- answers ---------------------------------------------------------------------------------------------------------


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
            text = paragraph(value)
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


def validate_response(*, questionnaire: Questionnaire, answers: Mapping[Any, Any], now: datetime | None = None) -> None:
    """Raise what `huimin.surveys.services.response_submit` would refuse about the questionnaire's period and the
    answers themselves, writing nothing (checked before a phone's one-time code is used up)."""
    now = now or timezone.now()
    reason = refusal_reason(questionnaire, now)
    if reason:
        raise ServiceError(reason, SurveysError.RESPONSE_NOT_ACCEPTED)
    clean_answers(list(questionnaire.questions.order_by("position")), answers, enforce_required=True)
