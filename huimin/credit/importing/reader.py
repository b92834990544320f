"""Reading record files: .xlsx (openpyxl, read-only, streamed) and .csv (UTF-8 with or without BOM, UTF-16, GB18030).

`open_table` finds the header row (the first row, or the first row naming known columns when a title sits above
it), then yields the data rows one at a time as (row number, values): rows are never all loaded into memory.
Blank rows are skipped. Cell values are made plain: Excel dates become `date`, whole numbers `int`, other numbers
`Decimal` (through their text, so 0.1 stays 0.1); everything else is text as written.

What a file is comes from its bytes (huimin.files.detect), not from its name: a PNG called .xlsx is refused with a
message that says so.
"""

from __future__ import annotations

import codecs
import csv
import io
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import IO, Any, BinaryIO

from django.utils.translation import gettext as _

from huimin.core.exports import restore_cell
from huimin.core.services.errors import ServiceError
from huimin.files.detect import detect

from ..fields import normalize_text_key, resolve_header
from ..models import CatalogueKind

HEADER_SEARCH_ROWS = 10  # a title (or notes) above the header row is skipped when the header row is within these
HEADER_MIN_COLUMNS = 3  # a row is the header row when at least this many of its cells name known columns
CSV_SAMPLE_BYTES = 1 << 20  # bytes read to tell the encoding of a CSV file
SPOOL_BYTES = 8 << 20  # a non-seekable upload is copied to a temporary file (in memory up to this size)


class ImportFileError(ServiceError):
    """The file as a whole cannot be imported (unreadable, no header row, missing columns …). `text` says why."""

    def __init__(self, message: str, code: str = "import_file_invalid"):
        super().__init__({"file": [message]}, code=code)
        self.error_code = code
        self.text = message

    def __str__(self) -> str:
        return self.text


# --- plain values ----------------------------------------------------------------------------------------------


def plain_value(value: Any) -> Any:
    """A cell value as the validators read it: None, str, int, Decimal, date or datetime (with a time). Text the
    platform's own error workbook kept from being a formula (`'=…`, `'-…`) reads as it was typed."""
    if isinstance(value, str):
        return restore_cell(value)
    if value is None or isinstance(value, Decimal):
        return value
    if isinstance(value, bool):
        return str(value).upper()
    if isinstance(value, int):
        return value
    if isinstance(value, datetime):
        return value.date() if value.time() == time(0) and value.tzinfo is None else value
    if isinstance(value, date):
        return value
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return int(value)
        try:
            return Decimal(str(value))
        except InvalidOperation:  # pragma: no cover - nan/inf are not written by Excel
            return str(value)
    if isinstance(value, time):
        return value.isoformat()
    return str(value)


BLANK = " \t\r\n\u3000\ufeff\u200b"  # what a cell may hold and still be blank


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip(BLANK))


def value_text(value: Any) -> str:
    """A cell value as text for messages and the error workbook: dates as YYYY/MM/DD, numbers as written."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == time(0):
            return value.strftime("%Y/%m/%d")
        return value.strftime("%Y/%m/%d %H:%M:%S")
    if isinstance(value, date):
        return value.strftime("%Y/%m/%d")
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value).strip()


def column_letter(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA (the spreadsheet name of a column)."""
    letters = ""
    n = index + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- opening -----------------------------------------------------------------------------------------------------


@dataclass
class Table:
    """An opened file: its header row and an iterator over its data rows (row number, values)."""

    format: str  # "xlsx" or "csv"
    filename: str
    headers: list[str]  # the header row's cells as text ("" for a blank cell), in column order
    header_row: int
    rows: Iterator[tuple[int, list[Any]]]
    sheet: str = ""
    encoding: str = ""
    estimated_rows: int | None = None  # data rows, when the file says (xlsx dimension); None for CSV
    size: int = 0  # bytes
    _position: Any = None  # callable → bytes read so far (CSV)
    _closers: list[Any] = field(default_factory=list)

    def bytes_read(self) -> int | None:
        return self._position() if self._position else None

    def close(self) -> None:
        while self._closers:
            closer = self._closers.pop()
            try:
                closer()
            except Exception:  # nosec B110 # noqa: S110 - closing must not hide the real outcome
                pass

    def __enter__(self) -> Table:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _binary(file: Any, filename: str) -> tuple[BinaryIO, str, list[Any]]:
    """A seekable binary file for `file` (a path, bytes, a Django File / UploadedFile or a file object)."""
    closers: list[Any] = []
    if isinstance(file, str | Path):
        fh = open(file, "rb")
        closers.append(fh.close)
        return fh, filename or Path(file).name, closers
    if isinstance(file, bytes | bytearray | memoryview):
        return io.BytesIO(bytes(file)), filename, closers
    name = filename or str(getattr(file, "name", "") or "")
    inner = getattr(file, "file", None)
    stream = inner if inner is not None and hasattr(inner, "read") else file
    if getattr(file, "closed", False) and hasattr(file, "open"):
        file.open("rb")
        stream = getattr(file, "file", file)
    seekable = getattr(stream, "seekable", None)
    if seekable is not None and seekable():
        stream.seek(0)
        return stream, name, closers
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)
    shutil.copyfileobj(stream, spool, 1 << 16)
    spool.seek(0)
    closers.append(spool.close)
    return spool, name, closers  # type: ignore[return-value]


