"""The audit event types of the surveys context (stored data: a value never changes)."""

from enum import StrEnum


class SurveysEvent(StrEnum):
    QUESTIONNAIRE_CREATED = "questionnaire.created"
    QUESTIONNAIRE_UPDATED = "questionnaire.updated"
    QUESTIONNAIRE_OPENED = "questionnaire.opened"
    QUESTIONNAIRE_CLOSED = "questionnaire.closed"
    QUESTIONNAIRE_QUESTION_ADDED = "questionnaire.question_added"
    QUESTIONNAIRE_QUESTION_CHANGED = "questionnaire.question_changed"
    QUESTIONNAIRE_QUESTION_REMOVED = "questionnaire.question_removed"
    QUESTIONNAIRE_QUESTIONS_REORDERED = "questionnaire.questions_reordered"
    QUESTIONNAIRE_ANSWERED = "questionnaire.answered"
    QUESTIONNAIRE_PAPER_ENTERED = "questionnaire.paper_entered"
    QUESTIONNAIRE_PAPER_DELETED = "questionnaire.paper_deleted"
