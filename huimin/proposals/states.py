"""The life of a proposal, as one transition table (`PROPOSAL_MACHINE`, huimin.core.statemachine): only
huimin.proposals.services change `status`, by asking it.

    draft ──submit──▶ submitted ──withdraw──▶ withdrawn ──submit──▶ submitted …
    (editable)        (sealed, read-only)     (editable again)

- draft: the organization edits it (autosaved); it counts toward the call's limit of proposals per organization.
- submitted: sealed with a receipt (number, time, SHA-256 of the content). Read-only: to change it the organization
  withdraws it (before the deadline). It stays submitted when the call publishes an amendment; the organization then
  confirms it has read the amendment (`confirmed_amendment`), and screening flags proposals that did not.
- withdrawn: the receipt keeps its `withdrawn_at`; the proposal is editable again, like a draft, and may be submitted
  again before the deadline (a new receipt). A withdrawn proposal does not count toward the limit per organization
  (resubmitting it does, so it is refused when the organization has meanwhile used up its limit).

After the call's deadline nothing changes, whatever the status, except the sections screening opens for a fix on a
submitted proposal, until the fix window's end (`fix_sections`, `fix_until`); a fix submission gets a receipt of
kind "fix" and closes the window.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from huimin.core.statemachine import StateMachine, Transition

from .error_codes import ProposalsError
from .models import ProposalStatus

if TYPE_CHECKING:
    from .models import Proposal

PROPOSAL_MACHINE = StateMachine(
    Transition(
        "submit",
        {ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN},
        ProposalStatus.SUBMITTED,
        _("A proposal that is “%(status)s” cannot be submitted."),
    ),
    Transition(
        "withdraw",
        {ProposalStatus.SUBMITTED},
        ProposalStatus.WITHDRAWN,
        _("A proposal that is “%(status)s” cannot be withdrawn."),
    ),
    statuses=ProposalStatus,
    code=ProposalsError.TRANSITION,
)

# Statuses in which the organization edits the proposal (before the deadline).
EDITABLE_STATUSES: frozenset[str] = frozenset({ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN})
# Statuses that count toward the call's limit of proposals per organization.
COUNTED_STATUSES: frozenset[str] = frozenset({ProposalStatus.DRAFT, ProposalStatus.SUBMITTED})


def fix_window_open(proposal: Proposal, now: datetime) -> bool:
    """A fix window is open on the submitted proposal at `now`: sections to fix, and its end still to come."""
    return (
        proposal.status == ProposalStatus.SUBMITTED
        and bool(proposal.fix_sections)
        and proposal.fix_until is not None
        and now < proposal.fix_until
    )
