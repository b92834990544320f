"""Write bench/REPORT.md from the latest results in bench/results/*.json (made by import_bench.py, check_bench.py).

uv run python bench/report.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import RESULTS, ROOT

REPORT = ROOT / "bench" / "REPORT.md"
NOTES = ROOT / "bench" / "NOTES.md"  # hand-written findings appended to the report, if present


def _load(prefix: str) -> list[dict]:
    out = []
    for path in sorted(RESULTS.glob(f"{prefix}-*.json")):
        out.append(json.loads(path.read_text()))
    return out


def _ok(flag: bool) -> str:
    return "**met**" if flag else "**not met**"


def render() -> str:
    imports = sorted(_load("import"), key=lambda r: r["rows"])
    checks = sorted(_load("check"), key=lambda r: r["records"])
    lines = ["# Benchmark report", ""]
    lines.append(
        "Written by `bench/report.py` from `bench/results/*.json`; the numbers come from `make bench` "
        "(bench/run.sh) or the scripts themselves (bench/README.md). Each ratio is measured against a floor timed in "
        "the same run, on the same machine and database server."
    )
    lines.append("")
    any_result = (imports or checks)[0] if (imports or checks) else None
    if any_result:
        m = any_result["machine"]
        lines += [
            "## Machine",
            "",
            f"- CPU: {m.get('cpu', '?')}, {m.get('cores', '?')} cores; memory {m.get('memory', '?')}",
            f"- PostgreSQL {m.get('postgresql', '?')} on the same machine; Python {m.get('python', '?')}",
            f"- {m.get('os', '')}",
            "",
        ]
    if imports:
        lines += [
            "## Import with full validation vs plain COPY (PostgreSQL)",
            "",
            "Requirement: at least 30 % of the rate of a plain COPY of the same rows; 1,000,000 records imported "
            "with memory that does not grow with the file.",
            "",
            "| date | rows | import (rows/s) | COPY into identical table (rows/s) | **ratio** | COPY raw CSV, text "
            "columns (rows/s) | ratio to raw | RSS before → peak (MB) | growth (MB) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in imports:
            i, f, raw = r["import"], r["floor_identical_table"], r["floor_raw_csv"]
            lines.append(
                f"| {r['date']} | {r['rows']:,} | {i['rate']:,.0f} ({i['seconds']:.1f} s) | "
                f"{f['rate']:,.0f} ({f['seconds']:.1f} s) | **{r['ratio']:.2f}** | {raw['rate']:,.0f} | "
                f"{r['ratio_raw_csv']:.3f} | {i['rss_before_mb']} → {i['rss_peak_sampled_mb']} | "
                f"{r['memory_growth_mb']} |"
            )
        best = max(imports, key=lambda r: r["rows"])
        lines += ["", f"Ratio ≥ 0.30: {_ok(all(r['ratio'] >= 0.30 for r in imports))}."]
        if len(imports) > 1:
            small = min(imports, key=lambda r: r["rows"])
            grows = best["memory_growth_mb"] <= 1.5 * small["memory_growth_mb"] + 32
            lines.append(
                f"Memory: {small['memory_growth_mb']} MB for {small['rows']:,} rows, {best['memory_growth_mb']} MB "
                f"for {best['rows']:,} rows — does not grow with the file: {_ok(grows)}."
            )
        lines.append("")
    if checks:
        lines += [
            "## Credit check against millions of penalty records (PostgreSQL)",
            "",
            "Requirement: under 5 ms per organization (median); 155 organizations in one batch under 200 ms. "
            "Floor: a bare indexed `SELECT 1 FROM credit_penaltyrecord WHERE subject_uscc = %s LIMIT 1` for the "
            "same 1,000 subjects.",
            "",
            "| date | records | table | floor median (ms) | check median (ms) | p95 | ratio | saved: median (ms) | "
            "batch of 155 (ms, median / max) | saved batch (ms, median / max) | fill (s) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for r in checks:
            fill = r["fill"]["total_s"] if r.get("fill") else "(kept)"
            lines.append(
                f"| {r['date']} | {r['records']:,} | {r['table_size']} | {r['floor_median_ms']} | "
                f"**{r['check_median_ms']}** | {r['check_p95_ms']} | {r['check_ratio_to_floor']}× | "
                f"{r['check_saved_median_ms']} | **{r['batch_median_ms']}** / {r['batch_max_ms']} | "
                f"{r['batch_saved_median_ms']} / {r['batch_saved_max_ms']} | {fill} |"
            )
        big = max(checks, key=lambda r: r["records"])
        lines += [
            "",
            f"At {big['records']:,} records: median < 5 ms {_ok(big['check_median_ms'] < 5)}; "
            f"batch of 155 < 200 ms {_ok(big['batch_saved_median_ms'] < 200 and big['batch_median_ms'] < 200)}.",
            "",
        ]
        if big.get("fill"):
            lines += [f"Fill timings of that run (s): {big['fill']}.", ""]
    if NOTES.exists():
        lines += [NOTES.read_text().rstrip(), ""]
    return "\n".join(lines)


def main() -> None:
    REPORT.write_text(render())
    print(f"wrote {REPORT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
