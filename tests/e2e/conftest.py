"""End-to-end fixtures: a real server on a demo database, and headless Chromium pages that speak Chinese.

    live_server_url   session-wide: `huimin demo load` into a temporary SQLite file, then `huimin serve` and
                      `huimin worker` on it; yields "http://127.0.0.1:PORT"
    browser           session-wide Chromium (Debian's /usr/bin/chromium driven by Playwright)
    page              a fresh page per test (zh-CN locale, Accept-Language: zh-CN, 15 s default timeout)

The server runs with config.settings.dev (DEBUG off, as `huimin serve` always sets it; static files served by
WhiteNoise from the sources). Its output is kept in the temporary folder and shown when it fails to start.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("HUIMIN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


@pytest.hookimpl(tryfirst=True)  # before `-m` deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under tests/e2e is an `e2e` and a `slow` test, marked or not."""
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.path)).parents:
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.slow)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _huimin(*args: str) -> list[str]:
    return [sys.executable, "-m", "huimin.cli", *args]


def _tail(path: Path, lines: int = 60) -> str:
    if not path.exists():
        return ""
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


def _wait_until_answering(url: str, process: subprocess.Popen, log: Path, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"`huimin serve` exited with code {process.returncode} before answering:\n{_tail(log)}")
        try:
            urllib.request.urlopen(url, timeout=2)  # noqa: S310 — our own loopback server
            return
        except urllib.error.HTTPError:
            return  # any HTTP answer (even 404 or 500) means the server is up
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.25)
    pytest.fail(f"`huimin serve` did not answer at {url} within {timeout:.0f} s:\n{_tail(log)}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture(scope="session")
def live_server_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if importlib.util.find_spec("huimin.demo.management.commands.demo") is None:
        pytest.skip("the `huimin demo load` command does not exist yet, so there is no demo database to serve")

    folder = tmp_path_factory.mktemp("e2e")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.dev",
        "DATABASE_URL": f"sqlite:///{folder / 'e2e.sqlite3'}",
        "HUIMIN_MEDIA_ROOT": str(folder / "media"),
        "PYTHONUNBUFFERED": "1",
    }
    load_log = folder / "demo-load.log"
    with load_log.open("w") as out:
        loaded = subprocess.run(
            _huimin("demo", "load"), cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, timeout=1200, check=False
        )
    if loaded.returncode != 0:
        pytest.fail(f"`huimin demo load` failed with code {loaded.returncode}:\n{_tail(load_log)}")

    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    server_log, worker_log = folder / "serve.log", folder / "worker.log"
    with server_log.open("w") as s_out, worker_log.open("w") as w_out:
        server = subprocess.Popen(
            _huimin("serve", f"127.0.0.1:{port}", "--workers", "2"), cwd=ROOT, env=env, stdout=s_out, stderr=s_out
        )
        worker = subprocess.Popen(_huimin("worker"), cwd=ROOT, env=env, stdout=w_out, stderr=w_out)
    try:
        _wait_until_answering(url + "/", server, server_log)
        yield url
    finally:
        _stop(server)
        _stop(worker)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (scripts/bootstrap.sh does it).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, live_server_url: str) -> Iterator[object]:
    """A page in a fresh browser context; relative `page.goto("/…")` URLs go to the live server."""
    context = browser.new_context(
        base_url=live_server_url,
        locale="zh-CN",
        timezone_id="Asia/Shanghai",
        extra_http_headers={"Accept-Language": "zh-CN"},
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    try:
        yield page
    finally:
        context.close()
