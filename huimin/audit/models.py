"""The append-only, hash-chained audit trail. Rows are written only by `huimin.audit.services.audit_record`."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


def target_type_of(target: models.Model) -> str:
    """How an event names the kind of its target: "<app label>.<model name>", unless the model declares its
    `audit_target_type` (a model that moved to another app keeps the name its history was written under)."""
    declared = getattr(target, "audit_target_type", "")
    return declared or f"{target._meta.app_label}.{target._meta.model_name}"


class AppendOnlyError(Exception):
    """Raised on any attempt to change or delete an audit event."""


class AuditEventQuerySet(models.QuerySet):
    def update(self, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only")

    def delete(self):  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only")

    def bulk_update(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only")

    def bulk_create(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events are appended one by one by audit_record, which links each to the chain")

    def update_or_create(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only")


class AuditEvent(models.Model):
    seq = models.PositiveBigIntegerField(_("sequence"), unique=True)
    occurred_at = models.DateTimeField(_("time"))
    actor = models.ForeignKey(
        "core.User", verbose_name=_("actor"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("actor"), max_length=150)
    role = models.CharField(_("role"), max_length=200, blank=True)
    scope = models.CharField(_("scope"), max_length=200, blank=True)
    event_type = models.CharField(_("event type"), max_length=64, db_index=True)
    target_type = models.CharField(_("target type"), max_length=64)
    target_id = models.CharField(_("target"), max_length=64)
    target_label = models.CharField(_("target"), max_length=200, blank=True)
    payload = models.JSONField(_("payload"), default=dict)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["seq"]
        indexes = [models.Index(fields=["target_type", "target_id", "seq"], name="audit_target_idx")]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")

    def __str__(self) -> str:
        return f"#{self.seq} {self.event_type} {self.target_type}:{self.target_id}"

    def save(self, *args, **kwargs):  # type: ignore[override]
        if self.pk is not None or not kwargs.pop("_append", False):
            raise AppendOnlyError("audit events are written only by audit_record and never changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # type: ignore[override]
        raise AppendOnlyError("audit events are append-only")


class AuditHead(models.Model):
    """One row holding the chain's tip; locking it serializes appends across processes."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")

    def __str__(self) -> str:
        return f"#{self.seq} {self.hash[:12]}"
