"""Exported cells are never formulas: the one helper (huimin.core.exports) and a reading of the code proving every
spreadsheet and CSV writer of the platform uses it."""

from __future__ import annotations

import ast
import io
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest

from huimin.core.exports import needs_quote, restore_cell, safe_cell, safe_row

from .spreadsheets import POISON, live_formulas_in_csv, live_formulas_in_xlsx

HUIMIN = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("text", POISON)
def test_formula_like_text_is_prefixed_with_an_apostrophe(text):
    assert safe_cell(text) == "'" + text
    assert not needs_quote(safe_cell(text))


@pytest.mark.parametrize("text", ["龙园社区太极拳", "2020年度", "a=b", "'=already quoted", "＝全角等号", "", "1-2"])
def test_ordinary_text_is_written_as_typed(text):
    assert safe_cell(text) == text


@pytest.mark.parametrize("value", [-5, -1.5, Decimal("-12.30"), 0, date(2020, 9, 1), datetime(2020, 9, 1, 8), True])
def test_numbers_dates_and_booleans_stay_what_they_are(value):
    assert safe_cell(value) is value


def test_a_row_passes_every_cell_and_an_openpyxl_cell_through_the_helper():
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    sheet = Workbook(write_only=True).create_sheet()
    cell = WriteOnlyCell(sheet, value="=1+1")
    assert cell.data_type == "f"
    row = safe_row(["=1+1", -3, None, cell])
    assert row[:3] == ["'=1+1", -3, None]
    assert row[3] is cell and cell.value == "'=1+1" and cell.data_type == "s"


@pytest.mark.parametrize("text", [*POISON, "plain", "'plain", "'"])
def test_reading_back_what_the_helper_wrote_gives_the_typed_text(text):
    assert restore_cell(safe_cell(text)) == text


def test_a_workbook_written_through_the_helper_holds_no_formula():
    from openpyxl import Workbook

    workbook = Workbook()
    for text in POISON:
        workbook.active.append(safe_row([text, -1]))
    out = io.BytesIO()
    workbook.save(out)
    assert live_formulas_in_xlsx(out.getvalue()) == []

    unsafe = Workbook()
    unsafe.active.append([POISON[0]])
    raw = io.BytesIO()
    unsafe.save(raw)
    assert live_formulas_in_xlsx(raw.getvalue()), "the check itself must see a formula written without the helper"
    assert live_formulas_in_csv(b"=1+1,ok\r\n") == ["R1C1='=1+1'"]


# --- the code: every writer uses the helper ---------------------------------------------------------------------

SHEET_SOURCES = ("active", "create_sheet", "get_sheet_by_name")
SHEET_PARAMETERS = {"ws", "sheet", "worksheet"}


def _shipped_modules() -> list[Path]:
    return [
        p
        for p in sorted(HUIMIN.rglob("*.py"))
        if "tests" not in p.relative_to(HUIMIN).parts
        and "migrations" not in p.relative_to(HUIMIN).parts
        and p != HUIMIN / "core" / "exports.py"
    ]


def _is_writer_module(source: str) -> bool:
    """Creates a workbook with openpyxl (readers only load one) or a CSV writer."""
    return ("openpyxl" in source and "Workbook(" in source) or "csv.writer(" in source or "csv.DictWriter(" in source


def _calls(node: ast.AST, name: str) -> bool:
    """`node` is a call of the helper `name` (or a constant, which nobody typed)."""
    if isinstance(node, ast.Constant):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        return (isinstance(func, ast.Name) and func.id == name) or (
            isinstance(func, ast.Attribute) and func.attr == name
        )
    return False


