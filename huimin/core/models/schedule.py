from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScheduledRun(models.Model):
    """When a periodic job (huimin.core.schedule) was last due and queued: one row per job, so that several
    schedulers never queue the same slot twice."""

    name = models.CharField(_("job"), max_length=100, unique=True)
    last_slot = models.DateTimeField(_("last slot queued"), null=True, blank=True)
    last_queued_at = models.DateTimeField(_("queued at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("scheduled run")
        verbose_name_plural = _("scheduled runs")

    def __str__(self) -> str:
        return self.name
