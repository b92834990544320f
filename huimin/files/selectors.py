"""Reads of attachments, scoped to the actor."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .models import Attachment
from .permissions import can_download

if TYPE_CHECKING:
    from huimin.core.permissions import Actor


def attachment_get(*, actor: Actor, public_id: UUID | str) -> Attachment:
    """The attachment, when the actor may fetch it (huimin.files.permissions.can_download).

    Unknown id, or not allowed → Attachment.DoesNotExist, the same for everyone: a file the actor may not fetch is
    indistinguishable from one that does not exist, as a sealed proposal is (its name is never told).
    """
    try:
        attachment = Attachment.objects.select_related("organization", "division", "uploaded_by").get(
            public_id=public_id
        )
    except (ValueError, TypeError, ValidationError) as exc:
        raise Attachment.DoesNotExist(_("No attachment has the id %(id)s.") % {"id": public_id}) from exc
    if can_download(actor, attachment):
        return attachment
    raise Attachment.DoesNotExist(_("No attachment has the id %(id)s.") % {"id": public_id})
