"""One-time codes have a budget: a cooldown per phone, and a number per phone, per session and per client; every
request is recorded (digests only), and the budgets count those records."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone, translation

from huimin.core import sms
from huimin.core.clients import RequestOrigin, session_digest
from huimin.core.models import SmsOutcome, SmsSend
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services.errors import RateLimited
from huimin.core.services.phones import phone_verification_start

pytestmark = pytest.mark.django_db

LIMITS = {
    "phone_cooldown_seconds": 60,
    "per_phone_per_day": 5,
    "per_session_per_day": 5,
    "per_client_per_hour": 10,
    "per_client_per_day": 30,
}


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.SMS_CODE_LIMITS = dict(LIMITS)
    sms.outbox.clear()


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):  # the messages are asserted in their source language
        yield


def phone(n: int) -> str:
    return f"139{n:08d}"


def send(number: str, *, client: str = "192.0.2.1", session: str = "", now=None):
    return phone_verification_start(
        phone=number, origin=RequestOrigin(client=client, session=session), actor=Actor.anonymous(), now=now
    )


def refused(number: str, **kwargs) -> RateLimited:
    with pytest.raises(RateLimited) as error:
        send(number, **kwargs)
    return error.value


def test_a_second_code_to_one_phone_waits_for_the_cooldown():
    now = timezone.now()
    send(phone(1), now=now)
    error = refused(phone(1), client="192.0.2.99", now=now + timedelta(seconds=59))
    assert error.error_code == "too_soon" and error.retry_after == 1
    send(phone(1), now=now + timedelta(seconds=60))


def test_a_phone_gets_at_most_its_daily_number_of_codes():
    start = timezone.now()
    for i in range(LIMITS["per_phone_per_day"]):
        send(phone(2), client=f"192.0.2.{i + 10}", now=start + timedelta(minutes=2 * i))
    error = refused(phone(2), client="192.0.2.50", now=start + timedelta(hours=1))
    assert error.error_code == "rate_limited"
    assert "5 codes in the last 24 hours" in error.messages[0]
    assert error.retry_after == 23 * 3600
    send(phone(2), client="192.0.2.50", now=start + timedelta(hours=24, seconds=1))  # the first left the window


def test_a_session_asks_for_at_most_its_daily_number_of_codes():
    now = timezone.now()
    for n in range(LIMITS["per_session_per_day"]):
        send(phone(100 + n), session="s1", now=now)
    error = refused(phone(199), session="s1", now=now)
    assert error.error_code == "rate_limited" and "browser or network" in error.messages[0]
    send(phone(199), session="s2", now=now)  # another session of the same client, within the client's budget


def test_fifteen_numbers_from_one_client_at_once_get_ten_codes():
    now = timezone.now()
    outcomes = []
    for n in range(15):
        try:
            send(phone(300 + n), now=now)
            outcomes.append("sent")
        except RateLimited as error:
            outcomes.append(error.error_code)
    assert outcomes == ["sent"] * LIMITS["per_client_per_hour"] + ["rate_limited"] * 5
    assert len(sms.outbox) == 0  # sent on commit: none here, the test's transaction never commits
    assert SmsSend.objects.filter(outcome=SmsOutcome.SENT).count() == 10
    assert SmsSend.objects.filter(outcome=SmsOutcome.CLIENT_HOURLY).count() == 5
    # another client is not affected
    send(phone(399), client="192.0.2.2", now=now)


def test_a_client_gets_at_most_its_daily_number_of_codes():
    start = timezone.now()
    for n in range(LIMITS["per_client_per_day"]):
        send(phone(400 + n), now=start + timedelta(hours=n // LIMITS["per_client_per_hour"]))
    later = start + timedelta(hours=5)
    error = refused(phone(499), now=later)
    assert SmsSend.objects.filter(outcome=SmsOutcome.CLIENT_DAILY).count() == 1
    assert error.retry_after == int((start + timedelta(hours=24) - later).total_seconds())


def test_refusals_are_recorded_but_do_not_spend_the_budget():
    now = timezone.now()
    for n in range(LIMITS["per_client_per_hour"]):
        send(phone(500 + n), now=now)
    for _ in range(20):
        refused(phone(599), now=now)
    send(phone(599), now=now + timedelta(hours=1, seconds=1))  # the hour passed: the refusals counted for nothing


def test_a_send_record_keeps_digests_never_the_number_or_the_session_key():
    now = timezone.now()
    send(phone(7), session="digest-of-s", now=now)
    record = SmsSend.objects.get()
    assert record.outcome == SmsOutcome.SENT and record.client == "192.0.2.1"
    assert phone(7) not in record.phone_digest and len(record.phone_digest) == 64
    assert record.session_digest == "digest-of-s"


def test_the_session_digest_is_an_hmac_of_the_key_and_empty_without_a_session():
    class _Session:
        session_key = "abc123"

    class _Req:
        session = _Session()

    digest = session_digest(_Req())
    assert len(digest) == 64 and "abc123" not in digest
    assert session_digest(object()) == ""


def test_the_nightly_job_forgets_old_requests_and_idle_throttle_pairs_only(settings):
    from huimin.core.models import LoginThrottle
    from huimin.core.schedule import periodic_jobs
    from huimin.core.services.phones import sms_sends_purge
    from huimin.core.services.signin import sign_in_throttles_purge

    settings.SECURITY_RECORDS_DAYS = 90
    now = timezone.now()
    send(phone(8), now=now - timedelta(days=91))
    send(phone(9), now=now - timedelta(days=89))
    LoginThrottle.objects.create(username_key="old", client="x", last_attempt_at=now - timedelta(days=91))
    LoginThrottle.objects.create(
        username_key="refused", client="x", last_attempt_at=now - timedelta(days=91), locked_until=now + timedelta(1)
    )
    LoginThrottle.objects.create(username_key="recent", client="x", last_attempt_at=now - timedelta(days=1))
    assert sms_sends_purge(actor=SystemActor("security-purge"), now=now) == 1 and SmsSend.objects.count() == 1
    assert sign_in_throttles_purge(actor=SystemActor("security-purge"), now=now) == 1
    assert set(LoginThrottle.objects.values_list("username_key", flat=True)) == {"refused", "recent"}
    assert "core.purge_security_records" in {job.name for job in periodic_jobs()}
    from huimin.core.tasks import purge_security_records_task

    assert purge_security_records_task.call() == {"sign_in_throttles": 0, "sms_sends": 0}  # idempotent
