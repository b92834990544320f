"""Answers: once per resident (account or verified phone, the same phone either way), only while open, required
questions, valid option indexes, single vs multiple, text length; paper forms entered by the community."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.residents import resident_key_for_phone, resident_key_for_user
from huimin.core.services.errors import ServiceError
from huimin.surveys.models import Answer, Questionnaire, Response, ResponseChannel
from huimin.surveys.rules import TEXT_ANSWER_MAX, validate_response
from huimin.surveys.services import (
    questionnaire_close,
    questionnaire_update,
    response_enter_paper,
    response_paper_delete,
    response_submit,
)

from .factories import good_answers, make_questionnaire, qids

pytestmark = pytest.mark.usefixtures("english")


@pytest.fixture
def live(world):
    return make_questionnaire(world.community_a1, world.worker_a1, closes_in=timedelta(days=7))


def _count(q: Questionnaire) -> int:
    q.refresh_from_db()
    return q.response_count


# --- once per resident ------------------------------------------------------------------------------------------------


def test_resident_account_answers_once(world, live):
    response = response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident)
    assert response.channel == ResponseChannel.ONLINE and response.respondent == world.resident.user
    assert _count(live) == 1
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=live, answers=good_answers(live, single=0), actor=world.resident)
    assert err.value.error_code == "response_duplicate"
    assert "already answered" in err.value.messages[0]
    assert _count(live) == 1 and Response.objects.filter(questionnaire=live).count() == 1


def test_the_same_phone_answers_once_by_phone(world, live):
    key = resident_key_for_phone("139 1111 2222")
    anonymous = Actor.anonymous()
    response_submit(questionnaire=live, answers=good_answers(live), actor=anonymous, resident_key=key)
    with pytest.raises(ServiceError) as err:
        response_submit(
            questionnaire=live,
            answers=good_answers(live),
            actor=anonymous,
            resident_key=resident_key_for_phone("+86 139-1111-2222"),
        )
    assert err.value.error_code == "response_duplicate"


def test_account_then_the_same_phone_verified_is_the_same_resident(world, live):
    response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident)
    phone_key = resident_key_for_phone(world.resident.user.phone)
    assert phone_key == resident_key_for_user(world.resident.user)
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=live, answers=good_answers(live), actor=world.provider, resident_key=phone_key)
    assert err.value.error_code == "response_duplicate"


def test_phone_first_then_the_account_of_that_phone_is_refused(world, live):
    phone_key = resident_key_for_phone("13912345678")  # the resident account's number
    response_submit(
        questionnaire=live, answers=good_answers(live), actor=world.resident_no_phone, resident_key=phone_key
    )
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident)
    assert err.value.error_code == "response_duplicate"


def test_the_unique_constraint_holds_when_the_check_is_passed(world, live):
    """Two requests racing past the existence check: the database refuses the second."""
    from django.db import IntegrityError, transaction

    response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(
            questionnaire=live,
            channel=ResponseChannel.ONLINE,
            respondent_key=resident_key_for_user(world.resident.user),
            submitted_at=timezone.now(),
        )


def test_someone_who_is_neither_resident_nor_verified_cannot_answer(world, live):
    for actor in (world.worker_a1, world.provider, Actor.anonymous()):
        with pytest.raises(PermissionDenied):
            response_submit(questionnaire=live, answers=good_answers(live), actor=actor)
    assert _count(live) == 0


# --- the period -------------------------------------------------------------------------------------------------------


def test_a_closed_questionnaire_refuses_answers(world, live):
    questionnaire_close(questionnaire=live, actor=world.worker_a1)
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident)
    assert err.value.error_code == "response_not_accepted"
    assert "closed" in err.value.messages[0]


def test_answers_after_the_closing_time_are_refused_before_the_job_has_run(world, live):
    after = live.closes_at + timedelta(seconds=1)
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident, now=after)
    assert err.value.error_code == "response_not_accepted"
    just_before = live.closes_at - timedelta(seconds=1)
    response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident, now=just_before)


def test_a_draft_refuses_answers(world):
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=draft, answers=good_answers(draft), actor=world.resident)
    assert err.value.error_code == "response_not_accepted"
    with pytest.raises(ServiceError):
        response_enter_paper(questionnaire=draft, answers=good_answers(draft), actor=world.worker_a1)


def test_answers_before_the_opening_time_are_refused(world):
    start = timezone.now() + timedelta(days=1)
    q = make_questionnaire(world.community_a1, world.worker_a1, opens_at=start)
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=q, answers=good_answers(q), actor=world.resident)
    assert "takes answers from" in err.value.messages[0]
    response_submit(questionnaire=q, answers=good_answers(q), actor=world.resident, now=start)


# --- the answers ------------------------------------------------------------------------------------------------------


def _refused(world, q, answers) -> dict[str, list[str]]:
    with pytest.raises(ServiceError) as err:
        response_submit(questionnaire=q, answers=answers, actor=world.resident)
    assert err.value.error_code == "response_invalid"
    assert _count(q) == 0
    return err.value.message_dict


def test_required_questions_must_be_answered(world, live):
    single, multiple, text = qids(live)
    errors = _refused(world, live, {single: [], multiple: [1], text: "好"})
    assert list(errors) == [f"q{single}"] and "needs an answer" in errors[f"q{single}"][0]
    errors = _refused(world, live, {single: [0]})
    assert list(errors) == [f"q{multiple}"]


def test_an_optional_text_question_may_stay_blank(world, live):
    single, multiple, _text = qids(live)
    response = response_submit(questionnaire=live, answers={single: [0], multiple: [1]}, actor=world.resident)
    assert response.answers.count() == 2


@pytest.mark.parametrize("bad", [[3], [-1], ["1"], [True], [1.0]])
def test_option_indexes_must_exist(world, live, bad):
    single, multiple, _text = qids(live)
    errors = _refused(world, live, {single: bad, multiple: [0]})
    assert f"q{single}" in errors


def test_single_choice_takes_exactly_one_option(world, live):
    single, multiple, _text = qids(live)
    errors = _refused(world, live, {single: [0, 1], multiple: [0]})
    assert "exactly one" in errors[f"q{single}"][0]
    response_submit(questionnaire=live, answers={single: 2, multiple: [0]}, actor=world.resident)  # a bare index


def test_multiple_choice_takes_several_distinct_options(world, live):
    single, multiple, _text = qids(live)
    errors = _refused(world, live, {single: [0], multiple: [1, 1]})
    assert f"q{multiple}" in errors
    response = response_submit(questionnaire=live, answers={single: [0], multiple: [3, 0, 2]}, actor=world.resident)
    assert Answer.objects.get(response=response, question_id=multiple).selected == [0, 2, 3]


def test_unknown_questions_and_wrong_answer_types_are_refused(world, live):
    single, multiple, text = qids(live)
    other = qids(make_questionnaire(world.community_a2, world.worker_a2))[0]
    assert "answers" in _refused(world, live, {single: [0], multiple: [0], other: [0]})
    assert f"q{text}" in _refused(world, live, {single: [0], multiple: [0], text: [1]})
    assert f"q{multiple}" in _refused(world, live, {single: [0], multiple: "助餐"})


def test_text_answers_are_limited_by_characters_whatever_their_width(world, live):
    single, multiple, text = qids(live)
    mixed = ("希望增加ＡＢＣ英语班，Thanks！１２３" * 50)[:TEXT_ANSWER_MAX]
    assert len(mixed) == TEXT_ANSWER_MAX and len(mixed.encode()) > TEXT_ANSWER_MAX
    response = response_submit(
        questionnaire=live, answers={single: [0], multiple: [0], text: f"  {mixed}\r\n "}, actor=world.resident
    )
    assert Answer.objects.get(response=response, question_id=text).text == mixed
    q2 = make_questionnaire(world.community_b1, world.worker_b1)
    s2, m2, t2 = qids(q2)
    errors = _refused(world, q2, {s2: [0], m2: [0], t2: mixed + "。"})
    assert f"{TEXT_ANSWER_MAX}" in errors[f"q{t2}"][0]


def test_a_response_without_any_answer_is_refused(world, live):
    assert "answers" in _refused(
        world,
        make_questionnaire(
            world.community_a2, world.worker_a2, questions=[{"kind": "text", "text": "建议", "required": False}]
        ),
        {},
    )


def test_validation_alone_writes_nothing(world, live):
    validate_response(questionnaire=live, answers=good_answers(live))
    with pytest.raises(ServiceError):
        validate_response(questionnaire=live, answers={})
    assert _count(live) == 0


# --- paper forms ------------------------------------------------------------------------------------------------------


def test_worker_enters_paper_forms_without_a_key_and_they_count(world, live):
    single, multiple, text = qids(live)
    one = response_enter_paper(questionnaire=live, answers={single: [0], multiple: [1]}, actor=world.worker_a1)
    two = response_enter_paper(
        questionnaire=live, answers={text: "楼道灯坏了"}, paper_number="A-002", actor=world.worker_a1
    )
    assert one.channel == two.channel == ResponseChannel.PAPER
    assert one.respondent_key == "" and one.entered_by == world.worker_a1.user
    assert two.paper_number == "A-002"
    assert _count(live) == 2  # blanks on paper are entered as they are: required questions bind online answers


def test_paper_form_numbers_are_not_entered_twice(world, live):
    single, *_ = qids(live)
    response_enter_paper(questionnaire=live, answers={single: [0]}, paper_number="０１７", actor=world.worker_a1)
    with pytest.raises(ServiceError) as err:
        response_enter_paper(questionnaire=live, answers={single: [1]}, paper_number="０１７", actor=world.worker_a1)
    assert err.value.error_code == "paper_number_duplicate"
    assert _count(live) == 1


def test_an_empty_paper_form_is_refused(world, live):
    with pytest.raises(ServiceError) as err:
        response_enter_paper(questionnaire=live, answers={}, actor=world.worker_a1)
    assert "answers" in err.value.message_dict


@pytest.mark.parametrize("who", ["worker_a2", "worker_b1", "purchaser_b", "resident", "provider"])
def test_paper_forms_only_by_the_community_or_above(world, live, who):
    with pytest.raises(PermissionDenied):
        response_enter_paper(questionnaire=live, answers=good_answers(live), actor=getattr(world, who))


def test_purchaser_and_admin_may_enter_paper_forms(world, live):
    response_enter_paper(questionnaire=live, answers=good_answers(live), actor=world.purchaser_a)
    response_enter_paper(questionnaire=live, answers=good_answers(live), actor=world.admin)
    assert _count(live) == 2


def test_paper_forms_may_be_entered_for_a_week_after_closing(world, live):
    closed = questionnaire_close(questionnaire=live, actor=world.worker_a1)
    response_enter_paper(
        questionnaire=closed,
        answers=good_answers(closed),
        actor=world.worker_a1,
        now=closed.closed_at + timedelta(days=7),
    )
    with pytest.raises(ServiceError) as err:
        response_enter_paper(
            questionnaire=closed,
            answers=good_answers(closed),
            actor=world.worker_a1,
            now=closed.closed_at + timedelta(days=7, minutes=1),
        )
    assert err.value.error_code == "response_not_accepted"


def test_a_paper_form_taken_back_no_longer_counts_and_online_answers_stay(world, live):
    paper = response_enter_paper(questionnaire=live, answers=good_answers(live), actor=world.worker_a1)
    online = response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident)
    assert _count(live) == 2
    with pytest.raises(PermissionDenied):
        response_paper_delete(response=paper, actor=world.worker_b1)
    response_paper_delete(response=paper, actor=world.worker_a1)
    assert _count(live) == 1 and not Response.objects.filter(pk=paper.pk).exists()
    with pytest.raises(ServiceError):
        response_paper_delete(response=online, actor=world.worker_a1)
    assert _count(live) == 1


def test_extending_the_closing_time_lets_answers_in_again(world, live):
    late = live.closes_at + timedelta(hours=1)
    questionnaire_update(questionnaire=live, closes_at=live.closes_at + timedelta(days=1), actor=world.worker_a1)
    response_submit(questionnaire=live, answers=good_answers(live), actor=world.resident, now=late)
