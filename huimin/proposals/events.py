"""The audit event types of the proposals context (stored data: a value never changes), and the one way an event on
a proposal is written (`proposal_audit`), which keeps the seal."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from huimin.audit.services import audit_record

from .permissions import is_sealed

if TYPE_CHECKING:
    from huimin.core.permissions import Actor

    from .models import Proposal


class ProposalsEvent(StrEnum):
    PROPOSAL_CREATED = "proposal.created"
    PROPOSAL_UPDATED = "proposal.updated"
    PROPOSAL_INTENTIONS_SET = "proposal.intentions_set"
    PROPOSAL_COMMUNITIES_SET = "proposal.communities_set"
    PROPOSAL_COMMITMENT_ACCEPTED = "proposal.commitment_accepted"
    PROPOSAL_COMMITMENT_WITHDRAWN = "proposal.commitment_withdrawn"

    PROPOSAL_ACTIVITY_ADDED = "proposal.activity_added"
    PROPOSAL_ACTIVITY_UPDATED = "proposal.activity_updated"
    PROPOSAL_ACTIVITY_REMOVED = "proposal.activity_removed"
    PROPOSAL_INDICATOR_ADDED = "proposal.indicator_added"
    PROPOSAL_INDICATOR_UPDATED = "proposal.indicator_updated"
    PROPOSAL_INDICATOR_REMOVED = "proposal.indicator_removed"
    PROPOSAL_TEAM_ADDED = "proposal.team_added"
    PROPOSAL_TEAM_UPDATED = "proposal.team_updated"
    PROPOSAL_TEAM_REMOVED = "proposal.team_removed"
    PROPOSAL_BUDGET_LINE_ADDED = "proposal.budget_line_added"
    PROPOSAL_BUDGET_LINE_UPDATED = "proposal.budget_line_updated"
    PROPOSAL_BUDGET_LINE_REMOVED = "proposal.budget_line_removed"
    PROPOSAL_DOCUMENT_ATTACHED = "proposal.document_attached"
    PROPOSAL_DOCUMENT_REMOVED = "proposal.document_removed"

    PROPOSAL_SUBMITTED = "proposal.submitted"
    PROPOSAL_WITHDRAWN = "proposal.withdrawn"
    PROPOSAL_AMENDMENTS_CONFIRMED = "proposal.amendments_confirmed"

    PROPOSAL_FIX_OPENED = "proposal.fix_opened"
    PROPOSAL_FIX_CLOSED = "proposal.fix_closed"
    PROPOSAL_FIX_SUBMITTED = "proposal.fix_submitted"


def proposal_audit(
    *,
    actor: Actor,
    event_type: ProposalsEvent,
    proposal: Proposal,
    now: datetime,
    payload: dict[str, Any] | None = None,
) -> None:
    """Record an event on a proposal: every proposals service writes its audit event through here.

    While the proposal is sealed (permissions.is_sealed: before its call's deadline, and for ever unless submitted)
    the event holds only the proposal's public id, as payload and as label — no title, section, figures, team, file
    ids or names — so the audit trail, read by the district administrator, does not open the seal. Once the seal
    has lifted (a fix window after the deadline, the managers' fix decisions) `payload` is recorded in full. The
    trail is append-only: events written while sealed stay as they are."""
    public_id = str(proposal.public_id)
    if is_sealed(proposal, now=now):
        audit_record(
            actor=actor, event_type=event_type, target=proposal, target_label=public_id, payload={"proposal": public_id}
        )
        return
    audit_record(
        actor=actor,
        event_type=event_type,
        target=proposal,
        target_label=(proposal.title or public_id)[:200],
        payload={"proposal": public_id, **(payload or {})},
    )
