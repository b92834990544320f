"""Who may see and do what with proposals. The scope rules (sealing included) live here only.

- The organization's members (Role.PROVIDER bound to it) create, edit, submit, withdraw and see its proposals at any
  time, and confirm the call's amendments.
- Sealing: before the call's deadline nobody else sees a proposal — not other providers, not the call's project
  manager, not the purchasers, not reviewers, not the district administrator. The call's managers and the district
  administrator only see how many proposals are submitted (`can_count_submissions`).
- After the deadline, submitted proposals are seen by the call's project managers, the district administrator and
  the purchasers (streets / townships) whose intentions they answer. Drafts and withdrawn proposals stay the
  organization's own. Other providers never see them; expert reviewers will see the ones assigned to them (review).
- A proposal's documents are fetched by the same rule (huimin.files.owners, registered in apps.py); its audit
  events hold only its public id while it is sealed (events.proposal_audit).
- Fix windows are opened and closed by the call's project managers and the district administrator (screening);
  the fix itself is the organization's.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.db.models import Q

from huimin.calls.rules import call_deadline_passed
from huimin.core.models import Organization, Role
from huimin.core.permissions import Actor

from .models import Proposal, ProposalStatus

if TYPE_CHECKING:
    from huimin.calls.models import Call


def is_member(actor: Actor, organization: Organization | int) -> bool:
    org_id = organization if isinstance(organization, int) else organization.pk
    return org_id in actor.organization_ids(Role.PROVIDER)


def can_create_proposal(actor: Actor, organization: Organization) -> bool:
    """Only the organization's own members write its proposals (the district administrator does not)."""
    return is_member(actor, organization)


def can_edit_proposal(actor: Actor, proposal: Proposal) -> bool:
    return is_member(actor, proposal.organization_id)


def can_manage_call_proposals(actor: Actor, call: Call) -> bool:
    """The call's project managers and the district administrator (fix windows, counts)."""
    return actor.is_district_admin or call.manager_id in actor.organization_ids(Role.PROJECT_MANAGER)


def can_count_submissions(actor: Actor, call: Call) -> bool:
    """How many proposals a call has received: its managers and the district administrator, at any time."""
    return can_manage_call_proposals(actor, call)


def is_sealed(proposal: Proposal, *, now: datetime) -> bool:
    """Nobody but the organization may see the proposal now: before its call's deadline, and for ever when it is
    not submitted (drafts and withdrawn proposals stay the organization's own). Its documents and its audit
    payloads are sealed with it."""
    return proposal.status != ProposalStatus.SUBMITTED or not call_deadline_passed(proposal.call, now)


def can_view_proposal(actor: Actor, proposal: Proposal, *, now: datetime) -> bool:
    if is_member(actor, proposal.organization_id):
        return True
    if is_sealed(proposal, now=now):
        return False
    if can_manage_call_proposals(actor, proposal.call):
        return True
    divisions = actor.division_ids(Role.PURCHASER)
    return bool(divisions) and any(i.purchaser_id in divisions for i in proposal.intentions.all())


def visible_q(actor: Actor, *, now: datetime) -> Q:
    """Proposals the actor sees, as a Q on Proposal (sealing applied)."""
    q = Q(pk__in=[])
    own = actor.organization_ids(Role.PROVIDER)
    if own:
        q |= Q(organization_id__in=sorted(own))
    unsealed = Q(status=ProposalStatus.SUBMITTED, call__deadline__lte=now)
    if actor.is_district_admin:
        q |= unsealed
    else:
        managed = actor.organization_ids(Role.PROJECT_MANAGER)
        if managed:
            q |= unsealed & Q(call__manager_id__in=sorted(managed))
        divisions = actor.division_ids(Role.PURCHASER)
        if divisions:
            q |= unsealed & Q(intentions__purchaser_id__in=sorted(divisions))
    return q
