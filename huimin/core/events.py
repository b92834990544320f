"""The audit event types of the core context (stored data: a value never changes).

The back office (Django's admin) records one family more, `admin.<model>.<created|changed|deleted>` for whatever
model it edits: `admin_event` builds those, so they are not listed one by one here.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models


class CoreEvent(StrEnum):
    CALENDAR_SEEDED = "calendar.seeded"
    CALENDAR_DAY_SET = "calendar.day_set"
    CALENDAR_DAY_CLEARED = "calendar.day_cleared"
    CALENDAR_YEAR_CONFIRMED = "calendar.year_confirmed"

    DIVISION_CREATED = "division.created"
    DIVISION_UPDATED = "division.updated"

    ORGANIZATION_CREATED = "organization.created"
    ORGANIZATION_UPDATED = "organization.updated"
    ORGANIZATION_INSPECTION_RECORDED = "organization.inspection_recorded"
    ORGANIZATION_GRADE_AWARDED = "organization.grade_awarded"
    ORGANIZATION_CONTACT_ADDED = "organization.contact_added"

    USER_CREATED = "user.created"
    USER_UPDATED = "user.updated"
    USER_ROLE_ASSIGNED = "user.role_assigned"
    USER_ROLE_REVOKED = "user.role_revoked"
    USER_PASSWORD_CHANGED = "user.password_changed"  # nosec B105 # noqa: S105 - an event type
    USER_PASSWORD_SET = "user.password_set"  # nosec B105 # noqa: S105 - an event type
    USER_ADMIN_SITE_GRANTED = "user.admin_site_granted"
    USER_SIGNED_IN = "user.signed_in"
    USER_SIGN_IN_FAILED = "user.sign_in_failed"
    USER_SIGN_IN_THROTTLED = "user.sign_in_throttled"
    USER_SIGN_IN_UNLOCKED = "user.sign_in_unlocked"

    API_TOKEN_CREATED = "api_token.created"  # nosec B105 # noqa: S105 - an event type
    API_TOKEN_REVOKED = "api_token.revoked"  # nosec B105 # noqa: S105 - an event type
    API_TOKEN_REVOKED_ALL = "api_token.revoked_all"  # nosec B105 # noqa: S105 - an event type

    SECURITY_RECORDS_PURGED = "security.records_purged"


class AdminAction(StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    DELETED = "deleted"


def admin_event(obj: models.Model, action: AdminAction) -> str:
    """`admin.<model name>.<action>`: what the back office did to a row of `obj`'s model."""
    return f"admin.{obj._meta.model_name}.{action}"
