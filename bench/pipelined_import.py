"""Experiment: the same import with its writes overlapping its checks (huimin.credit.bulk.BackgroundWriter).

    uv run python bench/pipelined_import.py --rows 200000

The importer (huimin.credit.importing) checks the whole file, then writes. Here its chunk check is wrapped so that
each chunk's good rows go to a BackgroundWriter at once (one transaction on a second connection, committed only
when the file had no bad row), and its write step only finishes the writer. Same file, same database, same floor
as import_bench.py; prints the rate and the ratio to the floor of that run (bench/results/import-N.json).
Nothing of the importer is changed on disk: this measures what wiring BackgroundWriter into it would give.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_bench as ib
from common import RESULTS, save, setup_django, stopwatch


def run(rows: int) -> dict:
    path = ib.csv_path(rows)
    if not path.exists():
        raise SystemExit(f"run bench/import_bench.py --rows {rows} first (it makes {path})")
    setup_django(ib.DATABASE)
    from django.db import connection

    from huimin.audit.services import audit_record
    from huimin.core.permissions import SystemActor
    from huimin.credit.bulk import BackgroundWriter
    from huimin.credit.importing import import_records
    from huimin.credit.importing import run as importing

    unit = ib.ensure_unit()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE credit_penaltyrecord CASCADE")
        cursor.execute("VACUUM ANALYZE credit_penaltyrecord")
    actor = SystemActor("bench")
    state: dict = {}
    original_check_chunk = importing._Importer.check_chunk

    class ChunkSpool:
        def __init__(self, spool):
            self.spool, self.rows = spool, []

        def add(self, cleaned):
            self.rows.append(cleaned)

    def check_chunk(self, chunk, spool, seen):
        writer = state.setdefault("writer", BackgroundWriter(self.kind, unit=self.unit, actor=self.actor, now=self.now))
        collect = ChunkSpool(spool)
        original_check_chunk(self, chunk, collect, seen)
        spool.count += len(collect.rows)
        if not self.report.invalid or self.valid_only:
            writer.submit(collect.rows)

    def write(self, spool):
        report = self.report

        def final():
            audit_record(
                actor=self.actor,
                event_type="credit.records_file.imported",
                target=self.unit,
                target_label=self.unit.code,
                payload={"kind": self.kind, "file": report.filename, "rows": report.total, "valid": report.valid},
            )

        report.created, report.updated = state["writer"].finish(commit=True, final=final)
        report.imported = True

    importing._Importer.check_chunk = check_chunk
    importing._Importer.write = write
    with stopwatch() as elapsed:
        report = import_records(str(path), kind="penalty", unit=unit, actor=actor, filename=path.name)
    seconds = elapsed()
    written = report.created + report.updated
    baseline_path = RESULTS / f"import-{rows}.json"
    baseline = json.loads(baseline_path.read_text()) if baseline_path.exists() else None
    result = {
        "benchmark": "pipelined_import",
        "rows": rows,
        "seconds": seconds,
        "rate": written / seconds,
        "written": written,
    }
    if baseline:
        floor = baseline["floor_identical_table"]["rate"]
        result.update(floor_rate=floor, ratio=result["rate"] / floor, plain_import_rate=baseline["import"]["rate"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.rows)
    save(f"pipelined-{args.rows}", result)
    if args.json:
        print(json.dumps(result))
    else:
        rate = f"{result['rate']:,.0f} rows/s"
        print(f"pipelined import: {result['written']:,} rows in {result['seconds']:.1f} s = {rate}")
        if "ratio" in result:
            print(
                f"plain import {result['plain_import_rate']:,.0f} rows/s; COPY floor {result['floor_rate']:,.0f} "
                f"rows/s; ratio {result['ratio']:.2f}"
            )


if __name__ == "__main__":
    main()
