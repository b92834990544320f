"""Submitting (with a confirmation page), the receipt (number, time, SHA-256), withdrawing before the deadline, and
submitting a fix within screening's fix window."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huimin.core.formkit import show_service_errors
from huimin.core.viewkit import refuse_service_denials

from .. import selectors
from ..forms import ReasonlessConfirmForm
from ..permissions import can_edit_proposal
from ..services import proposal_submit, proposal_submit_fix, proposal_withdraw
from ._common import now
from ._editor import editor_context
from .editor import own_proposal, visible_proposal


def _confirm_page(request, proposal, *, template: str, form, at, status: int = 200):
    context = editor_context(selectors.proposal_full(proposal), actor=request.actor, now=at)
    context["form"] = form
    return render(request, template, context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def submit(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    form = ReasonlessConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = proposal_submit(proposal=proposal, actor=request.actor, now=at)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("Submitted. Keep the receipt number %(number)s.") % {"number": receipt.number})
            return redirect("proposals:receipt", public_id=proposal.public_id)
    return _confirm_page(
        request, proposal, template="proposals/submit.html", form=form, at=at, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def withdraw(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    form = ReasonlessConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal_withdraw(proposal=proposal, actor=request.actor, now=at)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(
                request,
                _(
                    "The proposal is withdrawn and may be changed. Submit it again before the deadline, or it is not "
                    "in the call."
                ),
            )
            return redirect("proposals:edit", public_id=proposal.public_id)
    return _confirm_page(
        request, proposal, template="proposals/withdraw.html", form=form, at=at, status=400 if form.errors else 200
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def submit_fix(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    form = ReasonlessConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            receipt = proposal_submit_fix(proposal=proposal, actor=request.actor, now=at)
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            messages.success(request, _("The fix is submitted. Receipt %(number)s.") % {"number": receipt.number})
            return redirect("proposals:receipt", public_id=proposal.public_id)
    return _confirm_page(
        request, proposal, template="proposals/submit_fix.html", form=form, at=at, status=400 if form.errors else 200
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
