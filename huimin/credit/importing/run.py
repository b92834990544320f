"""Import a file of 双公示 records (.xlsx or .csv) for one reporting unit: check every row, then write all or none.

Every row is checked (no database write): the rows are read one at a time and checked in chunks of CHUNK_ROWS with
`huimin.credit.rules.validate_record`, plus the importer's own rules — the decision number may appear only once in
the file (later rows that repeat it are errors), may not belong to another unit's record, and
数据来源单位统一社会信用代码 must be the credit code of the unit's organization. Every problem is collected with its row
number, column and value: the first ERRORS_KEPT in `ImportReport.errors`, all of them in the error workbook, which
is written as the rows are checked. Decision numbers already seen are kept in a temporary on-disk SQLite table, not
in memory, so memory stays the same whatever the size of the file.

The good rows are written with `huimin.credit.services.records.records_bulk_upsert` in chunks inside ONE transaction,
only when no row is bad or `valid_only` asks for the good rows: the import is all or nothing — if the database refuses a
chunk, nothing of the file stays. A re-imported decision number replaces its record (never a duplicate). Two ways, same
outcome:

- **One pass, writes overlapping the checks** (PostgreSQL, when no transaction is open in the calling thread): each
  chunk's good rows go to a `huimin.credit.bulk.BackgroundWriter` (its own connection and transaction) while the
  next rows are checked. The first bad row (unless `valid_only`) or a problem of the file rolls those writes back
  at once; checking goes on, to report every problem. The transaction commits when the last row is checked.
- **Two passes** (elsewhere, e.g. SQLite, or inside a caller's transaction): the cleaned good rows are spooled,
  compressed, to a temporary file while checking; then, if the file may be imported, the spool is read back and
  written chunk by chunk.

The write transaction holds the rows written so far (and, through the batch audit events, the audit chain's head)
until the whole file is written: other audited writes wait for a large import to finish. That is the price of all
or nothing, and it is accepted.

A problem of the file as a whole (unreadable, not a spreadsheet, no header row, missing required columns, data in
a column the format does not have) is reported in `ImportReport.file_errors`, and nothing is imported.

For .xlsx files openpyxl keeps the workbook's shared-strings table in memory (it grows with the number of distinct
texts in the workbook); CSV files are read in constant memory, so very large imports are best made from CSV.
"""

from __future__ import annotations

import gc
import operator
import pickle  # nosec B403
import sqlite3
import struct
import tempfile
import zlib
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import IO, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..bulk import BackgroundWriter, decision_numbers_elsewhere
from ..error_codes import CreditError
from ..events import CreditEvent
from ..fields import template_fields
from ..models import CatalogueItem, CatalogueKind, ImportStage, ReportingUnit
from ..permissions import can_submit_records
from ..rules import FieldError, make_context, record_fields, validate_record
from ..services.records import records_bulk_upsert
from .columns import JOINED_FIELDS, ColumnMap, kind_label, map_columns
from .errors import ErrorWorkbookWriter, RowError, copy_file, empty_error_workbook
from .reader import BLANK, ImportFileError, Table, column_letter, is_blank, open_table, value_text

CHUNK_ROWS = 2000  # rows checked, and records written, at a time
ERRORS_KEPT = 1000  # problems kept in ImportReport.errors (the error workbook has every one)
SQLITE_IN = 500  # decision numbers per IN (…) of the temporary SQLite table
GC_YOUNG_THRESHOLD = 20_000  # new objects between two runs of the garbage collector while importing

# Fields a problem may be reported on that are not columns of their own.
FIELD_COLUMN = {"licence_category_other": "licence_category", "sector": "catalogue_item"}


@dataclass(frozen=True)
class ImportProgress:
    """Where an import is: `stage` (validating / writing), `done` of `total` (None: unknown) counted in `unit`
    ("rows" or, while a CSV file is read, "bytes"), and `rows`, the rows checked or written so far."""

    stage: str
    done: int
    total: int | None
    unit: str
    rows: int


