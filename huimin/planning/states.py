"""The two state machines of planning, as explicit transition tables (only the planning services change status).

Round:      draft --open--> open --close--> closed
Intention:  draft --confirm--> confirmed;  draft | confirmed --withdraw--> withdrawn

A withdrawn intention no longer counts against its purchaser's budget. An intention listed in a call that is
published (or closed after its deadline) can be neither changed nor withdrawn: providers have answered it. The calls
context reports those calls through `intention_listing_set` (planning.IntentionListing).
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from huimin.core.statemachine import StateMachine, Transition

from .error_codes import PlanningError
from .models import IntentionStatus, RoundStatus

# The statuses are named here too: other contexts read them from the states, not from planning's models.
__all__ = [
    "INTENTION_COUNTED",
    "INTENTION_EDITABLE",
    "INTENTION_LISTABLE",
    "INTENTION_MACHINE",
    "ROUND_BUDGET_EDITABLE",
    "ROUND_EDITABLE",
    "ROUND_MACHINE",
    "ROUND_PLANNING",
    "ROUND_PUBLIC",
    "IntentionStatus",
    "RoundStatus",
]

ROUND_MACHINE = StateMachine(
    Transition(
        "open", {RoundStatus.DRAFT}, RoundStatus.OPEN, _("Only a draft round can be opened; this one is %(status)s.")
    ),
    Transition(
        "close", {RoundStatus.OPEN}, RoundStatus.CLOSED, _("Only an open round can be closed; this one is %(status)s.")
    ),
    statuses=RoundStatus,
    code=PlanningError.ROUND_TRANSITION,
)

# The services refuse with messages naming the intention (its number) before asking the machine.
INTENTION_MACHINE = StateMachine(
    Transition("confirm", {IntentionStatus.DRAFT}, IntentionStatus.CONFIRMED),
    Transition("withdraw", {IntentionStatus.DRAFT, IntentionStatus.CONFIRMED}, IntentionStatus.WITHDRAWN),
    statuses=IntentionStatus,
    code=PlanningError.INTENTION_TRANSITION,
)

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
