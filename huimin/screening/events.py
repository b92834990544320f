"""The audit event types of the screening context (stored data: a value never changes)."""

from enum import StrEnum


class ScreeningEvent(StrEnum):
    SCREENING_RUN = "screening.run"
    SCREENING_FIX_RECHECKED = "screening.fix_rechecked"
    SCREENING_DECIDED = "screening.decided"
    SCREENING_FIX_EXPIRED = "screening.fix_expired"
