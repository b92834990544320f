"""Stable machine codes returned by the API for refused writes on calls, amendments and clarification questions.

The human text is translated separately; clients branch on these codes.
"""

from enum import StrEnum


class CallsError(StrEnum):
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    # The structured parts (eligibility, required documents, budget rules, review criteria) fail huimin.calls.rules.
    RULES_INVALID = "call_rules_invalid"
    ROUND_CLOSED = "call_round_closed"
    ROUND_NOT_OPEN = "call_round_not_open"
    MANAGER_INVALID = "call_manager_invalid"
    INTENTION_INVALID = "call_intention_invalid"
    CATEGORY_INVALID = "call_category_invalid"
    DEADLINE_INVALID = "call_deadline_invalid"
    DEADLINE_TOO_SOON = "call_deadline_too_soon"
    DOCUMENT_INVALID = "call_document_invalid"
    # A draft lacks what a published call needs (intentions, cap, weights adding up to 100 …).
    NOT_READY = "call_not_ready"
    # Anything but a draft is changed only by a published amendment with a reason.
    PUBLISHED_USE_AMENDMENT = "call_published_use_amendment"
    TRANSITION = "call_transition"
    NOT_AMENDABLE = "call_not_amendable"
    AMENDMENT_EMPTY = "call_amendment_empty"
    AMENDMENT_REASON = "call_amendment_reason_required"
    AMENDMENT_FIELD_UNKNOWN = "call_amendment_field_unknown"
    CANCEL_REASON = "call_cancel_reason_required"
    QUESTION_CLOSED = "call_question_closed"
    QUESTION_INVALID = "call_question_invalid"
    QUESTION_NOT_PROVIDER = "call_question_not_provider"
    QUESTION_ALREADY_ANSWERED = "call_question_already_answered"
    QUESTION_NOT_ANSWERED = "call_question_not_answered"
