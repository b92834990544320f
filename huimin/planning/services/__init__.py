"""Writes of the planning context (each `<entity>_<action>(*, …, actor)`, atomic and audited): rounds and
purchasers' budgets (rounds), project intentions and the calls that hold them (intentions)."""

from .intentions import (
    intention_confirm,
    intention_create,
    intention_listing_set,
    intention_update,
    intention_withdraw,
)
from .rounds import round_budget_set, round_close, round_create, round_open, round_update

__all__ = [
    "intention_confirm",
    "intention_create",
    "intention_listing_set",
    "intention_update",
    "intention_withdraw",
    "round_budget_set",
    "round_close",
    "round_create",
    "round_open",
    "round_update",
]
