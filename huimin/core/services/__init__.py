"""Writes of the core context. Every function is atomic, checks permission, validates and records an audit event."""

from .divisions import division_create, division_update
from .errors import ServiceError
from .organizations import (
    organization_contact_add,
    organization_create,
    organization_grade_award,
    organization_inspection_record,
    organization_update,
)
from .people import (
    api_token_create,
    api_token_revoke,
    user_admin_site_grant,
    user_change_password,
    user_create,
    user_role_assign,
    user_role_revoke,
    user_set_password,
    user_update,
)

__all__ = [
    "ServiceError",
    "api_token_create",
    "api_token_revoke",
    "division_create",
    "division_update",
    "organization_contact_add",
    "organization_create",
    "organization_grade_award",
    "organization_inspection_record",
    "organization_update",
    "user_admin_site_grant",
    "user_change_password",
    "user_create",
    "user_role_assign",
    "user_role_revoke",
    "user_set_password",
    "user_update",
]
