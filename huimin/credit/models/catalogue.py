from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportingUnit(models.Model):
    """A 双公示 reporting unit (报送单位): a government body or public institution with its list of powers."""

    organization = models.OneToOneField(
        "core.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="reporting_unit"
    )
    code = models.CharField(_("unit code"), max_length=32, unique=True)
    short_name = models.CharField(_("short name"), max_length=64, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("reporting unit")
        verbose_name_plural = _("reporting units")

    def __str__(self) -> str:
        return self.short_name or self.organization.name


class CatalogueKind(models.TextChoices):
    LICENSING = "licensing", _("Administrative licensing (行政许可)")
    PENALTY = "penalty", _("Administrative penalty (行政处罚)")


class Sector(models.TextChoices):
    """Sectors whose serious penalties the regimes treat specially (REFERENCE.md §3.4)."""

    GENERAL = "general", _("General")
    FOOD_DRUG = "food_drug", _("Food and drugs")
    ENVIRONMENT = "environment", _("Ecology and environment")
    CONSTRUCTION = "construction", _("Construction quality")
    WORK_SAFETY = "work_safety", _("Work safety")
    FIRE = "fire", _("Fire safety")
    SPECIAL_EQUIPMENT = "special_equipment", _("Special equipment")
    MARKET = "market", _("Market regulation")


class CatalogueItem(models.Model):
    """One item of a unit's catalogue (权责清单): a licensing or penalty power the unit exercises."""

    unit = models.ForeignKey(
        ReportingUnit, verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="catalogue_items"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=CatalogueKind.choices)
    code = models.CharField(_("item code"), max_length=64)
    name = models.CharField(_("item name"), max_length=300)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    sector = models.CharField(_("sector"), max_length=32, choices=Sector.choices, default=Sector.GENERAL)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["unit_id", "kind", "code"]
        constraints = [models.UniqueConstraint(fields=["unit", "kind", "code"], name="uniq_catalogue_item")]
        verbose_name = _("catalogue item")
        verbose_name_plural = _("catalogue items")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"
