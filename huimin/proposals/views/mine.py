"""My proposals (/proposals/): the organization's proposals per call with their status, receipt and what is still
missing, and the open calls a new proposal may answer (choose a call → a new draft)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huimin.calls import selectors as call_selectors
from huimin.core.viewkit import deny, refuse_service_denials, time_left
from huimin.providers.selectors import profile_organizations

from .. import selectors
from ..models import Proposal, ProposalStatus
from ..rules import submission_problems
from ..services import proposal_create
from ..states import COUNTED_STATUSES
from ._common import now

if TYPE_CHECKING:
    from huimin.calls.models import Call


@dataclass
class Row:
    proposal: Proposal
    missing: int
    open: bool  # before the deadline


@dataclass
class CallGroup:
    call: Call
    rows: list[Row]
    is_open: bool
    time_left: str
    can_add: bool
    counted: int


def _require_provider(actor: Any) -> list:
    organizations = profile_organizations(actor=actor)
    if not organizations:
        deny(_("“My proposals” is for the members of provider organizations."))
    return organizations


@login_required
@require_GET
@refuse_service_denials
def mine(request):
    actor = request.actor
    organizations = _require_provider(actor)
    at = now()
    groups: dict[int, CallGroup] = {}
    open_calls = list(call_selectors.calls_open(now=at))
    for call in open_calls:
        groups[call.pk] = CallGroup(
            call=call, rows=[], is_open=True, time_left=time_left(call.deadline, at), can_add=True, counted=0
        )
    for proposal in selectors.proposals_of_organization(actor):
        full = selectors.proposal_full(proposal)
        call = full.call
        is_open = call.deadline > at
        group = groups.get(call.pk)
        if group is None:
            group = groups[call.pk] = CallGroup(
                call=call, rows=[], is_open=False, time_left="", can_add=False, counted=0
            )
        problems = 0 if full.status == ProposalStatus.SUBMITTED else len(submission_problems(full))
        group.rows.append(Row(proposal=full, missing=problems, open=is_open))
        if full.status in COUNTED_STATUSES:
            group.counted += 1
    for group in groups.values():
        if group.is_open and group.counted >= group.call.max_proposals_per_organization * len(organizations):
            group.can_add = False
    current = sorted((g for g in groups.values() if g.is_open), key=lambda g: g.call.deadline)
    past = sorted((g for g in groups.values() if not g.is_open), key=lambda g: g.call.deadline, reverse=True)
    ordered = current + past
    return render(
        request,
        "proposals/mine.html",
        {"groups": ordered, "organizations": organizations, "open_calls": open_calls, "now": at},
    )


@login_required
@require_POST
@refuse_service_denials
def new(request):
    """Create a draft for the open call chosen (POST `call` = its public id, `org` when the actor keeps several)."""
    actor = request.actor
    _require_provider(actor)
    at = now()
    call = next(
        (c for c in call_selectors.calls_open(now=at) if str(c.public_id) == request.POST.get("call", "")), None
    )
    if call is None:
        messages.error(request, _("This call is not open for proposals."))
        return redirect("proposals:mine")
    organization = selectors.organization_for_new_proposal(actor, request.POST.get("org") or None)
    if organization is None:
        messages.error(request, _("Choose the organization the proposal is for."))
        return redirect("proposals:mine")
    try:
        proposal = proposal_create(call=call, organization=organization, actor=actor, now=at)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("proposals:mine")
    messages.success(request, _("A new draft is ready. Everything you type is saved as you go."))
    return redirect("proposals:edit", public_id=proposal.public_id)
