"""Turning the public names in paths and bodies (codes, public ids, user names) into objects, through selectors.

A name in the path that matches nothing is a 404; a name inside a body or a query string is a 400 on that field.
"""

from __future__ import annotations

from uuid import UUID

from django.utils.translation import gettext as _

from .. import selectors
from ..error_codes import CoreError
from ..models import Division, Organization, User
from ..permissions import Actor
from ..services import ServiceError
from .errors import NotFound


def division_or_404(actor: Actor, code: str) -> Division:
    try:
        return selectors.division_get(actor=actor, code=code)
    except Division.DoesNotExist:
        raise NotFound(_("No division has the code %(code)s.") % {"code": code}) from None


def division_ref(actor: Actor, code: str | None, *, field: str) -> Division | None:
    if code is None or code == "":
        return None
    try:
        return selectors.division_get(actor=actor, code=code.strip())
    except Division.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("No division has the code %(code)s.") % {"code": code}}, code=CoreError.DIVISION_UNKNOWN
        ) from None


def organization_or_404(actor: Actor, public_id: UUID) -> Organization:
    try:
        return selectors.organization_get(actor=actor, public_id=public_id)
    except Organization.DoesNotExist:
        raise NotFound(_("No organization has the id %(id)s.") % {"id": public_id}) from None


def organization_ref(actor: Actor, public_id: UUID | None, *, field: str) -> Organization | None:
    if public_id is None:
        return None
    try:
        return selectors.organization_get(actor=actor, public_id=public_id)
    except Organization.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("No organization has the id %(id)s.") % {"id": public_id}}, code=CoreError.ORGANIZATION_UNKNOWN
        ) from None


def user_or_404(actor: Actor, username: str) -> User:
    user = selectors.user_get(actor=actor, username=username)
    if user is None:
        raise NotFound(_("No person with the user name “%(u)s” is visible to you.") % {"u": username})
    return user
