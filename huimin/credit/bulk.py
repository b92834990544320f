"""The PostgreSQL fast write path of record imports: COPY into a staging table, then one INSERT … ON CONFLICT.

`services.records.records_bulk_upsert` computes every record's values and publication bookkeeping (as on SQLite) and, on
PostgreSQL, hands the rows to `copy_upsert` instead of `bulk_create` / `bulk_update`:

1. the rows are streamed with psycopg 3's `cursor.copy()` into a temporary table shaped like the record table
   (`CREATE TEMP TABLE … AS SELECT <columns> FROM <table> WITH NO DATA`, dropped at commit);
2. `INSERT INTO <table> (…) SELECT … FROM <staging> ON CONFLICT (decision_number) DO UPDATE SET … WHERE
   <table>.unit_id = EXCLUDED.unit_id RETURNING decision_number, (xmax = 0)` creates the new decision numbers and
   replaces the known ones of the same unit. A decision number filed by another unit is neither inserted nor
   updated: it does not come back from RETURNING, and `copy_upsert` raises `OtherUnitConflict` naming them, which
   rolls the whole batch back (records_bulk_upsert runs in one transaction).

A replaced record keeps its id, public_id and created_at. Everything runs inside the caller's transaction.

records_bulk_upsert hands `copy_upsert` its rows already as lists of COPY values in an order of columns it names
(`columns=`), so that no dict is built per row. It first expects the batch to be all new (`fresh=True`): the rows
are then COPYed straight into the record table, as a plain COPY would, in a savepoint; when a decision number is
filed already the unique constraint refuses them, the savepoint is rolled back (AlreadyFiled) and records_bulk_upsert
looks the filed records up and takes the way above.
"""

from __future__ import annotations

import json
import os
import queue
import threading
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from itertools import islice
from typing import Any

import psycopg
from django.db import IntegrityError, connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.core.services.errors import ServiceError

from .error_codes import CreditError
from .models import CatalogueKind, LicensingRecord, PenaltyRecord, ReportingUnit

KEEP_ON_UPDATE = frozenset({"id", "public_id", "created_at"})
LOOKUP_CHUNK = 900  # decision numbers per IN (...) query (SQLite allows 999 parameters)


class OtherUnitConflict(ServiceError):
    """Some decision numbers of the batch are filed by another unit; nothing of the batch was written."""

    def __init__(self, numbers: list[str], unit: ReportingUnit):
        self.numbers = numbers
        super().__init__(
            _("These decisions are already filed by another unit and cannot move to %(unit)s: %(numbers)s.")
            % {"unit": unit.code, "numbers": ", ".join(numbers[:20])},
            code=CreditError.RECORD_OTHER_UNIT,
        )


class AlreadyFiled(Exception):
    """copy_upsert(fresh=True) found a decision number already filed; nothing was written."""


def _model(kind: str) -> type[LicensingRecord] | type[PenaltyRecord]:
    return LicensingRecord if kind == CatalogueKind.LICENSING else PenaltyRecord


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def decision_numbers_elsewhere(kind: str, numbers: Iterable[str], *, unit: ReportingUnit) -> dict[str, str]:
    """Of these decision numbers, those already filed by another unit: {number: that unit's code}. An importer
    reports them as bad rows before calling records_bulk_upsert, which refuses them."""
    model = _model(kind)
    if connection.vendor == "postgresql":
        # One array parameter instead of an IN list of hundreds (which the driver splices into the query text).
        with connection.cursor() as cursor:
            cursor.execute(
                f'SELECT r."decision_number", u."code" FROM "{model._meta.db_table}" r '  # nosec B608 # noqa: S608 - model meta
                f'JOIN "{ReportingUnit._meta.db_table}" u ON u."id" = r."unit_id" '
                'WHERE r."decision_number" = ANY(%s) AND r."unit_id" <> %s',
                [list(dict.fromkeys(numbers)), unit.pk],
            )
            return dict(cursor.fetchall())
    found: dict[str, str] = {}
    for chunk in _chunks(list(dict.fromkeys(numbers)), LOOKUP_CHUNK):
        rows = (
            model.objects.filter(decision_number__in=chunk)
            .exclude(unit=unit)
            .values_list("decision_number", "unit__code")
        )
        found.update(dict(rows))
    return found


