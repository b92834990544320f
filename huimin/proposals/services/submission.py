"""Submitting, withdrawing, confirming amendments, and screening's fix windows.

Submission (before the deadline, by the organization's members) checks everything at once — what is missing and
every blocking budget problem, keyed `section.field` — and that the organization has confirmed every amendment the
call published. It then seals the content: a Receipt R-<call number>-<sequence> (sequence per call, 0001 …, unique
also under concurrent submissions: the call's row is locked while the number is taken) with the time, the content
snapshot and the SHA-256 of its canonical JSON (keys sorted, no spaces, UTF-8, amounts as "50000.00", dates ISO).

A fix window (screening, after the deadline) lets the organization change only the named sections until a moment;
its fix submission is sealed as a Receipt of kind "fix" and closes the window; the listeners registered with
huimin.proposals.hooks are called once it is committed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.calls.rules import call_deadline_passed, call_rules
from huimin.calls.selectors import call_locked
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..content import content_digest, proposal_content
from ..error_codes import ProposalsError
from ..events import ProposalsEvent, proposal_audit
from ..hooks import notify_fix_submitted
from ..models import Proposal, ProposalStatus, Receipt
from ..permissions import can_manage_call_proposals
from ..rules import problems_by_key, submission_problems
from ..sections import SECTION_CODES, unknown_sections
from ..selectors import amendments_to_confirm, latest_amendment
from ..states import PROPOSAL_MACHINE, fix_window_open
from ._common import (
    _count_counted,
    _limit_error,
    _lock_proposal,
    _require_before_deadline,
    _require_member,
)

RECEIPT_KIND_SUBMISSION = "submission"
RECEIPT_KIND_FIX = "fix"


# --- sealing ------------------------------------------------------------------------------------------------------


def _next_receipt_number(call: Any) -> str:
    """R-<call number>-<sequence>; the caller holds the call's row lock."""
    sequence = Receipt.objects.filter(proposal__call=call).count() + 1
    number = f"R-{call.number}-{sequence:04d}"
    while Receipt.objects.filter(number=number).exists():  # never reuse a number (e.g. rows written by hand)
        sequence += 1
        number = f"R-{call.number}-{sequence:04d}"
    return number


def _seal(proposal: Proposal, *, kind: str, now: datetime) -> Receipt:
    content = proposal_content(proposal)
    return Receipt.objects.create(
        proposal=proposal,
        number=_next_receipt_number(proposal.call),
        submitted_at=now,
        digest=content_digest(content),
        content=content,
        kind=kind,
    )


# --- submission ---------------------------------------------------------------------------------------------------


def proposal_submit(*, proposal: Proposal, actor: Actor, now: datetime | None = None) -> Receipt:
    """Seal and submit a complete draft (or a withdrawn proposal again) before the deadline → its Receipt."""
    now = now or timezone.now()
    _require_member(actor, proposal)
    with transaction.atomic():
        call = call_locked(proposal.call)  # the call first (receipt numbers), then the proposal: one order everywhere
        proposal = _lock_proposal(proposal)
        _require_before_deadline(proposal, now)
        target = PROPOSAL_MACHINE.require(proposal.status, "submit")
        pending = amendments_to_confirm(proposal, now)
        if pending:
            raise ServiceError(
                _(
                    "The call has published amendments since you last confirmed it (%(count)d). Read them and "
                    "confirm before submitting."
                )
                % {"count": pending},
                code=ProposalsError.AMENDMENTS_UNCONFIRMED,
            )
        problems = submission_problems(proposal, rules=call_rules(call))
        if problems:
            raise ServiceError.for_fields(problems_by_key(problems), code=ProposalsError.NOT_READY)
        if _count_counted(call, proposal.organization, exclude=proposal) >= call.max_proposals_per_organization:
            raise _limit_error(call)
        receipt = _seal(proposal, kind=RECEIPT_KIND_SUBMISSION, now=now)
        proposal.status = target
        proposal.submitted_at = now
        proposal.receipt_number = receipt.number
        proposal.updated_at = now
        proposal.save(update_fields=["status", "submitted_at", "receipt_number", "updated_at"])
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_SUBMITTED,
            proposal=proposal,
            now=now,
            payload={"receipt": receipt.number, "digest": receipt.digest, "call": call.number},
        )
    return receipt


def proposal_withdraw(*, proposal: Proposal, actor: Actor, now: datetime | None = None) -> Proposal:
    """Withdraw a submitted proposal before the deadline: its receipt keeps `withdrawn_at`; the proposal is
    editable again (status withdrawn) and may be submitted again, with a new receipt."""
    now = now or timezone.now()
    _require_member(actor, proposal)
    with transaction.atomic():
        proposal = _lock_proposal(proposal)
        _require_before_deadline(proposal, now)
        target = PROPOSAL_MACHINE.require(proposal.status, "withdraw")
        Receipt.objects.filter(proposal=proposal, kind=RECEIPT_KIND_SUBMISSION, withdrawn_at__isnull=True).update(
            withdrawn_at=now
        )
        proposal.status = target
        proposal.updated_at = now
        proposal.save(update_fields=["status", "updated_at"])
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_WITHDRAWN,
            proposal=proposal,
            now=now,
            payload={"receipt": proposal.receipt_number},
        )
    return proposal


