"""The audit event types of the needs context (stored data: a value never changes)."""

from __future__ import annotations

from enum import StrEnum

from .models import NeedStatus


class NeedsEvent(StrEnum):
    NEED_CREATED = "need.created"
    NEED_UPDATED = "need.updated"
    NEED_QUESTIONNAIRES_LINKED = "need.questionnaires_linked"
    NEED_ACCEPTED = "need.accepted"
    NEED_MERGED = "need.merged"
    NEED_DECLINED = "need.declined"
    NEED_SUPPORTED = "need.supported"

    NEED_CATEGORY_CREATED = "need_category.created"
    NEED_CATEGORY_UPDATED = "need_category.updated"
    NEED_CATEGORY_ACTIVATED = "need_category.activated"
    NEED_CATEGORY_DEACTIVATED = "need_category.deactivated"


def decision_event(status: str) -> NeedsEvent:
    """The event of a decision that moved a need to `status` (accepted, merged or declined)."""
    return {
        NeedStatus.ACCEPTED: NeedsEvent.NEED_ACCEPTED,
        NeedStatus.MERGED: NeedsEvent.NEED_MERGED,
        NeedStatus.DECLINED: NeedsEvent.NEED_DECLINED,
    }[NeedStatus(status)]
