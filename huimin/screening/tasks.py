"""Background tasks of the screening context (the django.tasks API), registered as periodic jobs in apps.py.

- `screening_run_due_task` (`screening.run_due`, every 5 minutes): screens every call whose deadline has passed and
  that has no run yet, as the platform (`SystemActor("screening-at-deadline")`).
- `screening_expire_fixes_task` (`screening.expire_fixes`, every 15 minutes): marks fix windows that ended without a
  fix and closes them on the proposal.

Both are idempotent: a second run changes nothing, a missed one is caught up by the next.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from .services import screening_expire_fixes, screening_run_due


@task
def screening_run_due_task() -> int:
    return len(screening_run_due(now=timezone.now()))


@task
def screening_expire_fixes_task() -> int:
    return len(screening_expire_fixes(now=timezone.now()))
