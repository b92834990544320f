"""Stable machine codes returned by the API for questionnaire errors; the human text is translated separately."""

from enum import StrEnum


class SurveysError(StrEnum):
    INVALID = "invalid"
    QUESTIONNAIRE_INVALID = "questionnaire_invalid"
    QUESTIONNAIRE_NOT_EDITABLE = "questionnaire_not_editable"
    QUESTIONNAIRE_TRANSITION = "questionnaire_transition"
    QUESTIONNAIRE_NOT_READY = "questionnaire_not_ready"
    QUESTION_INVALID = "question_invalid"
    QUESTION_ORDER_INVALID = "question_order_invalid"
    RESPONSE_NOT_ACCEPTED = "response_not_accepted"
    RESPONSE_DUPLICATE = "response_duplicate"
    RESPONSE_INVALID = "response_invalid"
    PAPER_NUMBER_DUPLICATE = "paper_number_duplicate"