ProgressCallback = Callable[[ImportProgress], None]


@dataclass
class ImportReport:
    """The outcome of an import. `total` counts the data rows read (blank rows are not counted), `valid` and
    `invalid` the rows without and with problems, `created` and `updated` the records written."""

    kind: str
    unit: str
    filename: str
    valid_only: bool = False
    total: int = 0
    valid: int = 0
    invalid: int = 0
    created: int = 0
    updated: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0  # every problem (errors holds the first ERRORS_KEPT)
    file_errors: list[str] = field(default_factory=list)
    imported: bool = False
    headers: list[str] = field(default_factory=list)
    sheet: str = ""
    _workbook: IO[bytes] | None = field(default=None, repr=False)

    @property
    def rejected(self) -> bool:
        """Whether anything was rejected: a bad row (imported or not, the others) or a problem of the file."""
        return bool(self.invalid or self.file_errors)

    @property
    def skipped(self) -> int:
        """Rows not written: the bad ones with valid_only, every row otherwise when something was rejected."""
        return self.total - (self.created + self.updated)

    @property
    def errors_truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def error_workbook(self) -> bytes:
        """The error workbook (.xlsx): the bad rows with 行号 and 错误说明, and every problem on the second sheet."""
        if self._workbook is None:
            return empty_error_workbook(self.headers)
        self._workbook.seek(0)
        data = self._workbook.read()
        self._workbook.seek(0)
        return data

    def save_error_workbook(self, destination: str | Path | IO[bytes]) -> None:
        """Write the error workbook to a path or a binary file, without holding it in memory."""
        if self._workbook is None:
            data = self.error_workbook()
            if isinstance(destination, str | Path):
                Path(destination).write_bytes(data)
            else:
                destination.write(data)
            return
        if isinstance(destination, str | Path):
            with open(destination, "wb") as out:
                copy_file(self._workbook, out)
        else:
            copy_file(self._workbook, destination)

    @property
    def has_error_workbook(self) -> bool:
        return self._workbook is not None

    def close(self) -> None:
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    def as_json(self, *, errors: int = 200) -> dict[str, Any]:
        """The report as JSON (the first `errors` problems)."""
        return {
            "kind": self.kind,
            "unit": self.unit,
            "filename": self.filename,
            "valid_only": self.valid_only,
            "total": self.total,
            "valid": self.valid,
            "invalid": self.invalid,
            "created": self.created,
            "updated": self.updated,
            "imported": self.imported,
            "rejected": self.rejected,
            "error_count": self.error_count,
            "errors": [e.as_json() for e in self.errors[:errors]],
            "file_errors": list(self.file_errors),
        }


# --- helpers -----------------------------------------------------------------------------------------------------