def proposal_confirm_amendments(*, proposal: Proposal, actor: Actor, now: datetime | None = None) -> Proposal:
    """The organization confirms it has read every amendment published so far (before the deadline). A submitted
    proposal stays submitted and sealed."""
    now = now or timezone.now()
    _require_member(actor, proposal)
    with transaction.atomic():
        proposal = _lock_proposal(proposal)
        _require_before_deadline(proposal, now)
        latest = latest_amendment(proposal.call, now)
        if latest > proposal.confirmed_amendment:
            before = proposal.confirmed_amendment
            proposal.confirmed_amendment = latest
            proposal.save(update_fields=["confirmed_amendment"])
            proposal_audit(
                actor=actor,
                event_type=ProposalsEvent.PROPOSAL_AMENDMENTS_CONFIRMED,
                proposal=proposal,
                now=now,
                payload={"from": before, "to": latest},
            )
    return proposal


# --- fix windows (screening) --------------------------------------------------------------------------------------


def proposal_open_fix(
    *, proposal: Proposal, sections: list[str], until: datetime, actor: Actor, now: datetime | None = None
) -> Proposal:
    """Open a fix window on a submitted proposal after the deadline: the organization may change only `sections`
    (huimin.proposals.sections codes) until `until`. The call's project managers and the district administrator."""
    now = now or timezone.now()
    require(
        can_manage_call_proposals(actor, proposal.call),
        _("Only the call's project managers may ask for a fix."),
    )
    with transaction.atomic():
        proposal = _lock_proposal(proposal)
        if proposal.status != ProposalStatus.SUBMITTED:
            raise ServiceError(_("Only a submitted proposal can be fixed."), code=ProposalsError.FIX_NOT_ALLOWED)
        if not call_deadline_passed(proposal.call, now):
            raise ServiceError(
                _("A fix can be asked for only after the call's deadline."), code=ProposalsError.FIX_NOT_ALLOWED
            )
        codes = list(dict.fromkeys(sections or []))
        unknown = unknown_sections(codes)
        if not codes or unknown:
            raise ServiceError.for_fields(
                {"sections": _("Name the sections to fix among: %(codes)s.") % {"codes": ", ".join(SECTION_CODES)}},
                code=ProposalsError.FIX_SECTIONS_INVALID,
            )
        if until <= now:
            raise ServiceError.for_fields(
                {"until": _("The end of the fix window must be in the future.")}, code=ProposalsError.FIX_NOT_ALLOWED
            )
        proposal.fix_sections = [c for c in SECTION_CODES if c in codes]
        proposal.fix_until = until
        proposal.save(update_fields=["fix_sections", "fix_until"])
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_FIX_OPENED,
            proposal=proposal,
            now=now,
            payload={"sections": proposal.fix_sections, "until": until.isoformat()},
        )
    return proposal


def proposal_close_fix(*, proposal: Proposal, actor: Actor, now: datetime | None = None) -> Proposal:
    """Close a fix window (nothing changes any more)."""
    now = now or timezone.now()
    require(
        can_manage_call_proposals(actor, proposal.call),
        _("Only the call's project managers may close a fix window."),
    )
    with transaction.atomic():
        proposal = _lock_proposal(proposal)
        if proposal.fix_sections or proposal.fix_until is not None:
            before = {"sections": proposal.fix_sections, "until": proposal.fix_until}
            proposal.fix_sections = []
            proposal.fix_until = None
            proposal.save(update_fields=["fix_sections", "fix_until"])
            proposal_audit(
                actor=actor,
                event_type=ProposalsEvent.PROPOSAL_FIX_CLOSED,
                proposal=proposal,
                now=now,
                payload={
                    "sections": before["sections"],
                    "until": before["until"].isoformat() if before["until"] else None,
                    "at": now.isoformat(),
                },
            )
    return proposal


def proposal_submit_fix(*, proposal: Proposal, actor: Actor, now: datetime | None = None) -> Receipt:
    """The organization submits its fix within the window: sealed as a Receipt of kind "fix" (the sections asked
    for must have no blocking problem left); the window closes; the fix listeners run after commit."""
    now = now or timezone.now()
    _require_member(actor, proposal)
    with transaction.atomic():
        call_locked(proposal.call)
        proposal = _lock_proposal(proposal)
        if not fix_window_open(proposal, now):
            raise ServiceError(
                _("No fix is open for this proposal (or its time has ended)."), code=ProposalsError.FIX_CLOSED
            )
        sections = set(proposal.fix_sections)
        problems = [p for p in submission_problems(proposal) if p.section in sections]
        if problems:
            raise ServiceError.for_fields(problems_by_key(problems), code=ProposalsError.NOT_READY)
        receipt = _seal(proposal, kind=RECEIPT_KIND_FIX, now=now)
        fixed = proposal.fix_sections
        proposal.fix_sections = []
        proposal.fix_until = None
        proposal.updated_at = now
        proposal.save(update_fields=["fix_sections", "fix_until", "updated_at"])
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_FIX_SUBMITTED,
            proposal=proposal,
            now=now,
            payload={"receipt": receipt.number, "digest": receipt.digest, "sections": fixed},
        )
        transaction.on_commit(lambda: notify_fix_submitted(Proposal.objects.get(pk=proposal.pk)))
    return receipt
