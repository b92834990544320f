"""Personal numbers in what a community worker writes into a questionnaire (issue 9): its title, introduction,
questions and options are published, so the list, the answer page, the results and the public API show them masked
(huimin.surveys.presenters); the worker reads them as written in the API; a public search does not find a hidden
number by its digits."""

from __future__ import annotations

import pytest
from django.test import Client

from huimin.core.masking import normalize_digits
from huimin.surveys.services import response_submit

from .factories import good_answers, make_questionnaire

pytestmark = pytest.mark.django_db

ID = "140213199001011233"
MOBILE = "13903520001"


def shows_a_number(body: str) -> bool:
    flat = normalize_digits(body)
    return ID in flat or MOBILE in flat


@pytest.fixture
def questionnaire(world):
    questionnaire = make_questionnaire(
        world.community_a1,
        world.worker_a1,
        title=f"居民需求调查（联系人{MOBILE}）",
        description=f"有疑问请致电 139-0352-0001，或带身份证 {ID[:6]} {ID[6:14]} {ID[14:]} 来社区。",
        questions=[
            {"kind": "single", "text": f"年龄段？（咨询{MOBILE}）", "choices": ["60岁以下", f"其他，请打+86{MOBILE}"]},
            {"kind": "multiple", "text": "需要哪些服务？", "choices": ["助餐", f"ID{ID}"]},
            {"kind": "text", "text": "其他建议", "required": False},
        ],
    )
    response_submit(
        questionnaire=questionnaire, answers=good_answers(questionnaire, multiple=(0, 1)), actor=world.resident
    )
    return questionnaire


def test_a_questionnaires_text_reaches_the_public_masked(questionnaire):
    client = Client(headers={"accept-language": "zh-CN"})
    for url in (
        "/surveys/",
        f"/surveys/{questionnaire.public_id}/",
        f"/surveys/{questionnaire.public_id}/results/",
        "/api/v1/questionnaires",
        f"/api/v1/questionnaires/{questionnaire.public_id}",
        f"/api/v1/questionnaires/{questionnaire.public_id}/results",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not shows_a_number(body), url
        assert "139****0001" in body, url


def test_the_worker_reads_the_questionnaire_as_written_in_the_api(world, questionnaire):
    client = Client()
    client.force_login(world.worker_a1.user)
    data = client.get(f"/api/v1/questionnaires/{questionnaire.public_id}").json()
    assert data["title"] == questionnaire.title and data["description"] == questionnaire.description


def test_a_public_questionnaire_search_does_not_find_a_hidden_number_by_its_digits(questionnaire):
    client = Client()
    assert client.get("/api/v1/questionnaires", {"q": MOBILE}).json()["count"] == 0
    assert client.get("/api/v1/questionnaires", {"q": "居民需求"}).json()["count"] == 1