def _fields(model: type[models.Model]) -> list[models.Field]:
    """The concrete columns written (all but the auto id)."""
    return [f for f in model._meta.concrete_fields if not f.primary_key]  # type: ignore[misc]


@dataclass(frozen=True)
class _Column:
    """How one column's value is read from a row and written to COPY."""

    name: str
    attname: str
    column: str
    relation: bool
    json: bool
    has_default: bool
    default: Any  # the field (for get_default) when it has one
    fill_now: bool  # created_at / updated_at: `now` when missing
    new_uuid: bool  # public_id: a new uuid4 when missing


def _columns(model: type[models.Model]) -> list[_Column]:
    return [
        _Column(
            name=f.name,
            attname=f.attname,
            column=f.column or f.name,
            relation=f.is_relation,
            json=isinstance(f, models.JSONField),
            has_default=f.has_default(),
            default=f,
            fill_now=f.name in ("created_at", "updated_at"),
            new_uuid=f.name == "public_id",
        )
        for f in _fields(model)
    ]


class _RowReader:
    """Turns rows into COPY values quickly: one dict lookup per column, then only the few columns that need it are
    fixed up (foreign keys to ids, JSON to text, missing defaults, public_id and the timestamps)."""

    def __init__(self, columns: list[_Column], moment: datetime):
        self.columns = columns
        self.moment = moment
        self.names = [c.name for c in columns]
        self.attnames = [c.attname for c in columns]
        self.relations = [(i, c) for i, c in enumerate(columns) if c.relation]
        self.jsons = [i for i, c in enumerate(columns) if c.json]
        self.defaults = [(i, c) for i, c in enumerate(columns) if c.has_default and not c.relation]
        self.uuids = [i for i, c in enumerate(columns) if c.new_uuid]
        self.stamps = [i for i, c in enumerate(columns) if c.fill_now]

    def values(self, row: Mapping[str, Any] | models.Model) -> list[Any]:
        """The COPY values of one row: a dict of model field names (FKs as objects or `<name>_id`; a missing key
        takes the field's default) or a model instance."""
        if isinstance(row, models.Model):
            out = [getattr(row, name) for name in self.attnames]
        else:
            get = row.get
            out = [get(name) for name in self.names]
            for i, c in self.relations:
                value = out[i]
                if isinstance(value, models.Model):
                    out[i] = value.pk
                elif value is None and c.attname in row:
                    out[i] = row[c.attname]
            for i, c in self.defaults:
                if out[i] is None and c.name not in row:
                    out[i] = c.default.get_default()
        for i in self.jsons:
            if out[i] is not None:
                out[i] = json.dumps(out[i], ensure_ascii=False, cls=JSONEncoder)
        for i in self.uuids:
            if out[i] is None:
                out[i] = uuid.uuid4()
        for i in self.stamps:
            if out[i] is None:
                out[i] = self.moment
        return out


class JSONEncoder(json.JSONEncoder):
    """JSON of COPY values: Decimal as text."""

    def default(self, o: Any) -> Any:
        if isinstance(o, Decimal):
            return str(o)
        return super().default(o)


def new_public_ids(count: int) -> list[str]:
    """`count` random version 4 UUIDs (as `uuid.uuid4()` draws them), as text: one read of os.urandom."""
    raw = bytearray(os.urandom(16 * count))
    for i in range(6, 16 * count, 16):
        raw[i] = (raw[i] & 0x0F) | 0x40  # version 4
        raw[i + 2] = (raw[i + 2] & 0x3F) | 0x80  # RFC 4122 variant
    h = raw.hex()
    return [
        f"{h[j : j + 8]}-{h[j + 8 : j + 12]}-{h[j + 12 : j + 16]}-{h[j + 16 : j + 20]}-{h[j + 20 : j + 32]}"
        for j in range(0, 32 * count, 32)
    ]


