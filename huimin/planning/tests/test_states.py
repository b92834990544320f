"""The round's and the intention's state machines, walked completely."""

from __future__ import annotations

from huimin.core.testing.statemachines import assert_machine_walks
from huimin.planning.models import IntentionStatus, RoundStatus
from huimin.planning.states import INTENTION_MACHINE, ROUND_MACHINE


def test_the_round_machine_walks_its_whole_table():
    assert_machine_walks(
        ROUND_MACHINE,
        expected={
            (RoundStatus.DRAFT, "open"): RoundStatus.OPEN,
            (RoundStatus.OPEN, "close"): RoundStatus.CLOSED,
        },
        initial=[RoundStatus.DRAFT],
    )


def test_the_intention_machine_walks_its_whole_table():
    assert_machine_walks(
        INTENTION_MACHINE,
        expected={
            (IntentionStatus.DRAFT, "confirm"): IntentionStatus.CONFIRMED,
            (IntentionStatus.DRAFT, "withdraw"): IntentionStatus.WITHDRAWN,
            (IntentionStatus.CONFIRMED, "withdraw"): IntentionStatus.WITHDRAWN,
        },
        initial=[IntentionStatus.DRAFT],
    )
