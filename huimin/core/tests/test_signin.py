"""The sign-in throttle: atomic, per (user name, client), progressive, neutral, audited — on the pages and /admin/."""

from __future__ import annotations

import json
import threading
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huimin.audit.models import AuditEvent
from huimin.core.clients import client_address
from huimin.core.events import CoreEvent
from huimin.core.models import LoginThrottle, Role, RoleAssignment, User
from huimin.core.permissions import Actor
from huimin.core.services.signin import (
    SignInThrottled,
    _normalize_username,
    _refusal_seconds,
    sign_in_check,
    sign_in_throttles_clear,
)

PASSWORD = "x-Passw0rd-long"
REFUSAL = "The user name or password is not correct, or there were too many attempts"
HOME = "203.0.113.7"  # the administrator's own machine
PUBLIC = Actor.anonymous()
STRANGER = "198.51.100.66"


@pytest.fixture
def admin_user(db):
    user = User.objects.create_user(username="admin", password=PASSWORD, is_staff=True, is_superuser=True)
    RoleAssignment.objects.create(user=user, role=Role.DISTRICT_ADMIN)
    return user


def english_client(address: str) -> Client:
    client = Client(REMOTE_ADDR=address)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def sign_in(client: Client, username: str = "admin", password: str = PASSWORD):
    return client.post(reverse("core:login"), {"username": username, "password": password})


def form_errors(response) -> list[str]:
    return list(response.context["form"].non_field_errors())


# --- atomic counting ---------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_forty_interleaved_wrong_passwords_are_evaluated_at_most_threshold_times(admin_user, monkeypatch):
    """Each attempt arrives while the previous one is still hashing its password (the worst interleaving of 40
    parallel requests): the count is taken before the password is evaluated, so at most LOCKOUT_THRESHOLD are."""
    evaluations = 0
    outcomes: list[str] = []
    original = User.check_password

    def attempt() -> None:
        try:
            result = sign_in_check(actor=PUBLIC, username="admin", password="wrong-password", client=STRANGER)
            outcomes.append("ok" if result else "failed")
        except SignInThrottled:
            outcomes.append("refused")

    def slow_check(self, raw):
        nonlocal evaluations
        evaluations += 1
        if len(outcomes) + evaluations < 40:
            attempt()  # the next request comes in now
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", slow_check)
    attempt()
    while len(outcomes) < 40:
        attempt()
    assert evaluations <= settings.LOCKOUT_THRESHOLD
    assert outcomes.count("refused") == 40 - evaluations
    assert "ok" not in outcomes


@pytest.mark.django_db(transaction=True)
def test_forty_parallel_wrong_passwords_are_evaluated_at_most_threshold_times(monkeypatch):
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database cannot serve concurrent writers (PostgreSQL runs it)")
    User.objects.create_user(username="admin", password=PASSWORD)
    evaluations = 0
    lock = threading.Lock()
    original = User.check_password

    def counted_check(self, raw):
        nonlocal evaluations
        with lock:
            evaluations += 1
        return original(self, raw)

    monkeypatch.setattr(User, "check_password", counted_check)
    barrier = threading.Barrier(40)
    outcomes: list[str] = []
    errors: list[BaseException] = []

    def worker() -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            try:
                sign_in_check(actor=PUBLIC, username="admin", password="wrong-password", client=STRANGER)
                outcomes.append("failed")
            except SignInThrottled:
                outcomes.append("refused")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker) for _ in range(40)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert len(outcomes) == 40
    assert evaluations <= settings.LOCKOUT_THRESHOLD
    assert LoginThrottle.objects.get(username_key="admin", client=STRANGER).failures == evaluations


# --- progressive refusal -----------------------------------------------------------------------------------------


def test_the_refusal_starts_at_the_threshold_and_doubles_up_to_the_cap(settings):
    settings.LOCKOUT_THRESHOLD, settings.LOCKOUT_BASE_SECONDS, settings.LOCKOUT_MAX_SECONDS = 5, 30, 900
    assert [_refusal_seconds(n) for n in range(1, 12)] == [0, 0, 0, 0, 30, 60, 120, 240, 480, 900, 900]
    assert _refusal_seconds(10_000) == 900


