"""Shapes of /api/v1/files."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.urls import reverse
from ninja import Field, Schema

from .models import Attachment


class AttachmentOut(Schema):
    id: UUID = Field(description="The attachment's public id (use it in other requests).")
    name: str = Field(description="The file name as uploaded (folders and control characters removed).")
    size: int = Field(description="Size in bytes.")
    sha256: str = Field(description="SHA-256 of the content, hexadecimal.")
    kind: str = Field(
        description="Detected type: pdf, png, jpeg, gif, webp, doc, xls, ppt, docx, xlsx, pptx, odt, ods or odp."
    )
    content_type: str
    purpose: str
    is_public: bool
    organization: UUID | None = Field(description="Public id of the organization it belongs to.")
    division: str | None = Field(description="Code of the division it belongs to.")
    uploaded_at: datetime
    download_url: str

    @staticmethod
    def of(attachment: Attachment) -> AttachmentOut:
        return AttachmentOut(
            id=attachment.public_id,
            name=attachment.original_name,
            size=attachment.size,
            sha256=attachment.sha256,
            kind=attachment.kind,
            content_type=attachment.content_type,
            purpose=attachment.purpose,
            is_public=attachment.is_public,
            organization=attachment.organization.public_id if attachment.organization is not None else None,
            division=attachment.division.code if attachment.division is not None else None,
            uploaded_at=attachment.uploaded_at,
            download_url=reverse("files:download", args=[attachment.public_id]),
        )
