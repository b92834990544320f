"""Writes of the screening context (each atomic, permission-checked and audited).

screening_run(call=…, actor=…, now=None)              → ScreeningRun   (after the deadline; idempotent)
screening_run_due(actor=None, now=None)               → [ScreeningRun] (periodic: calls past their deadline)
screening_fix_submitted(proposal=…, actor=None, now=None) → Screening  (after a fix: re-run, fix_submitted)
screening_decide(screening=…, decision=…, reason=…, fix_sections=…, fix_working_days=3, actor=…, now=None)
screening_decide_batch(screenings=…, decision=…, reason=…, actor=…, now=None)   all or nothing
screening_expire_fixes(actor=None, now=None)          → [Screening]    (periodic: fix windows that ended)
"""

from .decisions import (
    DEFAULT_FIX_WORKING_DAYS,
    MAX_FIX_WORKING_DAYS,
    screening_decide,
    screening_decide_batch,
    screening_expire_fixes,
)
from .runs import screening_fix_submitted, screening_run, screening_run_due

__all__ = [
    "DEFAULT_FIX_WORKING_DAYS",
    "MAX_FIX_WORKING_DAYS",
    "screening_decide",
    "screening_decide_batch",
    "screening_expire_fixes",
    "screening_fix_submitted",
    "screening_run",
    "screening_run_due",
]
