"""The audit event types of organization profiles (stored data: a value never changes).

The values keep the `profile.` prefix they were first written with.
"""

from __future__ import annotations

from enum import StrEnum


class ProvidersEvent(StrEnum):
    TEAM_MEMBER_ADDED = "profile.team_member_added"
    TEAM_MEMBER_CHANGED = "profile.team_member_changed"
    TEAM_MEMBER_DEACTIVATED = "profile.team_member_deactivated"
    TEAM_MEMBER_REACTIVATED = "profile.team_member_reactivated"

    PAST_PROJECT_DECLARED = "profile.past_project_declared"
    PAST_PROJECT_CHANGED = "profile.past_project_changed"
    PAST_PROJECT_REMOVED = "profile.past_project_removed"
    PAST_PROJECT_RECORDED = "profile.past_project_recorded"
    PAST_PROJECT_RECORD_UPDATED = "profile.past_project_record_updated"

    DOCUMENT_UPLOADED = "profile.document_uploaded"
    DOCUMENT_REMOVED = "profile.document_removed"
