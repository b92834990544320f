"""Personal numbers typed into a call's published text (issue 9): a call's title, text and rules, its documents'
names, an amendment's reason and changes, a provider's question and the manager's answer reach the public page and
the public API masked (huimin.calls.presenters); the call's managers (and the asker, for its own question) read them
as written in the API; a provider is asked to remove a number from its question; a public search does not find a
hidden number by its digits; every text field of the calls' models is masked or declared not free text."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

from typing import Any

import pytest
from django.db import models
from django.utils import translation

from huimin.calls import presenters
from huimin.calls.models import CallQuestion
from huimin.calls.rules import default_rules_json
from huimin.calls.services import call_amend, call_question_answer, call_question_ask
from huimin.core.masking import normalize_digits

from .factories_calls import at, browser, published_call, times, world  # noqa: F401

pytestmark = pytest.mark.django_db

ID = "140213199001011233"
ID_SPACED = "140213 19900101 1233"
ID_MASKED = "140213********1233"
MOBILE = "13903520001"
MOBILE_GROUPED = "+86 139 0352 0001"
MOBILE_MASKED = "139****0001"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def shows_a_number(body: str) -> bool:
    flat = normalize_digits(body)
    return ID in flat or MOBILE in flat


def call_with_numbers(world, times):
    now, deadline = times
    rules = default_rules_json()
    rules["required_documents"][0]["description"] = f"联系人身份证{ID_SPACED}"
    rules["review_criteria"][0]["description"] = f"咨询电话{MOBILE_GROUPED}"
    rules["eligibility"]["other_conditions"] = f"联系人身份证ID{ID}"
    return published_call(
        world,
        now=now,
        deadline=deadline,
        title=f"养老服务项目 联系电话{MOBILE}",
        body=f"联系人身份证号：{ID_SPACED}，电话{MOBILE_GROUPED}。",
        **rules,
    )


def test_a_calls_title_text_and_rules_reach_the_public_masked(world, times):
    call = call_with_numbers(world, times)
    page = browser().get(f"/calls/{call.public_id}/").content.decode()
    assert not shows_a_number(page)
    assert ID_MASKED in page and MOBILE_MASKED in page
    listing = browser().get("/calls/").content.decode()
    assert not shows_a_number(listing) and MOBILE_MASKED in listing
    for url in (f"/api/v1/calls/{call.public_id}", "/api/v1/calls"):
        body = browser().get(url).content.decode()
        assert not shows_a_number(body), url
        assert MOBILE_MASKED in body


def test_a_calls_managers_read_its_text_as_written_in_the_api(world, times):
    call = call_with_numbers(world, times)
    data = browser(world.manager).get(f"/api/v1/calls/{call.public_id}").json()
    assert data["title"] == f"养老服务项目 联系电话{MOBILE}"
    assert data["body"] == call.body
    assert data["required_documents"][0]["description"] == f"联系人身份证{ID_SPACED}"


def test_a_question_and_its_answer_reach_the_public_masked(world, times):
    call = call_with_numbers(world, times)
    question = call_question_ask(call=call, question=f"我方联系人身份证{ID_SPACED}，可以吗？", actor=world.provider)
    call_question_answer(question=question, answer=f"请拨打{MOBILE_GROUPED}咨询。", actor=world.manager)
    for url in (f"/calls/{call.public_id}/", f"/api/v1/calls/{call.public_id}/questions"):
        body = browser().get(url).content.decode()
        assert not shows_a_number(body), url
        assert ID_MASKED in body and MOBILE_MASKED in body
    # the asking organization reads its own question as written, the public does not read the asker
    own = browser(world.provider).get(f"/api/v1/calls/{call.public_id}/questions").json()
    assert own[0]["question"] == question.question and own[0]["organization"] == world.provider_org.name
    public = browser().get(f"/api/v1/calls/{call.public_id}/questions").json()
    assert public[0]["organization"] is None


def test_an_amendments_reason_and_changes_reach_the_public_masked(world, times):
    call = call_with_numbers(world, times)
    call_amend(
        call=call,
        changes={"body": f"新的联系人：{MOBILE}"},
        reason=f"联系人变更，身份证{ID}",
        actor=world.manager,
    )
    for url in (f"/calls/{call.public_id}/", f"/api/v1/calls/{call.public_id}/amendments"):
        body = browser().get(url).content.decode()
        assert not shows_a_number(body), url
        assert ID_MASKED in body and MOBILE_MASKED in body
    amendments = browser(world.manager).get(f"/api/v1/calls/{call.public_id}/amendments").json()
    assert amendments[0]["reason"] == f"联系人变更，身份证{ID}"


def test_a_provider_is_asked_to_remove_a_phone_number_from_a_question(world, times):
    call = call_with_numbers(world, times)
    response = browser(world.provider).post(
        f"/calls/{call.public_id}/ask/", {"question": f"可否电话联系{MOBILE_GROUPED}？"}
    )
    assert response.status_code == 400
    assert "Please remove it" in response.content.decode()
    assert not CallQuestion.objects.filter(call=call).exists()
    response = browser(world.provider).post(f"/calls/{call.public_id}/ask/", {"question": "劳务费是否包含补贴？"})
    assert response.status_code == 302
    assert CallQuestion.objects.filter(call=call).count() == 1


def test_a_public_call_search_does_not_find_a_hidden_number_by_its_digits(world, times):
    call = call_with_numbers(world, times)
    found = browser().get("/api/v1/calls", {"q": MOBILE}).json()
    assert found["count"] == 0 if isinstance(found, dict) else found == []
    found = browser().get("/api/v1/calls", {"q": "养老服务"}).json()
    items = found["items"] if isinstance(found, dict) else found
    assert [c["public_id"] for c in items] == [str(call.public_id)]
    managed = browser(world.manager).get("/api/v1/calls", {"q": MOBILE}).json()
    items = managed["items"] if isinstance(managed, dict) else managed
    assert [c["public_id"] for c in items] == [str(call.public_id)]


def _text_fields(model: type[models.Model]) -> set[str]:
    return {
        f.name
        for f in model._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField) and not f.is_relation
    }


@pytest.mark.parametrize("model", list(presenters.NOT_FREE_TEXT))
def test_every_text_field_of_the_calls_models_is_masked_for_the_public_or_declared_not_free_text(model):
    views: dict[Any, Any] = {
        "Call": presenters.PublicCall,
        "CallAmendment": presenters.PublicAmendment,
        "CallQuestion": presenters.PublicQuestion,
    }
    view = views[model.__name__]
    decided = set(view.text_fields) | set(presenters.NOT_FREE_TEXT[model])
    undecided = _text_fields(model) - decided
    assert not undecided, f"{model.__name__}: mask {sorted(undecided)} in huimin.calls.presenters or declare them"
