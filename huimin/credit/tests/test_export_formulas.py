"""The import error workbook and the import templates hold no live formula, whatever the uploaded file or the
catalogue held; a corrected error workbook still imports the text as it was typed."""

from __future__ import annotations

import io

import pytest
from django.utils import translation
from openpyxl import load_workbook

from huimin.core.tests.spreadsheets import POISON, live_formulas_in_csv, live_formulas_in_xlsx
from huimin.credit.importing.templates import build_csv_template, build_template
from huimin.credit.models import PenaltyRecord

from .factories import make_item
from .importing_helpers import csv_bytes, headers_of, penalty_file, penalty_row, table
from .importing_helpers import run_import as run

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_the_error_workbook_echoes_formula_like_cells_as_text(unit, item, fmt):
    rows = [penalty_row(unit, item) for _ in POISON]
    for row, text in zip(rows, POISON, strict=True):
        row["处罚决定日期"] = text  # not a date: the row is rejected and its cells echoed
        row["处罚依据"] = text
    data = penalty_file(unit, item, rows, fmt=fmt) if fmt == "xlsx" else csv_bytes(table(headers_of("penalty"), rows))
    report = run(data, unit, filename=f"records.{fmt}")
    assert report.invalid == len(POISON)
    content = report.error_workbook()
    assert live_formulas_in_xlsx(content) == []
    bad = load_workbook(io.BytesIO(content)).worksheets[0]
    column = [c.value for c in bad[1]].index("处罚依据")
    echoed = [line[column] for line in bad.iter_rows(min_row=2, values_only=True)]
    if fmt == "csv":  # (an .xlsx upload holds a real formula in the first cell, read as its missing result)
        assert echoed == ["'" + text.strip() for text in POISON]  # cells are echoed trimmed, as they are read
    assert all(value is None or value.startswith("'") for value in echoed)


def test_a_corrected_error_workbook_imports_the_text_as_typed(unit, item):
    rows = [penalty_row(unit, item), penalty_row(unit, item)]
    rows[1]["处罚决定日期"] = "2020/13/01"
    rows[1]["处罚依据"] = "-《食品安全法》第一百二十二条"
    report = run(penalty_file(unit, item, rows), unit, valid_only=True)
    wb = load_workbook(io.BytesIO(report.error_workbook()))
    ws = wb.worksheets[0]
    headers = [c.value for c in ws[1]]
    assert ws.cell(row=2, column=headers.index("处罚依据") + 1).value == "'-《食品安全法》第一百二十二条"
    ws.cell(row=2, column=headers.index("处罚决定日期") + 1, value="2025/03/10")
    out = io.BytesIO()
    wb.save(out)
    again = run(out.getvalue(), unit)
    assert again.created == 1, again.as_json()
    record = PenaltyRecord.objects.get(decision_number=rows[1]["行政处罚决定书文号"])
    assert record.basis == "-《食品安全法》第一百二十二条"


def test_the_templates_hold_no_formula_even_for_a_catalogue_item_named_like_one(unit):
    make_item(unit, "penalty", "CF0009", name='=HYPERLINK("http://evil.example","点击")')
    content = build_template("penalty", unit=unit)
    assert live_formulas_in_xlsx(content) == []
    items = load_workbook(io.BytesIO(content)).worksheets[-1]
    assert '\'=HYPERLINK("http://evil.example","点击")' in [c.value for c in items["B"]]
    assert live_formulas_in_csv(build_csv_template("penalty")) == []
