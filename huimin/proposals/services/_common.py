"""Shared by the proposals services: the edit guard (who, when, which section), locking and value cleaning.

Values come from forms, JSON or Python: text is NFC-normalized and stripped; numbers, amounts, dates and phone
numbers accept full-width characters (NFKC: ５０ → 50, ２０３０－１１－０１), thousands separators, a trailing unit
(元, 人) and amounts in 万元 (5万 → 50000).
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.calls.models import Call, CallAmendment, CallStatus
from huimin.core import cleaning
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..error_codes import ProposalsError
from ..models import Proposal, ProposalStatus
from ..permissions import can_edit_proposal, deadline_passed, is_sealed
from ..sections import SECTIONS_BY_CODE, section_label
from ..states import EDITABLE_STATUSES

FEN = Decimal("0.01")
MONEY_MAX = Decimal("999999999999.99")
COUNT_MAX = 100_000_000


def now_or(now: datetime | None) -> datetime:
    return now or timezone.now()


def lock_proposal(proposal: Proposal) -> Proposal:
    """The proposal's row, locked for this transaction (with its call)."""
    return Proposal.objects.select_for_update(of=("self",)).select_related("call", "organization").get(pk=proposal.pk)


def lock_call(call: Call) -> Call:
    return Call.objects.select_for_update().get(pk=call.pk)


def latest_amendment(call: Call, now: datetime | None = None) -> int:
    """The sequence of the call's last amendment published by `now` (0: none)."""
    amendments = CallAmendment.objects.filter(call=call)
    if now is not None:
        amendments = amendments.filter(published_at__lte=now)
    return amendments.aggregate(m=Max("sequence"))["m"] or 0


def fix_window_open(proposal: Proposal, now: datetime) -> bool:
    return (
        proposal.status == ProposalStatus.SUBMITTED
        and bool(proposal.fix_sections)
        and proposal.fix_until is not None
        and now < proposal.fix_until
    )


def require_member(actor: Actor, proposal: Proposal) -> None:
    require(can_edit_proposal(actor, proposal), _("Only the organization's own members may change its proposal."))


def require_before_deadline(proposal: Proposal, now: datetime) -> None:
    call = proposal.call
    if deadline_passed(call, now):
        raise ServiceError(
            _("The deadline of the call (%(deadline)s) has passed: the proposal can no longer be changed.")
            % {"deadline": timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M")},
            code=ProposalsError.DEADLINE_PASSED,
        )
    if call.status != CallStatus.PUBLISHED:
        raise ServiceError(
            _("The call is “%(status)s”: it does not take proposals.") % {"status": call.get_status_display()},
            code=ProposalsError.CALL_NOT_OPEN,
        )


def guard_edit(proposal: Proposal, actor: Actor, sections: set[str] | list[str], now: datetime) -> Proposal:
    """Lock the proposal and check that `actor` may change `sections` of it at `now`; returns the locked row.

    Before the deadline: the organization's members, on a draft or withdrawn proposal (a submitted one is sealed).
    After it: only the sections of an open fix window, until the window's end."""
    require_member(actor, proposal)
    proposal = lock_proposal(proposal)
    call = proposal.call
    if deadline_passed(call, now):
        if fix_window_open(proposal, now):
            locked = sorted(set(sections) - set(proposal.fix_sections))
            if locked:
                raise ServiceError(
                    _("Only the sections screening asked to fix may be changed (%(allowed)s); “%(section)s” may not.")
                    % {
                        "allowed": "、".join(section_label(s) for s in proposal.fix_sections if s in SECTIONS_BY_CODE),
                        "section": section_label(locked[0]),
                    },
                    code=ProposalsError.FIX_SECTION_LOCKED,
                )
            return proposal
        if proposal.fix_sections and proposal.fix_until is not None:
            raise ServiceError(
                _("The time to fix this proposal ended at %(until)s: it can no longer be changed.")
                % {"until": timezone.localtime(proposal.fix_until).strftime("%Y-%m-%d %H:%M")},
                code=ProposalsError.FIX_CLOSED,
            )
        require_before_deadline(proposal, now)
    require_before_deadline(proposal, now)
    if proposal.status not in EDITABLE_STATUSES:
        raise ServiceError(
            _("The proposal is submitted and sealed: withdraw it to change it (before the deadline)."),
            code=ProposalsError.SUBMITTED_READ_ONLY,
        )
    return proposal


def touch(proposal: Proposal, now: datetime) -> None:
    proposal.updated_at = now
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=now)


def proposal_audit(
    *, actor: Actor, event_type: str, proposal: Proposal, now: datetime, payload: dict[str, Any] | None = None
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


# --- cleaning values: the core kit (huimin.core.cleaning) -----------------------------------------------------------


class FieldErrors(cleaning.FieldErrors):
    def __init__(self) -> None:
        super().__init__(ProposalsError.INVALID)
