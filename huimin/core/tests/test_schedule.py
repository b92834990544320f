"""Periodic jobs are queued once per slot, caught up after a gap, and never twice by two schedulers."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from huimin.core import schedule
from huimin.core.models import ScheduledRun

pytestmark = pytest.mark.django_db(transaction=False)

SHANGHAI = ZoneInfo("Asia/Shanghai")


@pytest.fixture
def calls(monkeypatch):
    monkeypatch.setattr(schedule, "_REGISTRY", {})
    seen: list[str] = []
    schedule.register_periodic("test.daily", lambda: seen.append("daily"), at=time(0, 10))
    schedule.register_periodic("test.hourly", lambda: seen.append("hourly"), every=timedelta(hours=1))
    return seen


def at(y, m, d, hh, mm):
    return datetime(y, m, d, hh, mm, tzinfo=SHANGHAI)


def test_a_daily_job_is_queued_once_per_day_after_its_time(calls, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        assert "test.daily" in schedule.run_due(now=at(2026, 11, 29, 0, 11))
    with django_capture_on_commit_callbacks(execute=True):
        assert "test.daily" not in schedule.run_due(now=at(2026, 11, 29, 23, 59))
    with django_capture_on_commit_callbacks(execute=True):
        assert "test.daily" in schedule.run_due(now=at(2026, 11, 30, 0, 10))
    assert calls.count("daily") == 2


def test_before_its_time_the_job_belongs_to_the_previous_day(calls):
    job = schedule._REGISTRY["test.daily"]
    assert job.latest_slot(at(2026, 11, 29, 0, 5)) == at(2026, 11, 28, 0, 10)


def test_a_long_gap_is_caught_up_by_one_run(calls, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        schedule.run_due(now=at(2026, 1, 1, 12, 0))
    with django_capture_on_commit_callbacks(execute=True):
        schedule.run_due(now=at(2026, 3, 1, 12, 0))
    assert calls.count("daily") == 2
    assert ScheduledRun.objects.get(name="test.daily").last_slot == at(2026, 3, 1, 0, 10)


def test_a_second_scheduler_does_not_queue_the_same_slot(calls, django_capture_on_commit_callbacks):
    now = at(2026, 11, 29, 9, 30)
    with django_capture_on_commit_callbacks(execute=True):
        first = schedule.run_due(now=now)
    with django_capture_on_commit_callbacks(execute=True):
        second = schedule.run_due(now=now + timedelta(seconds=5))
    assert set(first) == {"test.daily", "test.hourly"}
    assert second == []
    assert calls.count("hourly") == 1


def test_the_credit_expiry_is_a_registered_daily_job():
    names = {job.name for job in schedule.periodic_jobs()}
    assert "credit.expire_records" in names


def test_scheduler_once_lists_and_queues(calls, capsys):
    call_command("scheduler", "--list")
    assert "test.daily" in capsys.readouterr().out
