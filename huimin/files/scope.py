"""Turning the organization and division named by an upload request into objects, and checking that the
uploader may attach files to them."""

from __future__ import annotations

from typing import TYPE_CHECKING
from uuid import UUID

from django.utils.translation import gettext as _

from huimin.core import selectors as core_selectors
from huimin.core.models import Division, Organization
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError

from .permissions import can_attach_to

if TYPE_CHECKING:
    from huimin.core.permissions import Actor


def upload_scope(
    *, actor: Actor, organization_id: str | UUID | None, division_code: str | None, is_public: bool
) -> tuple[Organization | None, Division | None]:
    organization = division = None
    org_text = str(organization_id or "").strip()
    if org_text:
        try:
            organization = core_selectors.organization_get(actor=actor, public_id=UUID(org_text))
        except (ValueError, Organization.DoesNotExist):
            raise ServiceError.for_fields(
                {"organization": _("No organization has the id %(id)s.") % {"id": org_text}}
            ) from None
    code = (division_code or "").strip()
    if code:
        try:
            division = core_selectors.division_get(actor=actor, code=code)
        except Division.DoesNotExist:
            raise ServiceError.for_fields(
                {"division": _("No division has the code %(code)s.") % {"code": code}}
            ) from None
    if not can_attach_to(actor, organization=organization, division=division, is_public=is_public):
        if is_public:
            raise PermissionDenied(_("Only the district administrator and the project manager may publish files."))
        raise PermissionDenied(_("You may attach files only to your own organization or division."))
    return organization, division
