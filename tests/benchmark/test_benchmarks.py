"""The performance requirements of the credit context (issue 3), measured by the scripts in bench/ on PostgreSQL.

Run with `make bench` (bench/run.sh). Each benchmark runs in its own process against its own database
(huimin_bench, huimin_bench_import; never the test database) and writes bench/results/*.json, from which
bench/report.py writes bench/REPORT.md. Sizes: BENCH_IMPORT_ROWS (200,000), BENCH_MEMORY_FACTOR (5: the memory
test imports N and 5N rows), BENCH_CHECK_RECORDS (10,000,000).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from common import run_script

pytestmark = pytest.mark.bench

IMPORT_ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "200000"))
MEMORY_FACTOR = int(os.environ.get("BENCH_MEMORY_FACTOR", "5"))
CHECK_RECORDS = int(os.environ.get("BENCH_CHECK_RECORDS", "10000000"))

REQUIRED_IMPORT_RATIO = 0.30  # import with full validation ≥ 30 % of the rate of a plain COPY
REQUIRED_CHECK_MEDIAN_MS = 5.0  # per organization, median
REQUIRED_BATCH_MS = 200.0  # 155 organizations in one batch


@pytest.fixture(scope="module")
def imported() -> dict:
    return run_script("import_bench.py", "--rows", str(IMPORT_ROWS), timeout=4 * 3600)


@pytest.fixture(scope="module")
def imported_large() -> dict:
    return run_script("import_bench.py", "--rows", str(IMPORT_ROWS * MEMORY_FACTOR), timeout=8 * 3600)


@pytest.fixture(scope="module")
def checked() -> dict:
    return run_script("check_bench.py", "--records", str(CHECK_RECORDS), timeout=4 * 3600)


def test_import_with_full_validation_runs_at_30_percent_of_a_plain_copy_of_the_same_rows(imported):
    assert imported["import"]["rows"] == IMPORT_ROWS
    assert imported["ratio"] >= REQUIRED_IMPORT_RATIO, (
        f"import {imported['import']['rate']:,.0f} rows/s vs COPY {imported['floor_identical_table']['rate']:,.0f} "
        f"rows/s: ratio {imported['ratio']:.2f}"
    )


def test_import_memory_does_not_grow_with_the_file(imported, imported_large):
    small, large = imported["memory_growth_mb"], imported_large["memory_growth_mb"]
    assert imported_large["import"]["rows"] == IMPORT_ROWS * MEMORY_FACTOR
    # Five times the rows may not take noticeably more memory: at most 1.5× the small import's growth + 32 MB.
    assert large <= 1.5 * small + 32, f"RSS grew {small} MB for {IMPORT_ROWS:,} rows, {large} MB for 5× as many"


def test_credit_check_takes_under_5_ms_per_organization_against_10_million_records(checked):
    assert checked["records"] == CHECK_RECORDS
    assert checked["check_median_ms"] < REQUIRED_CHECK_MEDIAN_MS, checked


def test_155_organizations_are_checked_in_one_batch_under_200_ms(checked):
    assert checked["batch_saved_median_ms"] < REQUIRED_BATCH_MS, checked
    assert checked["batch_median_ms"] < REQUIRED_BATCH_MS, checked
