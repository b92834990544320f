"""The history of one object, for those who may see it."""

from typing import Literal
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Router

from huimin.audit.selectors import audit_events_for

from ..apikit import PUBLIC, paginated
from ..models import Division, Organization, User
from ..permissions import PermissionDenied, can_view_audit_of
from ..schemas import AuditEventOut
from .errors import NotFound
from .lookups import division_or_404, organization_or_404, user_or_404

router = Router(tags=["audit"])

AuditTarget = Literal["organization", "division", "user"]


@router.get(
    "/audit/{target_type}/{target_id}",
    response=list[AuditEventOut],
    summary="History of an organization, a division or a person",
    description="`target_id` is the organization's public_id, the division's code, or the person's user name. "
    "Newest first.",
    openapi_extra=PUBLIC,
)
@paginated(page_size=50)
def audit_history(request, target_type: AuditTarget, target_id: str):
    actor = request.actor
    target: Organization | Division | User
    if target_type == "organization":
        try:
            public_id = UUID(target_id)
        except ValueError:
            raise NotFound(_("No organization has the id %(id)s.") % {"id": target_id}) from None
        target = organization_or_404(actor, public_id)
    elif target_type == "division":
        target = division_or_404(actor, target_id)
    else:
        target = user_or_404(actor, target_id)
    if not can_view_audit_of(actor, target):
        raise PermissionDenied(_("You may not see the history of “%(target)s”.") % {"target": target})
    return audit_events_for(target=target)
