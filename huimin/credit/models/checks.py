from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class CreditCheckResult(models.TextChoices):
    CLEAR = "clear", _("Clear")
    WARNED = "warned", _("Warned")
    BLOCKED = "blocked", _("Blocked")


class CreditCheck(models.Model):
    """Evidence of one credit check: what was seen, when, by which rule — so a later screening can show it."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey(
        "core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject_name = models.CharField(_("name"), max_length=200)
    subject_uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    legal_rep = models.CharField(_("legal representative"), max_length=64, blank=True)
    as_of = models.DateField(_("checked for the date"))
    result = models.CharField(_("result"), max_length=8, choices=CreditCheckResult.choices)
    findings = models.JSONField(_("findings"), default=list)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    checked_at = models.DateTimeField(_("checked at"))
    checked_by = models.CharField(_("checked by"), max_length=150)
    digest = models.CharField(_("SHA-256 of the findings"), max_length=64)

    class Meta:
        ordering = ["-checked_at"]
        verbose_name = _("credit check")
        verbose_name_plural = _("credit checks")

    def __str__(self) -> str:
        return f"{self.subject_name} {self.as_of} {self.get_result_display()}"
