"""Writes of the calls context (each `<entity>_<action>(*, …, actor)`, atomic and audited): calls, amendments and
clarification questions. Rounds and intentions are written by huimin.planning.services."""

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
from .questions import call_question_answer, call_question_ask, call_question_correct, call_question_reject

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
]
