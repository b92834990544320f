"""Writes of the proposals context (each `<entity>_<action>(…, actor, now=None)`, atomic, checked and audited).

The organization profile's services (team members, past projects, profile documents) live in `profiles.py` and
are exported from here too when present.
"""

from .parts import (
    DOCUMENT_PURPOSE_PREFIX,
    activity_add,
    activity_remove,
    activity_update,
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    document_purpose,
    indicator_add,
    indicator_remove,
    indicator_update,
    proposal_document_attach,
    proposal_document_remove,
    team_add,
    team_remove,
    team_update,
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
    amendments_to_confirm,
    canonical_json,
    content_digest,
    proposal_close_fix,
    proposal_confirm_amendments,
    proposal_content,
    proposal_open_fix,
    proposal_submit,
    proposal_submit_fix,
    proposal_withdraw,
)

__all__ = [
    "DOCUMENT_PURPOSE_PREFIX",
    "RECEIPT_KIND_FIX",
    "RECEIPT_KIND_SUBMISSION",
    "activity_add",
    "activity_remove",
    "activity_update",
    "amendments_to_confirm",
    "budget_line_add",
    "budget_line_remove",
    "budget_line_update",
    "canonical_json",
    "content_digest",
    "document_purpose",
    "indicator_add",
    "indicator_remove",
    "indicator_update",
    "proposal_accept_commitment",
    "proposal_close_fix",
    "proposal_confirm_amendments",
    "proposal_content",
    "proposal_create",
    "proposal_document_attach",
    "proposal_document_remove",
    "proposal_open_fix",
    "proposal_set_communities",
    "proposal_set_intentions",
    "proposal_submit",
    "proposal_submit_fix",
    "proposal_update",
    "proposal_withdraw",
    "team_add",
    "team_remove",
    "team_update",
]

try:
    from .profiles import *  # noqa: F403
except ImportError:  # the profile services are not installed yet
    pass
