"""Cleaning what people type: Chinese text with full-width spaces, counts typed with full-width digits."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.utils.translation import gettext as _

MAX_COUNT = 1_000_000
_SPACES = re.compile(r"\s+")


def _printable(text: str, *, keep_newlines: bool) -> str:
    allowed = {"\n", "\t"} if keep_newlines else set()
    return "".join(ch for ch in text if ch in allowed or unicodedata.category(ch)[0] != "C")


def clean_line(value: Any) -> str:
    """One line: control characters removed, runs of spaces (also the full-width 　) made one space, trimmed."""
    text = _printable(str(value or ""), keep_newlines=False)
    return _SPACES.sub(" ", text).strip()


def clean_text(value: Any) -> str:
    """A paragraph: control characters other than line breaks removed, Windows line ends made \\n, trimmed."""
    text = str(value or "").replace("\r\n", "\n").replace("\r", "\n")
    return _printable(text, keep_newlines=True).strip()


def parse_count(value: Any, field: str, errors: dict[str, str]) -> int:
    """A non-negative whole number from an int or from text such as "１２０" or "1,200"; problems go to `errors`."""
    if value is None or value == "":
        return 0
    if isinstance(value, bool):
        errors[field] = _("Enter a whole number.")
        return 0
    if isinstance(value, int):
        number = value
    else:
        text = unicodedata.normalize("NFKC", str(value)).replace(",", "").replace(" ", "").strip()
        if not text.lstrip("-").isdigit():
            errors[field] = _("Enter a whole number.")
            return 0
        number = int(text)
    if number < 0:
        errors[field] = _("The number cannot be negative.")
        return 0
    if number > MAX_COUNT:
        errors[field] = _("The number cannot exceed %(max)s.") % {"max": f"{MAX_COUNT:,}"}
        return 0
    return number
