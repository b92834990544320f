"""/api/v1/needs and /api/v1/need-categories: public reads without personal data, scoped writes, one support per
resident, decisions by the right people."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client

from huimin.core import sms
from huimin.needs.models import Need, NeedStatus
from huimin.needs.services import need_accept, need_merge, need_support

from .factories import category, make_need

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture(autouse=True)
def _english(english):
    yield


def client_for(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def post(client: Client, path: str, body) -> object:
    return client.post(API + path, json.dumps(body, default=str), content_type="application/json")


def patch(client: Client, path: str, body) -> object:
    return client.patch(API + path, json.dumps(body, default=str), content_type="application/json")


def need_body(world, **overrides):
    body = {
        "community": world.community_a1.code,
        "title": "老年人助餐服务",
        "category": "elderly",
        "target_group": "独居老人",
        "description": "午餐没有着落。",
        "estimated_beneficiaries": "６０",
        "residents_asking": 20,
    }
    body.update(overrides)
    return body


# --- public reads --------------------------------------------------------------------------------------------------


def test_the_public_list_filters_and_pages(world):
    a = make_need(world.community_a1, world.worker_a1, title="助餐")
    make_need(world.community_b1, world.worker_b1, title="托管", category=category("youth"))
    need_accept(need=a, actor=world.worker_a1, answer="采纳")
    client = client_for()
    data = client.get(f"{API}/needs").json()
    assert data["count"] == 2 and len(data["items"]) == 2
    data = client.get(f"{API}/needs", {"community": world.community_a1.code}).json()
    assert [n["title"] for n in data["items"]] == ["助餐"]
    assert data["items"][0]["answer"] == "采纳" and data["items"][0]["status"] == "accepted"
    assert data["items"][0]["street"] == {"code": world.street_a.code, "name": world.street_a.name}
    assert client.get(f"{API}/needs", {"category": "youth"}).json()["count"] == 1
    assert client.get(f"{API}/needs", {"status": "submitted"}).json()["count"] == 1
    assert client.get(f"{API}/needs", {"street": world.street_b.code}).json()["count"] == 1
    assert client.get(f"{API}/needs", {"q": "托管"}).json()["count"] == 1
    unknown = client.get(f"{API}/needs", {"community": "000"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "community_invalid"


def test_the_public_detail_has_no_personal_data(world):
    need = make_need(
        world.community_a1,
        world.resident,
        description="我是王秀英，电话13912345678。",
    )
    need_support(need=need, actor=world.resident_no_phone)
    body = client_for().get(f"{API}/needs/{need.public_id}").content.decode()
    for secret in ("王秀英", "13912345678", world.resident.user.username, "李建国", "submitted_by", "supporter"):
        assert secret not in body
    data = json.loads(body)
    assert data["support_total"] == 1 and data["source"] == "resident"
    assert client_for().get(f"{API}/needs/00000000-0000-0000-0000-000000000000").status_code == 404


def test_merged_needs_name_their_target_and_count_there(world):
    a = make_need(world.community_a1, world.worker_a1)
    b = make_need(world.community_a1, world.worker_a1)
    need_support(need=a, actor=world.resident)
    need_merge(need=a, into=b, answer="合并", actor=world.worker_a1)
    client = client_for()
    assert client.get(f"{API}/needs/{a.public_id}").json()["merged_into"]["number"] == b.number
    target = client.get(f"{API}/needs/{b.public_id}").json()
    assert target["support_total"] == 1 and target["support_count"] == 0
    assert [n["number"] for n in target["merged_from"]] == [a.number]


# --- writes --------------------------------------------------------------------------------------------------------


def test_a_worker_records_for_its_community(world):
    response = post(client_for(world.worker_a1), "/needs", need_body(world))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["number"].startswith(f"N-{world.community_a1.code}-") and data["source"] == "worker"
    assert data["estimated_beneficiaries"] == 60


def test_a_worker_outside_the_community_is_refused(world):
    response = post(client_for(world.worker_a1), "/needs", need_body(world, community=world.community_b1.code))
    assert response.status_code == 403
    assert not Need.objects.exists()


def test_the_public_cannot_post_a_need(world):
    assert post(client_for(), "/needs", need_body(world)).status_code == 401


def test_a_resident_account_submits(world):
    response = post(client_for(world.resident), "/needs", need_body(world, community=world.community_b1.code))
    assert response.status_code == 201 and response.json()["source"] == "resident"


def test_bad_fields_are_named(world):
    response = post(client_for(world.worker_a1), "/needs", need_body(world, title="　", estimated_beneficiaries="许多"))
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"title", "estimated_beneficiaries"}
    response = post(client_for(world.worker_a1), "/needs", need_body(world, category="nope"))
    assert response.status_code == 400 and response.json()["code"] == "category_invalid"


def test_the_author_patches_a_submitted_need_and_others_cannot(world):
    need = make_need(world.community_a1, world.resident)
    response = patch(client_for(world.resident), f"/needs/{need.public_id}", {"title": "新标题", "category": "health"})
    assert response.status_code == 200 and response.json()["category"]["code"] == "health"
    assert patch(client_for(world.worker_b1), f"/needs/{need.public_id}", {"title": "x"}).status_code == 403
    need_accept(need=need, actor=world.worker_a1)
    response = patch(client_for(world.resident), f"/needs/{need.public_id}", {"title": "再改"})
    assert response.status_code == 400 and response.json()["code"] == "not_editable"


def test_support_by_account_once(world):
    need = make_need(world.community_a1, world.worker_a1)
    client = client_for(world.resident)
    first = post(client, f"/needs/{need.public_id}/support", {})
    assert first.status_code == 201 and first.json()["support_total"] == 1
    second = post(client, f"/needs/{need.public_id}/support", {})
    assert second.status_code == 400 and second.json()["code"] == "support_duplicate"
    assert "already supported" in second.json()["message"]


def test_support_by_phone_and_code(world, django_capture_on_commit_callbacks):
    need = make_need(world.community_a1, world.worker_a1)
    client = client_for()
    assert post(client, f"/needs/{need.public_id}/support", {}).status_code == 401
    with django_capture_on_commit_callbacks(execute=True):
        sent = post(client, f"/needs/{need.public_id}/support-code", {"phone": "13800138010"})
    assert sent.status_code == 202
    code = re.search(r"\d{6}", sms.outbox[-1].text).group(0)  # type: ignore[union-attr]
    response = post(client, f"/needs/{need.public_id}/support", {"phone": "13800138010", "code": code})
    assert response.status_code == 201 and response.json()["channel"] == "phone"
    # the same phone, signed in as the resident account that has it: still one resident
    world.resident.user.phone = "13800138010"
    world.resident.user.save()
    again = post(client_for(world.resident), f"/needs/{need.public_id}/support", {})
    assert again.status_code == 400 and again.json()["code"] == "support_duplicate"
    wrong = post(client, f"/needs/{need.public_id}/support", {"phone": "13800138010", "code": "000000"})
    assert wrong.status_code == 400


def test_a_declined_need_takes_no_support(world):
    need = make_need(world.community_a1, world.worker_a1)
    post(client_for(world.worker_a1), f"/needs/{need.public_id}/decision", {"action": "decline", "answer": "不予采纳"})
    response = post(client_for(world.resident), f"/needs/{need.public_id}/support", {})
    assert response.status_code == 400 and response.json()["code"] == "support_closed"


def test_decisions(world):
    a = make_need(world.community_a1, world.worker_a1)
    b = make_need(world.community_a1, world.worker_a1)
    c = make_need(world.community_a1, world.worker_a1)
    purchaser = client_for(world.purchaser_a)
    response = post(purchaser, f"/needs/{a.public_id}/decision", {"action": "accept"})
    assert response.status_code == 200 and response.json()["status"] == "accepted"
    response = post(purchaser, f"/needs/{b.public_id}/decision", {"action": "decline"})
    assert response.status_code == 400 and response.json()["code"] == "answer_required"
    response = post(
        purchaser, f"/needs/{b.public_id}/decision", {"action": "merge", "merged_into": a.public_id, "answer": "同"}
    )
    assert response.status_code == 200 and response.json()["merged_into"]["public_id"] == str(a.public_id)
    response = post(purchaser, f"/needs/{a.public_id}/decision", {"action": "decline", "answer": "x"})
    assert response.status_code == 400 and response.json()["code"] == "transition_refused"
    for outsider in (world.purchaser_b, world.worker_b1, world.worker_a2, world.resident):
        response = post(client_for(outsider), f"/needs/{c.public_id}/decision", {"action": "accept"})
        assert response.status_code == 403
    assert post(client_for(), f"/needs/{c.public_id}/decision", {"action": "accept"}).status_code == 401
    c.refresh_from_db()
    assert c.status == NeedStatus.SUBMITTED


def test_questionnaires_are_linked_by_the_community(world):
    from huimin.surveys.models import Questionnaire, QuestionnaireStatus

    q = Questionnaire.objects.create(division=world.community_a1, title="问需表", status=QuestionnaireStatus.CLOSED)
    elsewhere = Questionnaire.objects.create(division=world.community_b1, title="别处", status="open")
    need = make_need(world.community_a1, world.worker_a1)
    url = f"{API}/needs/{need.public_id}/questionnaires"
    client = client_for(world.worker_a1)
    response = client.put(url, json.dumps([str(q.public_id)]), content_type="application/json")
    assert response.status_code == 200 and response.json()["questionnaires"][0]["title"] == "问需表"
    response = client.put(url, json.dumps([str(elsewhere.public_id)]), content_type="application/json")
    assert response.status_code == 400 and response.json()["code"] == "questionnaire_invalid"
    response = client_for(world.worker_b1).put(url, json.dumps([]), content_type="application/json")
    assert response.status_code == 403


# --- categories ----------------------------------------------------------------------------------------------------


def test_categories(world):
    client = client_for()
    codes = [c["code"] for c in client.get(f"{API}/need-categories").json()]
    assert "elderly" in codes and "kitchen" in codes
    assert post(client_for(world.worker_a1), "/need-categories", {"code": "x", "name": "某"}).status_code == 403
    admin = client_for(world.admin)
    response = post(admin, "/need-categories", {"code": "mental", "name": "心理健康"})
    assert response.status_code == 201 and response.json()["is_active"]
    duplicate = post(admin, "/need-categories", {"code": "mental", "name": "心理"})
    assert duplicate.status_code == 400 and duplicate.json()["code"] == "category_duplicate"
    response = patch(admin, "/need-categories/mental", {"is_active": False, "name": "心理健康服务"})
    assert response.status_code == 200 and not response.json()["is_active"]
    assert response.json()["name"] == "心理健康服务"
    assert "mental" not in [c["code"] for c in client.get(f"{API}/need-categories").json()]
    everything = client.get(f"{API}/need-categories", {"include_inactive": True}).json()
    assert "mental" in [c["code"] for c in everything]
    assert patch(admin, "/need-categories/none", {"name": "x"}).status_code == 404
