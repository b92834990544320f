"""Who may fetch an attachment (its owner's rule, huimin.files.owners), and to what an uploader may attach a file.
Built on core's `Actor`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huimin.core.models import Role
from huimin.core.permissions import Actor, can_manage_division

from .owners import owner_of

if TYPE_CHECKING:
    from huimin.core.models import Division, Organization

    from .models import Attachment

# Staff who may attach files to any organization or division, and publish files, through the generic upload.
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


def is_uploader(actor: Actor, attachment: Attachment) -> bool:
    return actor.user is not None and attachment.uploaded_by_id == actor.user.pk


def uploader_or_member(actor: Actor, attachment: Attachment) -> bool:
    """The rule of an attachment without a registered owner: its uploader, the members (provider, credit officer)
    of its organization, and the purchasers and community workers whose division covers its division."""
    if not actor.is_authenticated:
        return False
    if is_uploader(actor, attachment) or _member_of(actor, attachment.organization_id):
        return True
    return attachment.division_id is not None and _covers_division(actor, attachment.division)


def can_download(actor: Actor, attachment: Attachment) -> bool:
    """Public attachments: everyone. A private one: whoever may see the object it belongs to, as that object's
    context answers (huimin.files.owners); without a registered owner, `uploader_or_member`. The district
    administrator and the project managers have no right of their own to private files: a proposal's documents
    stay sealed with the proposal until its call's deadline."""
    if attachment.is_public:
        return True
    if not actor.is_authenticated:
        return False
    owner = owner_of(attachment.purpose)
    if owner is not None:
        return bool(owner.can_see(actor, attachment))
    return uploader_or_member(actor, attachment)


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
