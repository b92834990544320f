"""Background tasks of the calls context (the django.tasks API).

`close_due_calls_task` closes every published call whose deadline has passed. It is registered as the periodic job
`calls.close_due` (every 5 minutes; huimin.core.schedule, queued by the scheduler inside `huimin worker`, or by
`huimin scheduler --once` from cron). It is idempotent: a second run closes nothing, and a missed run is caught up by
the next one. Submissions do not wait for it: the proposals context compares with the deadline itself.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from huimin.core.permissions import SystemActor

from .services.calls import call_close_due


@task
def close_due_calls_task() -> int:
    """Close the published calls whose deadline is now or earlier; returns how many were closed."""
    return len(call_close_due(now=timezone.now(), actor=SystemActor("calls-close-due")))
