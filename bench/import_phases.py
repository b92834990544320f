"""Where an import's time goes: the CPU of each phase of the import path, per row, without a profiler.

    uv run python bench/import_phases.py --rows 50000      # import_bench.py --rows 50000 makes the file first

Reads the benchmark's CSV file once, then times each phase on all its rows in turn, as the importer runs them:
reading the CSV, mapping cells to fields (`row_data`), `validate_record` (twice: the first pass also pays for
the credit codes not seen before, the second shows a file that repeats its parties), the repeated-number table,
the other-unit query, and `records_bulk_upsert` in chunks of 2,000 (its client CPU, and its wall time, which includes
PostgreSQL's work) inside a transaction that is rolled back. Numbers are µs per row, process CPU unless said.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_bench as ib
from common import setup_django

CHUNK = 2000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=50_000)
    args = parser.parse_args()
    path = ib.csv_path(args.rows)
    if not path.exists():
        raise SystemExit(f"run bench/import_bench.py --rows {args.rows} first (it makes {path})")
    setup_django(ib.DATABASE)
    from django.db import connection, transaction
    from django.utils.translation import get_language

    from huimin.core.permissions import SystemActor
    from huimin.credit.bulk import decision_numbers_elsewhere
    from huimin.credit.importing import run as importing
    from huimin.credit.importing.columns import map_columns
    from huimin.credit.importing.reader import open_table
    from huimin.credit.rules import make_context, validate_record
    from huimin.credit.services.records import records_bulk_upsert

    unit = ib.ensure_unit()
    actor = SystemActor("bench")
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE credit_penaltyrecord CASCADE")

    def report(name: str, seconds: float, extra: str = "") -> None:
        print(f"{name:34s} {seconds / len(raw) * 1e6:7.1f} µs/row{extra}", flush=True)

    clock = time.process_time
    start = clock()
    with open_table(str(path), filename=path.name, kind="penalty") as table:
        raw = list(table.rows)
        cmap = map_columns(table.headers, "penalty")
    report("reading the CSV", clock() - start)

    state = importing.ImportReport(kind="penalty", unit=unit.code, filename=path.name)
    importer = importing._Importer(
        table=table,
        cmap=cmap,
        unit=unit,
        actor=actor,
        valid_only=False,
        report=state,
        writer=None,  # type: ignore[arg-type]
        progress=None,
        today=None,
        now=None,
    )
    start = clock()
    data = [importer.row_data(values) for _number, values in raw]
    report("cells to fields (row_data)", clock() - start)

    context = make_context(unit)
    language = get_language()
    for label in ("validate_record, first pass", "validate_record, second pass"):
        start = clock()
        checked = [validate_record("penalty", d, unit=unit, context=context, language=language) for d in data]
        report(label, clock() - start)
    bad = [errors for _cleaned, errors in checked if errors]
    if bad:
        raise SystemExit(f"rows were refused: {bad[:3]}")
    cleaned = [c for c, _errors in checked]

    seen = importing._SeenNumbers()
    start = clock()
    for at in range(0, len(cleaned), CHUNK):
        seen.first_rows([(c["decision_number"], n) for n, c in enumerate(cleaned[at : at + CHUNK], at)])
    report("repeated numbers (SQLite table)", clock() - start)
    seen.close()

    start = clock()
    for at in range(0, len(cleaned), CHUNK):
        decision_numbers_elsewhere("penalty", [c["decision_number"] for c in cleaned[at : at + CHUNK]], unit=unit)
    report("other units' numbers (query)", clock() - start)

    wall = time.perf_counter()
    start = clock()
    with transaction.atomic():
        for at in range(0, len(cleaned), CHUNK):
            records_bulk_upsert(kind="penalty", cleaned_rows=cleaned[at : at + CHUNK], unit=unit, actor=actor)
        spent = clock() - start
        report("records_bulk_upsert (client CPU)", spent, f"; wall {(time.perf_counter() - wall) / len(raw) * 1e6:.1f}")
        transaction.set_rollback(True)


if __name__ == "__main__":
    main()
