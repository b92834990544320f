"""Stable machine codes returned by the API for refused writes on proposals (项目书).

The human text is translated separately; clients branch on these codes. The codes of the problems a proposal may
have (what is missing, which budget rule fails) are in huimin.proposals.rules (`Problem.code`).
"""

from enum import StrEnum


class ProposalsError(StrEnum):
    FORBIDDEN = "forbidden"
    # A field's value has the wrong form (a date that is no date, a negative number, text too long …).
    INVALID = "invalid"
    # The call is not open for proposals (draft, closed or cancelled).
    CALL_NOT_OPEN = "proposal_call_not_open"
    # The call's deadline has passed: nothing changes any more (except the sections of an open fix window).
    DEADLINE_PASSED = "proposal_deadline_passed"
    # The organization already has the call's maximum of proposals that are not withdrawn.
    LIMIT_REACHED = "proposal_limit_reached"
    INTENTION_INVALID = "proposal_intention_invalid"
    COMMUNITY_INVALID = "proposal_community_invalid"
    CATEGORY_INVALID = "proposal_category_invalid"
    TEAM_MEMBER_INVALID = "proposal_team_member_invalid"
    DOCUMENT_INVALID = "proposal_document_invalid"
    CAP_CODE_INVALID = "proposal_cap_code_invalid"
    # A submitted proposal is sealed: withdraw it to change it.
    SUBMITTED_READ_ONLY = "proposal_submitted_read_only"
    # Submission refused: what is missing and the blocking budget problems, all at once, keyed section.field.
    NOT_READY = "proposal_not_ready"
    # Amendments were published after the organization last confirmed the call: confirm them first.
    AMENDMENTS_UNCONFIRMED = "proposal_amendments_unconfirmed"
    TRANSITION = "proposal_transition"
    # Fix windows (screening asks for a fix of named sections, until a moment).
    FIX_NOT_ALLOWED = "proposal_fix_not_allowed"
    FIX_SECTIONS_INVALID = "proposal_fix_sections_invalid"
    FIX_SECTION_LOCKED = "proposal_fix_section_locked"
    FIX_CLOSED = "proposal_fix_closed"
