"""The audit event types of the attachments context (stored data: a value never changes)."""

from enum import StrEnum


class FilesEvent(StrEnum):
    ATTACHMENT_UPLOADED = "attachment.uploaded"
    ATTACHMENT_CLAIMED = "attachment.claimed"
