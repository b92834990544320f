"""Periodic jobs: time-driven transitions happen by schedule, never by someone remembering (PRODUCT.md §4).

Apps register their jobs at start-up (`register_periodic` in AppConfig.ready). `run_due(now=…)` queues, through the
`django.tasks` API, every job whose latest slot has not been queued yet; `ScheduledRun` remembers the last slot per
job under a row lock, so any number of schedulers (each `huimin worker` runs one; `huimin scheduler --once` suits
cron) queue each slot exactly once. A missed slot is caught up by the next call; jobs themselves are idempotent.
Tests move the clock by passing `now`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import partial
from typing import Any

from django.db import transaction
from django.utils import timezone

from .models import ScheduledRun

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Any  # a django.tasks Task (has .enqueue) or a plain callable run in-line
    every: timedelta
    at: time | None  # for daily jobs: the local (Asia/Shanghai) time of day

    def latest_slot(self, now: datetime) -> datetime:
        """The most recent moment ≤ now at which this job was due."""
        local = timezone.localtime(now)
        if self.at is not None and self.every == timedelta(days=1):
            slot = local.replace(hour=self.at.hour, minute=self.at.minute, second=0, microsecond=0)
            return slot if slot <= local else slot - timedelta(days=1)
        epoch = datetime(2000, 1, 1, tzinfo=local.tzinfo)
        steps = (local - epoch) // self.every
        return epoch + steps * self.every


_REGISTRY: dict[str, Periodic] = {}


def register_periodic(name: str, task: Any, *, every: timedelta = timedelta(days=1), at: time | None = None) -> None:
    if every <= timedelta(0):
        raise ValueError("a periodic job needs a positive interval")
    _REGISTRY[name] = Periodic(name=name, task=task, every=every, at=at)


def periodic_jobs() -> list[Periodic]:
    return sorted(_REGISTRY.values(), key=lambda p: p.name)


def _queue(job: Periodic) -> None:
    enqueue: Callable[[], Any] | None = getattr(job.task, "enqueue", None)
    if enqueue is not None:
        enqueue()
    else:
        job.task()


def run_due(*, now: datetime | None = None) -> list[str]:
    """Queue every job whose latest slot is newer than the one last queued; return their names."""
    now = now or timezone.now()
    queued: list[str] = []
    for job in periodic_jobs():
        slot = job.latest_slot(now)
        with transaction.atomic():
            ScheduledRun.objects.get_or_create(name=job.name)
            run = ScheduledRun.objects.select_for_update().get(name=job.name)
            if run.last_slot is not None and run.last_slot >= slot:
                continue
            run.last_slot = slot
            run.last_queued_at = now
            run.save(update_fields=["last_slot", "last_queued_at"])
            transaction.on_commit(partial(_queue, job))
        queued.append(job.name)
        log.info("queued periodic job %s for %s", job.name, slot.isoformat())
    return queued
