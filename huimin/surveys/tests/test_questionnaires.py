"""Writing, opening and closing questionnaires: who may, what a draft needs, what freezes once open, and the
scheduled close."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from huimin.audit.models import AuditEvent
from huimin.core.permissions import PermissionDenied, SystemActor
from huimin.core.schedule import periodic_jobs, run_due
from huimin.core.services.errors import ServiceError
from huimin.surveys.events import SurveysEvent
from huimin.surveys.models import Questionnaire, QuestionnaireStatus
from huimin.surveys.services import (
    question_add,
    question_move,
    question_remove,
    question_reorder,
    question_update,
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
    questionnaire_update,
    questionnaires_close_due,
)

from .factories import make_questionnaire, qids

pytestmark = pytest.mark.usefixtures("english")


def test_worker_creates_a_draft_with_questions_in_order(world):
    q = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    assert q.status == QuestionnaireStatus.DRAFT
    assert [x.position for x in q.questions.order_by("position")] == [1, 2, 3]
    assert q.questions.get(position=3).required is False
    assert AuditEvent.objects.filter(event_type=SurveysEvent.QUESTIONNAIRE_CREATED, target_id=str(q.pk)).exists()


def test_purchaser_creates_for_a_community_of_its_street_and_for_the_street_itself(world):
    make_questionnaire(world.community_a2, world.purchaser_a, opened=False)
    make_questionnaire(world.street_a, world.purchaser_a, opened=False)


@pytest.mark.parametrize(
    ("who", "where"),
    [
        ("worker_a1", "community_a2"),  # a neighbouring community of the same street
        ("worker_a1", "street_a"),  # the street above it
        ("worker_b1", "community_a1"),
        ("purchaser_b", "community_a1"),
        ("provider", "community_a1"),
        ("resident", "community_a1"),
    ],
)
def test_creating_outside_ones_own_community_or_street_is_refused(world, who, where):
    with pytest.raises(PermissionDenied):
        make_questionnaire(getattr(world, where), getattr(world, who), opened=False)


def test_a_bad_question_in_the_creation_names_it(world):
    with pytest.raises(ServiceError) as err:
        questionnaire_create(
            division=world.community_a1,
            title="调查",
            questions=[{"kind": "single", "text": "好吗？", "choices": ["好"]}],
            actor=world.worker_a1,
        )
    assert "questions.1.choices" in err.value.message_dict


def test_title_is_required_and_closing_must_follow_opening(world):
    now = timezone.now()
    with pytest.raises(ServiceError) as err:
        questionnaire_create(
            division=world.community_a1,
            title="　 ",  # a full-width space only
            opens_at=now + timedelta(days=2),
            closes_at=now + timedelta(days=1),
            actor=world.worker_a1,
        )
    assert set(err.value.message_dict) == {"title", "closes_at"}


def test_a_questionnaire_without_questions_cannot_open(world):
    q = questionnaire_create(division=world.community_a1, title="空问卷", actor=world.worker_a1)
    with pytest.raises(ServiceError) as err:
        questionnaire_open(questionnaire=q, actor=world.worker_a1)
    assert err.value.error_code == "questionnaire_not_ready"
    assert "questions" in err.value.message_dict


def test_a_stored_question_with_bad_options_stops_the_opening(world):
    q = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    broken = q.questions.get(position=1)
    broken.choices = ["是", "是"]  # as if written around the services
    broken.save()
    with pytest.raises(ServiceError) as err:
        questionnaire_open(questionnaire=q, actor=world.worker_a1)
    assert f"q{broken.pk}" in err.value.message_dict


def test_a_closing_time_in_the_past_stops_the_opening(world):
    q = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    questionnaire_update(questionnaire=q, closes_at=timezone.now() + timedelta(hours=1), actor=world.worker_a1)
    with pytest.raises(ServiceError) as err:
        questionnaire_open(questionnaire=q, actor=world.worker_a1, now=timezone.now() + timedelta(hours=2))
    assert "closes_at" in err.value.message_dict


def test_open_then_close_and_no_way_back(world):
    q = make_questionnaire(world.community_a1, world.worker_a1)
    assert q.status == QuestionnaireStatus.OPEN and q.published_at is not None
    with pytest.raises(ServiceError) as err:
        questionnaire_open(questionnaire=q, actor=world.worker_a1)
    assert err.value.error_code == "questionnaire_transition"
    q = questionnaire_close(questionnaire=q, actor=world.worker_a1)
    assert q.status == QuestionnaireStatus.CLOSED and q.closed_at is not None
    with pytest.raises(ServiceError):
        questionnaire_close(questionnaire=q, actor=world.worker_a1)


def test_another_community_cannot_open_or_close(world):
    draft = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    with pytest.raises(PermissionDenied):
        questionnaire_open(questionnaire=draft, actor=world.worker_a2)
    live = make_questionnaire(world.community_a1, world.worker_a1)
    for outsider in (world.worker_b1, world.purchaser_b, world.resident):
        with pytest.raises(PermissionDenied):
            questionnaire_close(questionnaire=live, actor=outsider)
    questionnaire_close(questionnaire=live, actor=world.purchaser_a)  # the street above may


# --- questions --------------------------------------------------------------------------------------------------------


def test_questions_change_only_in_draft(world):
    q = make_questionnaire(world.community_a1, world.worker_a1)
    first = q.questions.get(position=1)
    attempts = [
        lambda: question_add(questionnaire=q, kind="text", text="还有吗？", actor=world.worker_a1),
        lambda: question_update(question=first, text="改过的问题", actor=world.worker_a1),
        lambda: question_remove(question=first, actor=world.worker_a1),
        lambda: question_reorder(questionnaire=q, order=list(reversed(qids(q))), actor=world.worker_a1),
    ]
    for attempt in attempts:
        with pytest.raises(ServiceError) as err:
            attempt()
        assert err.value.error_code == "questionnaire_not_editable"
    assert q.questions.get(position=1).text == "您的年龄段？"


def test_an_open_questionnaire_changes_only_its_closing_time(world):
    q = make_questionnaire(world.community_a1, world.worker_a1)
    later = timezone.now() + timedelta(days=10)
    q = questionnaire_update(questionnaire=q, closes_at=later, actor=world.worker_a1)
    assert q.closes_at == later
    with pytest.raises(ServiceError) as err:
        questionnaire_update(questionnaire=q, title="新标题", actor=world.worker_a1)
    assert err.value.error_code == "questionnaire_not_editable"
    with pytest.raises(ServiceError):
        questionnaire_update(questionnaire=q, closes_at=timezone.now() - timedelta(minutes=1), actor=world.worker_a1)


@pytest.mark.parametrize(
    ("kind", "choices"),
    [
        ("single", ["唯一"]),  # fewer than two
        ("single", ["Ａ组", "a组"]),  # full-width and half-width, any case: the same option
        ("multiple", ["助餐", "助 餐"]),  # spaces do not make another option
        ("multiple", [f"选项{i}" for i in range(21)]),  # more than twenty
        ("single", ["好", "长" * 101]),  # an option longer than 100 characters
        ("text", ["不该有选项"]),  # free text has no options
    ],
)
def test_bad_options_are_refused(world, kind, choices):
    q = questionnaire_create(division=world.community_a1, title="调查", actor=world.worker_a1)
    with pytest.raises(ServiceError) as err:
        question_add(questionnaire=q, kind=kind, text="问题", choices=choices, actor=world.worker_a1)
    assert "choices" in err.value.message_dict
    assert not q.questions.exists()


def test_blank_options_are_dropped_and_a_long_chinese_option_fits(world):
    q = questionnaire_create(division=world.community_a1, title="调查", actor=world.worker_a1)
    question = question_add(
        questionnaire=q, kind="multiple", text="多选", choices=["助餐", "　", "长" * 100], actor=world.worker_a1
    )
    assert question.choices == ["助餐", "长" * 100]


def test_options_from_textarea_lines(world):
    q = questionnaire_create(division=world.community_a1, title="调查", actor=world.worker_a1)
    question = question_add(
        questionnaire=q, kind="single", text="满意吗？", choices="满意\r\n 一般 \n\n不满意", actor=world.worker_a1
    )
    assert question.choices == ["满意", "一般", "不满意"]


def test_remove_and_reorder_keep_positions_without_gaps(world):
    q = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    a, b, c = qids(q)
    question_reorder(questionnaire=q, order=[c, a, b], actor=world.worker_a1)
    assert qids(q) == [c, a, b]
    question_remove(question=q.questions.get(pk=a), actor=world.worker_a1)
    assert list(q.questions.order_by("position").values_list("pk", "position")) == [(c, 1), (b, 2)]
    question_move(question=q.questions.get(pk=b), offset=-1, actor=world.worker_a1)
    assert qids(q) == [b, c]
    question_move(question=q.questions.get(pk=b), offset=-1, actor=world.worker_a1)  # already first: no change
    assert qids(q) == [b, c]


@pytest.mark.parametrize("case", ["missing", "duplicate", "foreign"])
def test_reorder_needs_every_question_once(world, case):
    q = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    a, b, c = qids(q)
    other = qids(make_questionnaire(world.community_a1, world.worker_a1, opened=False))[0]
    order = {"missing": [a, b], "duplicate": [a, a, b], "foreign": [a, b, other]}[case]
    with pytest.raises(ServiceError) as err:
        question_reorder(questionnaire=q, order=order, actor=world.worker_a1)
    assert err.value.error_code == "question_order_invalid"
    assert qids(q) == [a, b, c]


def test_questions_of_another_community_cannot_be_changed(world):
    q = make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    with pytest.raises(PermissionDenied):
        question_add(questionnaire=q, kind="text", text="？", actor=world.worker_b1)
    with pytest.raises(PermissionDenied):
        question_remove(question=q.questions.first(), actor=world.worker_a2)


# --- scheduled close --------------------------------------------------------------------------------------------------


def test_scheduled_close_closes_due_questionnaires_once(world):
    due = make_questionnaire(world.community_a1, world.worker_a1, closes_in=timedelta(hours=1))
    later = make_questionnaire(world.community_a2, world.worker_a2, closes_in=timedelta(days=3))
    open_ended = make_questionnaire(world.community_b1, world.worker_b1)
    moment = timezone.now() + timedelta(hours=2)
    system = SystemActor("test")
    assert questionnaires_close_due(now=moment, actor=system) == 1
    assert questionnaires_close_due(now=moment, actor=system) == 0  # idempotent
    due.refresh_from_db()
    later.refresh_from_db()
    open_ended.refresh_from_db()
    assert due.status == QuestionnaireStatus.CLOSED and due.closed_at == due.closes_at
    assert later.status == QuestionnaireStatus.OPEN and open_ended.status == QuestionnaireStatus.OPEN
    closes = AuditEvent.objects.filter(event_type=SurveysEvent.QUESTIONNAIRE_CLOSED, target_id=str(due.pk))
    assert closes.count() == 1 and closes.get().payload["automatic"] is True


def test_scheduled_close_is_registered_and_runs_through_the_scheduler(world, django_capture_on_commit_callbacks):
    assert "surveys.close_due" in {job.name for job in periodic_jobs()}
    due = make_questionnaire(world.community_a1, world.worker_a1, closes_in=timedelta(hours=1))
    # Time passes: the closing time is now behind us (the task reads the real clock).
    Questionnaire.objects.filter(pk=due.pk).update(closes_at=timezone.now() - timedelta(minutes=1))
    with django_capture_on_commit_callbacks(execute=True):
        names = run_due(now=timezone.now())
    assert "surveys.close_due" in names
    due.refresh_from_db()
    assert due.status == QuestionnaireStatus.CLOSED


def test_only_the_platform_runs_the_scheduled_close(world):
    with pytest.raises(PermissionDenied):
        questionnaires_close_due(actor=world.worker_a1)


def test_the_desk_is_a_work_link_of_community_staff_with_their_drafts(world):
    from huimin.core.models import Role
    from huimin.core.worklinks import work_links

    make_questionnaire(world.community_a1, world.worker_a1, opened=False)
    make_questionnaire(world.community_b1, world.worker_b1, opened=False)
    links = {link.url: link for link in work_links(actor=world.worker_a1, role=Role.COMMUNITY_WORKER)}
    assert links["/surveys/manage/"].waiting == 1
    assert "/surveys/" in {link.url for link in work_links(actor=world.resident, role=Role.RESIDENT)}
