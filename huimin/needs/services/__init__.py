"""Writes of the needs context. Each is atomic, checks the actor, validates, changes, and records an audit event."""

from .categories import (
    need_category_activate,
    need_category_create,
    need_category_deactivate,
    need_category_update,
)
from .needs import (
    MAX_PHOTOS,
    MAX_RESIDENT_SUBMISSIONS_PER_DAY,
    need_accept,
    need_create,
    need_decide,
    need_decline,
    need_link_questionnaires,
    need_merge,
    need_update,
    needs_accept_batch,
)
from .supports import need_support

__all__ = [
    "MAX_PHOTOS",
    "MAX_RESIDENT_SUBMISSIONS_PER_DAY",
    "need_accept",
    "need_category_activate",
    "need_category_create",
    "need_category_deactivate",
    "need_category_update",
    "need_create",
    "need_decide",
    "need_decline",
    "need_link_questionnaires",
    "need_merge",
    "need_support",
    "need_update",
    "needs_accept_batch",
]
