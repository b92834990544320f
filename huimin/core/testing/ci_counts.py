"""Counts that CI tests report — routes × roles tried, API cases generated, pages scanned — printed in a "CI counts"
section at the end of pytest's output (also with xdist, and without `-s`).

In a test, with pytest's `record_property` fixture:

    from huimin.core.testing.ci_counts import report_count

    def test_something(record_property):
        ...
        report_count(record_property, "personal-data crawler: pages scanned", 812)

The count travels in the test report's `user_properties` (so it also lands in the JUnit XML as a property), the root
conftest.py collects them (`collect`) and prints them (`summary_lines`) in `pytest_terminal_summary`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

PREFIX = "ci-count: "

# (test node id, name, value) in the order the reports arrived (in the controller process under xdist)
_collected: list[tuple[str, str, Any]] = []


def report_count(record_property: Callable[[str, Any], None], name: str, value: Any) -> None:
    """Report `value` under `name` for CI's log."""
    record_property(PREFIX + name, value)


def collect(report: Any) -> None:
    """Keep the counts a test's report carries (call from `pytest_runtest_logreport`)."""
    if getattr(report, "when", None) != "call":
        return
    for key, value in getattr(report, "user_properties", ()) or ():
        if isinstance(key, str) and key.startswith(PREFIX):
            _collected.append((report.nodeid, key[len(PREFIX) :], value))


def summary_lines() -> list[str]:
    """One line per count: `name: value  (test id)`."""
    return [f"{name}: {value}  ({nodeid})" for nodeid, name, value in _collected]
