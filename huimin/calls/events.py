"""The audit event types of the calls context (stored data: a value never changes)."""

from __future__ import annotations

from enum import StrEnum


class CallsEvent(StrEnum):
    CALL_CREATED = "call.created"
    CALL_UPDATED = "call.updated"
    CALL_DOCUMENT_ADDED = "call.document_added"
    CALL_DOCUMENT_REMOVED = "call.document_removed"
    CALL_PUBLISHED = "call.published"
    CALL_AMENDED = "call.amended"
    CALL_CANCELLED = "call.cancelled"
    CALL_CLOSED = "call.closed"

    CALL_QUESTION_ASKED = "call_question.asked"
    CALL_QUESTION_ANSWERED = "call_question.answered"
    CALL_QUESTION_REJECTED = "call_question.rejected"
    CALL_QUESTION_CORRECTED = "call_question.corrected"
