"""/api/v1/questionnaires: public reads (published only, results without identity), answers once per resident
(account or phone and code), scoped writes for community staff."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.test import Client

from huimin.core import sms
from huimin.surveys.models import Questionnaire, QuestionnaireStatus, Response, ResponseChannel
from huimin.surveys.services import questionnaire_close, response_enter_paper

from .factories import make_questionnaire, qids

pytestmark = pytest.mark.usefixtures("english")

API = "/api/v1"


def client_for(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def post(client: Client, path: str, body=None):
    return client.post(API + path, json.dumps(body or {}, default=str), content_type="application/json")


def answers_body(q: Questionnaire, *, single=1, multiple=(0, 2), text=None) -> list[dict]:
    s, m, t = qids(q)
    body = [{"question_id": s, "selected": [single]}, {"question_id": m, "selected": list(multiple)}]
    if text is not None:
        body.append({"question_id": t, "text": text})
    return body


@pytest.fixture
def live(world):
    return make_questionnaire(world.community_a1, world.worker_a1, closes_in=timedelta(days=7))


# --- public reads -----------------------------------------------------------------------------------------------------


def test_public_list_shows_open_and_closed_not_drafts(world, live):
    closed = make_questionnaire(world.community_a2, world.worker_a2)
    questionnaire_close(questionnaire=closed, actor=world.worker_a2)
    draft = make_questionnaire(world.community_b1, world.worker_b1, opened=False)
    body = client_for().get(f"{API}/questionnaires").json()
    ids = {row["public_id"] for row in body["items"]}
    assert ids == {str(live.public_id), str(closed.public_id)}
    assert str(draft.public_id) not in ids
    only_closed = client_for().get(f"{API}/questionnaires", {"status": "closed"}).json()
    assert [r["public_id"] for r in only_closed["items"]] == [str(closed.public_id)]
    street = client_for().get(f"{API}/questionnaires", {"division": world.street_a.code}).json()
    assert {r["public_id"] for r in street["items"]} == {str(live.public_id), str(closed.public_id)}
    mine = client_for(world.worker_b1).get(f"{API}/questionnaires", {"managed": True}).json()
    assert [r["public_id"] for r in mine["items"]] == [str(draft.public_id)]
    unknown = client_for().get(f"{API}/questionnaires", {"division": "999"})
    assert unknown.status_code == 400


def test_detail_with_questions_and_drafts_hidden(world, live):
    body = client_for().get(f"{API}/questionnaires/{live.public_id}").json()
    assert [q["kind"] for q in body["questions"]] == ["single", "multiple", "text"]
    assert body["questions"][0]["choices"] == ["60岁以下", "60–79岁", "80岁及以上"]
    assert body["division_code"] == world.community_a1.code
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    assert client_for().get(f"{API}/questionnaires/{draft.public_id}").status_code == 404
    assert client_for(world.worker_b1).get(f"{API}/questionnaires/{draft.public_id}").status_code == 404
    assert client_for(world.worker_a1).get(f"{API}/questionnaires/{draft.public_id}").status_code == 200


def test_results_count_paper_forms_and_name_nobody(world, live):
    s, m, _t = qids(live)
    post(
        client_for(world.resident),
        f"/questionnaires/{live.public_id}/responses",
        {"answers": answers_body(live, text="请联系13912345678")},
    )
    response_enter_paper(questionnaire=live, answers={s: [0], m: [1]}, actor=world.worker_a1)
    body = client_for().get(f"{API}/questionnaires/{live.public_id}/results").json()
    assert (body["responses"], body["online"], body["paper"]) == (2, 1, 1)
    assert [o["count"] for o in body["questions"][0]["options"]] == [1, 1, 0]
    assert body["questions"][2]["texts"] == ["请联系139****5678"]
    text = json.dumps(body, ensure_ascii=False)
    assert world.resident.user.username not in text and "13912345678" not in text


# --- answering --------------------------------------------------------------------------------------------------------


def test_resident_account_answers_once(world, live):
    client = client_for(world.resident)
    first = post(client, f"/questionnaires/{live.public_id}/responses", {"answers": answers_body(live)})
    assert first.status_code == 201, first.content
    assert first.json()["channel"] == "online" and first.json()["response_count"] == 1
    again = post(client, f"/questionnaires/{live.public_id}/responses", {"answers": answers_body(live, single=0)})
    assert again.status_code == 400 and again.json()["code"] == "response_duplicate"


def test_phone_and_code_answer_once_and_bad_answers_do_not_use_the_code(
    world, live, django_capture_on_commit_callbacks
):
    client = client_for()
    with django_capture_on_commit_callbacks(execute=True):
        sent = post(client, f"/questionnaires/{live.public_id}/response-code", {"phone": "13700000000"})
    assert sent.status_code == 202
    code = re.search(r"\d{6}", sms.outbox[-1].text).group(0)
    s, _m, _t = qids(live)
    bad = post(
        client,
        f"/questionnaires/{live.public_id}/responses",
        {"phone": "13700000000", "code": code, "answers": [{"question_id": s, "selected": [0]}]},
    )
    assert bad.status_code == 400 and bad.json()["code"] == "response_invalid"
    assert set(bad.json()["errors"]) == {f"q{qids(live)[1]}"}
    ok = post(
        client,
        f"/questionnaires/{live.public_id}/responses",
        {"phone": "13700000000", "code": code, "answers": answers_body(live)},
    )
    assert ok.status_code == 201, ok.content
    assert Response.objects.get(questionnaire=live).respondent is None


def test_anonymous_without_phone_is_asked_to_sign_in(world, live):
    response = post(client_for(), f"/questionnaires/{live.public_id}/responses", {"answers": answers_body(live)})
    assert response.status_code == 401
    assert not Response.objects.exists()


def test_closed_questionnaire_refuses_answers(world, live):
    questionnaire_close(questionnaire=live, actor=world.worker_a1)
    response = post(
        client_for(world.resident), f"/questionnaires/{live.public_id}/responses", {"answers": answers_body(live)}
    )
    assert response.status_code == 400 and response.json()["code"] == "response_not_accepted"


@pytest.mark.parametrize("case", ["out_of_range", "two_for_single", "same_question_twice", "text_too_long"])
def test_bad_answers_are_refused_with_the_question_named(world, live, case):
    s, m, _t = qids(live)
    body = {
        "out_of_range": [{"question_id": s, "selected": [5]}, {"question_id": m, "selected": [0]}],
        "two_for_single": [{"question_id": s, "selected": [0, 1]}, {"question_id": m, "selected": [0]}],
        "same_question_twice": [{"question_id": s, "selected": [0]}, {"question_id": s, "selected": [1]}],
        "text_too_long": answers_body(live, text="字" * 501),
    }[case]
    response = post(client_for(world.resident), f"/questionnaires/{live.public_id}/responses", {"answers": body})
    assert response.status_code == 400 and response.json()["code"] == "response_invalid"
    assert any(key.startswith("q") for key in response.json()["errors"])
    assert not Response.objects.exists()


# --- community staff --------------------------------------------------------------------------------------------------


def questionnaire_body(world, **overrides) -> dict:
    body = {
        "division": world.community_a1.code,
        "title": "居民需求问卷",
        "questions": [
            {"kind": "single", "text": "您常住本社区吗？", "choices": ["是", "否"]},
            {"kind": "text", "text": "您的建议", "required": False},
        ],
    }
    body.update(overrides)
    return body


def test_worker_creates_opens_enters_paper_and_closes(world):
    client = client_for(world.worker_a1)
    created = post(client, "/questionnaires", questionnaire_body(world))
    assert created.status_code == 201, created.content
    public_id = created.json()["public_id"]
    assert created.json()["status"] == "draft" and len(created.json()["questions"]) == 2
    opened = post(client, f"/questionnaires/{public_id}/open")
    assert opened.status_code == 200 and opened.json()["status"] == "open"
    question = opened.json()["questions"][0]["id"]
    paper = post(
        client,
        f"/questionnaires/{public_id}/paper-responses",
        {"paper_number": "12", "answers": [{"question_id": question, "selected": [1]}]},
    )
    assert paper.status_code == 201 and paper.json()["channel"] == ResponseChannel.PAPER
    twice = post(
        client,
        f"/questionnaires/{public_id}/paper-responses",
        {"paper_number": "12", "answers": [{"question_id": question, "selected": [0]}]},
    )
    assert twice.status_code == 400 and twice.json()["code"] == "paper_number_duplicate"
    closed = post(client, f"/questionnaires/{public_id}/close")
    assert closed.status_code == 200 and closed.json()["status"] == "closed"
    assert closed.json()["response_count"] == 1


def test_creation_errors_name_the_question(world):
    body = questionnaire_body(world, questions=[{"kind": "single", "text": "？", "choices": ["一"]}])
    response = post(client_for(world.worker_a1), "/questionnaires", body)
    assert response.status_code == 400 and "questions.1.choices" in response.json()["errors"]


@pytest.mark.parametrize("who", ["worker_b1", "worker_a2", "purchaser_b", "resident", "provider"])
def test_writes_outside_ones_community_are_refused(world, live, who):
    client = client_for(getattr(world, who))
    assert post(client, "/questionnaires", questionnaire_body(world)).status_code == 403
    assert post(client, f"/questionnaires/{live.public_id}/close").status_code == 403
    paper = post(client, f"/questionnaires/{live.public_id}/paper-responses", {"answers": answers_body(live)})
    assert paper.status_code == 403
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    assert post(client, f"/questionnaires/{draft.public_id}/open").status_code == 404
    live.refresh_from_db()
    draft.refresh_from_db()
    assert live.status == QuestionnaireStatus.OPEN and live.response_count == 0
    assert draft.status == QuestionnaireStatus.DRAFT
    assert Questionnaire.objects.filter(title="居民需求问卷").count() == 0


def test_anonymous_writes_are_unauthorized(world, live):
    assert post(client_for(), "/questionnaires", questionnaire_body(world)).status_code == 401
    assert post(client_for(), f"/questionnaires/{live.public_id}/close").status_code == 401
