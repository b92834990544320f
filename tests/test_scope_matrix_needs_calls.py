"""Every role is refused outside its scope in the needs, surveys and calls contexts, on pages and through the API,
and the same requests succeed for the district administrator (so the refusals are about scope, not about bad input).

Two streets (A, B) with a community each; a submitted need and a draft questionnaire in B's community; an open
round where B has a budget; a draft call of another intermediary than the project manager's.
"""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from huimin.calls.models import Call, CallStatus
from huimin.calls.services import call_create
from huimin.core.models import DivisionLevel, OrganizationType, Role
from huimin.core.services import division_create, organization_create
from huimin.needs.models import Need, NeedCategory, NeedStatus
from huimin.needs.services import need_create
from huimin.planning.models import RoundBudget
from huimin.planning.services import round_budget_set, round_create, round_open
from huimin.surveys.models import Questionnaire, QuestionnaireStatus
from huimin.surveys.services import questionnaire_create

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world(system_actor):
    s = system_actor
    district = division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=s)
    a = division_create(code="140213003", name="东街街道", level=DivisionLevel.STREET, parent=district, actor=s)
    b = division_create(code="140213004", name="西街街道", level=DivisionLevel.STREET, parent=district, actor=s)
    a1 = division_create(code="140213003001", name="水泉湾龙园社区", level=DivisionLevel.COMMUNITY, parent=a, actor=s)
    b1 = division_create(code="140213004001", name="帅府社区", level=DivisionLevel.COMMUNITY, parent=b, actor=s)
    x = organization_create(actor=s, name="东街书画研究会", org_type=OrganizationType.SOCIAL_GROUP, division=a)
    manager = organization_create(
        actor=s, name="大同市毅源力社会组织发展中心", org_type=OrganizationType.SOCIAL_SERVICE
    )
    other_manager = organization_create(actor=s, name="大同市另一家枢纽组织", org_type=OrganizationType.SOCIAL_SERVICE)
    need_b = need_create(
        community=b1,
        title="老旧小区安全隐患排查",
        category=NeedCategory.objects.get(code="safety"),
        target_group="老旧小区居民",
        description="楼道堆物、电线老化。",
        estimated_beneficiaries=120,
        actor=s,
    )
    questionnaire_b = questionnaire_create(
        division=b1,
        title="帅府社区居民需求调查",
        questions=[{"kind": "single", "text": "您的年龄段", "required": True, "choices": ["60岁以下", "60岁及以上"]}],
        actor=s,
    )
    the_round = round_create(code="r2020", name="平城区第二届政府向社会力量购买服务", year=2020, actor=s)
    round_budget_set(round=the_round, purchaser=b, amount=Decimal(100000), actor=s)
    round_budget_set(round=the_round, purchaser=a, amount=Decimal(100000), actor=s)
    round_open(round=the_round, actor=s)
    other_call = call_create(round=the_round, title="另一家枢纽组织的申报通知", manager=other_manager, actor=s)
    return {
        "a": a, "b": b, "a1": a1, "b1": b1, "x": x, "manager": manager, "need_b": need_b,
        "questionnaire_b": questionnaire_b, "round": the_round, "other_call": other_call,
    }  # fmt: skip


ROLE_SCOPES = {
    Role.PURCHASER: ("a", None),
    Role.COMMUNITY_WORKER: ("a1", None),
    Role.PROJECT_MANAGER: (None, "manager"),
    Role.PROVIDER: (None, "x"),
    Role.EXPERT_REVIEWER: (None, None),
    Role.CREDIT_OFFICER: (None, None),
    Role.CREDIT_ADMIN: (None, None),
    Role.RESIDENT: (None, None),
}


@pytest.fixture(params=list(ROLE_SCOPES), ids=lambda r: str(r))
def outsider(request, world, make_user, client_for):
    division_key, org_key = ROLE_SCOPES[request.param]
    actor = make_user(
        request.param,
        division=world[division_key] if division_key else None,
        organization=world[org_key] if org_key else None,
    )
    return {"role": request.param, "client": client_for(actor)}


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def _writes(world):
    need, q, call = world["need_b"], world["questionnaire_b"], world["other_call"]
    return [
        ("post", f"/needs/{need.public_id}/decision", {"action": "accept", "answer": "纳入项目意向"}),
        ("post", f"/questionnaires/{q.public_id}/open", {}),
        ("post", f"/rounds/{world['round'].code}/budgets", {"purchaser": world["b"].code, "amount": "1"}),
        ("patch", f"/calls/{call.public_id}", {"title": "被改掉的标题"}),
    ]


def _unchanged(world) -> None:
    assert Need.objects.get(pk=world["need_b"].pk).status == NeedStatus.SUBMITTED
    assert Questionnaire.objects.get(pk=world["questionnaire_b"].pk).status == QuestionnaireStatus.DRAFT
    assert RoundBudget.objects.get(round=world["round"], purchaser=world["b"]).amount == Decimal(100000)
    call = Call.objects.get(pk=world["other_call"].pk)
    assert call.title == "另一家枢纽组织的申报通知" and call.status == CallStatus.DRAFT


def test_api_writes_outside_scope_are_refused_and_change_nothing(world, outsider):
    c = outsider["client"]
    for method, path, body in _writes(world):
        response = getattr(c, method)(API + path, data=json.dumps(body), content_type="application/json")
        assert _refused(response), f"{outsider['role']} {method.upper()} {path} → {response.status_code}"
    _unchanged(world)


def test_pages_outside_scope_are_refused(world, outsider):
    c = outsider["client"]
    need, q, call = world["need_b"], world["questionnaire_b"], world["other_call"]
    pages = [
        f"/needs/{need.public_id}/manage/",
        f"/surveys/manage/{q.public_id}/",
        f"/calls/manage/{call.public_id}/edit/",
        "/calls/rounds/new/",
        f"/calls/rounds/{world['round'].code}/edit/",
    ]
    for url in pages:
        assert _refused(c.get(url)), f"{outsider['role']} reached {url}"
    _unchanged(world)


def test_district_admin_makes_the_same_requests(world, make_user, client_for):
    c = client_for(make_user(Role.DISTRICT_ADMIN))
    for method, path, body in _writes(world):
        response = getattr(c, method)(API + path, data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 201), (
            f"{method.upper()} {path} → {response.status_code} {response.content}"
        )
    for url in [
        f"/needs/{world['need_b'].public_id}/manage/",
        f"/calls/manage/{world['other_call'].public_id}/edit/",
        "/calls/rounds/new/",
    ]:
        assert c.get(url).status_code == 200, url


def test_the_street_and_community_reach_their_own_side(world, make_user, client_for):
    worker = client_for(make_user(Role.COMMUNITY_WORKER, division=world["b1"]))
    response = worker.post(
        f"{API}/needs/{world['need_b'].public_id}/decision",
        data=json.dumps({"action": "accept", "answer": "纳入项目意向"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    street = client_for(make_user(Role.PURCHASER, division=world["b"]))
    assert street.get(f"/needs/{world['need_b'].public_id}/manage/").status_code == 200
