"""Rounds and intentions as the public may read them.

What the district administrator and purchasers type — a round's name and description, an intention's title and
description — is published. Public pages and the public API get these records only through the views below
(huimin.core.presenters.PublicView): their free text passes huimin.core.masking.mask_text, so an ID, mobile or
landline number however written reaches the public masked; the stored text is unchanged, and the writers see it as
written in their own editors (and, in the API, those who plan the record).

The needs behind an intention are shown by the needs context's own public presenter (huimin.needs.presenters), so a
need reads the same on the board and in a trace.

`test_personal_numbers` holds every text field of these models to a decision: masked here, or named in NOT_FREE_TEXT.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from huimin.core.presenters import PublicView
from huimin.needs.presenters import PublicNeed, public_need

from .models import Intention, Round

# The text fields of the models that are not free text (identifiers, codes, statuses): shown as stored.
NOT_FREE_TEXT: dict[type, tuple[str, ...]] = {
    Round: ("code", "status"),
    Intention: ("number", "status"),
}


class PublicRound(PublicView):
    __slots__ = ()
    text_fields = ("name", "description")


class PublicIntention(PublicView):
    __slots__ = ()
    text_fields = ("title", "description")
    related = {"round": PublicRound}


def public_round(round_: Round) -> PublicRound:
    return PublicRound(round_)


def public_rounds(rounds: Iterable[Round]) -> list[PublicRound]:
    return [PublicRound(r) for r in rounds]


def public_intention(intention: Intention) -> PublicIntention:
    return PublicIntention(intention)


def public_intentions(intentions: Iterable[Intention]) -> list[PublicIntention]:
    return [PublicIntention(i) for i in intentions]


def public_need_title(need: Any) -> str:
    """A need's title as the needs board shows it (huimin.needs.presenters)."""
    return public_need(need).title


class PublicNeedTrace:
    """A need behind an intention (selectors.NeedTrace), with the need as the needs board shows it and the needs
    merged into it likewise."""

    __slots__ = ("_trace", "merged", "need")

    def __init__(self, trace: Any) -> None:
        self._trace = trace
        self.need: PublicNeed = public_need(trace.need)
        self.merged: list[PublicNeedTrace] = [PublicNeedTrace(m) for m in trace.merged]

    def __getattr__(self, name: str) -> Any:
        return getattr(self._trace, name)


def public_traces(traces: Iterable[Any]) -> list[PublicNeedTrace]:
    return [PublicNeedTrace(t) for t in traces]
