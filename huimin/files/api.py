"""/api/v1/files: upload an attachment (multipart) and read its metadata. The bytes are at /files/<id>/."""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _
from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from huimin.core.apikit import PUBLIC
from huimin.core.permissions import PermissionDenied
from huimin.core.schemas import ErrorOut

from .schemas import AttachmentOut
from .scope import upload_scope
from .selectors import attachment_get
from .services import attachment_create

router = Router(tags=["files"])


@router.post(
    "/files",
    response={201: AttachmentOut, frozenset({400, 401, 403}): ErrorOut},
    summary="Upload an attachment",
    description="Multipart form: `file` (PDF, PNG, JPEG, GIF, WebP, Word, Excel, PowerPoint or OpenDocument; at "
    "most ATTACHMENT_MAX_BYTES), optional `purpose`, `organization` (public id), `division` (code), `is_public` "
    "(staff only). The type is detected from the content and must fit the name's extension.",
)
def attachment_upload(
    request,
    file: File[UploadedFile],
    purpose: Form[str] = "",
    organization: Form[str] = "",
    division: Form[str] = "",
    is_public: Form[bool] = False,
):
    actor = request.actor
    if not actor.is_authenticated:
        raise PermissionDenied(_("Sign in to upload files."))
    org, div = upload_scope(actor=actor, organization_id=organization, division_code=division, is_public=is_public)
    attachment = attachment_create(
        uploaded_file=file, purpose=purpose.strip(), actor=actor, organization=org, division=div, is_public=is_public
    )
    return Status(201, AttachmentOut.of(attachment))


@router.get(
    "/files/{public_id}",
    response={200: AttachmentOut, 404: ErrorOut},
    summary="Metadata of one attachment",
    description="404 for an unknown id and for a file you may not fetch: a private file is seen by those who may "
    "see the object it belongs to (a proposal's documents are sealed with the proposal until the call's deadline).",
    openapi_extra=PUBLIC,
)
def attachment_detail(request, public_id: UUID):
    return AttachmentOut.of(attachment_get(actor=request.actor, public_id=public_id))