def _size(f: BinaryIO) -> int:
    f.seek(0, io.SEEK_END)
    size = f.tell()
    f.seek(0)
    return size


def open_table(file: Any, *, filename: str = "", kind: str | None = None) -> Table:
    """Open a record file and find its header row. Raises ImportFileError when the file cannot be read as a table.

    `kind` ("licensing" / "penalty" / None for either) decides which headers count as known columns when looking
    for the header row."""
    f, name, closers = _binary(file, filename)
    display = name or _("the file")
    try:
        size = _size(f)
        if size == 0:
            raise ImportFileError(_("“%(name)s” is empty (0 bytes).") % {"name": display}, code="import_file_empty")
        found = detect(f)
        if found.kind == "xlsx":
            table = _open_xlsx(f, display, kind)
        elif found.kind == "text":
            table = _open_csv(f, display, kind)
        elif found.kind in ("xls", "ods", "office-macro"):
            raise ImportFileError(
                _(
                    "“%(name)s” is a %(kind)s; open it in Excel or WPS, save it as an Excel workbook (.xlsx) and "
                    "import that file."
                )
                % {"name": display, "kind": found.label},
                code="import_file_type",
            )
        else:
            raise ImportFileError(
                _("“%(name)s” is a %(kind)s, not an Excel workbook (.xlsx) or a CSV file.")
                % {"name": display, "kind": found.label},
                code="import_file_type",
            )
    except BaseException:
        for closer in reversed(closers):
            closer()
        raise
    table.size = size
    table._closers[:0] = closers
    return table


# --- header row --------------------------------------------------------------------------------------------------


def _known_columns(values: list[Any], kind: str | None) -> int:
    kinds = [kind] if kind else list(CatalogueKind.values)
    best = 0
    for k in kinds:
        best = max(best, sum(1 for v in values if not is_blank(v) and resolve_header(k, v) is not None))
    return best


def _cells(values: list[Any]) -> str:
    shown = [value_text(v) for v in values if not is_blank(v)][:6]
    return "、".join(f"“{s[:40]}”" for s in shown)


def _find_header(
    rows: Iterator[tuple[int, list[Any]]], display: str, kind: str | None
) -> tuple[int, list[str], Iterator[tuple[int, list[Any]]]]:
    """(header row number, header texts, the remaining rows). Rows above the header row (a title) are skipped."""
    seen: list[tuple[int, list[Any]]] = []
    for number, values in rows:
        if all(is_blank(v) for v in values):
            continue
        if _known_columns(values, kind) >= HEADER_MIN_COLUMNS:
            headers = [value_text(v) for v in values]
            while headers and not headers[-1]:
                headers.pop()
            return number, headers, rows
        seen.append((number, values))
        if len(seen) >= HEADER_SEARCH_ROWS:
            break
    if not seen:
        raise ImportFileError(
            _("“%(name)s” holds no rows: the first row must be the header row, followed by one row per decision.")
            % {"name": display},
            code="import_file_empty",
        )
    first_number, first_values = seen[0]
    raise ImportFileError(
        _(
            "No header row was found in “%(name)s”: the first row must hold the column names of the national format "
            "(such as 行政相对人名称, 行政处罚决定书文号) or their field codes (such as CF_XDR_MC, CF_WSH). "
            "Row %(row)d holds %(cells)s."
        )
        % {"name": display, "row": first_number, "cells": _cells(first_values)},
        code="import_file_no_header",
    )


# --- xlsx --------------------------------------------------------------------------------------------------------


def _open_xlsx(f: BinaryIO, display: str, kind: str | None) -> Table:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(f, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError, IndexError) as exc:
        raise ImportFileError(
            _("“%(name)s” is not a readable Excel workbook (.xlsx): %(reason)s") % {"name": display, "reason": exc},
            code="import_file_unreadable",
        ) from exc
    except Exception as exc:  # openpyxl raises many kinds on a damaged workbook
        raise ImportFileError(
            _("“%(name)s” is not a readable Excel workbook (.xlsx).") % {"name": display},
            code="import_file_unreadable",
        ) from exc
    first_error: ImportFileError | None = None
    try:
        for sheet in workbook.worksheets:
            rows = _xlsx_rows(sheet, display)
            try:
                header_row, headers, rest = _find_header(rows, display, kind)
            except ImportFileError as exc:
                first_error = first_error or exc
                continue
            max_row = getattr(sheet, "max_row", None)
            estimated = max(0, max_row - header_row) if isinstance(max_row, int) else None
            return Table(
                format="xlsx",
                filename=display,
                headers=headers,
                header_row=header_row,
                rows=rest,
                sheet=sheet.title,
                estimated_rows=estimated,
                _closers=[workbook.close],
            )
    except BaseException:
        workbook.close()
        raise
    workbook.close()
    raise first_error or ImportFileError(
        _("“%(name)s” has no worksheet.") % {"name": display}, code="import_file_empty"
    )