class _SeenNumbers:
    """Decision numbers met so far and the row of their first appearance, in a temporary on-disk SQLite table
    (bounded memory however long the file)."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # a private temporary database on disk, deleted on close
        self.db.execute("CREATE TABLE seen (number TEXT PRIMARY KEY, row INTEGER NOT NULL) WITHOUT ROWID")

    def first_rows(self, pairs: Sequence[tuple[str, int]]) -> dict[int, int]:
        """For (number, row) pairs in file order: {row: first row} of the rows that repeat an earlier number."""
        numbers = list(dict.fromkeys(n for n, _row in pairs))
        known: dict[str, int] = {}
        for start in range(0, len(numbers), SQLITE_IN):
            part = numbers[start : start + SQLITE_IN]
            marks = ",".join("?" * len(part))
            known.update(self.db.execute(f"SELECT number, row FROM seen WHERE number IN ({marks})", part))  # nosec B608 # noqa: S608
        repeats: dict[int, int] = {}
        new: dict[str, int] = {}
        for number, row in pairs:
            first = known.get(number) or new.get(number)
            if first is not None:
                repeats[row] = first
            else:
                new[number] = row
        self.db.executemany("INSERT INTO seen (number, row) VALUES (?, ?)", new.items())
        return repeats

    def close(self) -> None:
        self.db.close()


class _Spool:
    """The cleaned good rows, pickled and compressed chunk by chunk in an anonymous temporary file."""

    def __init__(self, names: Sequence[str]):
        self.names = list(names)
        self.item_index = self.names.index("catalogue_item")
        self.file = tempfile.TemporaryFile()
        self.buffer: list[tuple[Any, ...]] = []
        self.count = 0

    def add(self, cleaned: dict[str, Any]) -> None:
        values = [cleaned.get(name) for name in self.names]
        item = values[self.item_index]
        if isinstance(item, CatalogueItem):
            values[self.item_index] = item.pk
        self.buffer.append(tuple(values))
        self.count += 1
        if len(self.buffer) >= CHUNK_ROWS:
            self._flush()

    def add_all(self, rows: list[dict[str, Any]]) -> None:
        for row in rows:
            self.add(row)

    def _flush(self) -> None:
        if not self.buffer:
            return
        data = zlib.compress(pickle.dumps(self.buffer, protocol=pickle.HIGHEST_PROTOCOL), 1)
        self.file.write(struct.pack("<Q", len(data)))
        self.file.write(data)
        self.buffer = []

    def chunks(self) -> Iterator[list[dict[str, Any]]]:
        self._flush()
        self.file.seek(0)
        while head := self.file.read(8):
            (length,) = struct.unpack("<Q", head)
            rows = pickle.loads(zlib.decompress(self.file.read(length)))  # nosec B301 # noqa: S301 - our own temporary file
            yield [dict(zip(self.names, row, strict=True)) for row in rows]

    def close(self) -> None:
        self.file.close()


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Run the garbage collector's youngest generation after GC_YOUNG_THRESHOLD new objects instead of 700.

    Checking a row makes a dozen short-lived dicts and lists and keeps a few until its chunk is written; with
    the default threshold the collector then ran about every hundred rows and took a fifth of the import's time
    (mostly rescanning the chunks in flight). Memory stays bounded (a collection still follows every
    GC_YOUNG_THRESHOLD objects); the previous thresholds are restored at the end."""
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], GC_YOUNG_THRESHOLD), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def resolve_unit(unit: ReportingUnit | str) -> ReportingUnit:
    if isinstance(unit, ReportingUnit):
        return unit
    code = str(unit or "").strip()
    found = ReportingUnit.objects.select_related("organization").filter(code=code).first() if code else None
    if found is None:
        raise ServiceError.for_fields(
            {"unit": _("There is no reporting unit with the code “%(code)s”.") % {"code": code}},
            code=CreditError.UNIT_UNKNOWN,
        )
    return found


def _blank_row(values: list[Any]) -> bool:
    for value in values:
        if value is not None and (value.__class__ is not str or not is_blank(value)):
            return False
    return True


def _strip_header(message: str, header: str) -> str:
    for prefix in (f"{header}: ", f"{header}：", f"“{header}”: "):
        if header and message.startswith(prefix):
            return message[len(prefix) :]
    return message


