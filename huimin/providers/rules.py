"""What the profile services accept as typed (through huimin.core.cleaning): names and short texts may be typed with
full-width letters, digits and spaces; amounts accept “1,000.50”, “１０００元”; a count is a whole number. Each reader
returns None for a blank value and raises ValueError for one it cannot read, so that the service names the field
with the profile's own message."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from huimin.core.cleaning import nfkc, one_line, paragraph, parse_decimal
from huimin.core.services.errors import ServiceError

from .error_codes import ProfilesError


def line(value: Any) -> str:
    """One line: full-width letters and digits made ASCII (Chinese unchanged), runs of spaces one, trimmed."""
    return one_line(nfkc(str(value or "")))


def long_text(value: Any) -> str:
    """A paragraph (line breaks kept), trimmed."""
    return paragraph(value)


def read_texts(
    data: dict[str, Any],
    limits: dict[str, int],
    out: dict[str, Any],
    errors: dict[str, str],
    *,
    read: Callable[[Any], str] = line,
) -> None:
    """The optional texts among `data` (field → at most so many characters), read into `out`; too long ones named
    in `errors`."""
    for key, limit in limits.items():
        if key in data:
            out[key] = read(data[key])
            if len(out[key]) > limit:
                errors[key] = _("At most %(n)d characters.") % {"n": limit}


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def amount(value: Any) -> Decimal | None:
    """A number such as 50000, “50,000.00” or “５０，０００元”; floats are refused (they round)."""
    if _blank(value):
        return None
    number = None if isinstance(value, float) else parse_decimal(value, strip=("元",))
    if number is None:
        raise ValueError(value)
    return number


def whole_number(value: Any) -> int | None:
    """A whole number such as 2019, “１２０” or “1,200”."""
    if _blank(value):
        return None
    number = None if isinstance(value, float) else parse_decimal(value)
    if number is None or number != number.to_integral_value():
        raise ValueError(value)
    return int(number)


def refuse_unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ServiceError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}, code=ProfilesError.INVALID
        )
