from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never keep the uploaded name on disk: the stored name is the UUID and the detected extension.
    return f"attachments/{instance.public_id.hex[:2]}/{instance.public_id.hex}.{instance.extension}"


class Attachment(models.Model):
    """An uploaded file. Its type is detected from its bytes; it is only ever served as a download."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    file = models.FileField(upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    kind = models.CharField(_("file type"), max_length=16)
    extension = models.CharField(max_length=8)
    content_type = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    purpose = models.CharField(_("purpose"), max_length=64, blank=True)
    organization = models.ForeignKey(
        "core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    division = models.ForeignKey("core.Division", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    is_public = models.BooleanField(_("public"), default=False)
    uploaded_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name
