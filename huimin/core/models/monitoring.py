"""What the platform counts about the requests it refuses (read by `huimin stats` and the operators)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DeniedRequestCount(models.Model):
    """How many requests one route refused with one status on one day (China Standard Time).

    Counted: 401 and 403 (a permission refused, in pages and the API) and 404 on a route that names an object (the
    object is missing or hidden from the asker: both answer alike, by design). A 404 for an address that matches no
    route is not counted (scanners). One row per (day, route, status), raised with one atomic UPDATE.
    """

    day = models.DateField(_("day"))
    route = models.CharField(_("route"), max_length=200)
    status = models.PositiveSmallIntegerField(_("status"))
    count = models.PositiveBigIntegerField(_("count"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["day", "route", "status"], name="uniq_denied_request_count")]
        ordering = ["-day", "route", "status"]
        verbose_name = _("denied requests")
        verbose_name_plural = _("denied requests")

    def __str__(self) -> str:
        return f"{self.day} {self.route} {self.status}: {self.count}"
