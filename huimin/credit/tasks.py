"""Background tasks of the credit context (the django.tasks API).

`expire_records_task` takes penalties whose 公示截止期 has passed off public view. It is registered as the daily
periodic job `credit.expire_records` (huimin.core.schedule, queued by the scheduler inside `huimin worker`, or by
`huimin scheduler --once` from cron); `huimin credit expire` does the same by hand. Both are idempotent: running
twice on a day changes nothing the second time, and a missed day is caught up by the next run.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from huimin.core.permissions import SystemActor

from .services.records import records_expire


@task
def expire_records_task() -> int:
    """End the publication of every penalty whose 公示截止期 is before today (Asia/Shanghai); returns how many."""
    return records_expire(today=timezone.localdate(), actor=SystemActor("credit-expire"))
