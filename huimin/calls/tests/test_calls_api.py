"""/api/v1/calls: public reads of what is published, drafts for their managers, scoped writes, 409 on a silent edit
of a published call, amendments and questions."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone, translation

from huimin.calls.error_codes import CallsError
from huimin.calls.models import Call, CallAmendment, CallQuestion, CallStatus, QuestionStatus
from huimin.calls.rules import at_same_time, local_date
from huimin.calls.services.questions import call_question_answer, call_question_ask
from huimin.core.calendar import add_working_days
from huimin.core.models import Role

from .factories_calls import at, draft_call, published_call, times, world  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1/calls"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def client_as(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def send(client: Client, method: str, url: str, body: dict):
    return getattr(client, method)(url, json.dumps(body, default=str), content_type="application/json")


# --- reads ----------------------------------------------------------------------------------------------------------


def test_the_public_list_shows_published_calls_and_not_drafts(world, times):
    now, deadline = times
    published = published_call(world, now=now, deadline=deadline, intentions=[world.intention])
    draft = draft_call(world, now=now, deadline=deadline, intentions=[world.other_intention])
    items = client_as().get(API).json()["items"]
    ids = {i["public_id"] for i in items}
    assert str(published.public_id) in ids and str(draft.public_id) not in ids
    assert client_as().get(f"{API}/{draft.public_id}").status_code == 404
    assert client_as(world.other_manager).get(f"{API}/{draft.public_id}").status_code == 404
    mine = client_as(world.manager).get(API).json()["items"]
    assert str(draft.public_id) in {i["public_id"] for i in mine}


def test_the_detail_carries_rules_amendments_and_public_questions_without_the_organization(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    q = call_question_ask(call=call, question="可否跨社区申报？", actor=world.provider, now=now)
    call_question_answer(question=q, answer="可以。", actor=world.manager, now=now)
    call_question_ask(call=call, question="未回复的问题", actor=world.provider, now=now)
    body = client_as().get(f"{API}/{call.public_id}").json()
    assert body["budget_rules"]["labour_share_max"] == "50"
    assert {c["code"] for c in body["budget_rules"]["unit_price_caps"]} >= {"expert_senior", "training", "meeting"}
    assert sum(Decimal(c["weight"]) for c in body["review_criteria"]) == 100
    assert body["eligibility"]["civil_affairs_registration"] is True and body["eligibility_text"]
    assert [i["number"] for i in body["intentions"]] == sorted(i["number"] for i in body["intentions"])
    assert [q["question"] for q in body["questions"]] == ["可否跨社区申报？"]
    assert body["questions"][0]["organization"] is None
    assert world.provider_org.name not in json.dumps(body, ensure_ascii=False)
    managers_view = client_as(world.manager).get(f"{API}/{call.public_id}").json()
    assert len(managers_view["questions"]) == 2
    assert managers_view["questions"][0]["organization"] == world.provider_org.name


# --- writes ---------------------------------------------------------------------------------------------------------


def test_a_manager_drafts_edits_and_publishes_through_the_api(world, times):
    _now, deadline = times
    client = client_as(world.manager)
    created = send(
        client,
        "post",
        API,
        {
            "round": world.round.code,
            "title": "第二届项目申报通知",
            "cap_per_project": "50000",
            "intentions": [str(world.intention.public_id)],
            "deadline": deadline.isoformat(),
        },
    )
    assert created.status_code == 201, created.json()
    public_id = created.json()["public_id"]
    assert created.json()["status"] == "draft"
    changed = send(
        client,
        "patch",
        f"{API}/{public_id}",
        {"intentions": [str(world.intention.public_id), str(world.other_intention.public_id)]},
    )
    assert changed.status_code == 200 and len(changed.json()["intentions"]) == 2
    published = client.post(f"{API}/{public_id}/publish")
    assert published.status_code == 200, published.json()
    assert published.json()["status"] == "published"
    assert published.json()["original_deadline"] is not None


def test_rule_errors_come_back_per_field(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    response = send(
        client_as(world.manager),
        "patch",
        f"{API}/{call.public_id}",
        {"budget_rules": {"labour_share_max": "120"}, "review_criteria": [{"name": "方案", "weight": "99"}]},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == CallsError.RULES_INVALID
    assert {"budget_rules.labour_share_max", "review_criteria"} <= set(body["errors"])


def test_patching_a_published_call_is_a_409_pointing_to_amendments(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    response = send(client_as(world.manager), "patch", f"{API}/{call.public_id}", {"cap_per_project": "1"})
    assert response.status_code == 409
    assert response.json()["code"] == "call_published_use_amendment"
    call.refresh_from_db()
    assert call.cap_per_project == Decimal("50000")


def test_another_organizations_manager_is_refused(world, times):
    now, deadline = times
    draft = draft_call(world, now=now, deadline=deadline, intentions=[world.intention])
    published = published_call(world, now=now, deadline=deadline, intentions=[world.other_intention])
    other = client_as(world.other_manager)
    assert send(other, "patch", f"{API}/{draft.public_id}", {"title": "改"}).status_code == 404
    assert other.post(f"{API}/{draft.public_id}/publish").status_code == 404
    amend = send(other, "post", f"{API}/{published.public_id}/amendments", {"reason": "x", "changes": {"body": "x"}})
    assert amend.status_code == 403
    assert send(other, "patch", f"{API}/{published.public_id}", {"title": "改"}).status_code == 403
    draft.refresh_from_db()
    assert draft.title != "改" and not CallAmendment.objects.exists()


def test_the_public_cannot_write(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    response = send(client_as(), "post", f"{API}/{call.public_id}/amendments", {"reason": "x", "changes": {}})
    assert response.status_code == 401


def test_a_late_amendment_through_the_api_moves_the_deadline(world):
    now = timezone.now()
    today = local_date(now)
    deadline = at(add_working_days(today, 1), 17)
    # Published two weeks ago with the deadline tomorrow (a working day): the amendment is in the late window.
    call = published_call(world, now=now - timedelta(days=14), deadline=deadline)
    response = send(
        client_as(world.manager),
        "post",
        f"{API}/{call.public_id}/amendments",
        {"reason": "补充评审标准说明", "changes": {"body": "补充说明"}},
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["extended"] is True
    call.refresh_from_db()
    assert call.deadline == at_same_time(add_working_days(today, call.extension_working_days), deadline)
    detail = client_as().get(f"{API}/{call.public_id}").json()
    assert detail["amendments"][0]["reason"] == "补充评审标准说明"
    assert detail["amendments"][0]["changes"]["deadline"]["automatic"] is True


def test_an_amendment_without_a_reason_is_refused(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    response = send(
        client_as(world.manager), "post", f"{API}/{call.public_id}/amendments", {"reason": "", "changes": {"body": "x"}}
    )
    assert response.status_code == 400 and "reason" in response.json()["errors"]


# --- questions ------------------------------------------------------------------------------------------------------


def test_a_provider_asks_and_the_manager_answers(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    asked = send(client_as(world.provider), "post", f"{API}/{call.public_id}/questions", {"question": "预算可否调整？"})
    assert asked.status_code == 201, asked.json()
    question_id = asked.json()["public_id"]
    answer_url = f"{API}/{call.public_id}/questions/{question_id}/answer"
    other = send(client_as(world.other_manager), "post", answer_url, {"answer": "x"})
    assert other.status_code in (403, 404)
    answered = send(client_as(world.manager), "post", answer_url, {"answer": "可以。"})
    assert answered.status_code == 200 and answered.json()["status"] == QuestionStatus.ANSWERED
    again = send(client_as(world.manager), "post", answer_url, {"answer": "不可以。"})
    assert again.status_code == 400 and again.json()["code"] == CallsError.QUESTION_ALREADY_ANSWERED


def test_a_provider_cannot_ask_after_the_deadline(world):
    now = timezone.now()
    call = published_call(world, now=now - timedelta(days=30), deadline=now - timedelta(days=30) + timedelta(days=14))
    assert call.deadline < now
    response = send(client_as(world.provider), "post", f"{API}/{call.public_id}/questions", {"question": "还能问吗？"})
    assert response.status_code == 400 and response.json()["code"] == CallsError.QUESTION_CLOSED
    assert not CallQuestion.objects.exists()


def test_only_providers_ask(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    response = send(client_as(world.purchaser), "post", f"{API}/{call.public_id}/questions", {"question": "?"})
    assert response.status_code == 403


def test_cancel_through_the_api_needs_a_reason(world, times):
    now, deadline = times
    call = published_call(world, now=now, deadline=deadline)
    client = client_as(world.manager)
    assert send(client, "post", f"{API}/{call.public_id}/cancel", {"reason": ""}).status_code == 400
    response = send(client, "post", f"{API}/{call.public_id}/cancel", {"reason": "预算调整"})
    assert response.status_code == 200 and response.json()["status"] == CallStatus.CANCELLED
    assert Call.objects.get(pk=call.pk).status == CallStatus.CANCELLED
    assert client_as().get(f"{API}/{call.public_id}").json()["amendments"][-1]["reason"] == "预算调整"


def test_a_district_administrator_drafts_for_a_named_manager(world, times):
    _now, deadline = times
    response = send(
        client_as(world.admin),
        "post",
        API,
        {"round": world.round.code, "title": "通知", "manager": str(world.manager_org.public_id), "deadline": deadline},
    )
    assert response.status_code == 201, response.json()
    assert response.json()["manager"] == str(world.manager_org.public_id)


def test_an_unknown_intention_id_is_refused_on_its_field(world, times):
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    response = send(
        client_as(world.manager),
        "patch",
        f"{API}/{call.public_id}",
        {"intentions": ["00000000-0000-0000-0000-000000000000"]},
    )
    assert response.status_code == 400 and "intentions" in response.json()["errors"]


def test_roles_without_calls_see_only_public_calls(world, times, make_user):
    now, deadline = times
    draft_call(world, now=now, deadline=deadline)
    resident = make_user(role=Role.RESIDENT)
    assert client_as(resident).get(API).json()["count"] == 0
