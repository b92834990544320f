"""Writes of the proposals context (each `<entity>_<action>(*, …, actor, now=None)`, atomic, checked and audited).

The organization profile's services (team members, past projects, standing documents) are huimin.providers'.
"""

from .parts import (
    activity_add,
    activity_remove,
    activity_update,
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    indicator_add,
    indicator_remove,
    indicator_update,
    proposal_document_attach,
    proposal_document_remove,
    proposal_team_member_add,
    proposal_team_member_remove,
    proposal_team_member_update,
)
from .proposals import (
    proposal_accept_commitment,
    proposal_create,
    proposal_set_communities,
    proposal_set_intentions,
    proposal_update,
)
from .submission import (
    RECEIPT_KIND_FIX,
    RECEIPT_KIND_SUBMISSION,
    proposal_close_fix,
    proposal_confirm_amendments,
    proposal_open_fix,
    proposal_submit,
    proposal_submit_fix,
    proposal_withdraw,
)

__all__ = [
    "RECEIPT_KIND_FIX",
    "RECEIPT_KIND_SUBMISSION",
    "activity_add",
    "activity_remove",
    "activity_update",
    "budget_line_add",
    "budget_line_remove",
    "budget_line_update",
    "indicator_add",
    "indicator_remove",
    "indicator_update",
    "proposal_accept_commitment",
    "proposal_close_fix",
    "proposal_confirm_amendments",
    "proposal_create",
    "proposal_document_attach",
    "proposal_document_remove",
    "proposal_open_fix",
    "proposal_set_communities",
    "proposal_set_intentions",
    "proposal_submit",
    "proposal_submit_fix",
    "proposal_team_member_add",
    "proposal_team_member_remove",
    "proposal_team_member_update",
    "proposal_update",
    "proposal_withdraw",
]
