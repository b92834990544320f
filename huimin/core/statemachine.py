"""One way to write a state machine: a table of named transitions, each from a set of statuses to one status.

Every context declares its machine in its `states.py`:

    CALL_MACHINE = StateMachine(
        Transition("publish", {CallStatus.DRAFT}, CallStatus.PUBLISHED, _("A call that is “%(status)s” cannot …")),
        Transition("cancel", {CallStatus.DRAFT, CallStatus.PUBLISHED}, CallStatus.CANCELLED, ...),
        statuses=CallStatus,
        code=CallsError.TRANSITION,
    )

and its services — the only writers of the status — ask it: `CALL_MACHINE.require(call.status, "publish")` returns
the target status or raises the context's ServiceError with the transition's refusal message; `apply(obj, name)`
does the same and sets the field. Pages and APIs ask `can(status, name)` and `allowed(status)` to show only the
actions that the table allows. A context's tests walk the whole table with
`huimin.core.testing.statemachines.assert_machine_walks` (every status × every transition, allowed and refused).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from .services.errors import ServiceError


@dataclass(frozen=True)
class Transition:
    """`name` leads from any of `sources` to `target`; `refusal` is the message when asked from another status (it
    may name the current status as %(status)s)."""

    name: str
    sources: frozenset[str]
    target: str
    refusal: Any = None  # a (lazy) translated message, or None for the machine's general one

    def __init__(self, name: str, sources: Iterable[str], target: str, refusal: Any = None) -> None:
        object.__setattr__(self, "name", str(name))
        object.__setattr__(self, "sources", frozenset(str(s) for s in sources))
        object.__setattr__(self, "target", str(target))
        object.__setattr__(self, "refusal", refusal)


class StateMachine:
    """The transition table of one kind of object; `statuses` are all its statuses (a TextChoices or their values),
    `code` the ServiceError code of a refused transition, `field` the attribute holding the status."""

    transitions: Mapping[str, Transition]
    statuses: frozenset[str]
    code: str
    field: str
    labels: Mapping[str, Any]  # (lazy) translated labels, read in the language of each refusal

    def __init__(
        self,
        *transitions: Transition,
        statuses: Iterable[Any],
        code: str,
        field: str = "status",
    ) -> None:
        table: dict[str, Transition] = {}
        for transition in transitions:
            if transition.name in table:
                raise ValueError(f"transition {transition.name!r} is declared twice")
            table[transition.name] = transition
        choices = getattr(statuses, "choices", None)
        labels = {str(value): label for value, label in choices} if choices else {}
        values = frozenset(str(getattr(s, "value", s)) for s in statuses)
        for transition in table.values():
            unknown = (transition.sources | {transition.target}) - values
            if unknown:
                raise ValueError(f"transition {transition.name!r} names unknown statuses {sorted(unknown)}")
        self.transitions = table
        self.statuses = values
        self.code = code
        self.field = field
        self.labels = labels

    # --- questions ------------------------------------------------------------------------------------------------
    def __getitem__(self, name: str) -> Transition:
        return self.transitions[str(name)]

    def can(self, status: str, name: str) -> bool:
        """Whether transition `name` is allowed from `status`."""
        return str(status) in self[name].sources

    def target(self, status: str, name: str) -> str | None:
        """The status `name` leads to from `status`, or None when the table does not allow it."""
        transition = self[name]
        return transition.target if str(status) in transition.sources else None

    def allowed(self, status: str) -> list[str]:
        """The transitions allowed from `status`, in the table's order."""
        return [name for name, t in self.transitions.items() if str(status) in t.sources]

    def is_final(self, status: str) -> bool:
        return not self.allowed(status)

    def reachable(self, start: str) -> frozenset[str]:
        """Every status some sequence of transitions leads to from `start` (itself included)."""
        seen, todo = {str(start)}, [str(start)]
        while todo:
            current = todo.pop()
            for name in self.allowed(current):
                target = self.transitions[name].target
                if target not in seen:
                    seen.add(target)
                    todo.append(target)
        return frozenset(seen)

    # --- for the services -----------------------------------------------------------------------------------------
    def require(self, status: str, name: str) -> str:
        """The target of `name` from `status`, or the ServiceError (the machine's code) saying why not."""
        transition = self[name]
        if str(status) not in transition.sources:
            label = str(self.labels.get(str(status), status))
            message = transition.refusal or _("This step (%(step)s) is not possible while it is “%(status)s”.")
            raise ServiceError(str(message) % {"status": label, "step": transition.name}, code=self.code)
        return transition.target

    def apply(self, obj: Any, name: str) -> str:
        """Move `obj` along transition `name` (sets its status field; the caller saves). Returns the old status."""
        previous = str(getattr(obj, self.field))
        setattr(obj, self.field, self.require(previous, name))
        return previous
