"""Stable machine codes returned for refused screening actions; the human text is translated separately."""

from enum import StrEnum


class ScreeningError(StrEnum):
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    # Screening starts only once the call's deadline has passed (or the call is closed).
    BEFORE_DEADLINE = "screening_before_deadline"
    CALL_NOT_SCREENABLE = "screening_call_not_screenable"
    DECISION_UNKNOWN = "screening_decision_unknown"
    REASON_REQUIRED = "screening_reason_required"
    FIX_SECTIONS_REQUIRED = "screening_fix_sections_required"
    FIX_SECTION_UNKNOWN = "screening_fix_section_unknown"
    FIX_DAYS_INVALID = "screening_fix_days_invalid"
    # The decision is not possible from the screening's status (e.g. a second fix while a window is still open).
    TRANSITION = "screening_transition"
    BATCH_EMPTY = "screening_batch_empty"
    BATCH_DECISION = "screening_batch_decision"
    BATCH_REFUSED = "screening_batch_refused"
    # The screening changed since the version the decision was made on (another manager decided, a re-check).
    VERSION_CONFLICT = "screening_version_conflict"
