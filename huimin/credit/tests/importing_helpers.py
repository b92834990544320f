"""Building record files for the import tests: rows keyed by national headers, written as .xlsx or .csv."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from huimin.core.permissions import SystemActor
from huimin.credit.fields import template_fields
from huimin.credit.importing import import_records
from huimin.credit.models import CatalogueItem, ReportingUnit

from .factories import licence_data, penalty_data


def headers_of(kind: str) -> list[str]:
    return [f.header for f in template_fields(kind)]


def codes_of(kind: str) -> dict[str, str]:
    """{national header: field code} (the catalogue item and the procedure keep their headers)."""
    return {f.header: f.code or f.header for f in template_fields(kind)}


def as_row(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    """Record data keyed by model field names → a row keyed by national headers."""
    by_name = {f.name: f.header for f in template_fields(kind)}
    return {by_name[k]: v for k, v in data.items() if k in by_name}


def penalty_row(unit: ReportingUnit, item: CatalogueItem | str, **overrides: Any) -> dict[str, Any]:
    overrides.setdefault("source_unit_uscc", unit.organization.uscc)
    return as_row("penalty", penalty_data(unit, item, **overrides))


def licence_row(unit: ReportingUnit, item: CatalogueItem | str, **overrides: Any) -> dict[str, Any]:
    overrides.setdefault("source_unit_uscc", unit.organization.uscc)
    return as_row("licensing", licence_data(unit, item, **overrides))


def table(headers: Sequence[str], rows: Iterable[dict[str, Any]]) -> list[list[Any]]:
    return [list(headers), *([row.get(h) for h in headers] for row in rows)]


def xlsx_bytes(lines: Sequence[Sequence[Any]], *, title: str = "Sheet1") -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = title
    for line in lines:
        ws.append(list(line))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def csv_bytes(lines: Sequence[Sequence[Any]], *, encoding: str = "utf-8-sig") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for line in lines:
        writer.writerow(["" if v is None else v for v in line])
    return out.getvalue().encode(encoding)


def penalty_file(unit, item, rows: Sequence[dict[str, Any]] | None = None, *, fmt: str = "xlsx", **kw: Any) -> bytes:
    rows = rows if rows is not None else [penalty_row(unit, item)]
    lines = table(headers_of("penalty"), rows)
    return xlsx_bytes(lines) if fmt == "xlsx" else csv_bytes(lines, **kw)


def run_import(data: bytes, unit: ReportingUnit, actor: Any = None, **kw: Any):
    """`import_records` as the tests call it: any kind, a file named records.xlsx, the platform as the actor."""
    kw.setdefault("kind", None)
    kw.setdefault("filename", "records.xlsx")
    return import_records(data, unit=unit, actor=actor or SystemActor("test"), **kw)
