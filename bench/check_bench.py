"""Benchmark: the credit check against 10 million penalty records on PostgreSQL.

    uv run python bench/check_bench.py                      # fills huimin_bench once (BENCH_CHECK_RECORDS), then times
    uv run python bench/check_bench.py --records 1000000    # a smaller table (refilled when the size changes)
    uv run python bench/check_bench.py --json               # the summary as one JSON line

Fill (skipped when the table already holds the requested number of rows): 2,000,000 distinct subjects with valid
credit codes are COPYed into `bench_subjects`; the secondary indexes and constraints of `credit_penaltyrecord` are
dropped, N records are made by one `INSERT … SELECT … FROM generate_series` (20 % of them on 100,000 frequent
subjects, the rest spread evenly; decision dates 2016 → 2026), the indexes and constraints are put back exactly as
they were, then 20,000 list entries; ANALYZE.

Timing, for 1,000 random subjects of the table (the same ones for every measure):
- floor: a bare indexed `SELECT 1 FROM credit_penaltyrecord WHERE subject_uscc = %s LIMIT 1` per subject;
- `credit_check(uscc=…, name=…, on=today, save=False)` and with `save=True` (evidence stored, audit event);
- `credit_check_many` of 155 subjects in one batch (10 batches), with and without saving.
Required: median of credit_check < 5 ms; one batch of 155 < 200 ms.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import machine, median_ms, save, setup_django, stopwatch

DATABASE = "huimin_bench"
SUBJECTS = 2_000_000
FREQUENT = 100_000
LIST_ENTRIES = 20_000
UNIT_BODY = "09999998"

ALNUM = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_VALUE = {c: i for i, c in enumerate(ALNUM)}
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_VALUE = {c: i for i, c in enumerate("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")}
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def fast_uscc(n: int) -> str:
    """The n-th enterprise credit code of the benchmark (both check characters valid)."""
    body8 = ("MA", "MB", "MC")[n // 1_000_000] + f"{n % 1_000_000:06d}"
    check = 11 - sum(ORG_VALUE[c] * w for c, w in zip(body8, ORG_WEIGHTS, strict=True)) % 11
    first17 = "91140213" + body8 + ("X" if check == 10 else "0" if check == 11 else str(check))
    total = sum(USCC_VALUE[c] * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + ALNUM[(31 - total % 31) % 31]


def _execute(cursor, sql: str, params=None) -> None:
    cursor.execute(sql, params)


def filled_rows(cursor) -> int | None:
    cursor.execute("CREATE TABLE IF NOT EXISTS bench_meta (key text PRIMARY KEY, value text NOT NULL)")
    cursor.execute("SELECT value FROM bench_meta WHERE key = 'records'")
    row = cursor.fetchone()
    return int(row[0]) if row else None


def ensure_unit():
    from huimin.core.models import Organization
    from huimin.core.permissions import SystemActor
    from huimin.core.services import organization_create
    from huimin.core.validators import generate_uscc
    from huimin.credit.models import CatalogueItem, ReportingUnit
    from huimin.credit.services.catalogue import catalogue_item_create, reporting_unit_create

    actor = SystemActor("bench")
    unit = ReportingUnit.objects.filter(code="BENCHCHECK").first()
    if unit is None:
        org = Organization.objects.filter(name="大同市平城区信用检查基准局").first() or organization_create(
            actor=actor,
            name="大同市平城区信用检查基准局",
            org_type="government",
            uscc=generate_uscc("1", "1", "140213", UNIT_BODY),
        )
        unit = reporting_unit_create(organization=org, code="BENCHCHECK", short_name="检查基准局", actor=actor)
    item = CatalogueItem.objects.filter(unit=unit).first() or catalogue_item_create(
        unit=unit, kind="penalty", code="CF0001", name="基准测试处罚事项", sector="general", actor=actor
    )
    return unit, item


def fill(records: int) -> dict:
    """Make `records` penalty records and the list entries (see the module doc). Returns the timings."""
    from django.db import connection

    from huimin.credit.models import PublicationRegime

    unit, item = ensure_unit()
    regime = PublicationRegime.objects.order_by("effective_from").first()
    authority_uscc = unit.organization.uscc
    timings: dict[str, float] = {}
    with connection.cursor() as cursor, stopwatch() as total:
        raw = cursor.cursor
        # 1. subjects
        with stopwatch() as t:
            cursor.execute("DROP TABLE IF EXISTS bench_subjects")
            cursor.execute(
                "CREATE TABLE bench_subjects (id integer PRIMARY KEY, uscc text NOT NULL, name text NOT NULL)"
            )
            with raw.copy("COPY bench_subjects (id, uscc, name) FROM STDIN") as copy:
                for n in range(1, SUBJECTS + 1):
                    copy.write_row((n, fast_uscc(n), f"基准测试企业{n:07d}有限公司"))
        timings["subjects_s"] = t()
        # 2. drop secondary indexes and constraints, remembering them
        cursor.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
            "WHERE conrelid = 'credit_penaltyrecord'::regclass AND contype IN ('u', 'f', 'c')"
        )
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.tablename = 'credit_penaltyrecord' "
            "AND i.indexname NOT IN (SELECT conname FROM pg_constraint "
            "WHERE conrelid = 'credit_penaltyrecord'::regclass)"
        )
        indexes = cursor.fetchall()
        cursor.execute("TRUNCATE credit_penaltyrecord CASCADE")
        cursor.execute("TRUNCATE credit_listentry CASCADE")
        for name, _definition in constraints:
            cursor.execute(f'ALTER TABLE credit_penaltyrecord DROP CONSTRAINT "{name}"')
        for name, _definition in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
        # 3. the records
        with stopwatch() as t:
            cursor.execute(
                """
                INSERT INTO credit_penaltyrecord (
                    public_id, unit_id, catalogue_item_id, subject_name, subject_category, subject_uscc,
                    subject_business_reg_no, subject_org_code, subject_tax_no, subject_institution_no,
                    subject_social_org_no, legal_rep, legal_rep_id_type, legal_rep_id_number, person_id_type,
                    person_id_number, decision_number, decision_date, authority, authority_uscc, source_unit,
                    source_unit_uscc, remarks, status, is_public, reported_at, publication_start, working_days_late,
                    created_at, updated_at, violation_type, facts, basis, categories, content, fine_amount,
                    confiscated_amount, licence_affected, penalty_valid_until, publication_deadline, procedure,
                    severity, regime_id, min_period_end, max_period_end, repairable
                )
                SELECT
                    gen_random_uuid(), %(unit)s, %(item)s, s.name, 'legal_person', s.uscc,
                    '', '', '', '', '', '张三', '', '', '', '',
                    '平基准罚〔' || extract(year FROM d.day)::int || '〕' || g || '号', d.day,
                    '大同市平城区信用检查基准局', %(auth)s, '大同市平城区信用检查基准局', %(auth)s, '',
                    CASE WHEN d.day >= current_date - 365 THEN 'published' ELSE 'expired' END,
                    d.day >= current_date - 365, d.day + 3, d.day + 3, 2, now(), now(),
                    '经营超过保质期的食品', '当事人销售超过保质期的食品。',
                    '《中华人民共和国食品安全法》第一百二十四条',
                    CASE WHEN g %% 1000 = 0 THEN '["04", "02"]'::jsonb ELSE '["02"]'::jsonb END,
                    '罚款人民币5000元', CASE WHEN g %% 2000 = 0 THEN 300 ELSE 0.5 END, NULL, '',
                    d.day + 365, d.day + 365, '02', 'general', %(regime)s, d.day + 90, d.day + 365, true
                FROM generate_series(1, %(n)s) AS g
                CROSS JOIN LATERAL (SELECT date '2016-01-01' + (g %% 3950) AS day) AS d
                JOIN bench_subjects s ON s.id = CASE
                    WHEN g %% 5 = 0 THEN 1 + (g / 5) %% %(frequent)s
                    ELSE 1 + ((g::bigint * 2654435761) %% %(subjects)s)::int END
                """,
                {
                    "unit": unit.pk,
                    "item": item.pk,
                    "auth": authority_uscc,
                    "regime": regime.pk if regime else None,
                    "n": records,
                    "frequent": FREQUENT,
                    "subjects": SUBJECTS,
                },
            )
        timings["insert_s"] = t()
        # 4. indexes and constraints back, as they were
        with stopwatch() as t:
            cursor.execute("SET maintenance_work_mem = '1GB'")
            cursor.execute("SET max_parallel_maintenance_workers = 2")
            for _name, definition in indexes:
                cursor.execute(definition)
            for name, definition in constraints:
                cursor.execute(f'ALTER TABLE credit_penaltyrecord ADD CONSTRAINT "{name}" {definition}')
        timings["indexes_s"] = t()
        # 5. list entries on every 100th subject
        with stopwatch() as t:
            cursor.execute(
                """
                INSERT INTO credit_listentry (public_id, list_type, effect, subject_name, subject_uscc,
                    person_id_number, reason, decided_by, document_number, start_date, end_date, removed_on,
                    removal_reason, created_at)
                SELECT gen_random_uuid(),
                    (ARRAY['dishonest_debtor','major_tax','procurement_serious','social_org_abnormal'])[1 + g %% 4],
                    CASE WHEN g %% 4 = 3 THEN 'warn' ELSE 'block' END,
                    s.name, s.uscc, '', '基准测试', '基准测试', '', date '2020-01-01' + (g %% 2000),
                    CASE WHEN g %% 3 = 0 THEN date '2020-01-01' + (g %% 2000) + 365 END, NULL, '', now()
                FROM generate_series(1, %(n)s) AS g JOIN bench_subjects s ON s.id = g * 100
                """,
                {"n": LIST_ENTRIES},
            )
        timings["lists_s"] = t()
        with stopwatch() as t:
            cursor.execute("ANALYZE credit_penaltyrecord")
            cursor.execute("ANALYZE credit_listentry")
            cursor.execute("ANALYZE bench_subjects")
        timings["analyze_s"] = t()
        cursor.execute(
            "INSERT INTO bench_meta (key, value) VALUES ('records', %s) "
            "ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
            [str(records)],
        )
        timings["total_s"] = total()
    return {k: round(v, 1) for k, v in timings.items()}


def measure(sample: int = 1000, batch: int = 155, batches: int = 10) -> dict:
    from django.db import connection

    from huimin.core.permissions import SystemActor
    from huimin.credit.check import CheckSubject, credit_check, credit_check_many

    rng = random.Random(155)
    ids = rng.sample(range(1, SUBJECTS + 1), sample)
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, uscc, name FROM bench_subjects WHERE id = ANY(%s)", [ids])
        subjects = {i: (u, n) for i, u, n in cursor.fetchall()}
    chosen = [subjects[i] for i in ids]
    actor = SystemActor("bench")
    today = date.today()

    def time_each(fn) -> list[float]:
        out = []
        for uscc, name in chosen:
            with stopwatch() as t:
                fn(uscc, name)
            out.append(t())
        return out

    with connection.cursor() as cursor:

        def floor(uscc: str, _name: str) -> None:
            cursor.execute("SELECT 1 FROM credit_penaltyrecord WHERE subject_uscc = %s LIMIT 1", [uscc])
            cursor.fetchone()

        for uscc, name in chosen:  # warm-up: every subject's pages in the cache, for the floor and the checks alike
            floor(uscc, name)
            credit_check(uscc=uscc, name=name, on=today, actor=actor, save=False)
        floor_s = time_each(floor)
    check_s = time_each(lambda u, n: credit_check(uscc=u, name=n, on=today, actor=actor, save=False))
    saved_s = time_each(lambda u, n: credit_check(uscc=u, name=n, on=today, actor=actor, save=True))
    findings = sum(
        1 for u, n in chosen[:200] if credit_check(uscc=u, name=n, on=today, actor=actor, save=False).findings
    )

    groups = [[CheckSubject(name=n, uscc=u) for u, n in chosen[i * batch : (i + 1) * batch]] for i in range(batches)]
    many_s, many_saved_s = [], []
    for group in groups:
        with stopwatch() as t:
            credit_check_many(organizations=group, on=today, actor=actor, save=False)
        many_s.append(t())
        with stopwatch() as t:
            credit_check_many(organizations=group, on=today, actor=actor, save=True)
        many_saved_s.append(t())
    floor_ms = median_ms(floor_s)
    return {
        "sample": sample,
        "with_findings_of_200": findings,
        "floor_median_ms": round(floor_ms, 3),
        "check_median_ms": round(median_ms(check_s), 3),
        "check_p95_ms": round(sorted(check_s)[int(0.95 * len(check_s))] * 1000, 3),
        "check_saved_median_ms": round(median_ms(saved_s), 3),
        "check_ratio_to_floor": round(median_ms(check_s) / floor_ms, 1),
        "check_saved_ratio_to_floor": round(median_ms(saved_s) / floor_ms, 1),
        "batch_size": batch,
        "batch_median_ms": round(median_ms(many_s), 1),
        "batch_max_ms": round(max(many_s) * 1000, 1),
        "batch_saved_median_ms": round(median_ms(many_saved_s), 1),
        "batch_saved_max_ms": round(max(many_saved_s) * 1000, 1),
        "batch_ratio_to_floor": round(median_ms(many_s) / floor_ms, 1),
    }


def run(records: int, *, refill: bool = False) -> dict:
    setup_django(DATABASE)
    from django.db import connection

    with connection.cursor() as cursor:
        have = filled_rows(cursor)
    fill_timings = None
    if refill or have != records:
        fill_timings = fill(records)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples::bigint FROM pg_class WHERE relname = 'credit_penaltyrecord'")
        estimate = cursor.fetchone()[0]
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('credit_penaltyrecord'))")
        size = cursor.fetchone()[0]
    result = {
        "benchmark": "credit_check",
        "records": records,
        "records_estimate": estimate,
        "table_size": size,
        "subjects": SUBJECTS,
        "list_entries": LIST_ENTRIES,
        "date": date.today().isoformat(),
        "machine": machine(),
        "fill": fill_timings,
        **measure(),
    }
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=int(os.environ.get("BENCH_CHECK_RECORDS", "10000000")))
    parser.add_argument("--refill", action="store_true", help="fill the table again even if it has the size")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    result = run(args.records, refill=args.refill)
    save(f"check-{args.records}", result)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, default=str))
    else:
        r = result
        if r["fill"]:
            print(f"fill: {r['fill']}")
        size = f"{r['records']:,} records ({r['table_size']})"
        print(f"{size}, {r['subjects']:,} subjects, {r['list_entries']:,} list entries")
        print(f"floor (indexed SELECT 1 … LIMIT 1): median {r['floor_median_ms']} ms")
        print(
            f"credit_check: median {r['check_median_ms']} ms (p95 {r['check_p95_ms']}), "
            f"{r['check_ratio_to_floor']}× the floor; saved: {r['check_saved_median_ms']} ms  (required < 5 ms)"
        )
        print(
            f"credit_check_many({r['batch_size']}): median {r['batch_median_ms']} ms, max {r['batch_max_ms']} ms; "
            f"saved: median {r['batch_saved_median_ms']} ms  (required < 200 ms)"
        )


if __name__ == "__main__":
    main()
