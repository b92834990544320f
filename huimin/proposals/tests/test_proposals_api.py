"""/api/v1/proposals: a provider drafts, autosaves, fills rows and submits; sealing over HTTP (others get 404 before
the deadline, the call's managers 200 after it); nothing changes through the API after the deadline."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation

from huimin.calls.models import Call
from huimin.calls.rules import call_rules

from ..models import Proposal, ProposalStatus, Receipt
from .factories import (
    World,
    build_world,
    make_attachment,
    make_complete_proposal,
    make_submitted_proposal,
    make_team_member,
    publish_amendment,
)

pytestmark = pytest.mark.django_db

API = "/api/v1/proposals"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def live(db) -> World:
    """A world on the wall clock: the call opened yesterday and closes in ten days."""
    now = timezone.now()
    return build_world(deadline=now + timedelta(days=10), opens_at=now - timedelta(days=1))


def close_call(w: World) -> None:
    Call.objects.filter(pk=w.call.pk).update(deadline=timezone.now() - timedelta(minutes=1))


def client_as(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def send(client: Client, method: str, url: str, body: dict | None = None):
    return getattr(client, method)(url, json.dumps(body or {}, default=str), content_type="application/json")


def complete(w: World, **kwargs) -> Proposal:
    return make_complete_proposal(w, now=timezone.now(), **kwargs)


def submitted(w: World, **kwargs) -> Proposal:
    return make_submitted_proposal(w, now=timezone.now(), **kwargs)


# --- a provider's way through the API -----------------------------------------------------------------------------


def test_provider_fills_and_submits_a_proposal_through_the_api(live):
    w = live
    c = client_as(w.provider)
    r = send(c, "post", API, {"call": w.call.public_id})
    assert r.status_code == 201, r.content
    pid = r.json()["public_id"]
    url = f"{API}/{pid}"
    assert r.json()["editable_sections"][0] == "basics"
    r = send(
        c,
        "patch",
        url,
        {
            "intentions": [str(w.intention.public_id)],
            "communities": [w.community.code, w.community2.code],
            "title": "龙园社区老年人太极拳健身培训项目",
            "start_date": "２０３０年１１月１日",
            "end_date": "2031-10-31",
            "contact_name": "李晓红",
            "contact_phone": "13903520001",
            "target_group": "老年人",
            "direct_beneficiaries": "１２０",
            "indirect_beneficiaries": 300,
            "summary": "太极拳培训",
            "need_analysis": "问卷86份",
            "objectives": "培训120人",
            "risks": "室内备选",
            "sustainability": "培育骨干",
            "applied_amount": "1万元",
            "commitment_accepted": True,
        },
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["category"] == w.intention.category.code
    assert body["applied_amount"] == "10000.00" or Decimal(body["applied_amount"]) == Decimal("10000")
    assert [x["code"] for x in body["communities"]] == sorted([w.community.code, w.community2.code])
    assert body["commitment_accepted_at"] is not None

    r = send(
        c,
        "post",
        f"{url}/activities",
        {"name": "太极拳基础班", "sessions": "４０", "start_date": "2030-11-01", "end_date": "2031-06-30"},
    )
    assert r.status_code == 201, r.content
    assert r.json()["position"] == 1
    r = send(c, "patch", f"{url}/activities/1", {"place": "龙园社区活动室"})
    assert r.status_code == 200 and r.json()["place"] == "龙园社区活动室"
    for kind in ("output", "outcome"):
        r = send(c, "post", f"{url}/indicators", {"kind": kind, "name": "指标", "target_value": "１００"})
        assert r.status_code == 201, r.content
    lead = make_team_member(w.provider_org, "李晓红")
    r = send(c, "post", f"{url}/team", {"member": lead.public_id, "role": "项目负责人", "is_lead": True})
    assert r.status_code == 201, r.content
    r = send(
        c,
        "post",
        f"{url}/budget-lines",
        {"category": "training", "item": "培训", "unit_price": "３５０", "unit": "人/天", "quantity": "20"},
    )
    assert r.status_code == 201 and Decimal(r.json()["total"]) == Decimal("7000")
    r = send(
        c,
        "post",
        f"{url}/budget-lines",
        {"category": "activity", "item": "物资", "unit_price": "3000", "unit": "批", "quantity": "1"},
    )
    assert r.status_code == 201
    r = send(
        c,
        "post",
        f"{url}/budget-lines",
        {"category": "activity", "item": "x", "unit_price": "1", "unit": "x", "quantity": "1", "total": "99"},
    )
    assert r.status_code == 201 and Decimal(r.json()["total"]) == Decimal("1")  # a total sent is ignored
    assert c.delete(f"{url}/budget-lines/{r.json()['position']}").status_code == 204
    for doc in call_rules(w.call).required_documents:
        if doc.required:
            attachment = make_attachment(w.provider_org, f"{doc.name}.pdf")
            r = send(c, "post", f"{url}/documents", {"code": doc.code, "attachment": attachment.public_id})
            assert r.status_code == 201, r.content

    detail = c.get(url).json()
    assert detail["missing"] == []
    assert detail["budget_problems"] == []
    assert Decimal(detail["budget"]["total"]) == Decimal("10000")

    r = send(c, "post", f"{url}/submit")
    assert r.status_code == 200, r.content
    receipt = r.json()
    assert receipt["number"] == f"R-{w.call.number}-0001" and len(receipt["digest"]) == 64
    detail = c.get(url).json()
    assert detail["status"] == "submitted" and detail["editable_sections"] == []
    assert [x["number"] for x in detail["receipts"]] == [receipt["number"]]


def test_submit_lists_every_problem_with_its_code(live):
    c = client_as(live.provider)
    pid = send(c, "post", API, {"call": live.call.public_id}).json()["public_id"]
    r = send(c, "post", f"{API}/{pid}/submit")
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "proposal_not_ready"
    assert "basics.title" in body["errors"] and "commitment.commitment_accepted_at" in body["errors"]


def test_autosave_errors_are_per_field(live):
    c = client_as(live.provider)
    pid = send(c, "post", API, {"call": live.call.public_id}).json()["public_id"]
    r = send(c, "patch", f"{API}/{pid}", {"start_date": "明年春天", "contact_phone": "123"})
    assert r.status_code == 400
    assert set(r.json()["errors"]) == {"start_date", "contact_phone"}


def test_create_is_refused_beyond_the_limit(live):
    Call.objects.filter(pk=live.call.pk).update(max_proposals_per_organization=1)
    c = client_as(live.provider)
    assert send(c, "post", API, {"call": live.call.public_id}).status_code == 201
    r = send(c, "post", API, {"call": live.call.public_id})
    assert r.status_code == 400 and r.json()["code"] == "proposal_limit_reached"


@pytest.mark.parametrize("who", ["manager", "admin", "purchaser"])
def test_staff_cannot_create_proposals(live, who):
    r = send(client_as(getattr(live, who)), "post", API, {"call": live.call.public_id})
    assert r.status_code == 403
    assert not Proposal.objects.exists()


def test_withdraw_and_resubmit_through_the_api(live):
    p = submitted(live)
    c = client_as(live.provider)
    r = send(c, "post", f"{API}/{p.public_id}/withdraw")
    assert r.status_code == 200 and r.json()["status"] == "withdrawn"
    assert r.json()["receipts"][0]["withdrawn_at"] is not None
    r = send(c, "patch", f"{API}/{p.public_id}", {"risks": "补充"})
    assert r.status_code == 200
    r = send(c, "post", f"{API}/{p.public_id}/submit")
    assert r.status_code == 200 and r.json()["number"].endswith("-0002")


def test_amendments_flagged_and_confirmed_through_the_api(live):
    p = submitted(live)
    publish_amendment(live.call, when=timezone.now())
    c = client_as(live.provider)
    assert c.get(f"{API}/{p.public_id}").json()["amendments_unconfirmed"] is True
    r = send(c, "post", f"{API}/{p.public_id}/confirm-amendments")
    assert r.status_code == 200
    assert r.json()["amendments_unconfirmed"] is False and r.json()["status"] == "submitted"


def test_submitted_proposal_is_read_only_through_the_api(live):
    p = submitted(live)
    c = client_as(live.provider)
    r = send(c, "patch", f"{API}/{p.public_id}", {"title": "改"})
    assert r.status_code == 400 and r.json()["code"] == "proposal_submitted_read_only"
    r = c.delete(f"{API}/{p.public_id}/budget-lines/1")
    assert r.status_code == 400 and r.json()["code"] == "proposal_submitted_read_only"


# --- sealing over HTTP --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["other_provider", "manager", "other_manager", "admin", "purchaser", "reviewer"])
def test_before_the_deadline_nobody_else_finds_the_proposal(live, who):
    p = submitted(live)
    c = client_as(getattr(live, who))
    assert c.get(f"{API}/{p.public_id}").status_code == 404
    assert c.get(API).json()["items"] == []
    r = send(c, "patch", f"{API}/{p.public_id}", {"title": "偷看"})
    assert r.status_code == 404
    assert send(c, "post", f"{API}/{p.public_id}/withdraw").status_code == 404


def test_the_public_is_asked_to_sign_in(live):
    p = submitted(live)
    assert Client().get(f"{API}/{p.public_id}").status_code == 401
    assert Client().get(API).status_code == 401


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("manager", 200),
        ("admin", 200),
        ("purchaser", 200),
        ("other_purchaser", 404),
        ("other_provider", 404),
        ("other_manager", 404),
        ("reviewer", 404),
    ],
)
def test_after_the_deadline_the_calls_managers_see_it(live, who, status):
    p = submitted(live)
    close_call(live)
    c = client_as(getattr(live, who))
    r = c.get(f"{API}/{p.public_id}")
    assert r.status_code == status
    listed = [x["public_id"] for x in c.get(API, {"call": str(live.call.public_id)}).json()["items"]]
    assert (str(p.public_id) in listed) is (status == 200)
    if status == 200:
        assert r.json()["title"] == "龙园社区老年人太极拳健身培训项目"
        assert r.json()["editable_sections"] == []


def test_managers_get_the_count_only_before_the_deadline(live):
    submitted(live)
    submitted(live, org=live.other_provider_org, actor=live.other_provider)
    r = client_as(live.manager).get(f"{API}/submitted-count", {"call": str(live.call.public_id)})
    assert r.status_code == 200 and r.json()["submitted"] == 2
    r = client_as(live.provider).get(f"{API}/submitted-count", {"call": str(live.call.public_id)})
    assert r.status_code == 403


# --- after the deadline -------------------------------------------------------------------------------------------


def test_nothing_changes_through_the_api_after_the_deadline(live):
    p = submitted(live)
    draft = complete(live)
    close_call(live)
    c = client_as(live.provider)
    before = Proposal.objects.get(pk=p.pk).updated_at
    member = make_team_member(live.provider_org, "迟到成员")
    attempts = [
        ("patch", f"{API}/{p.public_id}", {"title": "改"}),
        ("patch", f"{API}/{draft.public_id}", {"title": "改"}),
        ("post", f"{API}/{draft.public_id}/submit", {}),
        ("post", f"{API}/{p.public_id}/withdraw", {}),
        ("post", f"{API}/{p.public_id}/confirm-amendments", {}),
        ("post", f"{API}/{draft.public_id}/activities", {"name": "新"}),
        ("patch", f"{API}/{draft.public_id}/budget-lines/1", {"quantity": "2"}),
        ("delete", f"{API}/{draft.public_id}/indicators/1", None),
        ("post", f"{API}/{draft.public_id}/team", {"member": member.public_id, "role": "x"}),
        ("delete", f"{API}/{draft.public_id}/documents/application_form", None),
        ("post", API, {"call": live.call.public_id}),
    ]
    for method, url, body in attempts:
        r = send(c, method, url, body) if body is not None else getattr(c, method)(url)
        assert r.status_code == 400, (method, url, r.content)
        assert r.json()["code"] in ("proposal_deadline_passed", "proposal_fix_closed"), r.json()
    assert Proposal.objects.get(pk=p.pk).updated_at == before
    assert Proposal.objects.get(pk=draft.pk).status == ProposalStatus.DRAFT
    assert Receipt.objects.count() == 1


def test_fix_through_the_api_only_for_the_named_sections(live):
    from .. import services as s

    p = submitted(live)
    close_call(live)
    s.proposal_open_fix(
        proposal=p, sections=["narrative"], until=timezone.now() + timedelta(days=2), actor=live.manager
    )
    c = client_as(live.provider)
    assert c.get(f"{API}/{p.public_id}").json()["editable_sections"] == ["narrative"]
    r = send(c, "patch", f"{API}/{p.public_id}", {"applied_amount": "1"})
    assert r.status_code == 400 and r.json()["code"] == "proposal_fix_section_locked"
    r = send(c, "patch", f"{API}/{p.public_id}", {"risks": "补充的风险应对"})
    assert r.status_code == 200
    r = send(c, "post", f"{API}/{p.public_id}/fix")
    assert r.status_code == 200 and r.json()["kind"] == "fix"
    r = send(c, "patch", f"{API}/{p.public_id}", {"risks": "再改"})
    assert r.status_code == 400 and r.json()["code"] == "proposal_deadline_passed"


def test_unknown_rows_are_404(live):
    p = complete(live)
    c = client_as(live.provider)
    assert send(c, "patch", f"{API}/{p.public_id}/activities/99", {"name": "x"}).status_code == 404
    assert c.delete(f"{API}/{p.public_id}/documents/grade_certificate").status_code == 400
