"""Every write of the surveys context (see each module)."""

from .questionnaires import (
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
    questionnaire_update,
    questionnaires_close_due,
)
from .questions import question_add, question_move, question_remove, question_reorder, question_update
from .responses import response_enter_paper, response_paper_delete, response_submit

__all__ = [
    "question_add",
    "question_move",
    "question_remove",
    "question_reorder",
    "question_update",
    "questionnaire_close",
    "questionnaire_create",
    "questionnaire_open",
    "questionnaire_update",
    "questionnaires_close_due",
    "response_enter_paper",
    "response_paper_delete",
    "response_submit",
]
