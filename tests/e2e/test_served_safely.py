"""The demo as `huimin serve` runs it: a 404 lists no URL patterns, every page carries the Content-Security-Policy,
and the pages' scripts (charts, the editors' live totals, confirmations) run under it without a single violation."""

from __future__ import annotations

import urllib.error
import urllib.request

import pytest

from huimin.demo import data


def sign_in(page, username: str) -> None:
    page.goto("/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", data.DEMO_PASSWORD)
    page.click("form[action='/login/'] button[type=submit]")
    page.wait_for_load_state("networkidle")


def test_the_served_demo_answers_a_404_without_url_patterns_and_with_a_policy(live_server_url):
    with pytest.raises(urllib.error.HTTPError) as raised:
        urllib.request.urlopen(live_server_url + "/no/such/page/", timeout=10)  # noqa: S310 — our loopback server
    error = raised.value
    body = error.read().decode("utf-8", "replace")
    assert error.code == 404
    assert "URLconf" not in body and "api/v1/" not in body and "Traceback" not in body
    policy = error.headers["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in policy and "'unsafe-eval'" not in policy


def watch_policy(page) -> list[str]:
    """Messages of the browser about blocked content (and script errors), collected while the test runs."""
    seen: list[str] = []

    def on_console(message) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            seen.append(f"{page.url}: {message.text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: seen.append(f"{page.url}: script error: {error}"))
    return seen


PUBLIC_PAGES = ["/", "/needs/", "/calls/", "/credit/", "/credit/penalties/", "/surveys/", "/divisions/", "/login/"]


def test_public_pages_run_their_scripts_under_the_policy(page):
    violations = watch_policy(page)
    for path in PUBLIC_PAGES:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    if page.goto("/credit/") and page.locator("[data-chart]").count():
        page.wait_for_selector("[data-chart] svg", timeout=10_000)  # the charts' inline script ran (nonce)
    assert violations == []


@pytest.mark.parametrize(
    ("username", "paths"),
    [
        ("admin", ["/", "/people/", "/organizations/", "/audit/", "/tokens/"]),
        ("credit_admin", ["/credit/manage/timeliness/", "/credit/office/"]),
        ("yiyuanli", ["/", "/screening/"]),
        ("provider1", ["/", "/proposals/"]),
        ("longyuan", ["/", "/surveys/manage/", "/needs/desk/", "/needs/desk/new/"]),
    ],
)
def test_signed_in_pages_run_their_scripts_under_the_policy(page, username, paths):
    violations = watch_policy(page)
    sign_in(page, username)
    for path in paths:
        page.goto(path)
        page.wait_for_load_state("networkidle")
    assert violations == []
