"""Shared helpers of the benchmarks: their own PostgreSQL databases, Django set-up, timing, machine facts.

The benchmarks never touch the test database (`test_*`, dropped by pytest) nor the demo database: they create and
migrate their own (`huimin_bench` for the credit check's 10 million records, `huimin_bench_import` for imports).
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse, urlunparse

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
WORK = ROOT / "var" / "bench"
SERVER_URL = os.environ.get("BENCH_SERVER_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def database_url(name: str) -> str:
    parts = urlparse(SERVER_URL)
    return urlunparse(parts._replace(path=f"/{name}"))


def ensure_database(name: str) -> None:
    """CREATE DATABASE `name` unless it exists (connected to the server's maintenance database)."""
    import psycopg

    with psycopg.connect(SERVER_URL, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django(name: str, *, migrate: bool = True) -> None:
    """Point Django at the benchmark database `name` (created and migrated if needed) with the test settings
    (DEBUG off, so no query log grows during a run)."""
    ensure_database(name)
    os.environ["DATABASE_URL"] = database_url(name)
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", interactive=False, verbosity=0)


def max_rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (Linux reports KB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    with open("/proc/self/statm") as f:
        pages = int(f.read().split()[1])
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


@contextmanager
def stopwatch():
    """`with stopwatch() as t: …` then `t()` is the elapsed seconds."""
    start = time.perf_counter()
    end: list[float] = []
    yield lambda: (end[0] if end else time.perf_counter()) - start
    end.append(time.perf_counter())


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f"{kb / 2**20:.0f} GB"
    except (OSError, ValueError):
        pass
    pg = ""
    try:
        import psycopg

        with psycopg.connect(SERVER_URL) as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]
    except psycopg.Error:
        pg = "?"
    return {
        "cpu": cpu,
        "cores": str(os.cpu_count()),
        "memory": mem,
        "python": platform.python_version(),
        "postgresql": pg,
        "os": platform.platform(),
    }


def save(name: str, result: dict) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(result, ensure_ascii=False, indent=2, default=str) + "\n")
    return path


def run_script(script: str, *args: str, timeout: float = 3600) -> dict:
    """Run a benchmark script in a fresh Python process and return the JSON it prints last."""
    proc = subprocess.run(  # noqa: S603 - our own scripts
        [sys.executable, str(ROOT / "bench" / script), *args, "--json"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"{script} {' '.join(args)} failed ({proc.returncode}):\n{proc.stdout}\n{proc.stderr}")
    return json.loads(proc.stdout.strip().splitlines()[-1])
