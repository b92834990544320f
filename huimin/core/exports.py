"""Cells written to spreadsheets (.xlsx) and CSV files: text a spreadsheet program would run as a formula stays text.

A proposal title, a survey answer or a cell of an imported file that starts with `=`, `+`, `-` or `@` (or with a tab
or a carriage return, which some programs skip before reading the rest) is read by Excel, WPS and LibreOffice as a
formula when the exported file is opened: `=HYPERLINK("http://…", "点击")` becomes a live link, `=cmd|…` asks to run
a program ("CSV/formula injection"). Every writer of the platform passes its rows through `safe_row` and its single
cells through `safe_cell`:

- text whose first character — or first character after leading blanks (spaces, the full-width space, zero-width
  characters, line breaks), which a program may trim — is one of `= + - @ \\t \\r` gets a leading apostrophe, so it
  is shown as the text it is and never evaluated;
- numbers, dates, booleans and empty cells pass unchanged (a negative amount stays a number);
- an openpyxl cell (WriteOnlyCell) in a row has its value treated the same way.

`restore_cell` undoes the apostrophe when a file the platform wrote (the import error workbook) comes back to be
imported again. A test reads the code so every writer keeps using these (core/tests/test_exports.py).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.functional import Promise

FORMULA_STARTS = frozenset("=+-@\t\r")
# What a program may trim in front of a cell's text before deciding it is a formula.
LEADING_BLANKS = " \t\r\n\u00a0\u3000\u200b\u200c\u200d\u2060\ufeff"
QUOTE = "'"


def _is_cell(value: Any) -> bool:
    """An openpyxl cell (Cell, WriteOnlyCell, MergedCell) rather than a value."""
    return hasattr(value, "coordinate") and hasattr(value, "value")


def needs_quote(text: str) -> bool:
    """Whether a spreadsheet program could read `text` as a formula."""
    if text[:1] in FORMULA_STARTS:
        return True
    rest = text.lstrip(LEADING_BLANKS)
    return rest != text and rest[:1] in FORMULA_STARTS


def safe_cell(value: Any) -> Any:
    """The value to write into a cell: formula-like text prefixed with an apostrophe; anything else unchanged."""
    if isinstance(value, Promise):
        value = str(value)
    if _is_cell(value):
        value.value = safe_cell(value.value)
        return value
    if isinstance(value, str) and needs_quote(value):
        return QUOTE + value
    return value


def safe_row(values: Iterable[Any]) -> list[Any]:
    """A row to append to a worksheet or give a CSV writer, every cell passed through `safe_cell`."""
    return [safe_cell(v) for v in values]


def restore_cell(value: Any) -> Any:
    """The text `safe_cell` wrote, read back: the added apostrophe removed (other values unchanged)."""
    if isinstance(value, str) and value.startswith(QUOTE) and needs_quote(value[1:]):
        return value[1:]
    return value
