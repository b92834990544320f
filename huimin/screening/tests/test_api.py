"""/api/v1/screenings: scoped lists and details, decisions and batch decisions by the call's managers only, runs
after the deadline."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone, translation

from ..models import ScreeningStatus
from ..services import screening_decide
from .factories import build_world, screen, screening_of, sealed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def client_as(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None and actor.user is not None:
        client.force_login(actor.user)
    return client


def post(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


@pytest.fixture
def w():
    return build_world(deadline=timezone.now() - timedelta(days=1))


@pytest.fixture
def pair(w):
    mine = sealed(w)
    theirs = sealed(w, org=w.other_provider_org)
    theirs.intentions.set([w.other_intention])
    screen(w, now=timezone.now())
    return screening_of(mine), screening_of(theirs)


def versions(*screenings) -> list[dict]:
    return [{"public_id": s.public_id, "version": s.version} for s in screenings]


def ids(response) -> set[str]:
    return {row["public_id"] for row in response.json()["items"]}


def test_the_manager_lists_every_screening_of_its_calls_with_filters(w, pair):
    mine, theirs = pair
    client = client_as(w.manager)
    response = client.get("/api/v1/screenings", {"call": str(w.call.public_id)})
    assert response.status_code == 200
    assert ids(response) == {str(mine.public_id), str(theirs.public_id)}
    assert ids(client.get("/api/v1/screenings", {"status": "passed"})) == set()
    assert ids(client.get("/api/v1/screenings", {"result": mine.automatic_result})) >= {str(mine.public_id)}


def test_another_manager_and_the_public_see_nothing(w, pair):
    mine, _theirs = pair
    assert ids(client_as(w.other_manager).get("/api/v1/screenings")) == set()
    assert client_as(w.other_manager).get(f"/api/v1/screenings/{mine.public_id}").status_code == 404
    assert client_as().get("/api/v1/screenings").status_code == 401


def test_a_purchaser_sees_the_screenings_of_its_intentions_only(w, pair):
    mine, theirs = pair
    assert ids(client_as(w.purchaser).get("/api/v1/screenings")) == {str(mine.public_id)}
    assert ids(client_as(w.other_purchaser).get("/api/v1/screenings")) == {str(theirs.public_id)}


def test_a_provider_sees_its_own_only_after_the_decision_and_without_details(w, pair):
    mine, theirs = pair
    client = client_as(w.provider)
    assert ids(client.get("/api/v1/screenings")) == set()
    screening_decide(screening=mine, decision="reject", reason="材料不全", actor=w.manager)
    screening_decide(screening=theirs, decision="reject", reason="信用不良", actor=w.manager)
    assert ids(client.get("/api/v1/screenings")) == {str(mine.public_id)}
    detail = client.get(f"/api/v1/screenings/{mine.public_id}").json()
    assert detail["reason"] == "材料不全"
    assert detail["credit_evidence"] is None
    assert all(check["details"] == {} for check in detail["checks"])
    assert [d["decision"] for d in detail["decisions"]] == ["reject"]
    assert client.get(f"/api/v1/screenings/{theirs.public_id}").status_code == 404


def test_the_detail_gives_the_staff_every_check_and_the_credit_evidence(w, pair):
    mine, _theirs = pair
    detail = client_as(w.manager).get(f"/api/v1/screenings/{mine.public_id}").json()
    assert len(detail["checks"]) == 12
    evidence = detail["credit_evidence"]
    assert evidence["digest"] == mine.credit_check.digest and evidence["intact"] is True
    credit = next(c for c in detail["checks"] if c["code"] == "credit")
    assert credit["details"]["credit_check"] == evidence["public_id"]


def test_the_manager_decides_through_the_api(w, pair):
    mine, _theirs = pair
    url = f"/api/v1/screenings/{mine.public_id}/decision"
    refused = post(client_as(w.manager), url, {"decision": "reject", "version": mine.version})
    assert refused.status_code == 400
    assert refused.json()["code"] == "screening_reason_required"
    response = post(
        client_as(w.manager),
        url,
        {
            "decision": "fix",
            "reason": "请补充附件",
            "fix_sections": ["documents"],
            "fix_working_days": 2,
            "version": mine.version,
        },
    )
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "fix_requested" and body["fix_sections"] == ["documents"]
    mine.proposal.refresh_from_db()
    assert mine.proposal.fix_sections == ["documents"]


@pytest.mark.parametrize("who", ["other_manager", "purchaser", "provider"])
def test_others_cannot_decide_through_the_api(w, pair, who):
    mine, _theirs = pair
    if who == "provider":
        screening_decide(screening=mine, decision="reject", reason="材料不全", actor=w.manager)
    response = post(
        client_as(getattr(w, who)),
        f"/api/v1/screenings/{mine.public_id}/decision",
        {"decision": "pass", "version": screening_of(mine.proposal).version},
    )
    assert response.status_code in (403, 404)
    assert screening_of(mine.proposal).status != ScreeningStatus.PASSED


def test_a_batch_decision_is_all_or_nothing(w, pair):
    mine, theirs = pair
    client = client_as(w.manager)
    refused = post(
        client,
        "/api/v1/screenings/batch-decision",
        {"screenings": versions(mine, theirs), "decision": "reject", "reason": ""},
    )
    assert refused.status_code == 400 and refused.json()["code"] == "screening_batch_refused"
    assert {screening_of(mine.proposal).status, screening_of(theirs.proposal).status} == {"awaiting"}
    done = post(
        client,
        "/api/v1/screenings/batch-decision",
        {"screenings": versions(mine, theirs), "decision": "pass"},
    )
    assert done.status_code == 200 and done.json()["decided"] == 2
    assert {row["status"] for row in done.json()["screenings"]} == {"passed"}


def test_a_batch_naming_an_invisible_screening_decides_nothing(w, pair):
    mine, theirs = pair
    response = post(
        client_as(w.purchaser),
        "/api/v1/screenings/batch-decision",
        {"screenings": versions(mine, theirs), "decision": "pass"},
    )
    assert response.status_code == 404
    response = post(
        client_as(w.purchaser),
        "/api/v1/screenings/batch-decision",
        {"screenings": versions(mine), "decision": "pass"},
    )
    assert response.status_code == 403
    assert screening_of(mine.proposal).status == "awaiting"


def test_runs_through_the_api_only_after_the_deadline_and_by_the_manager(w):
    sealed(w)
    url = f"/api/v1/calls/{w.call.public_id}/screening-runs"
    assert post(client_as(w.other_manager), url, {}).status_code == 403
    assert post(client_as(w.provider), url, {}).status_code == 403
    response = post(client_as(w.manager), url, {})
    assert response.status_code == 201
    assert response.json()["proposals"] == 1
    runs = client_as(w.manager).get(url)
    assert runs.status_code == 200 and len(runs.json()) == 1
    assert client_as(w.other_manager).get(url).status_code == 404

    later = build_world(deadline=timezone.now() + timedelta(days=3))
    sealed(later)
    refused = post(client_as(later.manager), f"/api/v1/calls/{later.call.public_id}/screening-runs", {})
    assert refused.status_code == 400 and refused.json()["code"] == "screening_before_deadline"


# --- two managers at once: every decision names the version it was made on -----------------------------------------


def test_two_decisions_made_on_the_same_version_one_is_recorded_the_other_gets_409(w, pair):
    mine, _theirs = pair
    url = f"/api/v1/screenings/{mine.public_id}/decision"
    seen = client_as(w.manager).get(f"/api/v1/screenings/{mine.public_id}").json()["version"]
    first = post(client_as(w.manager), url, {"decision": "pass", "version": seen})
    second = post(client_as(w.admin), url, {"decision": "reject", "reason": "材料不全", "version": seen})
    assert first.status_code == 200 and first.json()["version"] == seen + 1
    assert second.status_code == 409
    body = second.json()
    assert body["code"] == "screening_version_conflict" and set(body) == {"code", "message", "errors"}
    assert "Passed" in body["message"]
    assert screening_of(mine.proposal).status == ScreeningStatus.PASSED
    assert mine.decisions.count() == 1


def test_a_decision_without_its_version_is_malformed(w, pair):
    mine, _theirs = pair
    response = post(client_as(w.manager), f"/api/v1/screenings/{mine.public_id}/decision", {"decision": "pass"})
    assert response.status_code == 422
    assert screening_of(mine.proposal).status == ScreeningStatus.AWAITING_DECISION


def test_a_batch_with_one_stale_version_decides_nothing_and_gets_409(w, pair):
    mine, theirs = pair
    stale = versions(mine, theirs)
    screening_decide(screening=theirs, decision="reject", reason="资格不符", version=theirs.version, actor=w.admin)
    response = post(
        client_as(w.manager), "/api/v1/screenings/batch-decision", {"screenings": stale, "decision": "pass"}
    )
    assert response.status_code == 409 and response.json()["code"] == "screening_version_conflict"
    assert screening_of(mine.proposal).status == ScreeningStatus.AWAITING_DECISION
    assert screening_of(theirs.proposal).status == ScreeningStatus.REJECTED
