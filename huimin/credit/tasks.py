"""Background tasks of the credit context (the django.tasks API).

`expire_records_task` takes penalties whose 公示截止期 has passed off public view. The scheduler enqueues it once a
day (`huimin worker` runs it); `huimin credit expire` does the same from the command line. Both are idempotent:
running twice on a day changes nothing the second time.
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
