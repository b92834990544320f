"""Reads of attachments, scoped to the actor."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from huimin.core.permissions import PermissionDenied

from .models import Attachment
from .permissions import can_download

if TYPE_CHECKING:
    from huimin.core.permissions import Actor


def attachment_get(*, actor: Actor, public_id: UUID | str) -> Attachment:
    """The attachment, when the actor may fetch it.

    Unknown id → Attachment.DoesNotExist. Not allowed → PermissionDenied for a signed-in user, and
    Attachment.DoesNotExist for the anonymous public, who are not told that a private file exists.
    """
    try:
        attachment = Attachment.objects.select_related("organization", "division", "uploaded_by").get(
            public_id=public_id
        )
    except (ValueError, TypeError, ValidationError) as exc:
        raise Attachment.DoesNotExist(_("No attachment has the id %(id)s.") % {"id": public_id}) from exc
    if can_download(actor, attachment):
        return attachment
    if not actor.is_authenticated:
        raise Attachment.DoesNotExist(_("No attachment has the id %(id)s.") % {"id": public_id})
    raise PermissionDenied(_("You may not download “%(name)s”.") % {"name": attachment.original_name})
