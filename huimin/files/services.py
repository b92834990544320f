"""Storing uploaded files.

An attachment is accepted only when its bytes are one of the accepted kinds (huimin.files.detect), its name's
extension fits that kind, and it is neither empty nor larger than `settings.ATTACHMENT_MAX_BYTES`. It is stored
under MEDIA_ROOT by a random UUID name; its SHA-256 is computed while the upload is streamed in chunks.
"""

from __future__ import annotations

import hashlib
import uuid
from typing import TYPE_CHECKING, Any, BinaryIO

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError

from .detect import FAMILY_EXTENSIONS, FileKind, detect
from .error_codes import FilesError
from .events import FilesEvent
from .models import Attachment
from .names import MB, claimed_extension, clean_file_name, format_megabytes
from .owners import owner_of

if TYPE_CHECKING:
    from huimin.core.models import Division, Organization
    from huimin.core.permissions import Actor

CHUNK = 64 * 1024


def _file_object(uploaded_file) -> BinaryIO:
    inner = getattr(uploaded_file, "file", None)
    return inner if inner is not None and hasattr(inner, "seek") else uploaded_file


def _measure(uploaded_file, limit: int) -> tuple[int, str]:
    """Size and SHA-256, read in chunks; past the limit only the size is counted (to say it)."""
    digest = hashlib.sha256()
    size = 0
    for chunk in uploaded_file.chunks(CHUNK):
        size += len(chunk)
        if size <= limit:
            digest.update(chunk)
    return size, digest.hexdigest()


def _refuse_type(name: str, kind: FileKind) -> ServiceError:
    return ServiceError.for_fields(
        {
            "file": _(
                "“%(name)s” is a %(kind)s. Accepted are PDF documents, images (PNG, JPEG, GIF, WebP) and office "
                "documents (Word, Excel, PowerPoint, OpenDocument)."
            )
            % {"name": name, "kind": kind.label}
        },
        code=FilesError.TYPE_REFUSED,
    )


def _check_size(name: str, size: int, limit: int) -> None:
    if size == 0:
        raise ServiceError.for_fields(
            {"file": _("“%(name)s” is empty (0 bytes).") % {"name": name}}, code=FilesError.EMPTY
        )
    if size > limit:
        raise ServiceError.for_fields(
            {
                "file": _("“%(name)s” is %(size)s MB (%(bytes)s bytes); files may be at most %(limit)s MB.")
                % {"name": name, "size": f"{size / MB:.1f}", "bytes": f"{size:,}", "limit": format_megabytes(limit)}
            },
            code=FilesError.TOO_LARGE,
        )


def _check_kind(name: str, kind: FileKind) -> None:
    if not kind.accepted:
        raise _refuse_type(name, kind)
    ext = claimed_extension(name)
    if ext and ext not in FAMILY_EXTENSIONS[kind.family]:
        raise ServiceError.for_fields(
            {
                "file": _("“%(name)s”: the name ends in .%(ext)s but the content is a %(kind)s.")
                % {"name": name, "ext": ext, "kind": kind.label}
            },
            code=FilesError.EXTENSION_MISMATCH,
        )


def _audit_sealed(attachment: Attachment) -> bool:
    """Whether the audit trail may hold only the attachment's public id: a private file whose owner seals its
    objects (a proposal's documents), or whose owner is not known yet (a generic upload may become a sealed
    proposal's document, so its name must not reach the trail before it is claimed)."""
    if attachment.is_public:
        return False
    owner = owner_of(attachment.purpose)
    return owner is None or owner.seals_audit


def _audit(actor: Actor, event_type: FilesEvent, attachment: Attachment, details: dict[str, Any]) -> None:
    sealed = _audit_sealed(attachment)
    audit_record(
        actor=actor,
        event_type=event_type,
        target=attachment,
        target_label=str(attachment.public_id) if sealed else attachment.original_name[:200],
        payload={"attachment": str(attachment.public_id), **({} if sealed else details)},
    )


def attachment_create(
    *,
    uploaded_file,
    purpose: str,
    actor: Actor,
    organization: Organization | None = None,
    division: Division | None = None,
    is_public: bool = False,
) -> Attachment:
    """Check and store one uploaded file (a Django `UploadedFile` or any `File`) and record `attachment.uploaded`
    (with its public id only when `_audit_sealed`, see there).

    The calling service decides whether the actor may attach files to `organization` / `division` in its context
    (the generic upload endpoint checks `permissions.can_attach_to`). Raises ServiceError (field `file`) with
    a FilesError code when the file is refused; nothing is stored then.
    """
    if actor is None or not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to upload files."))
    name = clean_file_name(getattr(uploaded_file, "name", ""))
    limit = int(settings.ATTACHMENT_MAX_BYTES)
    size, sha256 = _measure(uploaded_file, limit)
    _check_size(name, size, limit)
    kind = detect(_file_object(uploaded_file))
    _check_kind(name, kind)

    attachment = Attachment(
        public_id=uuid.uuid4(),
        original_name=name,
        kind=kind.kind,
        extension=kind.extension,
        content_type=kind.content_type,
        size=size,
        sha256=sha256,
        purpose=(purpose or "")[:64],
        organization=organization,
        division=division,
        is_public=bool(is_public),
        uploaded_by=actor.user,
    )
    uploaded_file.seek(0)
    attachment.file.save(f"upload.{kind.extension}", File(_file_object(uploaded_file), name=name), save=False)
    stored_name = attachment.file.name
    try:
        with transaction.atomic():
            attachment.save(force_insert=True)
            details = {
                "name": name,
                "kind": kind.kind,
                "size": size,
                "sha256": sha256,
                "purpose": attachment.purpose,
                "organization": str(organization.public_id) if organization is not None else None,
                "division": division.code if division is not None else None,
                "is_public": attachment.is_public,
            }
            _audit(actor, FilesEvent.ATTACHMENT_UPLOADED, attachment, details)
    except BaseException:
        if stored_name:
            attachment.file.storage.delete(stored_name)
        raise
    return attachment


def attachment_claim(*, attachment: Attachment, purpose: str, actor: Actor) -> Attachment:
    """The context that attaches an uploaded file to one of its objects names itself the file's owner: a file
    uploaded without a registered owner (the generic upload endpoint) takes `purpose`, so that from then on it is
    fetched by the rule of that object (a proposal's document is sealed with the proposal). A file that already has
    an owner keeps it (an organization's standing document reused by a proposal stays the profile's).

    Runs in the caller's transaction; records `attachment.claimed` when the purpose changes."""
    owner = owner_of(purpose)
    if owner is None:
        raise ValueError(f"No owner is registered for the purpose {purpose!r} (huimin.files.owners.register_owner).")
    if owner_of(attachment.purpose) is not None:
        return attachment
    before = attachment.purpose
    attachment.purpose = purpose[:64]
    Attachment.objects.filter(pk=attachment.pk).update(purpose=attachment.purpose)
    _audit(actor, FilesEvent.ATTACHMENT_CLAIMED, attachment, {"purpose": attachment.purpose, "before": before})
    return attachment
