"""Stable machine codes returned by the API for refused needs operations; the human text is translated separately."""

from enum import StrEnum


class NeedsError(StrEnum):
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    NEED_INVALID = "need_invalid"
    COMMUNITY_INVALID = "community_invalid"
    CATEGORY_INACTIVE = "category_inactive"
    CATEGORY_INVALID = "category_invalid"
    CATEGORY_DUPLICATE = "category_duplicate"
    TRANSITION_REFUSED = "transition_refused"
    ANSWER_REQUIRED = "answer_required"
    MERGE_TARGET_INVALID = "merge_target_invalid"
    NOT_EDITABLE = "not_editable"
    SUPPORT_DUPLICATE = "support_duplicate"
    SUPPORT_CLOSED = "support_closed"
    SUPPORTER_UNKNOWN = "supporter_unknown"
    PHOTO_INVALID = "photo_invalid"
    QUESTIONNAIRE_INVALID = "questionnaire_invalid"
    TOO_MANY_SUBMISSIONS = "too_many_submissions"
