"""Upload (JSON, for forms) and download of attachments. Downloads are always served as attachments with the
detected type, never rendered by the browser."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, JsonResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from huimin.core.permissions import PermissionDenied

from .error_codes import FilesError
from .models import Attachment
from .scope import upload_scope
from .selectors import attachment_get
from .services import attachment_create

DOWNLOAD_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Referrer-Policy": "no-referrer",
}


def content_disposition(name: str) -> str:
    """`attachment; filename="<ASCII fallback>"; filename*=UTF-8''<name>` (RFC 6266 / RFC 5987)."""
    fallback = "".join(ch if 32 <= ord(ch) < 127 and ch not in '"\\;%' else "_" for ch in name) or "download"
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def attachment_json(attachment: Attachment) -> dict:
    return {
        "id": str(attachment.public_id),
        "name": attachment.original_name,
        "size": attachment.size,
        "sha256": attachment.sha256,
        "kind": attachment.kind,
    }


def _error(code: str, message: str, status: int, errors: dict | None = None) -> JsonResponse:
    return JsonResponse({"code": str(code), "message": str(message), "errors": errors or {}}, status=status)


def _truthy(value: str | None) -> bool:
    return (value or "").strip().lower() in ("1", "true", "on", "yes")


@require_POST
def upload(request):
    """POST multipart `file` (+ optional `purpose`, `organization` public id, `division` code, `is_public`).
    Answers `{id, name, size, sha256, kind}` (201) or `{code, message, errors}`."""
    actor = request.actor
    if not actor.is_authenticated:
        return _error("unauthenticated", _("Sign in to upload files."), 401)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        message = _("No file was sent: choose a file in the field “file”.")
        return _error(FilesError.EMPTY, message, 400, {"file": [message]})
    is_public = _truthy(request.POST.get("is_public"))
    try:
        organization, division = upload_scope(
            actor=actor,
            organization_id=request.POST.get("organization"),
            division_code=request.POST.get("division"),
            is_public=is_public,
        )
        attachment = attachment_create(
            uploaded_file=uploaded,
            purpose=(request.POST.get("purpose") or "").strip(),
            actor=actor,
            organization=organization,
            division=division,
            is_public=is_public,
        )
    except PermissionDenied as exc:
        return _error(FilesError.FORBIDDEN, str(exc), 403)
    except ValidationError as exc:
        code = getattr(exc, "error_code", None) or "invalid"
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"file": exc.messages}
        return _error(code, " ".join(exc.messages), 400, errors)
    return JsonResponse(attachment_json(attachment), status=201)


@require_safe
def download(request, public_id: UUID):
    """The file's bytes. 404 for an unknown id and for a file the actor may not fetch (the right of the object it
    belongs to: a sealed proposal's documents are as absent as the proposal)."""
    try:
        attachment = attachment_get(actor=request.actor, public_id=public_id)
    except Attachment.DoesNotExist as exc:
        raise Http404(_("No such attachment.")) from exc
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("The file of this attachment is missing from storage.")) from exc
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition(attachment.original_name)
    response["Cache-Control"] = "public, max-age=3600" if attachment.is_public else "private, no-store"
    for header, value in DOWNLOAD_HEADERS.items():
        response[header] = value
    return response
