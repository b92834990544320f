"""Writes of the calls context (each `<entity>_<action>(*, …, actor)`, atomic and audited)."""

# planning: rounds, purchasers' budgets and project intentions
from .intentions import intention_confirm, intention_create, intention_update, intention_withdraw
from .rounds import round_budget_set, round_close, round_create, round_open, round_update

# calls: see services/calls.py

__all__ = [
    "intention_confirm",
    "intention_create",
    "intention_update",
    "intention_withdraw",
    "round_budget_set",
    "round_close",
    "round_create",
    "round_open",
    "round_update",
]
