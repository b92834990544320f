"""Questionnaires as the public may read them: what a community worker types (the title, the introduction, the
questions and their options) is published on the list, the answer page and the results, and in the public API. These
get the records only through the views below (huimin.core.presenters.PublicView), so an ID, mobile or landline number
however written reaches the public masked (huimin.core.masking); the free-text answers are masked by
`selectors.questionnaire_summary`. The workers see their text as written on their desk.
"""

from __future__ import annotations

from collections.abc import Iterable

from huimin.core.masking import mask_text
from huimin.core.presenters import PublicView

from .models import Question, Questionnaire


class PublicQuestionnaire(PublicView):
    __slots__ = ()
    text_fields = ("title", "description")


class PublicQuestion(PublicView):
    """A question with its options, as the public reads them."""

    __slots__ = ()
    text_fields = ("text",)

    @property
    def choices(self) -> list[str]:
        return [mask_text(str(label)) for label in self._record.choices or []]


def public_questionnaire(questionnaire: Questionnaire) -> PublicQuestionnaire:
    return PublicQuestionnaire(questionnaire)


def public_questionnaires(questionnaires: Iterable[Questionnaire]) -> list[PublicQuestionnaire]:
    return [PublicQuestionnaire(q) for q in questionnaires]


def public_questions(questions: Iterable[Question]) -> list[PublicQuestion]:
    return [PublicQuestion(q) for q in questions]
