"""The organization's standing documents (登记证书, 年检结论, 评估等级证书, 章程 …), reused by its proposals. The files
are stored by huimin.files under the purpose `profile:<code>`."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.services.errors import ServiceError
from huimin.files.services import attachment_create

from ..error_codes import ProfilesError
from ..events import ProvidersEvent
from ..models import ProfileDocument
from ..permissions import require_profile_editor
from ..rules import line
from ..selectors import PROFILE_DOCUMENT_CODES, document_label

if TYPE_CHECKING:
    from huimin.core.models import Organization
    from huimin.core.permissions import Actor

# The purpose of a standing document's attachment is this prefix and the document's code. Stored with every file:
# never change it.
PROFILE_DOCUMENT_PURPOSE_PREFIX = "profile:"


@transaction.atomic
def profile_document_upload(
    *,
    organization: Organization,
    code: str,
    uploaded_file: Any,
    actor: Actor,
    valid_until: date | None = None,
    now: datetime | None = None,
) -> ProfileDocument:
    """Store a standing document of the organization (a newer upload of the same code supersedes the older one,
    which is kept). The file is checked by huimin.files (type from its bytes, size)."""
    require_profile_editor(actor, organization)
    code = line(code).lower()
    if code not in PROFILE_DOCUMENT_CODES:
        raise ServiceError.for_fields(
            {"code": _("Choose the kind of document from the list.")}, code=ProfilesError.DOCUMENT_CODE_UNKNOWN
        )
    moment = now or timezone.now()
    if valid_until is not None and valid_until < timezone.localdate(moment):
        raise ServiceError.for_fields(
            {"valid_until": _("The document has already expired: upload the current one.")},
            code=ProfilesError.DOCUMENT_INVALID,
        )
    attachment = attachment_create(
        uploaded_file=uploaded_file,
        purpose=f"{PROFILE_DOCUMENT_PURPOSE_PREFIX}{code}",
        actor=actor,
        organization=organization,
    )
    document = ProfileDocument.objects.create(
        organization=organization, code=code, attachment=attachment, valid_until=valid_until, uploaded_at=moment
    )
    audit_record(
        actor=actor,
        event_type=ProvidersEvent.DOCUMENT_UPLOADED,
        target=document,
        target_label=f"{organization.name[:120]} · {document_label(code)}"[:200],
        payload={
            "organization": str(organization.public_id),
            "code": code,
            "attachment": str(attachment.public_id),
            "sha256": attachment.sha256,
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    return document


@transaction.atomic
def profile_document_remove(*, document: ProfileDocument, actor: Actor) -> None:
    """Take a standing document off the profile (the stored file stays: proposals may have attached it)."""
    document = (
        ProfileDocument.objects.select_for_update().select_related("organization", "attachment").get(pk=document.pk)
    )
    require_profile_editor(actor, document.organization)
    audit_record(
        actor=actor,
        event_type=ProvidersEvent.DOCUMENT_REMOVED,
        target=document,
        payload={
            "organization": str(document.organization.public_id),
            "code": document.code,
            "attachment": str(document.attachment.public_id),
        },
    )
    document.delete()
