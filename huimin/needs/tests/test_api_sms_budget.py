"""The code endpoints of residents (needs' support code, surveys' response code) spend one budget per client: past
it, 429 with a clear message and Retry-After; a refused request sends nothing."""

from __future__ import annotations

import json

import pytest
from django.test import Client
from django.utils import translation

from huimin.core import sms
from huimin.core.models import SmsOutcome, SmsSend

from .factories import make_need

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.SMS_CODE_LIMITS = {
        "phone_cooldown_seconds": 60,
        "per_phone_per_day": 5,
        "per_session_per_day": 5,
        "per_client_per_hour": 10,
        "per_client_per_day": 30,
    }
    sms.outbox.clear()


def ask(client: Client, path: str, number: str):
    return client.post(API + path, json.dumps({"phone": number}), content_type="application/json")


def test_fifteen_numbers_from_one_client_get_ten_codes_then_429(world, django_capture_on_commit_callbacks):
    need = make_need(world.community_a1, world.worker_a1)
    client = Client(REMOTE_ADDR="198.51.100.8", headers={"accept-language": "zh-hans"})
    path = f"/needs/{need.public_id}/support-code"
    with django_capture_on_commit_callbacks(execute=True):
        answers = [ask(client, path, f"1390000{n:04d}") for n in range(15)]
    assert [r.status_code for r in answers] == [202] * 10 + [429] * 5
    refused = answers[-1]
    body = refused.json()
    assert body["code"] == "rate_limited" and set(body) == {"code", "message", "errors"}
    with translation.override("zh-hans"):
        expected = translation.gettext(
            "Too many codes have been asked for from this browser or network; please try again in about "
            "%(minutes)d minutes."
        ) % {"minutes": 60}
    assert body["message"] == expected
    assert 3500 < int(refused["Retry-After"]) <= 3600
    assert len(sms.outbox) == 10
    assert SmsSend.objects.filter(outcome=SmsOutcome.CLIENT_HOURLY, client="198.51.100.8").count() == 5
    # another client still gets a code
    other = Client(REMOTE_ADDR="198.51.100.9")
    assert ask(other, path, "13900009999").status_code == 202


def test_a_second_code_to_one_phone_at_once_is_429_too_soon(world):
    need = make_need(world.community_a1, world.worker_a1)
    path = f"/needs/{need.public_id}/support-code"
    assert ask(Client(), path, "13900001111").status_code == 202
    again = ask(Client(REMOTE_ADDR="192.0.2.77"), path, "13900001111")
    assert again.status_code == 429 and again.json()["code"] == "too_soon"
    assert 0 < int(again["Retry-After"]) <= 60


def test_the_openapi_document_declares_429_on_both_code_endpoints():
    schema = Client().get(API + "/openapi.json").json()
    for path in ("/api/v1/needs/{public_id}/support-code", "/api/v1/questionnaires/{public_id}/response-code"):
        assert "429" in schema["paths"][path]["post"]["responses"], path