@pytest.mark.django_db
def test_a_refused_pair_is_not_evaluated_and_each_further_failure_doubles_the_wait(admin_user):
    now = timezone.now()
    for _ in range(settings.LOCKOUT_THRESHOLD):
        assert sign_in_check(actor=PUBLIC, username="admin", password="wrong", client=STRANGER, now=now) is None
    with pytest.raises(SignInThrottled) as refused:
        sign_in_check(
            actor=PUBLIC, username="admin", password=PASSWORD, client=STRANGER, now=now + timedelta(seconds=29)
        )
    first_wait = refused.value.until - now
    assert first_wait == timedelta(seconds=settings.LOCKOUT_BASE_SECONDS)
    # After the wait, one more failure: refused twice as long.
    later = refused.value.until + timedelta(seconds=1)
    assert sign_in_check(actor=PUBLIC, username="admin", password="wrong", client=STRANGER, now=later) is None
    with pytest.raises(SignInThrottled) as refused_again:
        sign_in_check(actor=PUBLIC, username="admin", password=PASSWORD, client=STRANGER, now=later)
    assert refused_again.value.until - later == 2 * first_wait
    # The right password after the wait signs in and resets the count.
    after = refused_again.value.until + timedelta(seconds=1)
    assert sign_in_check(actor=PUBLIC, username="admin", password=PASSWORD, client=STRANGER, now=after) == admin_user
    assert LoginThrottle.objects.get(username_key="admin", client=STRANGER).failures == 0


# --- per client --------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_stranger_cannot_lock_the_administrator_out_of_their_own_client(admin_user):
    stranger = english_client(STRANGER)
    for _ in range(settings.LOCKOUT_THRESHOLD + 3):
        sign_in(stranger, password="guess")
    assert REFUSAL in sign_in(stranger).content.decode()  # the stranger's client is refused, even the right one
    response = sign_in(english_client(HOME))
    assert response.status_code == 302
    assert response["Location"] == reverse("core:home")


@pytest.mark.django_db
def test_the_admin_site_uses_the_same_throttle_with_its_own_neutral_message(admin_user):
    login = reverse("admin:login")
    stranger = english_client(STRANGER)
    wrong = stranger.post(login, {"username": "admin", "password": "guess", "next": "/admin/"})
    for _ in range(settings.LOCKOUT_THRESHOLD):
        stranger.post(login, {"username": "admin", "password": "guess", "next": "/admin/"})
    refused = stranger.post(login, {"username": "admin", "password": PASSWORD, "next": "/admin/"})
    assert refused.status_code == wrong.status_code == 200
    assert list(refused.context["form"].non_field_errors()) == list(wrong.context["form"].non_field_errors())
    assert "_auth_user_id" not in stranger.session
    home = english_client(HOME)
    assert home.post(login, {"username": "admin", "password": PASSWORD, "next": "/admin/"}).status_code == 302


# --- one message -------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_unknown_names_wrong_passwords_and_refusals_get_the_same_message_status_and_page(admin_user):
    client = english_client(STRANGER)
    wrong = sign_in(client, password="guess")
    unknown = sign_in(client, username="nobody-here", password="guess")
    for _ in range(settings.LOCKOUT_THRESHOLD):
        sign_in(client, password="guess")
        sign_in(client, username="nobody-here", password="guess")
    known_refused = sign_in(client, password="guess")
    unknown_refused = sign_in(client, username="nobody-here", password="guess")
    responses = [wrong, unknown, known_refused, unknown_refused]
    assert {r.status_code for r in responses} == {200}
    assert {r.templates[0].name for r in responses} == {"registration/login.html"}
    messages = {tuple(form_errors(r)) for r in responses}
    assert len(messages) == 1 and REFUSAL in messages.pop()[0]
    # an unknown name is throttled exactly like a known one
    assert LoginThrottle.objects.get(username_key="nobody-here").locked_until is not None


