"""Stable machine codes for refused writes on organization profiles (team, past projects, standing documents).

The human text is translated separately; clients branch on these codes.
"""

from enum import StrEnum


class ProfilesError(StrEnum):
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    TEAM_MEMBER_INVALID = "team_member_invalid"
    TEAM_MEMBER_DUPLICATE = "team_member_duplicate"
    TEAM_MEMBER_INACTIVE = "team_member_inactive"
    PAST_PROJECT_INVALID = "past_project_invalid"
    # Projects recorded by the platform (earlier rounds) are read-only for the organization.
    PAST_PROJECT_READ_ONLY = "past_project_platform_read_only"
    DOCUMENT_INVALID = "profile_document_invalid"
    DOCUMENT_CODE_UNKNOWN = "profile_document_code_unknown"
