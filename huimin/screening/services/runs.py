"""Running the automatic checks: at the deadline (periodic job), by hand (the call's managers), and again for one
proposal when its organization submits a fix.

A run records a ScreeningRun and gives every submitted proposal of the call one Screening with all the checks of
huimin.screening.checks. Runs are idempotent per proposal: a new run replaces the automatic checks of the proposals
still awaiting a decision (awaiting, fix_submitted) and never touches one holding a manager's decision (passed,
rejected, fix_requested).
"""

from __future__ import annotations

import logging
import time
from collections import Counter
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.calls.rules import call_deadline_passed
from huimin.calls.selectors import call_for_update, call_was_published, calls_past_deadline
from huimin.core.permissions import Actor, SystemActor, require
from huimin.core.services.errors import ServiceError
from huimin.proposals.selectors import submitted_proposals

from ..checks import CheckOutcome, ScreeningContext, run_checks, worst
from ..error_codes import ScreeningError
from ..events import ScreeningEvent
from ..models import Screening, ScreeningCheck, ScreeningRun
from ..permissions import can_screen_call
from ..states import AWAITING_DECISION, SCREENING_MACHINE, SUBMIT_FIX

if TYPE_CHECKING:
    from huimin.calls.models import Call
    from huimin.proposals.models import Proposal

log = logging.getLogger(__name__)


def _proposals(call: Call) -> list[Proposal]:
    qs = submitted_proposals(call)
    if isinstance(qs, QuerySet):
        qs = qs.select_related("organization", "call").prefetch_related(
            "organization__inspections", "organization__grades"
        )
    return sorted(qs, key=lambda p: (p.receipt_number, p.pk))


def _require_screenable(call: Call, now: datetime) -> None:
    if not call_was_published(call):
        raise ServiceError(
            _("A call that is “%(status)s” is not screened.") % {"status": call.get_status_display()},
            code=ScreeningError.CALL_NOT_SCREENABLE,
        )
    if not call_deadline_passed(call, now):
        raise ServiceError(
            _("Screening starts once the deadline has passed (%(deadline)s).")
            % {"deadline": timezone.localtime(call.deadline).strftime("%Y-%m-%d %H:%M")},
            code=ScreeningError.BEFORE_DEADLINE,
        )


def _save_checks(
    *,
    screening: Screening | None,
    proposal: Proposal,
    outcomes: dict[str, CheckOutcome],
    ctx: ScreeningContext,
    run: ScreeningRun,
    now: datetime,
) -> Screening:
    result = worst(o.result for o in outcomes.values())
    evidence = ctx.credit_evidence.get(proposal.pk)
    if screening is None:
        screening = Screening.objects.create(
            proposal=proposal,
            call=ctx.call,
            run=run,
            automatic_result=result,
            credit_check=evidence,
            checked_at=now,
        )
    else:
        screening.run = run
        screening.automatic_result = result
        screening.credit_check = evidence
        screening.checked_at = now
        screening.version = F("version") + 1  # type: ignore[assignment]  # a decision made before is now stale
        screening.save(update_fields=["run", "automatic_result", "credit_check", "checked_at", "version"])
        screening.refresh_from_db(fields=["version"])
        screening.checks.all().delete()
    ScreeningCheck.objects.bulk_create(
        [
            ScreeningCheck(screening=screening, code=code, result=o.result, reason=o.reason, details=o.details)
            for code, o in outcomes.items()
        ]
    )
    return screening


def _finish(run: ScreeningRun, *, checked: int, started: float, now: datetime) -> None:
    run.proposals = checked
    run.finished_at = now + timedelta(seconds=time.monotonic() - started)
    run.save(update_fields=["proposals", "finished_at"])


