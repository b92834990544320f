"""The audit event types of the planning context (stored data: a value never changes). Rounds and intentions were
first written by the calls context, so their events keep the `calls.` prefix they were recorded with."""

from __future__ import annotations

from enum import StrEnum


class PlanningEvent(StrEnum):
    ROUND_CREATED = "calls.round.created"
    ROUND_UPDATED = "calls.round.updated"
    ROUND_OPENED = "calls.round.opened"
    ROUND_CLOSED = "calls.round.closed"
    ROUND_BUDGET_SET = "calls.round_budget.set"

    INTENTION_CREATED = "calls.intention.created"
    INTENTION_UPDATED = "calls.intention.updated"
    INTENTION_CONFIRMED = "calls.intention.confirmed"
    INTENTION_WITHDRAWN = "calls.intention.withdrawn"
