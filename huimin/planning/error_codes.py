"""Stable machine codes returned by the API for refused planning writes (rounds, budgets, intentions)."""

from enum import StrEnum


class PlanningError(StrEnum):
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    ROUND_CODE_DUPLICATE = "round_code_duplicate"
    ROUND_NOT_EDITABLE = "round_not_editable"
    ROUND_NOT_OPEN = "round_not_open"
    ROUND_TRANSITION = "round_transition"
    ROUND_WITHOUT_BUDGET = "round_without_budget"
    BUDGET_PURCHASER_INVALID = "budget_purchaser_invalid"
    BUDGET_AMOUNT_INVALID = "budget_amount_invalid"
    BUDGET_BELOW_COMMITTED = "budget_below_committed"
    BUDGET_MISSING = "budget_missing"
    BUDGET_EXCEEDED = "budget_exceeded"
    INTENTION_INVALID = "intention_invalid"
    INTENTION_COMMUNITY_INVALID = "intention_community_invalid"
    INTENTION_NEED_INVALID = "intention_need_invalid"
    INTENTION_NEED_NOT_COVERED = "intention_need_not_covered"
    INTENTION_NOT_EDITABLE = "intention_not_editable"
    INTENTION_TRANSITION = "intention_transition"
    INTENTION_WITHOUT_NEEDS = "intention_without_needs"
    INTENTION_IN_PUBLISHED_CALL = "intention_in_published_call"
