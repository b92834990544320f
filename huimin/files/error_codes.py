"""Stable machine codes returned by the API for refused attachments; the human text is translated separately."""

from enum import StrEnum


class FilesError(StrEnum):
    EMPTY = "attachment_empty"
    TOO_LARGE = "attachment_too_large"
    TYPE_REFUSED = "attachment_type_refused"
    EXTENSION_MISMATCH = "attachment_extension_mismatch"
    FORBIDDEN = "forbidden"
