"""Walking a context's transition table completely in its tests: every status × every transition."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pytest

from huimin.core.services.errors import ServiceError
from huimin.core.statemachine import StateMachine


def assert_machine_walks(
    machine: StateMachine,
    *,
    expected: Mapping[tuple[str, str], str],
    initial: Iterable[str],
    params: Mapping[str, object] | None = None,
) -> None:
    """`expected` is the whole table as the context's documentation states it: (status, transition) → target.
    Every pair it lists must be allowed with that target; every other (status, transition) pair must be refused with
    the machine's code (or the transition's own); every status must be reachable from one of `initial`. `params`
    fill refusals that name more than the status."""
    table = {(str(s), str(n)): str(t) for (s, n), t in expected.items()}
    for status in sorted(machine.statuses):
        for name in machine.transitions:
            want = table.get((status, name))
            _check(
                machine.can(status, name) is (want is not None), f"can({status}, {name}) should be {want is not None}"
            )
            _check(machine.target(status, name) == want, f"target({status}, {name}) should be {want}")
            if want is None:
                with pytest.raises(ServiceError) as refused:
                    machine.require(status, name, **(params or {}))
                code = refused.value.error_code
                _check(code == machine.code_of(name), f"refusal of {name} from {status}: wrong code {code}")
            else:
                _check(machine.require(status, name) == want, f"require({status}, {name}) should give {want}")
    unknown = {pair for pair in table if pair[1] not in machine.transitions or pair[0] not in machine.statuses}
    _check(not unknown, f"the expected table names what the machine does not have: {sorted(unknown)}")
    reachable: set[str] = set()
    for start in initial:
        reachable |= machine.reachable(str(start))
    _check(reachable == set(machine.statuses), f"unreachable statuses: {sorted(set(machine.statuses) - reachable)}")


def _check(condition: bool, message: str) -> None:
    if not condition:
        raise AssertionError(message)
