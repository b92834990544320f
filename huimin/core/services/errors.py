from __future__ import annotations

from collections.abc import Mapping

from django.core.exceptions import ValidationError


class ServiceError(ValidationError):
    """A refused write: a stable `code` for machines, messages (per field where known) for people.

    It is a ValidationError so forms can show `error_dict` next to their fields.
    """

    def __init__(self, message, code: str = "invalid", params=None):
        super().__init__(message, code=code, params=params)
        self.error_code = code

    @classmethod
    def for_fields(cls, errors: Mapping[str, str | list[str]], code: str = "invalid") -> ServiceError:
        err = cls({k: ([v] if isinstance(v, str) else v) for k, v in errors.items()}, code=code)
        err.error_code = code
        return err


class Conflict(ServiceError):
    """Refused because the object changed since the version the caller acted on (someone else acted meanwhile):
    HTTP 409 in the API; the message says what it is now."""


class RateLimited(ServiceError):
    """Refused because a budget is spent (too many codes asked for, too often): HTTP 429 in the API, with
    `Retry-After` when the wait is known."""

    def __init__(self, message, code: str = "rate_limited", retry_after: int | None = None):
        super().__init__(message, code=code)
        self.retry_after = retry_after
