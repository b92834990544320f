# ruff: noqa: F811  (the world fixture is imported and used by name)
"""/api/v1/rounds and /api/v1/intentions: public reads of what is published, scoped writes, the trace."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from huimin.planning.models import Intention, IntentionStatus, RoundBudget, RoundStatus

from .factories import list_in_call, make_intention, world  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1"


def post(client, path, data=None):
    return client.post(API + path, data=json.dumps(data or {}), content_type="application/json")


def patch(client, path, data):
    return client.patch(API + path, data=json.dumps(data), content_type="application/json")


@pytest.fixture
def plans(world):
    draft = make_intention(world.east_buyer, world.round, world.east, communities=[world.longyuan], title="草稿项目")
    confirmed = make_intention(
        world.east_buyer,
        world.round,
        world.east,
        communities=[world.longyuan],
        needs=[world.taiji],
        title="太极拳培训",
        budget="30000",
        confirm=True,
    )
    return draft, confirmed


def body(world, **overrides):
    data = {
        "round": "pc-2020",
        "purchaser": world.east.code,
        "title": "围棋兴趣班",
        "category": world.weiqi.category.code,
        "communities": [world.yingchun.code],
        "needs": [str(world.weiqi.public_id)],
        "budget": "20000.00",
        "expected_beneficiaries": 25,
    }
    data.update(overrides)
    return data


# --- rounds ------------------------------------------------------------------------------------------------------


def test_the_public_reads_opened_rounds_with_budgets(world, plans, client):
    rounds = client.get(API + "/rounds").json()
    assert [r["code"] for r in rounds] == ["pc-2020"]
    detail = client.get(API + "/rounds/pc-2020").json()
    assert Decimal(detail["total_budget"]) == Decimal("150000")
    east = next(b for b in detail["budgets"] if b["purchaser_code"] == world.east.code)
    assert Decimal(east["amount"]) == Decimal("100000") and Decimal(east["confirmed"]) == Decimal("30000")
    assert east["planned"] is None and east["remaining"] is None  # drafts are the purchaser's business


def test_the_purchaser_sees_its_own_planned_and_remaining(world, plans, client_for):
    detail = client_for(world.east_buyer).get(API + "/rounds/pc-2020").json()
    east = next(b for b in detail["budgets"] if b["purchaser_code"] == world.east.code)
    west = next(b for b in detail["budgets"] if b["purchaser_code"] == world.west.code)
    assert Decimal(east["planned"]) == Decimal("40000") and Decimal(east["remaining"]) == Decimal("60000")
    assert west["planned"] is None


def test_the_administrator_runs_a_round_through_the_api(world, client_for):
    client = client_for(world.admin)
    created = post(client, "/rounds", {"code": "pc-2021", "name": "平城区第三届", "year": 2021})
    assert created.status_code == 201 and created.json()["status"] == RoundStatus.DRAFT
    assert client.get(API + "/rounds/pc-2021").status_code == 200
    refused = post(client, "/rounds/pc-2021/open")
    assert refused.status_code == 400 and refused.json()["code"] == "round_without_budget"
    budget = post(client, "/rounds/pc-2021/budgets", {"purchaser": world.east.code, "amount": "88000.5"})
    assert budget.status_code == 200 and Decimal(budget.json()["total_budget"]) == Decimal("88000.50")
    bad = post(client, "/rounds/pc-2021/budgets", {"purchaser": world.east.code, "amount": "1.001"})
    assert bad.status_code == 400 and bad.json()["code"] == "budget_amount_invalid"
    assert post(client, "/rounds/pc-2021/open").json()["status"] == RoundStatus.OPEN
    assert patch(client, "/rounds/pc-2021", {"name": "改名"}).json()["name"] == "改名"
    assert post(client, "/rounds/pc-2021/close").json()["status"] == RoundStatus.CLOSED


def test_draft_rounds_are_not_public(world, client, client_for):
    post(client_for(world.admin), "/rounds", {"code": "pc-2021", "name": "草稿", "year": 2021})
    assert client.get(API + "/rounds/pc-2021").status_code == 404
    assert client_for(world.east_buyer).get(API + "/rounds/pc-2021").status_code == 404


def test_others_cannot_write_rounds_or_budgets(world, client, client_for):
    assert post(client, "/rounds", {"code": "x", "name": "x", "year": 2021}).status_code == 401
    buyer = client_for(world.east_buyer)
    assert post(buyer, "/rounds", {"code": "x", "name": "x", "year": 2021}).status_code == 403
    r = post(buyer, "/rounds/pc-2020/budgets", {"purchaser": world.east.code, "amount": "999999"})
    assert r.status_code == 403
    assert post(buyer, "/rounds/pc-2020/close").status_code == 403
    assert RoundBudget.objects.get(purchaser=world.east).amount == Decimal("100000")


# --- intentions --------------------------------------------------------------------------------------------------


def test_the_public_lists_confirmed_intentions_with_filters(world, plans, client):
    _draft, confirmed = plans
    make_intention(
        world.west_buyer, world.round, world.west, communities=[world.liuyuan], needs=[world.west_need], confirm=True
    )
    items = client.get(API + "/intentions").json()["items"]
    assert {i["number"] for i in items} == {confirmed.number, "I-140213004-pc-2020-001"}
    east = client.get(API + "/intentions", {"purchaser": world.east.code}).json()["items"]
    assert [i["number"] for i in east] == [confirmed.number]
    assert client.get(API + "/intentions", {"status": "draft"}).json()["items"] == []
    cat = client.get(API + "/intentions", {"category": confirmed.category.code, "round": "pc-2020"}).json()
    assert cat["count"] == 2
    assert client.get(API + "/intentions", {"round": "nope"}).status_code == 400


def test_a_purchaser_lists_its_own_drafts_too(world, plans, client_for):
    draft, _confirmed = plans
    mine = client_for(world.east_buyer).get(API + "/intentions", {"status": "draft"}).json()["items"]
    assert [i["number"] for i in mine] == [draft.number]
    theirs = client_for(world.west_buyer).get(API + "/intentions", {"status": "draft"}).json()["items"]
    assert theirs == []


def test_the_intention_detail_carries_the_trace(world, plans, client):
    _draft, confirmed = plans
    data = client.get(f"{API}/intentions/{confirmed.public_id}").json()
    assert data["number"] == confirmed.number and data["communities"] == [
        {"code": "140213003001", "name": "水泉湾龙园社区"}
    ]
    trace = data["trace"]
    assert trace["need_count"] == 1 and trace["support_count"] == 3
    need = trace["needs"][0]
    assert need["number"] == world.taiji.number and need["community_code"] == world.longyuan.code
    assert len(need["supports"]) == 3 and set(need["supports"][0]) == {"supported_at", "channel"}
    assert "resident-" not in json.dumps(data)


def test_drafts_are_not_public(world, plans, client, client_for):
    draft, _confirmed = plans
    assert client.get(f"{API}/intentions/{draft.public_id}").status_code == 404
    assert client_for(world.west_buyer).get(f"{API}/intentions/{draft.public_id}").status_code == 404
    assert client_for(world.east_buyer).get(f"{API}/intentions/{draft.public_id}").status_code == 200


def test_a_purchaser_writes_confirms_and_withdraws_through_the_api(world, client_for):
    client = client_for(world.east_buyer)
    created = post(client, "/intentions", body(world))
    assert created.status_code == 201, created.json()
    data = created.json()
    assert data["number"] == "I-140213003-pc-2020-001" and data["trace"]["needs"][0]["number"] == world.weiqi.number
    path = f"/intentions/{data['public_id']}"
    changed = patch(client, path, {"budget": "25000", "title": "围棋、象棋兴趣班"})
    assert changed.status_code == 200 and Decimal(changed.json()["budget"]) == Decimal("25000")
    assert post(client, path + "/confirm").json()["status"] == IntentionStatus.CONFIRMED
    assert post(client, path + "/withdraw", {"reason": "调整"}).json()["status"] == IntentionStatus.WITHDRAWN


def test_the_api_enforces_the_budget_ceiling(world, client_for):
    client = client_for(world.east_buyer)
    assert post(client, "/intentions", body(world, budget="100000.00")).status_code == 201
    over = post(client, "/intentions", body(world, budget="0.01"))
    assert over.status_code == 400 and over.json()["code"] == "budget_exceeded" and "budget" in over.json()["errors"]


def test_a_purchaser_cannot_write_for_another_street_through_the_api(world, plans, client_for):
    draft, confirmed = plans
    west = client_for(world.west_buyer)
    r = post(west, "/intentions", body(world))  # purchaser: 东街
    assert r.status_code == 403
    assert patch(west, f"/intentions/{confirmed.public_id}", {"title": "改"}).status_code == 403
    assert patch(west, f"/intentions/{draft.public_id}", {"title": "改"}).status_code == 404
    assert post(west, f"/intentions/{confirmed.public_id}/withdraw").status_code == 403
    assert post(west, f"/intentions/{draft.public_id}/confirm").status_code == 404
    confirmed.refresh_from_db()
    assert confirmed.title == "太极拳培训" and confirmed.status == IntentionStatus.CONFIRMED
    assert Intention.objects.count() == 2


def test_the_api_refuses_needs_and_communities_of_other_streets(world, client_for):
    client = client_for(world.east_buyer)
    r = post(client, "/intentions", body(world, needs=[str(world.west_need.public_id)]))
    assert r.status_code == 400 and r.json()["code"] == "intention_need_invalid"
    r = post(client, "/intentions", body(world, communities=[world.liuyuan.code], needs=[]))
    assert r.status_code == 400 and r.json()["code"] == "intention_community_invalid"
    r = post(
        client, "/intentions", body(world, communities=[world.longyuan.code], needs=[str(world.submitted.public_id)])
    )
    assert r.status_code == 400 and r.json()["code"] == "intention_need_invalid"
    r = post(client, "/intentions", body(world, needs=["00000000-0000-0000-0000-000000000000"]))
    assert r.status_code == 400
    assert not Intention.objects.exists()


def test_withdraw_through_the_api_is_refused_while_a_published_call_lists_it(world, plans, client_for):
    _draft, confirmed = plans
    list_in_call([confirmed])
    r = post(client_for(world.east_buyer), f"/intentions/{confirmed.public_id}/withdraw", {"reason": "x"})
    assert r.status_code == 400 and r.json()["code"] == "intention_in_published_call"


def test_the_public_cannot_write_intentions(world, plans, client):
    _draft, confirmed = plans
    assert post(client, "/intentions", body(world)).status_code == 401
    assert post(client, f"/intentions/{confirmed.public_id}/withdraw").status_code == 401
