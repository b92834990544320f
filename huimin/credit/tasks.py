"""Background tasks of the credit context (the django.tasks API).

`expire_records_task` takes penalties whose 公示截止期 has passed off public view. It must run once a day: the
deployment's scheduler (a cron entry or systemd timer) runs `huimin credit expire`, which does the same from the
command line, or enqueues this task for `huimin worker`. Both are idempotent: running twice on a day changes nothing
the second time, and a missed day is caught up by the next run.
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