def test_user_names_are_throttled_whatever_their_case_or_width():
    assert _normalize_username(" Ａｄｍｉｎ ") == _normalize_username("admin") == "admin"


# --- the client ----------------------------------------------------------------------------------------------------


class _Req:
    def __init__(self, **meta):
        self.META = meta


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(_Req(REMOTE_ADDR="10.0.0.5", HTTP_X_FORWARDED_FOR="1.2.3.4")) == "10.0.0.5"


def test_behind_one_trusted_proxy_the_client_is_what_the_proxy_saw_not_what_the_client_wrote(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    spoofed = _Req(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.9")
    assert client_address(spoofed) == "203.0.113.9"
    assert client_address(_Req(REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="not-an-address")) == "10.0.0.1"
    assert client_address(_Req(REMOTE_ADDR="10.0.0.1")) == "10.0.0.1"
    assert client_address(None) == "unknown"


# --- audit -------------------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_sign_ins_failures_and_refusals_are_audited_without_the_password(admin_user):
    client = english_client(STRANGER)
    secret = "Very-Secret-Guess-42"
    for _ in range(settings.LOCKOUT_THRESHOLD):
        sign_in(client, password=secret)
    sign_in(client, username="ghost", password=secret)
    sign_in(english_client(HOME))
    events = list(AuditEvent.objects.order_by("seq"))
    types = [e.event_type for e in events]
    assert types.count("user.sign_in_failed") == settings.LOCKOUT_THRESHOLD + 1
    assert types.count("user.sign_in_throttled") == 1
    assert types.count("user.signed_in") == 1
    failed = [e for e in events if e.event_type == CoreEvent.USER_SIGN_IN_FAILED]
    assert failed[0].payload == {"username": "admin", "client": STRANGER, "failures": 1}
    assert failed[0].target_id == str(admin_user.pk)
    ghost = failed[-1]
    assert ghost.payload["username"] == "ghost" and ghost.target_label == "ghost" and ghost.target_id == ""
    throttled = next(e for e in events if e.event_type == CoreEvent.USER_SIGN_IN_THROTTLED)
    assert throttled.payload["failures"] == settings.LOCKOUT_THRESHOLD and throttled.payload["until"]
    signed_in = next(e for e in events if e.event_type == CoreEvent.USER_SIGNED_IN)
    assert signed_in.actor_id == admin_user.pk and signed_in.payload == {"client": HOME}
    assert all(secret not in json.dumps(e.payload) for e in events)
    assert all(PASSWORD not in json.dumps(e.payload) for e in events)


@pytest.mark.django_db
def test_the_district_administrator_lifts_the_refusals_of_an_account_from_every_client(admin_user):
    for client in (STRANGER, "192.0.2.1"):
        for _ in range(settings.LOCKOUT_THRESHOLD):
            sign_in_check(actor=PUBLIC, username="admin", password="wrong", client=client)
    assert sign_in_throttles_clear(user=admin_user, actor=Actor.for_user(admin_user)) == 2
    assert sign_in_check(actor=PUBLIC, username="admin", password=PASSWORD, client=STRANGER) == admin_user
    assert AuditEvent.objects.filter(event_type=CoreEvent.USER_SIGN_IN_UNLOCKED).count() == 1


@pytest.mark.django_db
def test_the_admin_action_lifts_the_refusals_of_the_selected_accounts(admin_user):
    target = User.objects.create_user(username="wang", password=PASSWORD)
    for _ in range(settings.LOCKOUT_THRESHOLD):
        sign_in_check(actor=PUBLIC, username="wang", password="wrong", client=STRANGER)
    client = Client()
    client.force_login(admin_user)
    response = client.post(
        reverse("admin:core_user_changelist"),
        {"action": "unlock_accounts", "_selected_action": [target.pk]},
    )
    assert response.status_code == 302
    assert LoginThrottle.objects.get(username_key="wang").locked_until is None
    assert sign_in_check(actor=PUBLIC, username="wang", password=PASSWORD, client=STRANGER) == target
