from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class RepairStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class RepairRequest(models.Model):
    """信用修复: a request to end the publication of a penalty early, with its evidence."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    record = models.ForeignKey("credit.PenaltyRecord", on_delete=models.PROTECT, related_name="repairs")
    applicant_name = models.CharField(_("applicant"), max_length=200)
    commitment = models.TextField(_("credit commitment (信用承诺)"))
    fulfilment = models.TextField(_("proof of fulfilment (履行证明)"))
    evidence = models.ManyToManyField("files.Attachment", blank=True, related_name="+")
    training_certificate = models.BooleanField(_("credit repair training completed"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=RepairStatus.choices, default=RepairStatus.SUBMITTED, db_index=True
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("credit repair request")
        verbose_name_plural = _("credit repair requests")

    def __str__(self) -> str:
        return f"{self.record.decision_number} · {self.get_status_display()}"