def copy_upsert(
    kind: str,
    rows: Iterable[Mapping[str, Any] | models.Model] | Iterable[Sequence[Any]],
    *,
    unit: ReportingUnit,
    now: datetime | None = None,
    columns: Sequence[str] | None = None,
    fresh: bool = False,
) -> tuple[int, int]:
    """Create or replace records of `unit` by decision number with COPY + INSERT … ON CONFLICT (PostgreSQL only).

    `rows` are complete records: dicts keyed by model field names (every national field, catalogue item, and the
    publication bookkeeping records_bulk_upsert computes) or unsaved model instances. Missing `public_id`, `created_at`
    and `updated_at` are filled (a new uuid4, `now`). Or, with `columns` (model field names: every column of the table),
    `rows` are sequences of values in that order as COPY writes them: foreign keys as ids, JSON as text.

    `fresh`: the caller expects none of the decision numbers to be filed, so the rows are COPYed straight into the
    record table, in a savepoint. Should one be filed (by anyone), the unique constraint refuses that COPY, the
    savepoint is rolled back and AlreadyFiled is raised: nothing was written, and the caller computes the rows
    again knowing the filed records.

    Returns (created, updated). Raises OtherUnitConflict, writing nothing that stays, when a decision number
    belongs to another unit; the caller's transaction must be open."""
    if connection.vendor != "postgresql":
        raise RuntimeError("copy_upsert needs PostgreSQL")
    model = _model(kind)
    table = model._meta.db_table
    every = _columns(model)
    if columns is None:
        reader = _RowReader(every, now or timezone.now())
        values: Iterable[Sequence[Any]] = (reader.values(row) for row in rows)  # type: ignore[arg-type]
        copied = [c.column for c in every]
        number_at = next(i for i, c in enumerate(every) if c.name == "decision_number")
    else:
        by_name = {c.name: c for c in every}
        if len(set(columns)) != len(columns) or set(columns) != set(by_name):
            raise ValueError(f"copy_upsert needs every column of {table} once, not {list(columns)}")
        values = rows  # type: ignore[assignment]
        copied = [by_name[name].column for name in columns]
        number_at = list(columns).index("decision_number")
    column_list = ", ".join(f'"{c.column}"' for c in every)
    copy_list = ", ".join(f'"{column}"' for column in copied)
    if fresh:
        values = values if isinstance(values, list) else list(values)
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                # Table and column names come from the model's meta, never from input.
                with cursor.cursor.copy(f'COPY "{table}" ({copy_list}) FROM STDIN') as copy:
                    write = copy.write_row
                    for row in values:
                        write(row)
        except (IntegrityError, psycopg.errors.UniqueViolation) as exc:
            raise AlreadyFiled from exc  # the savepoint is rolled back: nothing of this COPY stays
        return len(values), 0
    stage = f"_stage_{table}"
    numbers: list[str] = []
    with connection.cursor() as cursor:
        # Table and column names come from the model's meta, never from input.
        select = f'SELECT {column_list} FROM "{table}"'  # nosec B608 # noqa: S608
        cursor.execute(f'CREATE TEMP TABLE IF NOT EXISTS "{stage}" ON COMMIT DROP AS {select} WITH NO DATA')
        cursor.execute(f'TRUNCATE "{stage}"')
        raw = cursor.cursor  # the psycopg 3 cursor under Django's wrapper
        append = numbers.append
        with raw.copy(f'COPY "{stage}" ({copy_list}) FROM STDIN') as copy:
            write = copy.write_row
            for row in values:
                append(row[number_at])
                write(row)
        updates = ", ".join(f'"{c.column}" = EXCLUDED."{c.column}"' for c in every if c.name not in KEEP_ON_UPDATE)
        staged = f'SELECT {column_list} FROM "{stage}"'  # nosec B608 # noqa: S608
        cursor.execute(
            f'INSERT INTO "{table}" ({column_list}) {staged} '  # nosec B608
            f'ON CONFLICT ("decision_number") DO UPDATE SET {updates} '
            f'WHERE "{table}"."unit_id" = EXCLUDED."unit_id" '
            'RETURNING "decision_number", (xmax = 0)'
        )
        returned = cursor.fetchall()
        cursor.execute(f'TRUNCATE "{stage}"')
    created = sum(1 for _number, inserted in returned if inserted)
    updated = len(returned) - created
    if len(returned) != len(numbers):
        written = {number for number, _inserted in returned}
        raise OtherUnitConflict(sorted(n for n in numbers if n not in written), unit)
    return created, updated


