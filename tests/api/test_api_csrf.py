"""CSRF protects what the session cookie signs in, and only that (issue 9, defect 10).

A request without a signed-in session (the anonymous public, or a bearer token) cannot be forged into acting as
anyone, so it needs no CSRF token; an unsafe request that the session cookie authenticates needs the page's token.
Refusals keep the documented `{"code", "message", "errors"}` body. Every client here enforces CSRF as a browser.
"""

from __future__ import annotations

import json
import re

import pytest
from django.middleware.csrf import get_token
from django.test import Client, RequestFactory
from django.utils import translation

from huimin.core import sms
from huimin.core.services import api_token_create
from huimin.needs.tests.factories import build_world, make_need

pytestmark = pytest.mark.django_db

API = "/api/v1"
ERROR_KEYS = {"code", "message", "errors"}


@pytest.fixture(autouse=True)
def _english_and_empty_outbox():
    sms.outbox.clear()
    with translation.override("en"):
        yield
    sms.outbox.clear()


@pytest.fixture
def world(make_user):
    return build_world(make_user)


def browser(**headers) -> Client:
    return Client(enforce_csrf_checks=True, headers={"accept-language": "en", **headers})


def post(client: Client, path: str, body, **extra):
    return client.post(API + path, json.dumps(body, default=str), content_type="application/json", **extra)


def test_an_anonymous_post_without_any_cookie_needs_no_csrf_token_for_the_support_flow(
    world, django_capture_on_commit_callbacks
):
    need = make_need(world.community_a1, world.worker_a1)
    client = browser()
    with django_capture_on_commit_callbacks(execute=True):
        sent = post(client, f"/needs/{need.public_id}/support-code", {"phone": "13800138010"})
    assert sent.status_code == 202, sent.content
    code = re.search(r"\d{6}", sms.outbox[-1].text).group(0)  # type: ignore[union-attr]
    supported = post(client, f"/needs/{need.public_id}/support", {"phone": "13800138010", "code": code})
    assert supported.status_code == 201, supported.content


def test_an_anonymous_write_that_needs_sign_in_is_refused_with_401_and_the_documented_body(world):
    refused = post(browser(), "/organizations", {"name": "新机构", "org_type": "social_group"})
    assert refused.status_code == 401, refused.content
    assert set(refused.json()) == ERROR_KEYS and refused.json()["code"] == "unauthenticated"


def test_a_bearer_token_needs_no_csrf_token_even_with_a_session_cookie(world):
    _token, raw = api_token_create(user=world.worker_a1.user, name="机器", actor=world.worker_a1)
    need = make_need(world.community_a1, world.worker_a1)
    client = browser(authorization=f"Bearer {raw}")
    client.force_login(world.resident.user)  # a session cookie of someone else is present too
    response = post(client, f"/needs/{need.public_id}/decision", {"action": "accept"})
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "accepted"


def test_a_signed_in_session_still_needs_the_csrf_token_and_its_refusal_has_the_documented_body(world):
    need = make_need(world.community_a1, world.worker_a1)
    client = browser()
    client.force_login(world.worker_a1.user)
    refused = post(client, f"/needs/{need.public_id}/decision", {"action": "accept"})
    assert refused.status_code == 403
    assert set(refused.json()) == ERROR_KEYS and refused.json()["code"] == "csrf_failed"
    need.refresh_from_db()
    assert need.status != "accepted"

    token = get_token(RequestFactory().get("/"))
    client.cookies["csrftoken"] = token
    accepted = post(client, f"/needs/{need.public_id}/decision", {"action": "accept"}, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == 200, accepted.content


def test_a_signed_in_session_reads_without_a_csrf_token(world):
    client = browser()
    client.force_login(world.worker_a1.user)
    assert client.get(API + "/users/me").status_code == 200


def test_a_signed_in_session_cannot_post_as_the_public_without_its_csrf_token(world):
    """A forged request from a signed-in browser is refused, not quietly run as the anonymous public."""
    need = make_need(world.community_a1, world.worker_a1)
    client = browser()
    client.force_login(world.resident.user)
    response = post(client, f"/needs/{need.public_id}/support", {})
    assert response.status_code == 403 and response.json()["code"] == "csrf_failed"
    need.refresh_from_db()
    assert need.support_count == 0


def test_creating_a_token_without_a_session_is_refused_with_401_and_the_documented_body():
    response = post(browser(), "/tokens", {"name": "x"})
    assert response.status_code == 401
    assert set(response.json()) == ERROR_KEYS and response.json()["code"] == "unauthenticated"