def screening_run(*, call: Call, actor: Actor, now: datetime | None = None) -> ScreeningRun:
    """Run every check on every submitted proposal of `call` (its project managers, the district administrator, or
    the platform). Only once the deadline has passed. Proposals awaiting a decision get fresh checks; those with a
    manager's decision keep theirs."""
    now = now or timezone.now()
    started = time.monotonic()
    require(can_screen_call(actor, call), _("Only the call's project managers may run its screening."))
    with transaction.atomic():
        call = call_for_update(call)
        _require_screenable(call, now)
        proposals = _proposals(call)
        ctx = ScreeningContext.build(call, proposals, actor=actor)
        run = ScreeningRun.objects.create(call=call, started_at=now, started_by=actor.audit_label[:150])
        existing = {s.proposal_id: s for s in Screening.objects.select_for_update().filter(call=call)}
        results: Counter[str] = Counter()
        to_check = [p for p in proposals if p.pk not in existing or existing[p.pk].status in AWAITING_DECISION]
        kept = len(proposals) - len(to_check)
        ctx.check_credit_of(to_check)  # one batched credit check for the whole run
        for proposal in to_check:
            screening = existing.get(proposal.pk)
            screening = _save_checks(
                screening=screening, proposal=proposal, outcomes=run_checks(proposal, ctx), ctx=ctx, run=run, now=now
            )
            results[screening.automatic_result] += 1
        checked = sum(results.values())
        _finish(run, checked=checked, started=started, now=now)
        audit_record(
            actor=actor,
            event_type=ScreeningEvent.SCREENING_RUN,
            target=run,
            target_label=f"{call.number} {now:%Y-%m-%d %H:%M}",
            payload={
                "call": call.number,
                "proposals": len(proposals),
                "checked": checked,
                "kept_decided": kept,
                "results": dict(sorted(results.items())),
                "credit_checks": len(ctx.credit_evidence),
                **({"credit_check_error": ctx.credit_error} if ctx.credit_error else {}),
            },
        )
    return run


def _calls_due_for_screening(now: datetime) -> QuerySet[Call]:
    """Published or closed calls whose deadline has passed and that have never been screened."""
    return (
        calls_past_deadline(now=now)
        .filter(deadline__lte=now)
        .exclude(Exists(ScreeningRun.objects.filter(call=OuterRef("pk"))))
        .order_by("deadline", "pk")
    )


def screening_run_due(*, actor: Actor | None = None, now: datetime | None = None) -> list[ScreeningRun]:
    """The periodic job: screen every call whose deadline has passed and that has no run yet. Idempotent; a call
    that fails is logged and left for the next time."""
    now = now or timezone.now()
    actor = actor or SystemActor("screening-at-deadline")
    runs = []
    for call in _calls_due_for_screening(now):
        try:
            runs.append(screening_run(call=call, actor=actor, now=now))
        except ServiceError:
            log.exception("screening of call %s could not start", call.number)
    return runs


def screening_fix_submitted(
    *, proposal: Proposal, actor: Actor | None = None, now: datetime | None = None
) -> Screening | None:
    """The organization submitted the fix asked for: re-run the proposal's checks (a run of one) and set the
    screening to fix_submitted, awaiting the manager's decision. Nothing happens when no fix was asked for."""
    now = now or timezone.now()
    started = time.monotonic()
    actor = actor or SystemActor("screening-fix")
    with transaction.atomic():
        screening = (
            Screening.objects.select_for_update().select_related("call", "proposal").filter(proposal=proposal).first()
        )
        if screening is None or not SCREENING_MACHINE.can(screening.status, SUBMIT_FIX):
            return screening
        require(can_screen_call(actor, screening.call), _("Only the call's project managers may re-run screening."))
        proposals = _proposals(screening.call)
        ctx = ScreeningContext.build(screening.call, proposals, actor=actor)
        target = next((p for p in proposals if p.pk == proposal.pk), None)
        if target is None:  # no longer submitted (should not happen after the deadline)
            return screening
        run = ScreeningRun.objects.create(call=screening.call, started_at=now, started_by=actor.audit_label[:150])
        screening = _save_checks(
            screening=screening, proposal=target, outcomes=run_checks(target, ctx), ctx=ctx, run=run, now=now
        )
        SCREENING_MACHINE.apply(screening, SUBMIT_FIX)
        screening.fix_expired_at = None
        screening.save(update_fields=["status", "fix_expired_at"])
        _finish(run, checked=1, started=started, now=now)
        audit_record(
            actor=actor,
            event_type=ScreeningEvent.SCREENING_FIX_RECHECKED,
            target=screening,
            payload={
                "call": screening.call.number,
                "receipt": target.receipt_number,
                "automatic_result": screening.automatic_result,
                "run": str(run.public_id),
            },
        )
    return screening
