"""Results: counts and shares per option (paper forms included), answered counts, the latest free-text answers
without identity; and the scoped lists."""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.utils import timezone

from huimin.core.permissions import Actor
from huimin.core.residents import resident_key_for_phone
from huimin.surveys import selectors
from huimin.surveys.services import response_enter_paper, response_submit

from .factories import make_questionnaire, qids


@pytest.fixture
def answered(world):
    q = make_questionnaire(world.community_a1, world.worker_a1)
    single, multiple, text = qids(q)
    public = Actor.anonymous()
    response_submit(questionnaire=q, answers={single: [0], multiple: [0, 1], text: "希望有助餐"}, actor=world.resident)
    response_submit(
        questionnaire=q,
        answers={single: [1], multiple: [1]},
        actor=public,
        resident_key=resident_key_for_phone("13800000001"),
    )
    response_submit(
        questionnaire=q,
        answers={single: [1], multiple: [1, 2], text: "我的电话13912345678，身份证140213199001011233"},
        actor=public,
        resident_key=resident_key_for_phone("13800000002"),
    )
    response_enter_paper(questionnaire=q, answers={single: [2], multiple: [3]}, actor=world.worker_a1)
    response_enter_paper(questionnaire=q, answers={text: "纸质问卷：楼道灯坏了"}, actor=world.worker_a1)
    return q


def test_summary_counts_and_shares_include_paper_forms(answered):
    summary = selectors.questionnaire_summary(answered)
    assert (summary["responses"], summary["online"], summary["paper"]) == (5, 3, 2)
    single, multiple, text = summary["questions"]
    assert single["answered"] == 4
    assert [(o["count"], o["share"]) for o in single["options"]] == [(1, 0.25), (2, 0.5), (1, 0.25)]
    assert multiple["answered"] == 4
    assert [o["count"] for o in multiple["options"]] == [1, 3, 1, 1]
    assert multiple["options"][1]["share"] == 0.75  # shares of multiple choice may add up to more than 1
    assert text["answered"] == text["text_count"] == 3
    assert text["options"] == []
    json.dumps(summary)  # plain data


def test_free_text_results_carry_no_identity(answered, world):
    summary = selectors.questionnaire_summary(answered)
    texts = summary["questions"][2]["texts"]
    assert texts[0] == "纸质问卷：楼道灯坏了"  # the latest first
    assert "139****5678" in texts[1] and "13912345678" not in texts[1]
    assert "140213********1233" in texts[1] and "140213199001011233" not in texts[1]
    text = json.dumps(summary, ensure_ascii=False)
    for private in (world.resident.user.username, world.resident.user.full_name, "13912345678"):
        assert private not in text
    assert "respondent" not in text and "key" not in text


def test_only_the_latest_fifty_texts_are_listed(world):
    q = make_questionnaire(world.community_a1, world.worker_a1, questions=[{"kind": "text", "text": "建议"}])
    (text_id,) = qids(q)
    start = timezone.now()
    for n in range(55):
        response_enter_paper(
            questionnaire=q, answers={text_id: f"建议{n}"}, actor=world.worker_a1, now=start + timedelta(seconds=n)
        )
    row = selectors.questionnaire_summary(q)["questions"][0]
    assert row["text_count"] == 55 and len(row["texts"]) == 50
    assert row["texts"][0] == "建议54" and row["texts"][-1] == "建议5"


def test_an_unanswered_questionnaire_summarizes_to_zeros(world):
    q = make_questionnaire(world.community_a1, world.worker_a1)
    summary = selectors.questionnaire_summary(q)
    assert summary["responses"] == 0
    assert all(o["share"] == 0.0 for o in summary["questions"][0]["options"])


def test_lists_show_drafts_only_to_those_who_manage_them(world):
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    live = make_questionnaire(world.community_b1, world.worker_b1)
    public = set(selectors.public_questionnaire_list())
    assert live in public and draft not in public
    assert draft in set(selectors.questionnaire_list(actor=world.worker_a1))
    assert draft in set(selectors.questionnaire_list(actor=world.purchaser_a))
    assert draft not in set(selectors.questionnaire_list(actor=world.worker_a2))
    assert set(selectors.questionnaire_list(actor=world.worker_a1, managed=True)) == {draft}
    assert set(selectors.questionnaire_list(actor=world.admin, managed=True)) == {draft, live}
    with pytest.raises(selectors.QuestionnaireNotFound):
        selectors.questionnaire_get(actor=world.worker_b1, public_id=draft.public_id)
    with pytest.raises(selectors.QuestionnaireNotFound):
        selectors.questionnaire_get(actor=Actor.anonymous(), public_id="not-a-uuid")


def test_division_filter_of_a_street_includes_its_communities(world):
    a1 = make_questionnaire(world.community_a1, world.worker_a1)
    make_questionnaire(world.community_b1, world.worker_b1)
    assert list(selectors.public_questionnaire_list()) and set(
        selectors.questionnaire_list(actor=Actor.anonymous(), division=world.street_a)
    ) == {a1}
