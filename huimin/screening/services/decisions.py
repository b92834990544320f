"""The manager's decisions on screenings: pass, reject, or ask for a fix within N working days; one at a time or as a
batch (all or nothing); and the periodic marking of fix windows that ended without a fix.

Every decision names the screening's `version` it was made on (what the manager saw): when the screening has changed
since (another manager decided, a re-check, a fix), it is refused with 409 and the current state, so that two
managers deciding at once cannot overwrite each other unseen. Internal callers (the demo) may pass no version.

Only the call's project managers (Role.PROJECT_MANAGER of `Call.manager`) and the district administrator decide.
A reason is required to reject, to ask for a fix, and to change a decision already taken. A fix names the sections
of the proposal (huimin.proposals.sections) the organization may change; the window ends at 17:00 (Asia/Shanghai)
N working days after today (`add_working_days`), and is opened through the proposals context's own service
(`proposal_open_fix`), which is what lets the organization change exactly those sections.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.cleaning import paragraph
from huimin.core.permissions import Actor, PermissionDenied, SystemActor
from huimin.core.services.errors import Conflict, ServiceError
from huimin.proposals.sections import SECTION_CODES
from huimin.proposals.services import proposal_close_fix, proposal_open_fix

from ..error_codes import ScreeningError
from ..events import ScreeningEvent
from ..models import Screening, ScreeningDecision, ScreeningStatus
from ..permissions import can_decide
from ..states import (
    FIX,
    PASS,
    REJECT,
    SCREENING_MACHINE,
    SHANGHAI,
    fix_deadline,
    fix_window_open,
    reason_required,
    require_decision,
)

DEFAULT_FIX_WORKING_DAYS = 3
MAX_FIX_WORKING_DAYS = 20
MAX_REASON = 2000
BATCH_DECISIONS = (PASS, REJECT)


def _receipt(screening: Screening) -> str:
    return screening.proposal.receipt_number or str(screening.proposal.public_id)


def _clean_reason(reason: Any) -> str:
    text = paragraph(reason)
    if len(text) > MAX_REASON:
        raise ServiceError.for_fields(
            {
                "reason": _("The reason has %(length)d characters; at most %(max)d.")
                % {"length": len(text), "max": MAX_REASON}
            },
            code=ScreeningError.INVALID,
        )
    return text


def _clean_sections(sections: Iterable[str] | None) -> list[str]:
    codes = list(dict.fromkeys(str(c).strip() for c in (sections or []) if str(c).strip()))
    if not codes:
        raise ServiceError.for_fields(
            {"fix_sections": _("Name at least one section the organization is to fix.")},
            code=ScreeningError.FIX_SECTIONS_REQUIRED,
        )
    unknown = [c for c in codes if c not in SECTION_CODES]
    if unknown:
        raise ServiceError.for_fields(
            {
                "fix_sections": _("Unknown section %(codes)s; the sections are %(known)s.")
                % {"codes": "、".join(unknown), "known": ", ".join(SECTION_CODES)}
            },
            code=ScreeningError.FIX_SECTION_UNKNOWN,
        )
    return [c for c in SECTION_CODES if c in codes]


def _clean_days(value: Any) -> int:
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if not 1 <= days <= MAX_FIX_WORKING_DAYS:
        raise ServiceError.for_fields(
            {
                "fix_working_days": _("The fix window is 1 to %(max)d working days (got %(value)s).")
                % {"max": MAX_FIX_WORKING_DAYS, "value": value}
            },
            code=ScreeningError.FIX_DAYS_INVALID,
        )
    return days


def _stale(screening: Screening) -> Conflict:
    decided_by = str(screening.decided_by) if screening.decided_by_id else ""
    return Conflict(
        _(
            "%(receipt)s changed while you were deciding (someone else decided, or it was checked again): it is now "
            "“%(status)s”%(by)s. Nothing was changed; look at its current state and decide again."
        )
        % {
            "receipt": _receipt(screening),
            "status": ScreeningStatus(screening.status).label,
            "by": (_(", decided by %(name)s") % {"name": decided_by}) if decided_by else "",
        },
        code=ScreeningError.VERSION_CONFLICT,
    )


def _check_version(screening: Screening, version: int | None) -> None:
    if version is not None and screening.version != version:
        raise _stale(screening)


def _validate(screening: Screening, decision: str, reason: str, now: datetime) -> str:
    """The target status, or ServiceError (the decision, the reason and the transition)."""
    target = require_decision(screening, decision, now)
    if reason_required(screening, decision) and not reason:
        if screening.status in (ScreeningStatus.PASSED, ScreeningStatus.REJECTED):
            message = _("Changing a decision already taken needs a reason.")
        elif decision == REJECT:
            message = _("Give the reason for the rejection; the organization will read it.")
        else:
            message = _("Say what is to be fixed; the organization will read it.")
        raise ServiceError.for_fields({"reason": message}, code=ScreeningError.REASON_REQUIRED)
    return target


def _apply(
    *,
    screening: Screening,
    decision: str,
    reason: str,
    sections: list[str],
    until: datetime | None,
    actor: Actor,
    now: datetime,
) -> Screening:
    before = screening.status
    proposal = screening.proposal
    if decision == FIX:
        proposal_open_fix(proposal=proposal, sections=sections, until=until, actor=actor, now=now)  # type: ignore[arg-type]
    elif proposal.fix_sections or proposal.fix_until is not None:
        proposal_close_fix(proposal=proposal, actor=actor, now=now)
    SCREENING_MACHINE.apply(screening, decision)
    screening.reason = reason
    screening.fix_sections = sections if decision == FIX else []
    screening.fix_until = until if decision == FIX else None
    screening.fix_expired_at = None
    screening.decided_by = actor.user
    screening.decided_at = now
    # Conditional on the version read under the lock: on any database, a concurrent change makes this a no-op
    # (then refused) rather than a lost update.
    changed = Screening.objects.filter(pk=screening.pk, version=screening.version).update(
        status=screening.status,
        reason=screening.reason,
        fix_sections=screening.fix_sections,
        fix_until=screening.fix_until,
        fix_expired_at=None,
        decided_by=screening.decided_by,
        decided_at=now,
        version=F("version") + 1,
    )
    if changed != 1:
        raise _stale(Screening.objects.select_related("call", "proposal").get(pk=screening.pk))
    screening.version += 1
    ScreeningDecision.objects.create(
        screening=screening,
        decision=decision,
        reason=reason,
        fix_sections=screening.fix_sections,
        fix_until=screening.fix_until,
        decided_by=actor.user,
        decided_at=now,
    )
    audit_record(
        actor=actor,
        event_type=ScreeningEvent.SCREENING_DECIDED,
        target=screening,
        target_label=_receipt(screening),
        payload={
            "call": screening.call.number,
            "receipt": proposal.receipt_number,
            "decision": decision,
            "from": before,
            "to": screening.status,
            "reason": reason,
            "fix_sections": screening.fix_sections,
            "fix_until": screening.fix_until,
            "automatic_result": screening.automatic_result,
        },
    )
    return screening


def _locked(screening: Screening) -> Screening:
    return Screening.objects.select_for_update().select_related("call", "proposal").get(pk=screening.pk)


def screening_decide(
    *,
    screening: Screening,
    decision: str,
    reason: str = "",
    fix_sections: Sequence[str] | None = None,
    fix_working_days: int | str = DEFAULT_FIX_WORKING_DAYS,
    version: int | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> Screening:
    """Decide on one screening: `pass`, `reject` (reason required) or `fix` (reason, sections and the number of
    working days required). The organization sees the decision and its reason. `version` is the screening's version
    the decision was made on; Conflict (409) when it has changed since."""
    now = now or timezone.now()
    if not can_decide(actor, screening):
        raise PermissionDenied(_("Only the call's project managers may decide on its screening."))
    reason = _clean_reason(reason)
    with transaction.atomic():
        screening = _locked(screening)
        _check_version(screening, version)
        _validate(screening, decision, reason, now)
        sections: list[str] = []
        until = None
        if decision == FIX:
            sections = _clean_sections(fix_sections)
            until = fix_deadline(timezone.localdate(now, SHANGHAI), _clean_days(fix_working_days))
        return _apply(
            screening=screening,
            decision=decision,
            reason=reason,
            sections=sections,
            until=until,
            actor=actor,
            now=now,
        )


def screening_decide_batch(
    *,
    screenings: Iterable[Screening],
    decision: str,
    reason: str = "",
    versions: Mapping[Any, int] | None = None,
    actor: Actor,
    now: datetime | None = None,
) -> list[Screening]:
    """Pass or reject several screenings at once with one reason — all of them or none: when any one is refused
    (scope, status, missing reason) nothing is decided and the error names every refused proposal. `versions` maps
    each screening's public_id to the version the manager saw; Conflict (409) when any has changed since."""
    now = now or timezone.now()
    chosen = list({s.pk: s for s in screenings}.values())
    if not chosen:
        raise ServiceError(_("Choose at least one proposal."), code=ScreeningError.BATCH_EMPTY)
    if decision not in BATCH_DECISIONS:
        raise ServiceError.for_fields(
            {"decision": _("A batch decision is pass or reject; ask for fixes one proposal at a time.")},
            code=ScreeningError.BATCH_DECISION,
        )
    reason = _clean_reason(reason)
    with transaction.atomic():
        locked = list(
            Screening.objects.select_for_update()
            .select_related("call", "proposal")
            .filter(pk__in=[s.pk for s in chosen])
            .order_by("pk")
        )
        outside = [s for s in locked if not can_decide(actor, s)]
        if outside or len(locked) != len(chosen):
            raise PermissionDenied(
                _("You may not decide on some of the chosen proposals (%(receipts)s); nothing was decided.")
                % {"receipts": "、".join(_receipt(s) for s in outside) or "—"}
            )
        if versions is not None:
            by_id = {str(key): value for key, value in versions.items()}
            stale = [s for s in locked if by_id.get(str(s.public_id)) != s.version]
            if stale:
                raise Conflict(
                    _(
                        "Nothing was decided: %(receipts)s changed while you were deciding (someone else decided, or "
                        "they were checked again). Look at their current state and decide again."
                    )
                    % {"receipts": "、".join(_receipt(s) for s in stale)},
                    code=ScreeningError.VERSION_CONFLICT,
                )
        refused: list[str] = []
        for s in locked:
            try:
                _validate(s, decision, reason, now)
            except ServiceError as exc:
                refused.append(f"{_receipt(s)}: {' '.join(exc.messages)}")
        if refused:
            raise ServiceError(
                _("Nothing was decided: %(problems)s") % {"problems": "；".join(refused)},
                code=ScreeningError.BATCH_REFUSED,
            )
        return [
            _apply(
                screening=s,
                decision=decision,
                reason=reason,
                sections=[],
                until=None,
                actor=actor,
                now=now,
            )
            for s in locked
        ]