class _Importer:
    def __init__(
        self,
        *,
        table: Table,
        cmap: ColumnMap,
        unit: ReportingUnit,
        actor: Actor,
        valid_only: bool,
        report: ImportReport,
        writer: ErrorWorkbookWriter,
        progress: ProgressCallback | None,
        today: date | None,
        now: datetime | None,
    ):
        self.table, self.cmap, self.unit, self.actor = table, cmap, unit, actor
        self.kind = cmap.kind
        self.valid_only, self.report, self.writer, self.progress = valid_only, report, writer, progress
        self.now = now or timezone.now()
        self.context = make_context(unit, today=today)
        self.headers_by_field = {f.name: f.header for f in template_fields(self.kind)}
        n = len(cmap.headers)
        self.stray = sorted({*cmap.unknown, *(i for i, h in enumerate(cmap.headers) if not h)})
        self.width = n
        self.stray_rows: dict[int, int] = {}  # column index → first row with data in it
        names = [name for _index, name in cmap.columns]
        # Each field from one column (no joined columns): a row's data is read in one pass (see row_data).
        self.single_columns = len(set(names)) == len(names)
        self.column_names = names
        indexes = [index for index, _name in cmap.columns]
        self.pick = (
            operator.itemgetter(*indexes) if len(indexes) > 1 else lambda values: tuple(values[i] for i in indexes)
        )
        self.last_column = max(indexes, default=-1)
        self.unit_uscc = (unit.organization.uscc or "").strip().upper()

    # --- progress ----------------------------------------------------------------------------------------
    def _tell(self, stage: str, rows: int, total_rows: int | None = None) -> None:
        if self.progress is None:
            return
        if stage == ImportStage.VALIDATING and self.table.format == "csv":
            self.progress(ImportProgress(stage, self.table.bytes_read() or 0, self.table.size, "bytes", rows))
        elif stage == ImportStage.VALIDATING:
            total = self.table.estimated_rows
            done = rows if total is None else min(rows, total)
            self.progress(ImportProgress(stage, done, total, "rows", rows))
        else:
            self.progress(ImportProgress(stage, rows, total_rows, "rows", rows))

    # --- pass 1 ------------------------------------------------------------------------------------------
    def row_data(self, values: list[Any]) -> dict[str, Any]:
        """The row's values by field name; blank cells are None, joined columns joined with ";"."""
        if self.single_columns and len(values) > self.last_column:
            return {
                name: None if value.__class__ is str and not value.strip(BLANK) else value
                for name, value in zip(self.column_names, self.pick(values), strict=True)
            }
        data: dict[str, Any] = {}
        width = len(values)
        for index, name in self.cmap.columns:
            value = values[index] if index < width else None
            if value.__class__ is str and is_blank(value):
                value = None
            if name in JOINED_FIELDS and data.get(name) is not None:
                if value is not None:
                    data[name] = f"{value_text(data[name])};{value_text(value)}"
                continue
            data[name] = value
        return data

    def note_stray(self, number: int, values: list[Any]) -> None:
        for index in self.stray:
            if index < len(values) and not is_blank(values[index]) and index not in self.stray_rows:
                self.stray_rows[index] = number
        for index in range(self.width, len(values)):
            if not is_blank(values[index]) and index not in self.stray_rows:
                self.stray_rows[index] = number

    def row_error(self, number: int, data: dict[str, Any], name: str, message: str) -> RowError:
        column_field = FIELD_COLUMN.get(name, name)
        header = self.headers_by_field.get(column_field, "")
        value = value_text(data.get(column_field)) if header else ""
        return RowError(number, header, value, _strip_header(message, header), column_field if header else name)

    def check(self, seen: _SeenNumbers, on_good: Callable[[list[dict[str, Any]]], None]) -> None:
        """Check every row; hand the cleaned good rows of each chunk to `on_good` (after the chunk's bad rows are
        counted, so it can tell whether the import is still all good)."""
        chunk: list[tuple[int, list[Any]]] = []
        self._tell(ImportStage.VALIDATING, 0)
        for number, values in self.table.rows:
            if _blank_row(values):
                continue
            chunk.append((number, values))
            if len(chunk) >= CHUNK_ROWS:
                on_good(self.check_chunk(chunk, seen))
                chunk = []
                self._tell(ImportStage.VALIDATING, self.report.total)
        if chunk:
            on_good(self.check_chunk(chunk, seen))
        self._tell(ImportStage.VALIDATING, self.report.total)
        if self.stray_rows:
            self.stray_problem()

    def check_chunk(self, chunk: list[tuple[int, list[Any]]], seen: _SeenNumbers) -> list[dict[str, Any]]:
        good: list[dict[str, Any]] = []
        checked: list[tuple[int, list[Any], dict[str, Any], dict[str, Any], list[RowError]]] = []
        language = get_language()
        for number, values in chunk:
            self.report.total += 1
            if self.stray:
                self.note_stray(number, values)
            elif len(values) > self.width:
                self.note_stray(number, values)
            data = self.row_data(values)
            cleaned, field_errors = validate_record(
                self.kind, data, unit=self.unit, context=self.context, language=language
            )
            errors = [self.row_error(number, data, e.field, e.message) for e in field_errors]
            self.check_source_unit(number, data, cleaned, field_errors, errors)
            checked.append((number, values, data, cleaned, errors))

        pairs = [(c[3]["decision_number"], c[0]) for c in checked if c[3].get("decision_number")]
        repeats = seen.first_rows(pairs)
        good_numbers = [c[3]["decision_number"] for c in checked if not c[4] and c[3].get("decision_number")]
        elsewhere = decision_numbers_elsewhere(self.kind, good_numbers, unit=self.unit) if good_numbers else {}
        header = self.headers_by_field["decision_number"]
        for number, values, _data, cleaned, errors in checked:
            decision = cleaned.get("decision_number") or ""
            if number in repeats:
                errors.append(
                    RowError(
                        number,
                        header,
                        decision,
                        _(
                            "The decision number %(number)s is already in row %(first)d of this file; each decision "
                            "may appear once in a file."
                        )
                        % {"number": decision, "first": repeats[number]},
                        "decision_number",
                    )
                )
            elif decision in elsewhere and not errors:
                errors.append(
                    RowError(
                        number,
                        header,
                        decision,
                        _(
                            "The decision %(number)s is already filed by reporting unit %(owner)s; a unit imports "
                            "only its own decisions."
                        )
                        % {"number": decision, "owner": elsewhere[decision]},
                        "decision_number",
                    )
                )
            if errors:
                self.bad_row(number, values, errors)
            else:
                self.report.valid += 1
                good.append(cleaned)
        return good

    def check_source_unit(
        self,
        number: int,
        data: dict[str, Any],
        cleaned: dict[str, Any],
        field_errors: list[FieldError],
        errors: list[RowError],
    ) -> None:
        given = cleaned.get("source_unit_uscc") or ""
        if not given or not self.unit_uscc or any(e.field == "source_unit_uscc" for e in field_errors):
            return
        if given.upper() != self.unit_uscc:
            errors.append(
                self.row_error(
                    number,
                    data,
                    "source_unit_uscc",
                    _(
                        "The data source unit's credit code %(given)s is not the credit code of %(unit)s "
                        "(%(expected)s), the unit this file is imported for; a unit imports only its own records."
                    )
                    % {"given": given, "unit": self.unit.code, "expected": self.unit_uscc},
                )
            )

    def bad_row(self, number: int, values: list[Any], errors: list[RowError]) -> None:
        report = self.report
        report.invalid += 1
        report.error_count += len(errors)
        room = ERRORS_KEPT - len(report.errors)
        if room > 0:
            report.errors.extend(errors[:room])
        self.writer.add_row(number, values, errors)

    def stray_problem(self) -> None:
        parts = [
            _("%(column)s, first in row %(row)d") % {"column": self.cmap.column_name(index), "row": row}
            for index, row in sorted(self.stray_rows.items())
        ]
        message = _(
            "“%(name)s” has data in columns that the %(kind)s format does not have: %(columns)s. Name each column "
            "by a national header or field code, or delete it."
        ) % {"name": self.report.filename, "kind": kind_label(self.kind), "columns": "; ".join(parts)}
        self.report.file_errors.append(message)
        self.writer.add_problem(message, row=self.table.header_row)

    # --- writing -------------------------------------------------------------------------------------------
    def may_write(self) -> bool:
        """Whether what was checked so far may be written: no problem of the file, and no bad row unless the
        good rows alone were asked for."""
        return not self.report.file_errors and (self.valid_only or not self.report.invalid)

    def audit(self, created: int, updated: int) -> None:
        report = self.report
        audit_record(
            actor=self.actor,
            event_type=CreditEvent.RECORDS_FILE_IMPORTED,
            target=self.unit,
            target_label=self.unit.code,
            payload={
                "kind": self.kind,
                "file": report.filename,
                "rows": report.total,
                "valid": report.valid,
                "invalid": report.invalid,
                "created": created,
                "updated": updated,
                "valid_only": report.valid_only,
            },
        )

    def write_spooled(self, spool: _Spool) -> None:
        """Pass 2 of the two-pass way: write the spooled good rows in chunks, in one transaction."""
        report = self.report
        items = {item.pk: item for item in CatalogueItem.objects.filter(unit=self.unit)}
        written = created = updated = 0
        self._tell(ImportStage.WRITING, 0, report.valid)
        with transaction.atomic():
            for rows in spool.chunks():
                for row in rows:
                    item = items[row["catalogue_item"]]
                    row["catalogue_item"] = item
                    row["sector"] = item.sector
                    row["unit"] = self.unit
                c, u = records_bulk_upsert(
                    kind=self.kind, cleaned_rows=rows, unit=self.unit, actor=self.actor, now=self.now
                )
                created, updated, written = created + c, updated + u, written + len(rows)
                self._tell(ImportStage.WRITING, written, report.valid)
            self.audit(created, updated)
        report.created, report.updated, report.imported = created, updated, True

    def refused(self, exc: ServiceError) -> None:
        """The database refused a chunk: nothing stays (the transaction is rolled back)."""
        self.report.created = self.report.updated = 0
        self.report.imported = False
        for message in exc.messages:
            text = _("Nothing was imported; the database refused the records: %(reason)s") % {"reason": message}
            self.report.file_errors.append(text)
            self.writer.add_problem(text)


