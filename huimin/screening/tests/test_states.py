"""The screening's transition table walked completely, and a stateful test driving the real services (decisions,
fixes submitted, windows expiring) on one proposal: the screening always holds what its history says, and its fix
record and the proposal's fix window never disagree."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.test import TestCase
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule

from huimin.core.services.errors import ServiceError
from huimin.core.testing.statemachines import assert_machine_walks
from huimin.proposals.selectors import fix_open
from huimin.proposals.services import proposal_submit_fix

from ..models import ScreeningStatus
from ..services import screening_decide, screening_expire_fixes
from ..states import FIX, PASS, REJECT, SCREENING_MACHINE, SUBMIT_FIX, fix_window_expired, fix_window_open
from .factories import AFTER, build_world, make_submitted_proposal, screen, screening_of

EVERY = list(ScreeningStatus.values)
EXPECTED = {
    **{(status, PASS): ScreeningStatus.PASSED for status in EVERY},
    **{(status, REJECT): ScreeningStatus.REJECTED for status in EVERY},
    **{(status, FIX): ScreeningStatus.FIX_REQUESTED for status in EVERY},
    (ScreeningStatus.FIX_REQUESTED, SUBMIT_FIX): ScreeningStatus.FIX_SUBMITTED,
}


def test_the_table_lets_every_decision_follow_any_status_and_a_fix_be_submitted_once_asked():
    assert_machine_walks(SCREENING_MACHINE, expected=EXPECTED, initial=[ScreeningStatus.AWAITING_DECISION])


class ScreeningDecisions(RuleBasedStateMachine):
    """One screened proposal; the manager decides, the organization submits fixes, the clock moves and the periodic
    job marks windows that ended. Every step goes through the services."""

    w = None
    proposal = None

    @initialize()
    def start(self):
        # Each example runs inside a savepoint over the world built once for the test, and rolls it back at the end.
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.now = AFTER
        self.status = ScreeningStatus.AWAITING_DECISION
        self.decisions = 0
        self.version = screening_of(self.proposal).version
        self.open_until = None  # the end of the fix window the manager asked for, while it is open

    def teardown(self):
        if getattr(self, "atomic", None) is not None:
            transaction.set_rollback(True)
            self.atomic.__exit__(None, None, None)

    @rule(decision=st.sampled_from([PASS, REJECT, FIX]), days=st.integers(min_value=1, max_value=3))
    def decide(self, decision, days):
        screening = screening_of(self.proposal)
        window_was_open = fix_window_open(screening, self.now)
        try:
            decided = screening_decide(
                screening=screening,
                decision=decision,
                reason="理由",
                fix_sections=["documents"],
                fix_working_days=days,
                version=screening.version,
                actor=self.w.manager,
                now=self.now,
            )
        except ServiceError as exc:
            # The only refusal left to the clock: a second fix while a window is open.
            assert decision == FIX and window_was_open, exc.messages
            assert exc.error_code == "screening_transition"
            return
        self.status = SCREENING_MACHINE.target(self.status, decision)
        self.decisions += 1
        self.open_until = decided.fix_until if decision == FIX else None
        assert decided.status == self.status

    @rule()
    def submit_fix(self):
        screening = screening_of(self.proposal)
        if not fix_window_open(screening, self.now):
            with pytest.raises(ServiceError):
                proposal_submit_fix(proposal=self.proposal, actor=self.w.provider, now=self.now)
            return
        with TestCase.captureOnCommitCallbacks(execute=True):
            proposal_submit_fix(proposal=self.proposal, actor=self.w.provider, now=self.now)
        self.status = SCREENING_MACHINE.target(self.status, SUBMIT_FIX)
        self.open_until = None

    @rule(hours=st.sampled_from([1, 20, 60, 200]))
    def wait(self, hours):
        self.now += timedelta(hours=hours)
        if self.open_until is not None and self.now >= self.open_until:
            self.open_until = None

    @rule()
    def expire(self):
        screening_expire_fixes(now=self.now)

    @invariant()
    def the_screening_holds_its_history(self):
        screening = screening_of(self.proposal)
        assert screening.status == self.status
        assert screening.decisions.count() == self.decisions
        assert screening.version >= self.version
        self.version = screening.version

    @invariant()
    def the_two_fix_records_agree(self):
        screening = screening_of(self.proposal)
        self.proposal.refresh_from_db()
        open_now = fix_window_open(screening, self.now)
        assert open_now == (self.open_until is not None)
        assert fix_open(self.proposal, self.now) == open_now
        if open_now:
            assert self.proposal.fix_sections == screening.fix_sections
            assert self.proposal.fix_until == screening.fix_until
        if screening.status == ScreeningStatus.FIX_REQUESTED:
            assert fix_window_expired(screening, self.now) is not open_now
        if screening.fix_expired_at is not None:
            assert not open_now and screening.status == ScreeningStatus.FIX_REQUESTED


@pytest.mark.slow
@pytest.mark.django_db
def test_decisions_fixes_and_expiry_keep_the_screening_and_the_proposal_in_step():
    w = build_world()
    proposal = make_submitted_proposal(w)
    screen(w)
    ScreeningDecisions.w = w
    ScreeningDecisions.proposal = proposal
    ScreeningDecisions.TestCase.settings = settings(
        max_examples=25,
        stateful_step_count=12,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
    )
    ScreeningDecisions.TestCase().runTest()
