"""Submitting (with a confirmation page), the receipt (number, time, SHA-256), withdrawing before the deadline, and
submitting a fix within screening's fix window."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huimin.core.formkit import show_service_errors
from huimin.core.viewkit import refuse_service_denials

from .. import selectors
from ..forms import ReasonlessConfirmForm
from ..models import Proposal
from ..permissions import can_edit_proposal
from ..services import proposal_submit, proposal_submit_fix, proposal_withdraw
from ._common import now
from ._editor import editor_context
from .editor import own_proposal, visible_proposal


def _confirmed_step(
    request,
    public_id: UUID,
    *,
    template: str,
    act: Callable[[Proposal, datetime], Any],
    done: Callable[[Proposal, Any], HttpResponse],
) -> HttpResponse:
    """A step the organization confirms on a page of its own: GET shows the page; a confirmed POST runs `act` (the
    service, at this request's moment) and answers `done(proposal, its result)`; a refusal comes back on the page
    next to the form (400)."""
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    form = ReasonlessConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = act(proposal, at)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            return done(proposal, result)
    context = editor_context(selectors.proposal_full(proposal), actor=request.actor, now=at)
    context["form"] = form
    return render(request, template, context, status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def submit(request, public_id: UUID):
    def done(proposal: Proposal, receipt: Any) -> HttpResponse:
        messages.success(request, _("Submitted. Keep the receipt number %(number)s.") % {"number": receipt.number})
        return redirect("proposals:receipt", public_id=proposal.public_id)

    return _confirmed_step(
        request,
        public_id,
        template="proposals/submit.html",
        act=lambda proposal, at: proposal_submit(proposal=proposal, actor=request.actor, now=at),
        done=done,
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def withdraw(request, public_id: UUID):
    def done(proposal: Proposal, _withdrawn: Any) -> HttpResponse:
        messages.success(
            request,
            _(
                "The proposal is withdrawn and may be changed. Submit it again before the deadline, or it is not "
                "in the call."
            ),
        )
        return redirect("proposals:edit", public_id=proposal.public_id)

    return _confirmed_step(
        request,
        public_id,
        template="proposals/withdraw.html",
        act=lambda proposal, at: proposal_withdraw(proposal=proposal, actor=request.actor, now=at),
        done=done,
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def submit_fix(request, public_id: UUID):
    def done(proposal: Proposal, receipt: Any) -> HttpResponse:
        messages.success(request, _("The fix is submitted. Receipt %(number)s.") % {"number": receipt.number})
        return redirect("proposals:receipt", public_id=proposal.public_id)

    return _confirmed_step(
        request,
        public_id,
        template="proposals/submit_fix.html",
        act=lambda proposal, at: proposal_submit_fix(proposal=proposal, actor=request.actor, now=at),
        done=done,
    )


@login_required
@require_GET
@refuse_service_denials
def receipt(request, public_id: UUID):
    """The receipts of the proposal, the one in force first (number, time, SHA-256 of the sealed content)."""
    at = now()
    proposal = visible_proposal(request, public_id, at=at)
    receipts = selectors.proposal_receipts(proposal)
    in_force = [r for r in receipts if r.withdrawn_at is None]
    return render(
        request,
        "proposals/receipt.html",
        {
            "proposal": proposal,
            "receipt": in_force[-1] if in_force else None,
            "receipts": list(reversed(receipts)),
            "is_member": can_edit_proposal(request.actor, proposal),
        },
    )
