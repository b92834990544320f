"""The life of a proposal, as an explicit transition table (only huimin.proposals.services change `status`).

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

from dataclasses import dataclass

from django.utils.translation import gettext as _

from huimin.core.services.errors import ServiceError

from .error_codes import ProposalsError
from .models import Proposal, ProposalStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str


PROPOSAL_TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(
        "submit", frozenset({ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN}), ProposalStatus.SUBMITTED
    ),
    "withdraw": Transition("withdraw", frozenset({ProposalStatus.SUBMITTED}), ProposalStatus.WITHDRAWN),
}

# Statuses in which the organization edits the proposal (before the deadline).
EDITABLE_STATUSES: frozenset[str] = frozenset({ProposalStatus.DRAFT, ProposalStatus.WITHDRAWN})
# Statuses that count toward the call's limit of proposals per organization.
COUNTED_STATUSES: frozenset[str] = frozenset({ProposalStatus.DRAFT, ProposalStatus.SUBMITTED})


def can_transition(proposal: Proposal, name: str) -> bool:
    return proposal.status in PROPOSAL_TRANSITIONS[name].sources


def require_transition(proposal: Proposal, name: str) -> str:
    """The target status of transition `name` from the proposal's status, or ServiceError `proposal_transition`."""
    transition = PROPOSAL_TRANSITIONS[name]
    if proposal.status not in transition.sources:
        messages = {
            "submit": _("A proposal that is “%(status)s” cannot be submitted."),
            "withdraw": _("A proposal that is “%(status)s” cannot be withdrawn."),
        }
        raise ServiceError(messages[name] % {"status": proposal.get_status_display()}, code=ProposalsError.TRANSITION)
    return transition.target
