from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    """A day whose status differs from the Monday–Friday rule: a public holiday, or a 调休 working weekend day."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Public holiday (no work)")
        WORKDAY = "workday", _("Adjusted working day (调休)")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=64, blank=True)
    source = models.CharField(_("source"), max_length=32, default="chinese-calendar")

    class Meta:
        ordering = ["date"]
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")

    def __str__(self) -> str:
        return f"{self.date} {self.get_kind_display()}"


class CalendarYear(models.Model):
    """A year whose holidays are known (seeded from the package, or confirmed by the district administrator)."""

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    source = models.CharField(_("source"), max_length=32, default="chinese-calendar")
    confirmed_by = models.CharField(_("confirmed by"), max_length=150, blank=True)

    class Meta:
        ordering = ["year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self) -> str:
        return str(self.year)
