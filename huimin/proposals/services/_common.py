"""Shared by the proposals services: the edit guard (who, when, which section), locking and value cleaning.

Values come from forms, JSON or Python: text is NFC-normalized and stripped; numbers, amounts, dates and phone
numbers accept full-width characters (NFKC: ５０ → 50, ２０３０－１１－０１), thousands separators, a trailing unit
(元, 人) and amounts in 万元 (5万 → 50000).
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.calls.models import Call, CallAmendment, CallStatus
from huimin.calls.rules import parse_decimal
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


# --- cleaning values ----------------------------------------------------------------------------------------------


class FieldErrors:
    def __init__(self) -> None:
        self.by_field: dict[str, list[str]] = {}

    def add(self, name: str, message: str) -> None:
        self.by_field.setdefault(name, []).append(message)

    def raise_if_any(self, code: str = ProposalsError.INVALID) -> None:
        if self.by_field:
            raise ServiceError.for_fields(self.by_field, code=code)


def clean_text(
    errors: FieldErrors, name: str, value: Any, *, label: str, max_length: int | None = None, required: bool = False
) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(name, _("%(label)s must be text.") % {"label": label})
        return ""
    text = unicodedata.normalize("NFC", value).strip()
    if max_length is not None:
        text = " ".join(text.split())  # one-line fields: no line breaks, single spaces
        if len(text) > max_length:
            errors.add(
                name,
                _("%(label)s has %(length)d characters; at most %(max)d are allowed.")
                % {"label": label, "length": len(text), "max": max_length},
            )
    if required and not text:
        errors.add(name, _("%(label)s is required.") % {"label": label})
    return text


def _nfkc(value: str) -> str:
    return unicodedata.normalize("NFKC", value).strip()


def clean_count(
    errors: FieldErrors, name: str, value: Any, *, label: str, low: int = 0, required: bool = False
) -> int | None:
    """A whole number (full-width digits and a trailing 人/次/场/个 allowed); None when empty."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(name, _("%(label)s is required.") % {"label": label})
        return None
    if isinstance(value, str):
        text = _nfkc(value).replace(",", "").replace(" ", "")
        text = re.sub(r"(人次|人|次|场|个|期|户)$", "", text)
        number = parse_decimal(text)
    else:
        number = parse_decimal(value)
    if number is None or number != number.to_integral_value():
        errors.add(name, _("%(label)s must be a whole number.") % {"label": label})
        return None
    if number < low or number > COUNT_MAX:
        errors.add(name, _("%(label)s must be at least %(low)d.") % {"label": label, "low": low})
        return None
    return int(number)


def clean_decimal(
    errors: FieldErrors,
    name: str,
    value: Any,
    *,
    label: str,
    positive: bool = False,
    required: bool = False,
    money: bool = False,
) -> Decimal | None:
    """A number with at most two decimals; amounts in 元 may end with 元 or be given in 万元 (5万 → 50000)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            errors.add(name, _("%(label)s is required.") % {"label": label})
        return None
    factor = Decimal(1)
    if isinstance(value, str):
        text = _nfkc(value).replace(",", "").replace(" ", "")
        if money and (text.endswith("万元") or text.endswith("万")):
            text = text.removesuffix("元").removesuffix("万")
            factor = Decimal(10000)
        number = parse_decimal(text, strip=("元",) if money else ())
    else:
        number = parse_decimal(value)
    if number is None:
        errors.add(name, _("%(label)s must be a number, e.g. 350 or 349.50.") % {"label": label})
        return None
    number = number * factor
    if number != number.quantize(FEN):
        errors.add(name, _("%(label)s has at most two decimals.") % {"label": label})
        return None
    if number < 0 or (positive and number == 0):
        message = (_("%(label)s must be more than 0.") if positive else _("%(label)s cannot be negative.")) % {
            "label": label
        }
        errors.add(name, message)
        return None
    if number > MONEY_MAX:
        errors.add(name, _("%(label)s is too large.") % {"label": label})
        return None
    return number.quantize(FEN)


_DATE_FORMS = (
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日?$"),
)


def clean_date(errors: FieldErrors, name: str, value: Any, *, label: str) -> date | None:
    """A date: date object or 2030-11-01, 2030/11/1, 2030.11.1, 2030年11月1日 (full-width digits allowed)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        text = _nfkc(value).replace(" ", "")
        for form in _DATE_FORMS:
            match = form.match(text)
            if match:
                try:
                    return date(int(match[1]), int(match[2]), int(match[3]))
                except ValueError:
                    break
    errors.add(name, _("%(label)s must be a date, e.g. 2030-11-01.") % {"label": label})
    return None


_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{2,3}-?\d{7,8}(-\d{1,6})?$")


def clean_phone(errors: FieldErrors, name: str, value: Any, *, label: str) -> str:
    """A mobile (13903520001, +86 139 0352 0001) or fixed line (0352-1234567, 03521234567-801) number; empty
    allowed (drafts). Stored without spaces and the +86 prefix."""
    text = clean_text(errors, name, value, label=label, max_length=32)
    if not text:
        return ""
    compact = _nfkc(text).replace(" ", "").replace("(", "").replace(")", "").replace("转", "-")
    compact = compact.removeprefix("+86").removeprefix("0086")
    if _MOBILE.match(compact) or _LANDLINE.match(compact):
        return compact
    errors.add(
        name,
        _("%(label)s must be a mobile number (11 digits) or a fixed line with its area code, e.g. 0352-1234567.")
        % {"label": label},
    )
    return text
