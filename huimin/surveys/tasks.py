"""Background tasks of the surveys context (the django.tasks API).

`close_due_questionnaires_task` closes every open questionnaire whose closing time has passed. It is registered as
the periodic job `surveys.close_due` (every 10 minutes; huimin.core.schedule). Idempotent: a second run closes
nothing, and a missed run is caught up by the next. Online answers after the closing time are refused by
`response_submit` even before the job has run.
"""

from __future__ import annotations

from django.tasks import task
from django.utils import timezone

from huimin.core.permissions import SystemActor

from .services import questionnaires_close_due


@task
def close_due_questionnaires_task() -> int:
    return questionnaires_close_due(now=timezone.now(), actor=SystemActor("surveys-close"))