def _sheet_like(tree: ast.AST) -> set[str]:
    """Expressions (as source text) that hold a worksheet: assigned from `.active` / `.create_sheet(…)`, tuples of
    those, and parameters named ws / sheet / worksheet."""
    found: set[str] = set()

    def is_sheet(value: ast.AST) -> bool:
        if isinstance(value, ast.Attribute) and value.attr in SHEET_SOURCES:
            return True
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            return value.func.attr in SHEET_SOURCES
        return ast.unparse(value) in found

    for _ in range(2):  # twice: a name assigned from another sheet-like name
        for node in ast.walk(tree):
            if isinstance(node, ast.arg) and node.arg in SHEET_PARAMETERS:
                found.add(node.arg)
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Tuple) and isinstance(node.value, ast.Tuple):
                        for t, v in zip(target.elts, node.value.elts, strict=False):
                            if is_sheet(v):
                                found.add(ast.unparse(t))
                    elif is_sheet(node.value):
                        found.add(ast.unparse(target))
    return found


def unsafe_writes(path: Path, root: Path = HUIMIN.parent) -> tuple[list[str], int]:
    """The writes of cells in the module at `path` that bypass safe_row / safe_cell, and how many writes it has."""
    source = path.read_text(encoding="utf-8")
    tree = ast.parse(source)
    sheets = _sheet_like(tree)
    problems: list[str] = []
    writes = 0

    def complain(node: ast.AST, what: str) -> None:
        problems.append(f"{path.relative_to(root)}:{getattr(node, 'lineno', 0)}: {what}: {ast.unparse(node)[:100]}")

    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            attr, receiver = node.func.attr, ast.unparse(node.func.value)
            if attr in ("writerow", "writerows") or (attr == "append" and receiver in sheets):
                writes += 1
                arg = node.args[0] if node.args else None
                if attr == "writerows" and isinstance(arg, ast.GeneratorExp | ast.ListComp):
                    arg = arg.elt
                if arg is None or not _calls(arg, "safe_row"):
                    complain(node, f"{attr} without safe_row")
            if attr == "cell":
                for keyword in node.keywords:
                    if keyword.arg == "value":
                        writes += 1
                        if not _calls(keyword.value, "safe_cell"):
                            complain(node, "cell(value=…) without safe_cell")
        if isinstance(node, ast.Call) and ast.unparse(node.func).endswith(("WriteOnlyCell", "_cell")):
            for keyword in node.keywords:
                if keyword.arg == "value":
                    writes += 1
                    if not _calls(keyword.value, "safe_cell"):
                        complain(node, "a cell's value without safe_cell")
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Attribute) and target.attr == "value":
                    writes += 1
                    if not _calls(node.value, "safe_cell"):
                        complain(node, "cell.value = … without safe_cell")
                if isinstance(target, ast.Subscript) and ast.unparse(target.value) in sheets:
                    writes += 1
                    if not _calls(node.value, "safe_cell"):
                        complain(node, "sheet[…] = … without safe_cell")
    return problems, writes


def test_every_spreadsheet_and_csv_writer_passes_its_cells_through_the_helper():
    writers = {p: unsafe_writes(p) for p in _shipped_modules() if _is_writer_module(p.read_text(encoding="utf-8"))}
    names = {str(p.relative_to(HUIMIN)) for p in writers}
    # The scan must see the writers it is meant to police (else it proves nothing).
    assert {
        "screening/export.py",
        "surveys/exports.py",
        "credit/importing/errors.py",
        "credit/importing/templates.py",
    } <= names
    assert sum(count for _problems, count in writers.values()) >= 15
    problems = [line for found, _count in writers.values() for line in found]
    assert problems == [], "cells written without huimin.core.exports.safe_row/safe_cell:\n" + "\n".join(problems)


def test_the_code_check_sees_a_writer_that_bypasses_the_helper(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text(
        "import csv\nfrom openpyxl import Workbook\n"
        "def f(out, rows):\n"
        "    wb = Workbook()\n    ws = wb.active\n    ws.append(rows[0])\n"
        "    ws.cell(row=1, column=1, value=rows[1])\n"
        "    csv.writer(out).writerow(rows[2])\n",
        encoding="utf-8",
    )
    problems, writes = unsafe_writes(module, root=tmp_path)
    assert writes == 3 and len(problems) == 3