class _OverlappedWrites:
    """The one-pass way (PostgreSQL): good rows go to a BackgroundWriter while the next rows are checked; the
    first bad row (unless valid_only) or problem of the file rolls the writes back, and checking goes on."""

    def __init__(self, importer: _Importer):
        self.importer = importer
        self.writer: BackgroundWriter | None = BackgroundWriter(
            importer.kind, unit=importer.unit, actor=importer.actor, now=importer.now
        )

    def __call__(self, rows: list[dict[str, Any]]) -> None:
        if self.writer is None:
            return
        if not self.importer.may_write():
            self.cancel()
            return
        try:
            self.writer.submit(rows)
        except ServiceError as exc:
            self.cancel()
            self.importer.refused(exc)

    def cancel(self) -> None:
        writer, self.writer = self.writer, None
        if writer is not None:
            try:
                writer.finish(commit=False)
            except ServiceError:
                pass  # a refused chunk: rolled back already, and reported by whoever saw it first

    def finish(self) -> None:
        importer, report = self.importer, self.importer.report
        if self.writer is None:
            return
        if not (report.valid and importer.may_write()):
            self.cancel()
            return
        writer, self.writer = self.writer, None
        importer._tell(ImportStage.WRITING, 0, report.valid)
        try:
            created, updated = writer.finish(commit=True, final=lambda: importer.audit(writer.created, writer.updated))
        except ServiceError as exc:
            importer.refused(exc)
            return
        report.created, report.updated, report.imported = created, updated, True
        importer._tell(ImportStage.WRITING, report.valid, report.valid)


