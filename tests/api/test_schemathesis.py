"""Schemathesis over the whole /api/v1/: every operation of the generated OpenAPI document, called anonymously and
with an API token of every role on a small world (a call past its deadline with screened proposals, a need, a
questionnaire), must answer without a server error (5xx) and with a body its document describes.

The cases are bounded (examples per operation and role below, no shrinking, a fixed seed) so that the run takes a
few minutes on two cores; the counts are printed in CI's "CI counts" section.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import Failure
from schemathesis.specs.openapi.checks import response_schema_conformance

from config.wsgi import application
from huimin.core.models import Role
from huimin.core.services import api_token_create
from huimin.core.testing.ci_counts import report_count

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

# Examples per operation: the anonymous public gets more (it is anyone), each role a few.
ANONYMOUS_EXAMPLES = 6
ROLE_EXAMPLES = 2
# Malformed input too (wrong types, missing fields, out-of-range values), anonymously and as the administrator.
NEGATIVE_EXAMPLES = 2
MIN_CASES = 1000
CHECKS = [not_a_server_error, response_schema_conformance]


@pytest.fixture
def requests_keep_the_test_transaction() -> Iterator[None]:
    """The in-process WSGI calls run inside the test's transaction: as Django's test client does, the request signals
    must not close the connection."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _world() -> dict[str, Any]:
    """One actor per role, scoped to the small world's objects; the API token of each."""
    from huimin.needs.tests.factories import make_need, seed_categories
    from huimin.proposals.tests.factories import make_actor
    from huimin.screening.tests.factories import build_world, screen, sealed
    from huimin.surveys.tests.factories import make_questionnaire

    seed_categories()
    w = build_world(deadline=timezone.now() - timedelta(days=1))
    sealed(w)
    sealed(w, org=w.other_provider_org)
    screen(w, now=timezone.now())
    worker = make_actor(Role.COMMUNITY_WORKER, division=w.community)
    make_need(w.community, worker)
    make_questionnaire(w.community, worker)
    actors = {
        Role.DISTRICT_ADMIN: w.admin,
        Role.PROJECT_MANAGER: w.manager,
        Role.PROVIDER: w.provider,
        Role.PURCHASER: w.purchaser,
        Role.EXPERT_REVIEWER: w.reviewer,
        Role.COMMUNITY_WORKER: worker,
        Role.CREDIT_OFFICER: make_actor(Role.CREDIT_OFFICER, organization=w.manager_org),
        Role.CREDIT_ADMIN: make_actor(Role.CREDIT_ADMIN),
        Role.RESIDENT: make_actor(Role.RESIDENT),
    }
    tokens = {}
    for role, actor in actors.items():
        _token, raw = api_token_create(user=actor.user, name="schemathesis", actor=actor)
        tokens[str(role)] = raw
    return tokens


class Tally:
    def __init__(self) -> None:
        self.cases = 0
        self.statuses: Counter[int] = Counter()
        self.failures: dict[str, str] = {}  # one line per (caller, operation, kind of failure)


def _exercise(strategy: Any, caller: str, headers: dict[str, str], examples: int, tally: Tally) -> None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=True,
        database=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def exercise(case):
        response = case.call(headers=headers)
        tally.cases += 1
        tally.statuses[response.status_code] += 1
        try:
            case.validate_response(response, checks=CHECKS, headers=headers)
        except Failure as failure:
            _record(tally.failures, caller, case, response, [failure])
        except BaseExceptionGroup as group:  # several checks failed at once (a FailureGroup)
            _record(tally.failures, caller, case, response, list(group.exceptions))

    try:
        exercise()
    except Unsatisfiable:  # nothing to make malformed (an operation without parameters or body)
        pass


def _record(failures: dict[str, str], caller: str, case: Any, response: Any, found: list[BaseException]) -> None:
    """One line per (caller, operation, kind of failure): the first case that showed it."""
    for failure in found:
        if isinstance(failure, Failure):
            key = f"{caller} {case.operation.label} {failure.title}"
            failures.setdefault(
                key, f"{key}: {response.status_code} — {failure.message[:300]} — {case.as_curl_command()[:300]}"
            )


def test_the_whole_api_answers_every_generated_case_without_a_server_error_or_a_body_its_document_does_not_describe(
    requests_keep_the_test_transaction, record_property
):
    tokens = _world()
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    callers: list[tuple[str, dict[str, str], int]] = [("anonymous", {}, ANONYMOUS_EXAMPLES)]
    callers += [(role, {"Authorization": f"Bearer {raw}"}, ROLE_EXAMPLES) for role, raw in tokens.items()]

    tally = Tally()
    admin = {"Authorization": f"Bearer {tokens[str(Role.DISTRICT_ADMIN)]}"}
    for operation in operations:
        strategy = operation.as_strategy()
        for caller, headers, examples in callers:
            _exercise(strategy, caller, headers, examples, tally)
        negative = operation.as_strategy(generation_mode=GenerationMode.NEGATIVE)
        for caller, headers in (("anonymous, malformed", {}), ("district_admin, malformed", admin)):
            _exercise(negative, caller, headers, NEGATIVE_EXAMPLES, tally)
    cases, statuses, failures = tally.cases, tally.statuses, tally.failures

    report_count(record_property, "schemathesis: operations", len(operations))
    report_count(record_property, "schemathesis: callers (anonymous + roles)", len(callers))
    report_count(record_property, "schemathesis: cases generated", cases)
    report_count(record_property, "schemathesis: server errors (5xx)", sum(n for s, n in statuses.items() if s >= 500))
    report_count(record_property, "schemathesis: failures", len(failures))
    print(f"CI-COUNT schemathesis operations={len(operations)} cases={cases} failures={len(failures)}")
    print("statuses:", dict(sorted(statuses.items())))
    assert cases >= MIN_CASES
    assert not failures, "\n".join(sorted(failures.values()))
