"""The proposal's transition table, walked completely, and the services driven through it in any order.

- The walker (huimin.core.testing.statemachines): every (status, transition) pair is the documented target or is
  refused with `proposal_transition`, and every status is reachable from a draft.
- The stateful test (hypothesis): submitting, withdrawing, editing — before the deadline and after it — in any
  order keep the invariants of docs/proposals.md: the status is the one the table gives; a submitted proposal has
  exactly one receipt that is not withdrawn, and it is the proposal's `receipt_number`; receipt numbers are never
  reused; after the deadline nothing changes.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import translation
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from huimin.core.services.errors import ServiceError
from huimin.core.testing.statemachines import assert_machine_walks

from .. import services as s
from ..error_codes import ProposalsError
from ..models import Proposal, ProposalStatus, Receipt
from ..states import EDITABLE_STATUSES, PROPOSAL_MACHINE
from .factories import AFTER, NOW, World, make_complete_proposal, world  # noqa: F401

DRAFT, SUBMITTED, WITHDRAWN = ProposalStatus.DRAFT, ProposalStatus.SUBMITTED, ProposalStatus.WITHDRAWN

# The table as docs/proposals.md states it.
TABLE = {
    (DRAFT, "submit"): SUBMITTED,
    (WITHDRAWN, "submit"): SUBMITTED,
    (SUBMITTED, "withdraw"): WITHDRAWN,
}


def test_the_proposal_machine_walks_its_whole_table():
    assert_machine_walks(PROPOSAL_MACHINE, expected=TABLE, initial=[DRAFT])


def test_a_refused_transition_names_the_status_in_the_language_of_the_request():
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        PROPOSAL_MACHINE.require(DRAFT, "withdraw")
    assert refused.value.error_code == ProposalsError.TRANSITION
    assert str(refused.value.messages[0]) == "A proposal that is “Draft” cannot be withdrawn."


class ProposalLife(RuleBasedStateMachine):
    """One complete proposal of the world's provider, driven through its services."""

    w: World

    def __init__(self) -> None:
        super().__init__()
        # Each example runs in a savepoint rolled back at its end, so examples do not see each other's proposals.
        self._savepoint = transaction.atomic()
        self._savepoint.__enter__()
        self.proposal = make_complete_proposal(self.w)
        self.status: str = DRAFT  # what the table says the status is
        self.clock = NOW
        self.receipts: list[str] = []  # every receipt number handed out, in order

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self._savepoint.__exit__(None, None, None)

    def _tick(self) -> None:
        self.clock += timedelta(minutes=1)

    def _fresh(self) -> Proposal:
        return Proposal.objects.get(pk=self.proposal.pk)

    @rule()
    def submit(self) -> None:
        self._tick()
        target = PROPOSAL_MACHINE.target(self.status, "submit")
        try:
            receipt = s.proposal_submit(proposal=self._fresh(), actor=self.w.provider, now=self.clock)
        except ServiceError as refused:
            assert target is None and refused.error_code == ProposalsError.TRANSITION
            return
        assert target is not None
        self.status = target
        self.receipts.append(receipt.number)

    @rule()
    def withdraw(self) -> None:
        self._tick()
        target = PROPOSAL_MACHINE.target(self.status, "withdraw")
        try:
            s.proposal_withdraw(proposal=self._fresh(), actor=self.w.provider, now=self.clock)
        except ServiceError as refused:
            assert target is None and refused.error_code == ProposalsError.TRANSITION
            return
        assert target is not None
        self.status = target

    @rule(title=st.sampled_from(["龙园社区老年人太极拳健身培训项目", "迎春里社区书画班"]))
    def edit(self, title: str) -> None:
        self._tick()
        try:
            s.proposal_update(proposal=self._fresh(), actor=self.w.provider, now=self.clock, title=title)
        except ServiceError as refused:
            assert self.status not in EDITABLE_STATUSES
            assert refused.error_code == ProposalsError.SUBMITTED_READ_ONLY
            return
        assert self.status in EDITABLE_STATUSES

    @rule(action=st.sampled_from(["submit", "withdraw", "edit"]))
    def after_the_deadline(self, action: str) -> None:
        before = (self._fresh().status, Receipt.objects.filter(proposal=self.proposal).count())
        calls = {
            "submit": lambda: s.proposal_submit(proposal=self._fresh(), actor=self.w.provider, now=AFTER),
            "withdraw": lambda: s.proposal_withdraw(proposal=self._fresh(), actor=self.w.provider, now=AFTER),
            "edit": lambda: s.proposal_update(proposal=self._fresh(), actor=self.w.provider, now=AFTER, risks="迟"),
        }
        with pytest.raises(ServiceError) as refused:
            calls[action]()
        assert refused.value.error_code == ProposalsError.DEADLINE_PASSED
        assert (self._fresh().status, Receipt.objects.filter(proposal=self.proposal).count()) == before

    @invariant()
    def the_status_is_the_one_the_table_gives(self) -> None:
        assert self._fresh().status == self.status

    @invariant()
    def a_submitted_proposal_has_exactly_one_open_receipt(self) -> None:
        proposal = self._fresh()
        open_receipts = list(Receipt.objects.filter(proposal=proposal, withdrawn_at__isnull=True))
        if self.status == SUBMITTED:
            assert [r.number for r in open_receipts] == [proposal.receipt_number] == [self.receipts[-1]]
        else:
            assert open_receipts == []

    @invariant()
    def receipt_numbers_are_never_reused(self) -> None:
        numbers = list(Receipt.objects.filter(proposal=self.proposal).order_by("pk").values_list("number", flat=True))
        assert numbers == self.receipts and len(set(numbers)) == len(numbers)


def test_submitting_withdrawing_and_editing_in_any_order_keep_the_invariants(world):  # noqa: F811
    ProposalLife.w = world
    run_state_machine_as_test(
        ProposalLife,
        settings=settings(
            max_examples=12,
            stateful_step_count=8,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow],
        ),
    )