# --- the service -------------------------------------------------------------------------------------------------


def import_records(
    file: Any,
    *,
    kind: str | None,
    unit: ReportingUnit | str,
    actor: Actor,
    valid_only: bool = False,
    filename: str = "",
    progress: ProgressCallback | None = None,
    today: date | None = None,
    now: datetime | None = None,
) -> ImportReport:
    """Check and import a record file (.xlsx or .csv; a path, bytes, or a file / Django UploadedFile) for `unit`.

    `kind` is "licensing" or "penalty", or None to tell it from the headers. Every row is checked; when a row is
    bad nothing is imported, unless `valid_only` asks for the good rows. Writes are all or nothing (one
    transaction). `progress` is called with an ImportProgress after each chunk of rows. The actor must be allowed
    to file records of the unit (its credit officer, or the credit administrator).

    Returns the ImportReport (also when rows or the file are rejected). Raises PermissionDenied, or ServiceError
    for an unknown unit or kind."""
    unit = resolve_unit(unit)
    require(
        can_submit_records(actor, unit),
        _("You may import records of your own reporting unit only; %(unit)s is not yours.") % {"unit": unit.code},
    )
    if not unit.is_active:
        raise ServiceError.for_fields(
            {"unit": _("The reporting unit %(unit)s is no longer active.") % {"unit": unit.code}},
            code=CreditError.UNIT_UNKNOWN,
        )
    if kind is not None and kind not in CatalogueKind.values:
        raise ServiceError.for_fields(
            {"kind": _("“%(kind)s” is not a kind of record; use licensing or penalty.") % {"kind": kind}},
            code=CreditError.INVALID,
        )
    name = filename or str(getattr(file, "name", "") or (Path(file).name if isinstance(file, str | Path) else ""))
    report = ImportReport(kind=kind or "", unit=unit.code, filename=name or _("the file"), valid_only=valid_only)
    writer: ErrorWorkbookWriter | None = None
    try:
        with open_table(file, filename=name, kind=kind) as table, _fewer_collections():
            report.headers, report.sheet = table.headers, table.sheet
            writer = ErrorWorkbookWriter(table.headers)
            cmap = map_columns(table.headers, kind, filename=report.filename)
            report.kind = cmap.kind
            importer = _Importer(
                table=table,
                cmap=cmap,
                unit=unit,
                actor=actor,
                valid_only=valid_only,
                report=report,
                writer=writer,
                progress=progress,
                today=today,
                now=now,
            )
            seen = _SeenNumbers()
            try:
                if BackgroundWriter.usable():
                    overlapped = _OverlappedWrites(importer)
                    try:
                        importer.check(seen, overlapped)
                        seen.close()
                        table.close()
                        overlapped.finish()
                    finally:
                        overlapped.cancel()
                else:
                    spool = _Spool(record_fields(cmap.kind))
                    try:
                        importer.check(seen, spool.add_all)
                        seen.close()
                        table.close()
                        if report.valid and importer.may_write():
                            try:
                                importer.write_spooled(spool)
                            except ServiceError as exc:
                                importer.refused(exc)
                    finally:
                        spool.close()
            finally:
                seen.close()
    except ImportFileError as exc:
        report.file_errors.append(exc.text)
        if writer is None:
            writer = ErrorWorkbookWriter(report.headers)
        writer.add_problem(exc.text)
    except BaseException:
        if writer is not None:
            writer.discard()
        raise
    report._workbook = writer.finish() if writer is not None else None
    return report


def describe_error(error: RowError) -> str:
    """One line for people: `Row 12 [处罚决定日期] value “2020/13/01”: …`."""
    if error.column and error.value:
        return _("Row %(row)d [%(column)s] value “%(value)s”: %(message)s") % {
            "row": error.row,
            "column": error.column,
            "value": error.value,
            "message": error.message,
        }
    if error.column:
        return _("Row %(row)d [%(column)s]: %(message)s") % {
            "row": error.row,
            "column": error.column,
            "message": error.message,
        }
    return _("Row %(row)d: %(message)s") % {"row": error.row, "message": error.message}


__all__ = [
    "CHUNK_ROWS",
    "ImportProgress",
    "ImportReport",
    "RowError",
    "column_letter",
    "describe_error",
    "import_records",
]
