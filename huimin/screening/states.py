"""The life of a screening, as an explicit transition table, SCREENING_MACHINE (only huimin.screening.services change
`status`, through it).

    (run at the deadline) ──▶ awaiting ──pass──▶ passed
                                 │  └──reject──▶ rejected
                                 └──fix(sections, N working days)──▶ fix_requested
    fix_requested ──submit_fix (the organization submits the fix)──▶ fix_submitted ──pass / reject / fix──▶ …
    fix_requested ──(window over: marked expired by the periodic job)──▶ fix_requested (expired) ──pass / reject / fix

- awaiting and fix_submitted are "awaiting a decision": a new run replaces their automatic checks.
- passed, rejected and fix_requested hold a manager's decision: a run never touches them.
- pass, reject and fix are allowed from every status (the table says so); the only other limit on them is the open
  fix window below, which depends on the clock and is checked by `require_decision`.
- A manager may change a decision already taken (passed ↔ rejected, or ask for a fix); the reason is then required,
  whatever the new decision, and the history of decisions keeps every one of them.
- While a fix window is open the manager may still pass or reject (the window is closed), but not open a second
  window; once it has expired a new fix may be asked for.
"""

from __future__ import annotations

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.core.calendar import add_working_days
from huimin.core.services.errors import ServiceError
from huimin.core.statemachine import StateMachine, Transition
from huimin.proposals.selectors import fix_open

from .error_codes import ScreeningError
from .models import Screening, ScreeningStatus

PASS = "pass"  # nosec B105 # noqa: S105 (a decision, not a password)
REJECT = "reject"
FIX = "fix"
SUBMIT_FIX = "submit_fix"
DECISIONS: tuple[str, ...] = (PASS, REJECT, FIX)

_EVERY_STATUS = frozenset(ScreeningStatus.values)
SCREENING_MACHINE = StateMachine(
    Transition(PASS, _EVERY_STATUS, ScreeningStatus.PASSED),
    Transition(REJECT, _EVERY_STATUS, ScreeningStatus.REJECTED),
    Transition(FIX, _EVERY_STATUS, ScreeningStatus.FIX_REQUESTED),
    Transition(SUBMIT_FIX, {ScreeningStatus.FIX_REQUESTED}, ScreeningStatus.FIX_SUBMITTED),
    statuses=ScreeningStatus,
    code=ScreeningError.TRANSITION,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
FIX_CLOSES_AT = time(17, 0)  # a fix window ends at 17:00 Asia/Shanghai

# Statuses without a manager's decision in force: a new run refreshes their automatic checks.
AWAITING_DECISION: frozenset[str] = frozenset({ScreeningStatus.AWAITING_DECISION, ScreeningStatus.FIX_SUBMITTED})
# Statuses holding a decision already taken: changing it needs a reason.
DECIDED: frozenset[str] = frozenset({ScreeningStatus.PASSED, ScreeningStatus.REJECTED})


def decision_labels() -> dict[str, str]:
    return {PASS: _("Pass"), REJECT: _("Reject"), FIX: _("Request a fix")}


def fix_deadline(today: date, working_days: int) -> datetime:
    """17:00 Asia/Shanghai on the N-th working day after `today`."""
    return datetime.combine(add_working_days(today, working_days), FIX_CLOSES_AT, tzinfo=SHANGHAI)


def fix_window_open(screening: Screening, now: datetime) -> bool:
    """The fix asked for may still be submitted: the screening holds a fix request and the proposal's own window
    (proposals' `fix_open`, the one rule of "open", on the fields `proposal_open_fix` set from this screening's
    decision) has not ended, been closed or been used."""
    return screening.status == ScreeningStatus.FIX_REQUESTED and fix_open(screening.proposal, now)


def fix_window_expired(screening: Screening, now: datetime) -> bool:
    """A fix was asked for and its window is over without a fix submitted (shown as expired)."""
    return screening.status == ScreeningStatus.FIX_REQUESTED and not fix_window_open(screening, now)


def reason_required(screening: Screening, decision: str) -> bool:
    return decision in (REJECT, FIX) or screening.status in DECIDED


def require_decision(screening: Screening, decision: str, now: datetime) -> str:
    """The target status of `decision` from the screening's status, or ServiceError."""
    if decision not in DECISIONS:
        raise ServiceError.for_fields(
            {"decision": _("The decision is pass, reject or fix (got “%(value)s”).") % {"value": decision}},
            code=ScreeningError.DECISION_UNKNOWN,
        )
    if decision == FIX and fix_window_open(screening, now):
        raise ServiceError(
            _("A fix window is already open until %(until)s; pass or reject, or wait until it ends.")
            % {"until": timezone.localtime(screening.fix_until).strftime("%Y-%m-%d %H:%M")},
            code=ScreeningError.TRANSITION,
        )
    return SCREENING_MACHINE.require(screening.status, decision)
