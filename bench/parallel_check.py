"""Experiment: what checking rows in two processes would give the import (same file, same write path).

    uv run python bench/parallel_check.py --rows 200000 [--workers 2]

Reads the benchmark's CSV file (import_bench.py makes it), maps the cells to fields as the importer does, checks
every row with `validate_record` in `--workers` forked processes (the unit's catalogue and the regimes are loaded
before the fork, so the workers need no database), then writes the cleaned rows in chunks of 2,000 through
`records_bulk_upsert` in one transaction, as the importer does. With `--workers 0` the rows are checked in this process.
Prints the rate and its ratio to the COPY floor of the last import_bench.py run of the same size. The importer's
own extra rules (repeated and other-unit decision numbers, the source unit's code) are left out: about 10 µs a row.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import import_bench as ib
from common import RESULTS, save, setup_django, stopwatch

CHUNK = 2000
_state: dict = {}


def _check(rows: list[dict]) -> list[dict]:
    from huimin.credit.rules import validate_record

    unit, context = _state["unit"], _state["context"]
    out = []
    for data in rows:
        cleaned, errors = validate_record("penalty", data, unit=unit, context=context)
        if errors:
            raise ValueError(errors)
        cleaned["catalogue_item"] = cleaned["catalogue_item"].pk
        cleaned.pop("unit", None)
        out.append(cleaned)
    return out


def _chunks(path: Path):
    from huimin.credit.importing.columns import map_columns
    from huimin.credit.importing.reader import open_table

    with open_table(str(path), filename=path.name, kind="penalty") as table:
        cmap = map_columns(table.headers, "penalty", filename=path.name)
        chunk: list[dict] = []
        for _number, values in table.rows:
            data = {}
            for index, name in cmap.columns:
                value = values[index] if index < len(values) else None
                data[name] = None if value in (None, "") else value
            chunk.append(data)
            if len(chunk) == CHUNK:
                yield chunk
                chunk = []
        if chunk:
            yield chunk


def run(rows: int, workers: int) -> dict:
    path = ib.csv_path(rows)
    if not path.exists():
        raise SystemExit(f"run bench/import_bench.py --rows {rows} first (it makes {path})")
    setup_django(ib.DATABASE)
    from django.db import connection, connections, transaction

    from huimin.core.permissions import SystemActor
    from huimin.credit.models import CatalogueItem
    from huimin.credit.rules import make_context
    from huimin.credit.services.records import records_bulk_upsert

    unit = ib.ensure_unit()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE credit_penaltyrecord CASCADE")
        cursor.execute("VACUUM ANALYZE credit_penaltyrecord")
    context = make_context(unit)
    context.find_item("penalty", "CF0001")  # loads the catalogue
    _ = context.regimes  # loads the regimes
    items = {i.pk: i for i in CatalogueItem.objects.filter(unit=unit)}
    _state.update(unit=unit, context=context)
    connections.close_all()  # the forked workers must not share the parent's connection
    actor = SystemActor("bench")
    written = 0
    with stopwatch() as elapsed:
        checked: list[list[dict]] = []
        if workers:
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                checked = list(pool.imap(_check, _chunks(path), chunksize=1))
        else:
            checked = [_check(chunk) for chunk in _chunks(path)]
        with transaction.atomic():
            for chunk in checked:
                for row in chunk:
                    item = items[row["catalogue_item"]]
                    row["catalogue_item"], row["sector"], row["unit"] = item, item.sector, unit
                created, updated = records_bulk_upsert(kind="penalty", cleaned_rows=chunk, unit=unit, actor=actor)
                written += created + updated
    seconds = elapsed()
    result = {"benchmark": "parallel_check", "rows": rows, "workers": workers, "seconds": seconds}
    result["rate"] = written / seconds
    baseline_path = RESULTS / f"import-{rows}.json"
    if baseline_path.exists():
        baseline = json.loads(baseline_path.read_text())
        floor = baseline["floor_identical_table"]["rate"]
        result.update(floor_rate=floor, ratio=result["rate"] / floor, import_rate=baseline["import"]["rate"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.rows, args.workers)
    save(f"parallel-{args.rows}-w{args.workers}", result)
    if args.json:
        print(json.dumps(result))
        return
    rate = f"{result['rate']:,.0f} rows/s"
    print(f"{args.workers} checking processes: {result['rows']:,} rows in {result['seconds']:.1f} s = {rate}")
    if "ratio" in result:
        floor = f"COPY floor {result['floor_rate']:,.0f} rows/s"
        print(f"importer {result['import_rate']:,.0f} rows/s; {floor}; ratio {result['ratio']:.2f}")


if __name__ == "__main__":
    main()
