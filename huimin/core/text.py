"""Cleaning what people type: Chinese text with full-width spaces, control characters and Windows line ends."""

from __future__ import annotations

import re
import unicodedata
from typing import Any

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
