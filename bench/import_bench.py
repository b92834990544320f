"""Benchmark: import N penalty records with full validation on PostgreSQL, against a plain COPY of the same rows.

    uv run python bench/import_bench.py --rows 200000            # prints a summary, saves bench/results/import-N.json
    uv run python bench/import_bench.py --rows 200000 --json     # the summary as one JSON line

1. A CSV file of N valid penalty rows with the national Chinese headers is generated (once per N, in a separate
   process, under var/bench/), as a unit's officer would export it from its case system.
2. **Import**: `huimin.credit.importing.import_records` on that file (every row checked by `validate_record`, the
   importer's own rules, then written all-or-nothing through `records_bulk_upsert` → COPY path), into an empty
   `credit_penaltyrecord` of the database `huimin_bench_import`. Rate = N / seconds.
3. **Floor**: the same N records, exported from the table, loaded with one `COPY … FROM STDIN (FORMAT csv)` into
   `bench_floor`, created `LIKE credit_penaltyrecord INCLUDING ALL` plus the record table's foreign keys (same
   columns, types, defaults, constraints, indexes and foreign keys). Rate = N / seconds. A second, lower floor is
   reported too: the raw CSV file copied into a table of text columns without indexes (`bench_raw`).
4. ratio = import rate / floor rate (required ≥ 0.30), and the memory of the importing process: its peak RSS
   sampled after every chunk, against the RSS before the import.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    ROOT,
    WORK,
    current_rss_mb,
    machine,
    max_rss_mb,
    save,
    setup_django,
    stopwatch,
)

DATABASE = "huimin_bench_import"
UNIT_CODE = "BENCH"
ITEMS = 20
UNIT_BODY = "09999999"  # organization code body of the benchmark unit's credit code


def csv_path(rows: int) -> Path:
    return WORK / f"penalties-{rows}.csv"


def generate(rows: int, path: Path) -> None:
    """Write `rows` valid penalty rows (10 % natural persons) for the benchmark unit. Needs no database."""
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from huimin.core.validators import generate_uscc, resident_id_check_char
    from huimin.credit.fields import template_fields

    rng = random.Random(20201015)
    unit_uscc = generate_uscc("1", "1", "140213", UNIT_BODY)
    alnum = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    companies = []
    for n in range(50_000):
        body = "MA0" + "".join(rng.choice(alnum) for _ in range(5))
        companies.append(
            (f"大同市平城区测试{n:05d}商贸有限公司", generate_uscc("9", "1", "140213", body), f"王{n % 97}")
        )
    people = []
    for n in range(20_000):
        first17 = f"140213{1960 + n % 40}{1 + n % 12:02d}{1 + n % 28:02d}{n % 1000:03d}"
        people.append((f"李{n % 89}{n % 7}", first17 + resident_id_check_char(first17)))
    headers = [f.header for f in template_fields("penalty")]
    index = {f.name: i for i, f in enumerate(template_fields("penalty"))}
    today = date.today()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with tmp.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(headers)
        for n in range(rows):
            row = [""] * len(headers)
            decided = today - timedelta(days=20 + n % 300)
            if n % 10 == 9:
                name, number = people[n % len(people)]
                row[index["subject_category"]] = "自然人"
                row[index["person_id_type"]] = "身份证"
                row[index["person_id_number"]] = number
            else:
                name, uscc, rep = companies[n % len(companies)]
                row[index["subject_category"]] = "法人及非法人组织"
                row[index["subject_uscc"]] = uscc
                row[index["legal_rep"]] = rep
            fine = ("0.5", "1", "2", "0.3", "5")[n % 5]
            row[index["subject_name"]] = name
            row[index["catalogue_item"]] = f"CF{1 + n % ITEMS:04d}"
            row[index["decision_number"]] = f"平测罚〔{decided.year}〕{n:07d}号"
            row[index["violation_type"]] = "经营超过保质期的食品"
            row[index["facts"]] = f"当事人于{decided:%Y年%m月}在其经营场所销售超过保质期的食品，货值金额较小。"
            row[index["basis"]] = "《中华人民共和国食品安全法》第一百二十四条第一款第（五）项"
            row[index["categories"]] = "警告；罚款" if n % 3 == 0 else "罚款"
            row[index["content"]] = f"罚款人民币{int(float(fine) * 10000)}元"
            row[index["fine_amount"]] = fine
            row[index["decision_date"]] = decided.strftime("%Y/%m/%d")
            row[index["penalty_valid_until"]] = (decided + timedelta(days=365)).strftime("%Y/%m/%d")
            row[index["authority"]] = "大同市平城区基准测试局"
            row[index["authority_uscc"]] = unit_uscc
            row[index["source_unit"]] = "大同市平城区基准测试局"
            row[index["source_unit_uscc"]] = unit_uscc
            row[index["procedure"]] = "一般程序"
            out.writerow(row)
    tmp.replace(path)


def ensure_unit():
    from huimin.core.models import Organization
    from huimin.core.permissions import SystemActor
    from huimin.core.services import organization_create
    from huimin.core.validators import generate_uscc
    from huimin.credit.models import CatalogueItem, ReportingUnit
    from huimin.credit.services.catalogue import catalogue_items_bulk_create, reporting_unit_create

    actor = SystemActor("bench")
    unit = ReportingUnit.objects.filter(code=UNIT_CODE).select_related("organization").first()
    if unit is None:
        org = Organization.objects.filter(name="大同市平城区基准测试局").first() or organization_create(
            actor=actor,
            name="大同市平城区基准测试局",
            org_type="government",
            uscc=generate_uscc("1", "1", "140213", UNIT_BODY),
        )
        unit = reporting_unit_create(organization=org, code=UNIT_CODE, short_name="基准测试局", actor=actor)
    if not CatalogueItem.objects.filter(unit=unit).exists():
        catalogue_items_bulk_create(
            unit=unit,
            items=[
                {"kind": "penalty", "code": f"CF{n:04d}", "name": f"基准测试处罚事项{n}", "sector": "food_drug"}
                for n in range(1, ITEMS + 1)
            ],
            actor=actor,
        )
    return unit


def _columns() -> list[str]:
    from huimin.credit.models import PenaltyRecord

    return [f.column for f in PenaltyRecord._meta.concrete_fields if not f.primary_key]


def floor_identical_table(rows: int) -> dict:
    """COPY the imported records (exported as CSV) into a table identical to credit_penaltyrecord: same columns,
    types, defaults, constraints, indexes and foreign keys."""
    from django.db import connection

    columns = ", ".join(f'"{c}"' for c in _columns())
    export = WORK / f"floor-{rows}.csv"
    with connection.cursor() as cursor:
        raw = cursor.cursor
        select = f"SELECT {columns} FROM credit_penaltyrecord"  # noqa: S608 - the model's columns
        with export.open("wb") as f, raw.copy(f"COPY ({select}) TO STDOUT (FORMAT csv)") as copy:
            for chunk in copy:
                f.write(chunk)
        cursor.execute("DROP TABLE IF EXISTS bench_floor")
        cursor.execute("CREATE TABLE bench_floor (LIKE credit_penaltyrecord INCLUDING ALL)")
        # LIKE copies no foreign keys: add the record table's own (deferred, checked at commit like the import's).
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'credit_penaltyrecord'::regclass AND contype = 'f'"
        )
        for (definition,) in cursor.fetchall():
            cursor.execute(f"ALTER TABLE bench_floor ADD {definition}")
    with connection.cursor() as cursor:
        raw = cursor.cursor
        with stopwatch() as elapsed:
            with export.open("rb") as f, raw.copy(f"COPY bench_floor ({columns}) FROM STDIN (FORMAT csv)") as copy:
                while data := f.read(1 << 20):
                    copy.write(data)
        seconds = elapsed()
        cursor.execute("SELECT count(*) FROM bench_floor")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_floor")
    export.unlink()
    return {"seconds": seconds, "rows": copied, "rate": copied / seconds}


def floor_raw_csv(path: Path) -> dict:
    """COPY the raw CSV file into a table of text columns without indexes (the cheapest load possible)."""
    from django.db import connection

    with path.open(encoding="utf-8") as f:
        width = len(next(csv.reader(f)))
    with connection.cursor() as cursor:
        raw = cursor.cursor
        cursor.execute("DROP TABLE IF EXISTS bench_raw")
        cursor.execute("CREATE TABLE bench_raw (" + ", ".join(f"c{i} text" for i in range(width)) + ")")
        with stopwatch() as elapsed:
            with path.open("rb") as f, raw.copy("COPY bench_raw FROM STDIN (FORMAT csv, HEADER true)") as copy:
                while data := f.read(1 << 20):
                    copy.write(data)
        seconds = elapsed()
        cursor.execute("SELECT count(*) FROM bench_raw")
        copied = cursor.fetchone()[0]
        cursor.execute("DROP TABLE bench_raw")
    return {"seconds": seconds, "rows": copied, "rate": copied / seconds}


def run(rows: int) -> dict:
    path = csv_path(rows)
    if not path.exists():
        # A separate process, so that generating the file does not count in this process's peak memory.
        subprocess.run([sys.executable, __file__, "--generate", str(rows)], check=True, cwd=ROOT)  # noqa: S603
    setup_django(DATABASE)
    from django.db import connection

    from huimin.core.permissions import SystemActor
    from huimin.credit.importing import import_records

    unit = ensure_unit()
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE credit_penaltyrecord CASCADE")
        cursor.execute("VACUUM ANALYZE credit_penaltyrecord")

    samples: list[float] = []
    rss_before = current_rss_mb()
    peak_before = max_rss_mb()

    def progress(p) -> None:
        samples.append(current_rss_mb())

    with stopwatch() as elapsed:
        report = import_records(
            str(path), kind="penalty", unit=unit, actor=SystemActor("bench"), filename=path.name, progress=progress
        )
    seconds = elapsed()
    if report.rejected or not report.imported:
        raise SystemExit(f"the import was rejected: {report.file_errors or report.errors[:5]}")
    imported = {
        "seconds": seconds,
        "rows": report.created + report.updated,
        "rate": (report.created + report.updated) / seconds,
        "rss_before_mb": round(rss_before, 1),
        "rss_peak_sampled_mb": round(max(samples, default=rss_before), 1),
        "maxrss_before_mb": round(peak_before, 1),
        "maxrss_after_mb": round(max_rss_mb(), 1),
    }
    identical = floor_identical_table(rows)
    raw = floor_raw_csv(path)
    return {
        "benchmark": "import",
        "rows": rows,
        "date": date.today().isoformat(),
        "machine": machine(),
        "import": imported,
        "floor_identical_table": identical,
        "floor_raw_csv": raw,
        "ratio": imported["rate"] / identical["rate"],
        "ratio_raw_csv": imported["rate"] / raw["rate"],
        "memory_growth_mb": round(imported["rss_peak_sampled_mb"] - imported["rss_before_mb"], 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--generate", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.generate:
        generate(args.generate, csv_path(args.generate))
        return
    result = run(args.rows)
    save(f"import-{args.rows}", result)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, default=str))
    else:
        i, f, r = result["import"], result["floor_identical_table"], result["floor_raw_csv"]
        print(f"import with validation: {i['rows']:,} rows in {i['seconds']:.1f} s = {i['rate']:,.0f} rows/s")
        print(f"COPY into an identical table: {f['seconds']:.1f} s = {f['rate']:,.0f} rows/s")
        print(f"COPY of the raw CSV into text columns: {r['seconds']:.1f} s = {r['rate']:,.0f} rows/s")
        print(f"ratio import / COPY (identical table) = {result['ratio']:.2f}  (required ≥ 0.30)")
        print(f"ratio import / COPY (raw CSV) = {result['ratio_raw_csv']:.2f}")
        print(f"memory: RSS {i['rss_before_mb']} MB before, peak {i['rss_peak_sampled_mb']} MB during the import")


if __name__ == "__main__":
    main()
