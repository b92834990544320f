"""The role × route matrix: every page of the URL configuration and every operation of the OpenAPI document has a
declared rule (tests/route_rules.py), and every role of the demo is tried on every one of them.

- A route without a rule fails `test_every_route_has_a_declared_rule` (and so does a rule of a route that is gone).
- GET: each role gets exactly the class its rule declares — reached (2xx, or a redirect elsewhere than the sign-in
  page), refused (401/403, the sign-in page for the public) or not found (404: outside what it may see).
- Unsafe methods are sent without a valid body: the roles the rule refuses are refused (401/403/404), and nobody
  gets a server error. Pages that only take GET may answer 405.

The world is the demo (loaded once for the module, rolled back at its end) with what it lacks: a call still open
with a sealed proposal, drafts, a token, an import, a repair request (route_matrix_kit.build_matrix_world). Each
request runs in a savepoint rolled back after it, with the client's cookies restored, so no request changes what
the next one sees.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.db import transaction
from django.test import Client, override_settings

from huimin.core.testing.ci_counts import report_count

from . import route_rules
from .route_matrix_kit import (
    DENIED,
    ERROR,
    HIDDEN,
    OK,
    ApiOperation,
    MatrixWorld,
    PageRoute,
    api_operations,
    build_matrix_world,
    outcome,
    page_routes,
    skipped_patterns,
)
from .route_rules import ANON, ROLES, Rule

UNSAFE = ("POST", "PUT", "PATCH", "DELETE")


def _rules_of(value: route_rules.Rules) -> list[Rule]:
    return value if isinstance(value, list) else [value]


def test_every_route_has_a_declared_rule():
    pages = {r.name: r for r in page_routes()}
    operations = {o.key: o for o in api_operations()}
    problems = []
    for name in sorted(set(pages) - set(route_rules.PAGES)):
        problems.append(f"page {name} ({pages[name].route}) has no rule: add it to route_rules.PAGES")
    for key in sorted(set(operations) - set(route_rules.API)):
        problems.append(f"API operation {key} has no rule: add it to route_rules.API")
    for name in sorted(set(route_rules.PAGES) - set(pages)):
        problems.append(f"route_rules.PAGES has a rule for {name}, which is no longer a route")
    for key in sorted(set(route_rules.API) - set(operations)):
        problems.append(f"route_rules.API has a rule for {key}, which is no longer an operation")
    for name, route in pages.items():
        for r in _rules_of(route_rules.PAGES.get(name, [])):
            if set(r.params) != set(route.params):
                problems.append(f"the rule of {name} fills {sorted(r.params)}; the route takes {route.params}")
    for key, op in operations.items():
        for r in _rules_of(route_rules.API.get(key, [])):
            if set(r.params) != set(op.params):
                problems.append(f"the rule of {key} fills {sorted(r.params)}; the operation takes {op.params}")
            if r.method != "GET":
                problems.append(f"the rule of {key} names a method: an API operation's key carries it")
    assert not problems, "\n".join(problems)


def test_only_the_listed_url_patterns_are_left_out_of_the_matrix():
    for route, reason in skipped_patterns():
        assert route.startswith(("admin/", "static/", "media/")), (route, reason)


# --- the world and the requests -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[MatrixWorld]:
    media = tmp_path_factory.mktemp("route-matrix-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)):
        with transaction.atomic():
            yield build_matrix_world()
            transaction.set_rollback(True)


@dataclass
class Tried:
    """What was asked and what came back, for the failure message."""

    role: str
    method: str
    path: str
    status: int
    got: str
    expected: str
    examples: str = ""

    def __str__(self) -> str:
        line = (
            f"{self.role:<17} {self.method:<6} {self.path} → {self.status} ({self.got}; the rule says {self.expected})"
        )
        return f"{line} [{self.examples}]" if self.examples else line


class Requester:
    def __init__(self, world: MatrixWorld):
        self.world = world
        self.clients: dict[str, Client] = {}
        self.cookies: dict[str, object] = {}
        for role in ROLES:
            client = Client(headers={"accept-language": "zh-CN"}, raise_request_exception=False)
            if world.users[role] is not None:
                client.force_login(world.users[role])
            self.clients[role] = client
            self.cookies[role] = copy.deepcopy(client.cookies)
        self.count = 0

    def fill(self, rule: Rule, names: list[str]) -> dict[str, str]:
        examples = self.world.examples
        missing = [rule.params[n] for n in names if rule.params[n] not in examples]
        assert not missing, f"the world has no example named {missing}"
        return {n: examples[rule.params[n]] for n in names}

    def query(self, rule: Rule) -> str:
        if not rule.query:
            return ""
        return "?" + re.sub(r"{([\w.]+)}", lambda m: self.world.examples[m.group(1)], rule.query)

    def send(self, role: str, method: str, path: str, *, api: bool):
        client = self.clients[role]
        client.cookies = copy.deepcopy(self.cookies[role])  # a sign-out or password change does not carry over
        self.count += 1
        with transaction.atomic():
            if method == "GET":
                response = client.get(path)
            elif api:
                response = client.generic(method, path, data="{}", content_type="application/json")
            else:
                response = client.post(path, data={})
            transaction.set_rollback(True)
        return response


@pytest.fixture(scope="module")
def requester(world) -> Requester:
    return Requester(world)


def _examples(rule: Rule) -> str:
    return ", ".join(f"{name}={example}" for name, example in rule.params.items())


def _check_get(requester: Requester, rule: Rule, path: str, *, api: bool) -> list[Tried]:
    wrong = []
    for role in ROLES:
        response = requester.send(role, "GET", path, api=api)
        got, expected = outcome(response), rule.expected(role)
        if got != expected:
            wrong.append(Tried(role, "GET", path, response.status_code, got, expected, _examples(rule)))
    return wrong


def _check_unsafe(
    requester: Requester, rule: Rule, method: str, path: str, *, api: bool, validated_first: set[str] | None = None
) -> list[Tried]:
    """Refused roles are refused (before the body is read); nobody gets a server error. An API operation listed in
    route_rules.VALIDATED_BEFORE_REFUSAL may answer 422 to a refused signed-in role (collected in `validated_first`);
    a caller without credentials is always refused with 401 before the body is read."""
    wrong = []
    for role in ROLES:
        response = requester.send(role, method, path, api=api)
        got, expected = outcome(response), rule.expected(role)
        if got == ERROR:
            wrong.append(Tried(role, method, path, response.status_code, got, expected, _examples(rule)))
        elif expected != OK and got not in (DENIED, HIDDEN):
            if not api and response.status_code == 405:
                continue  # a page that does not take this method
            if validated_first is not None and response.status_code == 422 and role != ANON:
                validated_first.add(role)
                continue
            refused = f"{expected}, before the body"
            wrong.append(Tried(role, method, path, response.status_code, got, refused, _examples(rule)))
    return wrong


def _page_cases() -> list[tuple[PageRoute, Rule]]:
    return [(route, r) for route in page_routes() for r in _rules_of(route_rules.PAGES.get(route.name, []))]


def _api_cases() -> list[tuple[ApiOperation, Rule]]:
    return [(op, r) for op in api_operations() for r in _rules_of(route_rules.API.get(op.key, []))]


def _report(wrong: list[Tried], what: str) -> str:
    lines = [f"{len(wrong)} answers differ from route_rules.py ({what}):", *map(str, wrong)]
    return "\n".join(lines)


@pytest.mark.slow
@pytest.mark.django_db
def test_every_role_gets_what_the_rule_of_each_page_says(requester, record_property):
    wrong: list[Tried] = []
    cases = _page_cases()
    for route, rule in cases:
        path = route.path(requester.fill(rule, route.params)) + requester.query(rule)
        if rule.method == "GET":
            wrong += _check_get(requester, rule, path, api=False)
            wrong += _check_unsafe(requester, rule, "POST", path, api=False)
        else:
            wrong += _check_unsafe(requester, rule, rule.method, path, api=False)
    report_count(record_property, "route matrix: pages × roles tried", f"{len(cases)} × {len(ROLES)}")
    assert not wrong, _report(wrong, "pages")


@pytest.mark.slow
@pytest.mark.django_db
def test_every_role_gets_what_the_rule_of_each_api_operation_says(requester, record_property):
    wrong: list[Tried] = []
    cases = _api_cases()
    validated_first: set[str] = set()
    for op, rule in cases:
        path = op.path(requester.fill(rule, op.params)) + requester.query(rule)
        if op.method == "GET":
            wrong += _check_get(requester, rule, path, api=True)
            continue
        roles: set[str] = set()
        listed = op.key in route_rules.VALIDATED_BEFORE_REFUSAL
        wrong += _check_unsafe(requester, rule, op.method, path, api=True, validated_first=roles)
        if roles and not listed:
            wrong += [Tried(role, op.method, path, 422, "invalid", "refused, before the body") for role in roles]
        if roles:
            validated_first.add(op.key)
    report_count(record_property, "route matrix: API operations × roles tried", f"{len(cases)} × {len(ROLES)}")
    report_count(record_property, "route matrix: operations validating before refusing", len(validated_first))
    stale = sorted(route_rules.VALIDATED_BEFORE_REFUSAL - validated_first)
    assert not stale, f"these operations now refuse before reading the body: remove them from the list: {stale}"
    assert not wrong, _report(wrong, "API")


@pytest.mark.slow
@pytest.mark.django_db
def test_route_matrix_counts(requester, record_property):
    """Runs last in the module: the totals for CI's log."""
    routes = len(page_routes()) + len(api_operations())
    report_count(record_property, "route matrix: routes", routes)
    report_count(record_property, "route matrix: roles", len(ROLES))
    report_count(record_property, "route matrix: requests", requester.count)
    print(f"CI-COUNT route-matrix routes={routes} roles={len(ROLES)} requests={requester.count}")
