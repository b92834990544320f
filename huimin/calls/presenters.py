"""Calls, amendments and clarification questions as the public may read them (rounds and intentions as
huimin.planning.presenters shows them).

What project managers, the district administrator and providers type into a call — its title and text, the rules'
descriptions, the documents' names, an amendment's reason, a question and its answer — is published. Public pages
and the public API get these records only through the views below (huimin.core.presenters.PublicView): their free
text passes huimin.core.masking.mask_text, so an ID, mobile or landline number however written reaches the public
masked; the stored text is unchanged, and the writers see it as written in their own editors (and, in the API, those
who manage the record).

`test_presenters` holds every text field of these models to a decision: masked here, or named in NOT_FREE_TEXT.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from huimin.core.masking import mask_json, mask_text
from huimin.core.presenters import PublicView
from huimin.planning.presenters import PublicRound

from .models import Call, CallAmendment, CallQuestion

# The text fields of the models that are not free text (identifiers, codes, statuses): shown as stored.
NOT_FREE_TEXT: dict[type, tuple[str, ...]] = {
    Call: ("number", "status"),
    CallAmendment: (),
    CallQuestion: ("status",),
}


class PublicCall(PublicView):
    """A call as the public reads it. Its rules are JSON fields: `eligibility`, `required_documents`,
    `budget_rules` and `review_criteria` come back with every text masked (codes and amounts as stored)."""

    __slots__ = ()
    text_fields = ("title", "body")
    related = {"round": PublicRound}
    rule_fields = ("eligibility", "required_documents", "budget_rules", "review_criteria")

    def __getattr__(self, name: str) -> Any:
        if name in self.rule_fields:
            return mask_json(getattr(self._record, name))
        return super().__getattr__(name)


class PublicQuestion(PublicView):
    """A clarification question and its answer as the public reads them (the asking organization is never public)."""

    __slots__ = ()
    text_fields = ("question", "answer")

    @property
    def organization(self) -> None:
        return None


class PublicAmendment(PublicView):
    """An amendment as the public reads it: its reason, and the before and after of each change, masked."""

    __slots__ = ()
    text_fields = ("reason",)

    @property
    def changes(self) -> dict[str, Any]:
        return mask_json(self._record.changes)


class PublicDocument(PublicView):
    """A document of a call: its file name is typed by whoever saved the file."""

    __slots__ = ()
    text_fields = ("original_name",)


def public_call(call: Call) -> PublicCall:
    return PublicCall(call)


def public_calls(calls: Iterable[Call]) -> list[PublicCall]:
    return [PublicCall(c) for c in calls]


def public_questions(questions: Iterable[CallQuestion]) -> list[PublicQuestion]:
    return [PublicQuestion(q) for q in questions]


def public_amendment(amendment: CallAmendment) -> PublicAmendment:
    return PublicAmendment(amendment)


def public_documents(documents: Iterable[Any]) -> list[PublicDocument]:
    return [PublicDocument(d) for d in documents]


def public_lines(lines: Iterable[str]) -> list[str]:
    """Lines of text built from a call's rules (eligibility, budget rules, a change), as the public reads them."""
    return [mask_text(line) for line in lines]


def public_rule_items(items: Iterable[Any]) -> list[Any]:
    """Required documents or review criteria (frozen dataclasses of huimin.calls.rules) with their name and
    description masked."""
    return [replace(item, name=mask_text(item.name), description=mask_text(item.description)) for item in items]
