"""The error workbook of an import: every rejected row with its original cells, its row number and what is wrong.

Sheet 1 (错误行) repeats the file's columns for each bad row and adds 行号 (the row in the uploaded file) and
错误说明 (every problem of the row); it can be corrected and imported again (the two added columns are ignored).
Sheet 2 (错误明细) lists every problem on its own line: 行号, 列, 值, 原因. Problems of the whole file (a missing
column …) are listed there without a row number.

The workbook is written as the rows are checked (openpyxl's write-only mode, which keeps nothing in memory) into a
temporary file, so a file with a million bad rows does not need a million rows of memory.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO, Any

from huimin.core.exports import safe_cell, safe_row

from .reader import value_text

ROWS_SHEET = "错误行"
LIST_SHEET = "错误明细"
ROW_HEADER = "行号"
EXPLANATION_HEADER = "错误说明"
LIST_HEADERS = ("行号", "列", "值", "原因")


@dataclass(frozen=True)
class RowError:
    """One problem of one row: the row number in the file, the column (its national Chinese header; "" when the
    problem is the row's as a whole), the value found there as text, and the reason."""

    row: int
    column: str
    value: str
    message: str
    field: str = ""

    def as_json(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "value": self.value, "message": self.message}


def explanation(errors: Sequence[RowError]) -> str:
    """The 错误说明 cell: one line per problem, `[列] 原因`."""
    return "\n".join(f"[{e.column}] {e.message}" if e.column else e.message for e in errors)


class ErrorWorkbookWriter:
    """Writes the error workbook as bad rows come. Created lazily: a clean import never builds one."""

    def __init__(self, headers: Sequence[str]):
        self.headers = list(headers)
        self._workbook: Any = None
        self._rows: Any = None
        self._list: Any = None
        self.rows_written = 0
        self.problems_written = 0

    def _start(self) -> None:
        if self._workbook is not None:
            return
        from openpyxl import Workbook
        from openpyxl.cell import WriteOnlyCell
        from openpyxl.styles import Alignment, Font, PatternFill

        wb = Workbook(write_only=True)
        rows = wb.create_sheet(ROWS_SHEET)
        listing = wb.create_sheet(LIST_SHEET)
        bold = Font(bold=True)
        fill = PatternFill("solid", fgColor="FFF2CC")
        for index, header in enumerate(self.headers):
            rows.column_dimensions[_letter(index)].width = _width(header)
        rows.column_dimensions[_letter(len(self.headers))].width = 8
        rows.column_dimensions[_letter(len(self.headers) + 1)].width = 60
        rows.freeze_panes = "A2"
        for letter, width in zip("ABCD", (8, 28, 28, 80), strict=True):
            listing.column_dimensions[letter].width = width
        listing.freeze_panes = "A2"

        def head(ws: Any, texts: Sequence[str], highlight: set[int]) -> None:
            cells = []
            for i, text in enumerate(texts):
                cell = WriteOnlyCell(ws, value=safe_cell(text))
                cell.font = bold
                if i in highlight:
                    cell.fill = fill
                cells.append(cell)
            ws.append(safe_row(cells))

        n = len(self.headers)
        head(rows, [*self.headers, ROW_HEADER, EXPLANATION_HEADER], {n, n + 1})
        head(listing, LIST_HEADERS, set())
        self._wrap = Alignment(wrap_text=True, vertical="top")
        self._cell = WriteOnlyCell
        self._workbook, self._rows, self._list = wb, rows, listing

    def add_row(self, row: int, values: Sequence[Any], errors: Sequence[RowError]) -> None:
        self._start()
        texts: list[Any] = [value_text(v) or None for v in values[: len(self.headers)]]
        texts += [None] * (len(self.headers) - len(texts))
        note = self._cell(self._rows, value=safe_cell(explanation(errors)))
        note.alignment = self._wrap
        self._rows.append(safe_row([*texts, row, note]))
        self.rows_written += 1
        for e in errors:
            self._list.append(safe_row([e.row, e.column or None, e.value or None, e.message]))
            self.problems_written += 1

    def add_problem(self, message: str, row: int | None = None, column: str = "") -> None:
        """A problem of the whole file (listed on the second sheet only)."""
        self._start()
        self._list.append(safe_row([row, column or None, None, message]))
        self.problems_written += 1

    def finish(self) -> IO[bytes] | None:
        """Save the workbook into an anonymous temporary file (None when nothing was written)."""
        if self._workbook is None:
            return None
        out = tempfile.TemporaryFile(suffix=".xlsx")
        try:
            self._workbook.save(out)
        except BaseException:
            out.close()
            raise
        finally:
            self._workbook = None
        out.seek(0)
        return out

    def discard(self) -> None:
        if self._workbook is not None:
            try:
                out = tempfile.TemporaryFile()
                self._workbook.save(out)  # releases the sheets' temporary files
                out.close()
            finally:
                self._workbook = None


def empty_error_workbook(headers: Sequence[str]) -> bytes:
    """An error workbook without rows (for an import that rejected nothing)."""
    writer = ErrorWorkbookWriter(headers)
    writer._start()
    out = writer.finish()
    if out is None:  # _start created the workbook, so finish() has one to give
        raise RuntimeError("the error workbook was not started")
    with out:
        return out.read()


def copy_file(source: IO[bytes], destination: IO[bytes]) -> None:
    source.seek(0)
    shutil.copyfileobj(source, destination, 1 << 16)
    source.seek(0)


def _letter(index: int) -> str:
    from .reader import column_letter

    return column_letter(index)


def _width(header: str) -> float:
    wide = sum(2 if ord(ch) > 0x2E80 else 1 for ch in header)
    return max(10, min(40, wide + 2))
