"""Shared by the proposals services (private to them): the edit guard (who, when, which section), locking, the limit
of proposals per organization, and value cleaning (huimin.core.cleaning with the proposals' error code).

Values come from forms, JSON or Python: text is NFC-normalized and stripped; numbers, amounts, dates and phone
numbers accept full-width characters (NFKC: ５０ → 50, ２０３０－１１－０１), thousands separators, a trailing unit
(元, 人) and amounts in 万元 (5万 → 50000).
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from huimin.calls.rules import call_deadline_passed
from huimin.calls.states import CallStatus
from huimin.core import cleaning
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..error_codes import ProposalsError
from ..models import Proposal
from ..permissions import can_edit_proposal
from ..sections import SECTIONS_BY_CODE, section_label
from ..states import COUNTED_STATUSES, EDITABLE_STATUSES, fix_window_open

if TYPE_CHECKING:
    from huimin.calls.models import Call
    from huimin.core.models import Organization


def _lock_proposal(proposal: Proposal) -> Proposal:
    """The proposal's row, locked for this transaction (with its call)."""
    return Proposal.objects.select_for_update(of=("self",)).select_related("call", "organization").get(pk=proposal.pk)


def _require_member(actor: Actor, proposal: Proposal) -> None:
    require(can_edit_proposal(actor, proposal), _("Only the organization's own members may change its proposal."))


def _require_before_deadline(proposal: Proposal, now: datetime) -> None:
    call = proposal.call
    if call_deadline_passed(call, now):
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


def _guard_edit(proposal: Proposal, actor: Actor, sections: set[str] | list[str], now: datetime) -> Proposal:
    """Lock the proposal and check that `actor` may change `sections` of it at `now`; returns the locked row.

    Before the deadline: the organization's members, on a draft or withdrawn proposal (a submitted one is sealed).
    After it: only the sections of an open fix window, until the window's end."""
    _require_member(actor, proposal)
    proposal = _lock_proposal(proposal)
    call = proposal.call
    if call_deadline_passed(call, now):
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
        _require_before_deadline(proposal, now)
    _require_before_deadline(proposal, now)
    if proposal.status not in EDITABLE_STATUSES:
        raise ServiceError(
            _("The proposal is submitted and sealed: withdraw it to change it (before the deadline)."),
            code=ProposalsError.SUBMITTED_READ_ONLY,
        )
    return proposal


def _touch(proposal: Proposal, now: datetime) -> None:
    proposal.updated_at = now
    Proposal.objects.filter(pk=proposal.pk).update(updated_at=now)


# --- the limit of proposals per organization ------------------------------------------------------------------------


def _count_counted(call: Call, organization: Organization, *, exclude: Proposal | None = None) -> int:
    qs = Proposal.objects.filter(call=call, organization=organization, status__in=COUNTED_STATUSES)
    if exclude is not None:
        qs = qs.exclude(pk=exclude.pk)
    return qs.count()


def _limit_error(call: Call) -> ServiceError:
    limit = call.max_proposals_per_organization
    return ServiceError(
        ngettext(
            "Your organization already has %(max)d proposal for this call that is not withdrawn, the most the call "
            "allows. Withdraw it, or continue it.",
            "Your organization already has %(max)d proposals for this call that are not withdrawn, the most the call "
            "allows. Withdraw one, or continue one of them.",
            limit,
        )
        % {"max": limit},
        code=ProposalsError.LIMIT_REACHED,
    )


# --- cleaning values: the core kit (huimin.core.cleaning) -----------------------------------------------------------


class FieldErrors(cleaning.FieldErrors):
    def __init__(self) -> None:
        super().__init__(ProposalsError.INVALID)
