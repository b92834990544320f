"""Writes of the calls context (each `<entity>_<action>(*, …, actor)`, atomic and audited)."""

# planning (rounds, purchasers' budgets, project intentions): intentions, rounds
# calls (calls, amendments, clarification questions): amendments, calls, questions
from .amendments import call_amend
from .calls import (
    call_cancel,
    call_close_due,
    call_create,
    call_document_add,
    call_document_remove,
    call_publish,
    call_update,
)
from .intentions import (
    intention_confirm,
    intention_create,
    intention_listing_set,
    intention_update,
    intention_withdraw,
)
from .questions import call_question_answer, call_question_ask, call_question_correct, call_question_reject
from .rounds import round_budget_set, round_close, round_create, round_open, round_update

__all__ = [
    "call_amend",
    "call_cancel",
    "call_close_due",
    "call_create",
    "call_document_add",
    "call_document_remove",
    "call_publish",
    "call_question_answer",
    "call_question_ask",
    "call_question_correct",
    "call_question_reject",
    "call_update",
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