# --- writing while checking ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Finish:
    commit: bool
    final: Callable[[], Any] | None


class BackgroundWriter:
    """Write chunks of cleaned rows with `records_bulk_upsert` in a thread with its own database connection, inside ONE
    transaction, while the caller goes on checking the next rows: the database's work (COPY, index upkeep) then
    overlaps with validation instead of following it.

        writer = BackgroundWriter("penalty", unit=unit, actor=actor, now=now)
        for chunk in chunks:
            good = check(chunk)
            if good and not rejected:
                writer.submit(good)            # returns at once (waits only when `max_pending` chunks are queued)
        created, updated = writer.finish(commit=not rejected, final=lambda: audit_record(...))

    All or nothing: nothing is visible to others until `finish(commit=True)`, which runs `final` (e.g. the import's
    audit event) in the same transaction, then commits; `finish(commit=False)` rolls everything back. An error of
    a chunk (e.g. a decision number of another unit) rolls the transaction back at once; it is raised again by the
    next `submit` or by `finish`. Always call `finish` (in a `finally`), or the thread waits for it. Use it on
    PostgreSQL outside any open transaction of the calling thread (the writer's connection cannot see the caller's
    uncommitted rows): see `usable()`."""

    def __init__(
        self, kind: str, *, unit: ReportingUnit, actor: Any, now: datetime | None = None, max_pending: int = 2
    ):
        self.kind, self.unit, self.actor = kind, unit, actor
        self.now = now or timezone.now()
        self.created = self.updated = 0
        self.error: BaseException | None = None
        self._queue: queue.Queue[list[dict[str, Any]] | _Finish] = queue.Queue(maxsize=max_pending)
        self._thread = threading.Thread(target=self._run, name="credit-import-writer", daemon=True)
        self._thread.start()

    @staticmethod
    def usable() -> bool:
        """Whether the calling thread may hand its writes to a BackgroundWriter (PostgreSQL, no open transaction)."""
        return connection.vendor == "postgresql" and not connection.in_atomic_block

    def submit(self, rows: list[dict[str, Any]]) -> None:
        if self.error is not None:
            raise self.error
        if rows:
            self._queue.put(rows)

    def finish(self, *, commit: bool, final: Callable[[], Any] | None = None) -> tuple[int, int]:
        """Wait for the queued chunks; commit (after `final`) or roll back. Returns (created, updated)."""
        self._queue.put(_Finish(commit, final))
        self._thread.join()
        if self.error is not None:
            raise self.error
        return self.created, self.updated

    def _run(self) -> None:
        from django.db import connections, transaction

        from .services.records import records_bulk_upsert

        finished = False
        try:
            with transaction.atomic():
                while True:
                    item = self._queue.get()
                    if isinstance(item, _Finish):
                        finished = True
                        if item.commit:
                            if item.final is not None:
                                item.final()
                        else:
                            transaction.set_rollback(True)
                        return
                    created, updated = records_bulk_upsert(
                        kind=self.kind, cleaned_rows=item, unit=self.unit, actor=self.actor, now=self.now
                    )
                    self.created += created
                    self.updated += updated
        except BaseException as exc:  # handed to the caller's thread
            self.error = exc
            while not finished:  # keep taking chunks until the caller's finish (they are not written)
                finished = isinstance(self._queue.get(), _Finish)
        finally:
            connections.close_all()
