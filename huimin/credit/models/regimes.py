"""Publication periods as dated data (ARCHITECTURE.md rule 8; REFERENCE.md §3.4).

A regime is in force from `effective_from` until the day before the next regime's `effective_from`. The rule that
applies to a penalty is chosen by its decision date; its periods count from the decision date.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PublicationRegime(models.Model):
    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=200)
    document = models.CharField(_("document number"), max_length=100)
    effective_from = models.DateField(_("in force from"), unique=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["effective_from"]
        verbose_name = _("publication regime")
        verbose_name_plural = _("publication regimes")

    def __str__(self) -> str:
        return f"{self.name} ({self.document})"


class RegimeRule(models.Model):
    """Periods for one severity under one regime; `sector` narrows a rule (blank = every sector)."""

    regime = models.ForeignKey(PublicationRegime, on_delete=models.CASCADE, related_name="rules")
    severity = models.CharField(_("severity"), max_length=24)
    sector = models.CharField(_("sector"), max_length=32, blank=True)
    published = models.BooleanField(_("published"), default=True)
    min_months = models.PositiveSmallIntegerField(_("minimum period (months)"), default=0)
    max_months = models.PositiveSmallIntegerField(_("maximum period (months)"), default=0)
    repairable = models.BooleanField(_("repairable"), default=True)

    class Meta:
        ordering = ["regime_id", "severity", "sector"]
        constraints = [models.UniqueConstraint(fields=["regime", "severity", "sector"], name="uniq_regime_rule")]
        verbose_name = _("regime rule")
        verbose_name_plural = _("regime rules")

    def __str__(self) -> str:
        return f"{self.regime.code} {self.severity} {self.sector or '*'}"
