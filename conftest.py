"""Fixtures every app's tests may use.

    system_actor                 the platform itself (SystemActor), district-wide
    make_user(role=…, …)         a User with one role assignment → its Actor (actor.user is the User)
    client_for(user_or_actor)    a django test Client signed in as that user
    seeded_calendar              the working-day calendar seeded from the chinese-calendar package

CI tests report counts with huimin.core.testing.ci_counts.report_count(record_property, name, value); the hooks below
print them in a "CI counts" section at the end of pytest's output.

Apps keep their own factories in huimin/<app>/tests/; what is here is what several apps need.
"""

from __future__ import annotations

import itertools
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent
DEFAULT_PASSWORD = "a-good-Passw0rd"  # test users only


def pytest_configure(config: pytest.Config) -> None:
    """Compile the zh_Hans catalogue when the .mo is missing or older than the .po (once, before any worker)."""
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has done it
        return
    msgfmt = shutil.which("msgfmt")
    if msgfmt is None:
        return
    for po in (ROOT / "huimin").glob("**/locale/*/LC_MESSAGES/*.po"):
        mo = po.with_suffix(".mo")
        if not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime:
            subprocess.run([msgfmt, "--check-format", "-o", str(mo), str(po)], check=False)  # noqa: S603


def pytest_runtest_logreport(report: pytest.TestReport) -> None:
    """Keep the counts CI tests report (huimin.core.testing.ci_counts); under xdist this runs in the controller."""
    from huimin.core.testing.ci_counts import collect

    collect(report)


def pytest_terminal_summary(terminalreporter: Any) -> None:
    """Print the counts CI tests reported (routes × roles tried, cases generated, pages scanned) in CI's log."""
    from huimin.core.testing.ci_counts import summary_lines

    lines = summary_lines()
    if lines:
        terminalreporter.write_sep("=", "CI counts")
        for line in lines:
            terminalreporter.write_line(line)


@pytest.fixture
def system_actor():
    from huimin.core.permissions import SystemActor

    return SystemActor()


@pytest.fixture
def make_user(db) -> Callable[..., Any]:
    """Factory: `make_user(role=Role.PURCHASER, division=street)` → Actor. Also accepts username, password and
    any User field (full_name=…, phone=…); `role=None` makes a user without roles (a signed-in nobody)."""
    from huimin.core.models import RoleAssignment, User
    from huimin.core.permissions import Actor

    counter = itertools.count(1)

    def factory(
        role: str | None = None,
        division: Any = None,
        organization: Any = None,
        *,
        username: str | None = None,
        password: str = DEFAULT_PASSWORD,
        **fields: Any,
    ) -> Actor:
        name = username or f"{role or 'user'}-{next(counter)}"
        while username is None and User.objects.filter(username=name).exists():
            name = f"{role or 'user'}-{next(counter)}"
        user = User.objects.create_user(username=name, password=password, **fields)
        if role is not None:
            RoleAssignment.objects.create(user=user, role=role, division=division, organization=organization)
        return Actor.for_user(user)

    return factory


@pytest.fixture
def client_for(db) -> Callable[[Any], Any]:
    """`client_for(user_or_actor)` → a Client signed in as that user, asking for Chinese pages."""
    from django.test import Client

    def signed_in(who: Any) -> Client:
        user = getattr(who, "user", who)
        client = Client(headers={"accept-language": "zh-CN"})
        if user is not None:
            client.force_login(user)
        return client

    return signed_in


@pytest.fixture
def seeded_calendar(db):
    """Holidays and adjusted working days for the years the chinese-calendar package knows."""
    from huimin.core.calendar import calendar_seed_from_package
    from huimin.core.permissions import SystemActor

    return calendar_seed_from_package(actor=SystemActor())
