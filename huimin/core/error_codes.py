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
    TOKEN_LIFETIME_INVALID = "token_lifetime_invalid"  # nosec B105 # noqa: S105 - an error code, not a secret
    TOKEN_INVALID = "token_invalid"  # nosec B105 # noqa: S105 - an error code, not a secret
    TOKEN_EXPIRED = "token_expired"  # nosec B105 # noqa: S105 - an error code, not a secret
    RATE_LIMITED = "rate_limited"
    INVALID_PAGE = "invalid_page"
    REQUEST_MALFORMED = "request_malformed"
    UPLOAD_TOO_LARGE = "upload_too_large"
