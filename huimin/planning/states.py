"""The two state machines of planning, as explicit transition tables (only the planning services change status).

Round:      draft --open--> open --close--> closed
Intention:  draft --confirm--> confirmed;  draft | confirmed --withdraw--> withdrawn

A withdrawn intention no longer counts against its purchaser's budget. An intention listed in a call that is
published (or closed after its deadline) can be neither changed nor withdrawn: providers have answered it. The calls
context reports those calls through `intention_listing_set` (planning.IntentionListing).
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import IntentionStatus, RoundStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str


ROUND_TRANSITIONS: dict[str, Transition] = {
    "open": Transition("open", frozenset({RoundStatus.DRAFT}), RoundStatus.OPEN),
    "close": Transition("close", frozenset({RoundStatus.OPEN}), RoundStatus.CLOSED),
}

INTENTION_TRANSITIONS: dict[str, Transition] = {
    "confirm": Transition("confirm", frozenset({IntentionStatus.DRAFT}), IntentionStatus.CONFIRMED),
    "withdraw": Transition(
        "withdraw", frozenset({IntentionStatus.DRAFT, IntentionStatus.CONFIRMED}), IntentionStatus.WITHDRAWN
    ),
}

# A round's name, year and description may change until it is closed; its code only while it is a draft.
ROUND_EDITABLE: frozenset[str] = frozenset({RoundStatus.DRAFT, RoundStatus.OPEN})
# Budgets may be set until the round is closed.
ROUND_BUDGET_EDITABLE: frozenset[str] = frozenset({RoundStatus.DRAFT, RoundStatus.OPEN})
# Intentions are written, confirmed and withdrawn while their round is open.
ROUND_PLANNING: frozenset[str] = frozenset({RoundStatus.OPEN})
# Rounds the public sees.
ROUND_PUBLIC: frozenset[str] = frozenset({RoundStatus.OPEN, RoundStatus.CLOSED})

# Intentions that may still be edited (a confirmed one only while no published call lists it).
INTENTION_EDITABLE: frozenset[str] = frozenset({IntentionStatus.DRAFT, IntentionStatus.CONFIRMED})
# Intentions whose budget counts against the purchaser's budget.
INTENTION_COUNTED: frozenset[str] = frozenset({IntentionStatus.DRAFT, IntentionStatus.CONFIRMED})
# Intentions a call may list, and the public sees.
INTENTION_LISTABLE: frozenset[str] = frozenset({IntentionStatus.CONFIRMED})


def allowed(table: dict[str, Transition], name: str, status: str) -> bool:
    return status in table[name].sources


def round_can(name: str, status: str) -> bool:
    return allowed(ROUND_TRANSITIONS, name, status)


def intention_can(name: str, status: str) -> bool:
    return allowed(INTENTION_TRANSITIONS, name, status)