def _xlsx_rows(sheet: Any, display: str) -> Iterator[tuple[int, list[Any]]]:
    number = 0
    try:
        for values in sheet.iter_rows(values_only=True):
            number += 1
            yield number, [plain_value(v) for v in values]
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, EOFError) as exc:
        raise ImportFileError(
            _("“%(name)s” is damaged after row %(row)d and cannot be read further: %(reason)s")
            % {"name": display, "row": number, "reason": exc},
            code="import_file_unreadable",
        ) from exc


# --- csv ---------------------------------------------------------------------------------------------------------


def _csv_encoding(sample: bytes) -> str:
    if sample.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if sample.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(sample, final=False)  # a character cut at the end of the sample is fine
    except UnicodeDecodeError:
        return "gb18030"
    return "utf-8"


def _csv_delimiter(first_line: str) -> str:
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


class _PositionReader(io.RawIOBase):
    """Counts the bytes the text layer has read (for a progress bar in bytes)."""

    def __init__(self, inner: BinaryIO):
        self.inner = inner
        self.position = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.inner.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.position += n
        return n


def _open_csv(f: BinaryIO, display: str, kind: str | None) -> Table:
    sample = f.read(CSV_SAMPLE_BYTES)
    f.seek(0)
    encoding = _csv_encoding(sample)
    head = sample.decode(encoding, "ignore")
    first_line = head.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = _csv_delimiter(first_line)
    counter = _PositionReader(f)
    text = io.TextIOWrapper(io.BufferedReader(counter, 1 << 16), encoding=encoding, newline="")
    rows = _csv_rows(text, delimiter, display, encoding)
    try:
        header_row, headers, rest = _find_header(rows, display, kind)
    except BaseException:
        text.detach()
        raise
    return Table(
        format="csv",
        filename=display,
        headers=headers,
        header_row=header_row,
        rows=rest,
        encoding=encoding,
        _position=lambda: counter.position,
        _closers=[text.detach],
    )


def _csv_rows(text: IO[str], delimiter: str, display: str, encoding: str) -> Iterator[tuple[int, list[Any]]]:
    reader = csv.reader(text, delimiter=delimiter)
    number = 0
    try:
        for values in reader:
            number += 1  # records, as Excel numbers the rows of a CSV file (a quoted cell may span lines)
            if number == 1 and values and values[0].startswith("\ufeff"):
                values[0] = values[0][1:]
            # Only a cell starting with an apostrophe may be one the error workbook quoted (cheap test first).
            yield number, [(restore_cell(v) if v[:1] == "'" else v) if v != "" else None for v in values]
    except UnicodeDecodeError as exc:
        raise ImportFileError(
            _(
                "“%(name)s” cannot be read as %(encoding)s text after line %(row)d; save the CSV file as UTF-8 "
                "(or GB18030) throughout."
            )
            % {"name": display, "encoding": encoding.upper(), "row": number},
            code="import_file_encoding",
        ) from exc
    except csv.Error as exc:
        raise ImportFileError(
            _("“%(name)s” is not a well-formed CSV file near line %(row)d: %(reason)s")
            % {"name": display, "row": number + 1, "reason": exc},
            code="import_file_unreadable",
        ) from exc


# --- the simple public reader --------------------------------------------------------------------------------------


def read_rows(file: Any, *, filename: str = "") -> tuple[list[str], Iterator[tuple[int, dict[str, Any]]]]:
    """(header texts, an iterator of (row number, {header text: value})) of a .xlsx or .csv record file.

    The header row is the first row (a title above it is skipped); blank rows are skipped; the file is read as the
    iterator advances and closed at its end. Columns without a header are left out of the dicts."""
    table = open_table(file, filename=filename)
    headers = table.headers

    def rows() -> Iterator[tuple[int, dict[str, Any]]]:
        try:
            for number, values in table.rows:
                if all(is_blank(v) for v in values):
                    continue
                yield number, {h: v for h, v in zip(headers, values, strict=False) if h}
        finally:
            table.close()

    return headers, rows()


def header_key(text: object) -> str:
    return normalize_text_key(text)
