"""Stable machine codes returned by the API for core errors; the human text is translated separately."""

from enum import StrEnum


class CoreError(StrEnum):
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    INVALID = "invalid"
    USCC_INVALID = "uscc_invalid"
    USCC_DUPLICATE = "uscc_duplicate"
    DIVISION_CODE_DUPLICATE = "division_code_duplicate"
    DIVISION_PARENT_LEVEL = "division_parent_level"
    ROLE_SCOPE_MISSING = "role_scope_missing"
    ROLE_SCOPE_WRONG = "role_scope_wrong"
    USERNAME_TAKEN = "username_taken"
    GRADE_INVALID = "grade_invalid"
    INSPECTION_DUPLICATE = "inspection_duplicate"
    UNAUTHENTICATED = "unauthenticated"
    DIVISION_UNKNOWN = "division_unknown"
    ORGANIZATION_UNKNOWN = "organization_unknown"
    ROLE_KEY_INVALID = "role_key_invalid"
    CSRF_FAILED = "csrf_failed"