def screening_expire_fixes(*, actor: Actor | None = None, now: datetime | None = None) -> list[Screening]:
    """The periodic job: fix windows that ended without a fix are marked expired (the status stays fix_requested,
    the window of the proposal is closed, the manager then decides). Idempotent."""
    now = now or timezone.now()
    actor = actor or SystemActor("screening-fix-expiry")
    expired = []
    with transaction.atomic():
        due = (
            Screening.objects.select_for_update(skip_locked=True)
            .select_related("call", "proposal")
            .filter(status=ScreeningStatus.FIX_REQUESTED, fix_until__lte=now, fix_expired_at__isnull=True)
            .order_by("fix_until", "pk")
        )
        for screening in due:
            if fix_window_open(screening, now):
                continue
            proposal_close_fix(proposal=screening.proposal, actor=actor, now=now)
            screening.fix_expired_at = now
            screening.version = F("version") + 1  # type: ignore[assignment]
            screening.save(update_fields=["fix_expired_at", "version"])
            screening.refresh_from_db(fields=["version"])
            audit_record(
                actor=actor,
                event_type=ScreeningEvent.SCREENING_FIX_EXPIRED,
                target=screening,
                target_label=_receipt(screening),
                payload={
                    "call": screening.call.number,
                    "receipt": screening.proposal.receipt_number,
                    "fix_sections": screening.fix_sections,
                    "fix_until": screening.fix_until,
                },
            )
            expired.append(screening)
    return expired


__all__ = [
    "DEFAULT_FIX_WORKING_DAYS",
    "MAX_FIX_WORKING_DAYS",
    "screening_decide",
    "screening_decide_batch",
    "screening_expire_fixes",
]
