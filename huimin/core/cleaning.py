"""One input-cleaning module for every context: what people type in forms, JSON and Excel becomes clean values.

- Text: `one_line` (control characters out, runs of spaces — also the full-width 　 — made one, trimmed) and
  `paragraph` (line breaks kept, Windows line ends made \n); `clean_text` adds the length and required checks.
- Numbers: full-width digits (NFKC: ５０ → 50), thousands separators and a trailing unit (人, 次, 场, 元) are
  accepted; `clean_count` for whole counts, `clean_decimal(money=True)` for amounts in 元 (5万 → 50000).
- Dates (`clean_date`) and phone numbers (`clean_phone`).

Validators take a `FieldErrors` collector, so one call reports every field at once; `raise_if_any(code)` turns it
into the ServiceError the API and the pages show next to the fields.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from .services.errors import ServiceError

FEN = Decimal("0.01")
MONEY_MAX = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
COUNT_MAX = 100_000_000
_SPACES = re.compile(r"\s+")


def nfkc(value: str) -> str:
    """Full-width letters, digits and punctuation made half-width, trimmed."""
    return unicodedata.normalize("NFKC", value).strip()


def _printable(text: str, *, keep_newlines: bool) -> str:
    allowed = {"\n", "\t"} if keep_newlines else set()
    return "".join(ch for ch in text if ch in allowed or unicodedata.category(ch)[0] != "C")


def one_line(value: Any) -> str:
    """One line: control characters removed, runs of spaces (also the full-width 　) made one space, trimmed."""
    text = _printable(str(value or ""), keep_newlines=False)
    return _SPACES.sub(" ", text).strip()


def paragraph(value: Any) -> str:
    """A paragraph: control characters other than line breaks removed, Windows line ends made \\n, trimmed."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _printable(text, keep_newlines=True).strip()


def parse_decimal(value: Any, *, strip: Iterable[str] = ()) -> Decimal | None:
    """A Decimal from a number or text (full-width digits, thousands separators and the given suffixes allowed);
    None when it is not a finite number."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    elif isinstance(value, str):
        text = nfkc(value).replace(",", "").replace(" ", "")
        for suffix in strip:
            text = text.removesuffix(nfkc(suffix))
        try:
            number = Decimal(text)
        except InvalidOperation:
            return None
    else:
        return None
    return number if number.is_finite() else None


class FieldErrors:
    """Messages per field (or dotted path), collected across a whole cleaning; `code` is the machine code the API
    returns when they are raised."""

    def __init__(self, code: str = "invalid") -> None:
        self.code = code
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_if_any(self, code: str | None = None) -> None:
        if self.by_field:
            raise ServiceError.for_fields(self.by_field, code=code or self.code)


def clean_text(
    errors: FieldErrors, name: str, value: Any, *, label: str, max_length: int | None = None, required: bool = False
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(name, _("%(label)s must be text.") % {"label": label})
        return ""
    text = unicodedata.normalize("NFC", value).strip()
    if max_length is not None:
        text = " ".join(text.split())  # one-line fields: no line breaks, single spaces
        if len(text) > max_length:
            errors.add(
                name,
                _("%(label)s has %(length)d characters; at most %(max)d are allowed.")
                % {"label": label, "length": len(text), "max": max_length},
            )
    if required and not text:
        errors.add(name, _("%(label)s is required.") % {"label": label})
    return text


def clean_count(
    errors: FieldErrors, name: str, value: Any, *, label: str, low: int = 0, required: bool = False
) -> int | None:
    """A whole number (full-width digits and a trailing 人/次/场/个 allowed); None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(name, _("%(label)s is required.") % {"label": label})
        return None
    if isinstance(value, str):
        text = nfkc(value).replace(",", "").replace(" ", "")
        text = re.sub(r"(人次|人|次|场|个|期|户)$", "", text)
        number = parse_decimal(text)
    else:
        number = parse_decimal(value)
    if number is None or number != number.to_integral_value():
        errors.add(name, _("%(label)s must be a whole number.") % {"label": label})
        return None
    if number < low or number > COUNT_MAX:
        errors.add(name, _("%(label)s must be at least %(low)d.") % {"label": label, "low": low})
        return None
    return int(number)


def clean_decimal(
    errors: FieldErrors,
    name: str,
    value: Any,
    *,
    label: str,
    positive: bool = False,
    required: bool = False,
    money: bool = False,
) -> Decimal | None:
    """A number with at most two decimals; amounts in 元 may end with 元 or be given in 万元 (5万 → 50000)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(name, _("%(label)s is required.") % {"label": label})
        return None
    factor = Decimal(1)
    if isinstance(value, str):
        text = nfkc(value).replace(",", "").replace(" ", "")
        if money and (text.endswith("万元") or text.endswith("万")):
            text = text.removesuffix("元").removesuffix("万")
            factor = Decimal(10000)
        number = parse_decimal(text, strip=("元",) if money else ())
    else:
        number = parse_decimal(value)
    if number is None:
        errors.add(name, _("%(label)s must be a number, e.g. 350 or 349.50.") % {"label": label})
        return None
    number = number * factor
    if abs(number) > MONEY_MAX:  # before quantizing: 1e400 has no place at two decimals
        errors.add(name, _("%(label)s is too large.") % {"label": label})
        return None
    if number != number.quantize(FEN):
        errors.add(name, _("%(label)s has at most two decimals.") % {"label": label})
        return None
    if number < 0 or (positive and number == 0):
        message = (_("%(label)s must be more than 0.") if positive else _("%(label)s cannot be negative.")) % {
            "label": label
        }
        errors.add(name, message)
        return None
    return number.quantize(FEN)


_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def clean_date(errors: FieldErrors, name: str, value: Any, *, label: str) -> date | None:
    """A date: date object or 2030-11-01, 2030/11/1, 2030.11.1, 2030年11月1日 (full-width digits allowed)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = nfkc(value).replace(" ", "")
        for form in _DATE_FORMS:
            match = form.match(text)
            if match:
                try:
                    return date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    break
    errors.add(name, _("%(label)s must be a date, e.g. 2030-11-01.") % {"label": label})
    return None


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def clean_phone(errors: FieldErrors, name: str, value: Any, *, label: str) -> str:
    """A mobile (13903520001, +86 139 0352 0001) or fixed line (0352-1234567, 03521234567-801) number; empty
    allowed (drafts). Stored without spaces and the +86 prefix."""
    text = clean_text(errors, name, value, label=label, max_length=32)
    if not text:
        return ""
    compact = nfkc(text).replace(" ", "").replace("(", "").replace(")", "").replace("转", "-")
    compact = compact.removeprefix("+86").removeprefix("0086")
    if _MOBILE.match(compact) or _LANDLINE.match(compact):
        return compact
    errors.add(
        name,
        _("%(label)s must be a mobile number (11 digits) or a fixed line with its area code, e.g. 0352-1234567.")
        % {"label": label},
    )
    return text
