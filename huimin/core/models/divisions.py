from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class DivisionLevel(models.TextChoices):
    DISTRICT = "district", _("District")
    STREET = "street", _("Street")
    TOWNSHIP = "township", _("Township")
    COMMUNITY = "community", _("Community")
    VILLAGE = "village", _("Village")


# Which level may sit under which: district → street/township → community/village.
ALLOWED_PARENT_LEVELS: dict[str, tuple[str, ...]] = {
    DivisionLevel.DISTRICT: (),
    DivisionLevel.STREET: (DivisionLevel.DISTRICT,),
    DivisionLevel.TOWNSHIP: (DivisionLevel.DISTRICT,),
    DivisionLevel.COMMUNITY: (DivisionLevel.STREET, DivisionLevel.TOWNSHIP),
    DivisionLevel.VILLAGE: (DivisionLevel.STREET, DivisionLevel.TOWNSHIP),
}


class Division(models.Model):
    """An administrative division with its official code (GB/T 2260 + 统计用区划代码)."""

    code = models.CharField(_("code"), max_length=12, unique=True)
    name = models.CharField(_("name"), max_length=64)
    level = models.CharField(_("level"), max_length=16, choices=DivisionLevel.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("active"), default=True)
    takes_part = models.BooleanField(
        _("takes part in purchased services"), default=True, help_text=_("Whether it purchases services this round.")
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("administrative division")
        verbose_name_plural = _("administrative divisions")

    def __str__(self) -> str:
        return self.name

    @property
    def is_purchaser_level(self) -> bool:
        return self.level in (DivisionLevel.STREET, DivisionLevel.TOWNSHIP)
