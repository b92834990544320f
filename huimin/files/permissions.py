"""Who may fetch an attachment, and to what an uploader may attach a file. Built on core's `Actor`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huimin.core.models import Role
from huimin.core.permissions import Actor, can_manage_division

if TYPE_CHECKING:
    from huimin.core.models import Division, Organization

    from .models import Attachment

# Staff who handle every organization's documents district-wide.
STAFF_ROLES = (Role.DISTRICT_ADMIN, Role.PROJECT_MANAGER)


def _member_of(actor: Actor, organization_id: int | None) -> bool:
    if organization_id is None:
        return False
    return any(
        o.pk == organization_id for role in (Role.PROVIDER, Role.CREDIT_OFFICER) for o in actor.organizations_for(role)
    )


def _covers_division(actor: Actor, division: Division | None) -> bool:
    """A purchaser's street/township covers itself and its communities; a community worker's community itself."""
    if division is None or not actor.has_role(Role.PURCHASER, Role.COMMUNITY_WORKER):
        return False
    return can_manage_division(actor, division)


def can_download(actor: Actor, attachment: Attachment) -> bool:
    """Public attachments: everyone. Otherwise the uploader, the district administrator, the project manager,
    the members (provider, credit officer) of the attachment's organization, and the purchasers and community
    workers whose division covers the attachment's division."""
    if attachment.is_public:
        return True
    if not actor.is_authenticated:
        return False
    if actor.user is not None and attachment.uploaded_by_id == actor.user.pk:
        return True
    if actor.has_role(*STAFF_ROLES):
        return True
    if _member_of(actor, attachment.organization_id):
        return True
    return attachment.division_id is not None and _covers_division(actor, attachment.division)


def can_attach_to(
    actor: Actor,
    *,
    organization: Organization | None = None,
    division: Division | None = None,
    is_public: bool = False,
) -> bool:
    """What a signed-in user may choose when uploading through the generic upload endpoint: an organization
    they belong to, a division they cover, and — for staff only — publication to everyone."""
    if not actor.is_authenticated:
        return False
    staff = actor.has_role(*STAFF_ROLES)
    if is_public and not staff:
        return False
    if organization is not None and not (staff or _member_of(actor, organization.pk)):
        return False
    return division is None or staff or _covers_division(actor, division)
