"""Builders for the surveys tests: a district with two streets and three communities, the people who act on
questionnaires, and questionnaires built through the services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from huimin.core.models import Division, DivisionLevel, Role
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import division_create
from huimin.surveys.models import Questionnaire
from huimin.surveys.services import questionnaire_create, questionnaire_open

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@dataclass
class World:
    system: Actor
    district: Division
    street_a: Division
    street_b: Division
    community_a1: Division
    community_a2: Division
    community_b1: Division
    worker_a1: Actor
    worker_a2: Actor
    worker_b1: Actor
    purchaser_a: Actor
    purchaser_b: Actor
    admin: Actor
    resident: Actor  # a resident account with a mobile phone
    resident_no_phone: Actor
    provider: Actor


def build_world(make_user) -> World:
    system = SystemActor("test")
    district = division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=system)
    street_a = division_create(
        code="140213003", name="东街街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    street_b = division_create(
        code="140213004", name="西街街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    a1 = division_create(
        code="140213003001", name="水泉湾龙园社区", level=DivisionLevel.COMMUNITY, parent=street_a, actor=system
    )
    a2 = division_create(
        code="140213003002", name="大有仓社区", level=DivisionLevel.COMMUNITY, parent=street_a, actor=system
    )
    b1 = division_create(
        code="140213004001", name="帅府社区", level=DivisionLevel.COMMUNITY, parent=street_b, actor=system
    )
    return World(
        system=system,
        district=district,
        street_a=street_a,
        street_b=street_b,
        community_a1=a1,
        community_a2=a2,
        community_b1=b1,
        worker_a1=make_user(Role.COMMUNITY_WORKER, division=a1, full_name="刘社工"),
        worker_a2=make_user(Role.COMMUNITY_WORKER, division=a2, full_name="陈社工"),
        worker_b1=make_user(Role.COMMUNITY_WORKER, division=b1, full_name="赵社工"),
        purchaser_a=make_user(Role.PURCHASER, division=street_a, full_name="东街街道办"),
        purchaser_b=make_user(Role.PURCHASER, division=street_b, full_name="西街街道办"),
        admin=make_user(Role.DISTRICT_ADMIN, full_name="区民政局"),
        resident=make_user(Role.RESIDENT, full_name="王秀英", phone="13912345678"),
        resident_no_phone=make_user(Role.RESIDENT, full_name="李建国"),
        provider=make_user(Role.PROVIDER, full_name="阳光中心"),
    )


def questions() -> list[dict[str, Any]]:
    """Three questions: single choice (required), multiple choice (required), free text (optional)."""
    return [
        {"kind": "single", "text": "您的年龄段？", "choices": ["60岁以下", "60–79岁", "80岁及以上"]},
        {"kind": "multiple", "text": "您最需要哪些服务？", "choices": ["助餐", "日间照料", "文体活动", "法律咨询"]},
        {"kind": "text", "text": "其他建议", "required": False},
    ]


def make_questionnaire(
    community: Division, actor: Actor, *, opened: bool = True, closes_in: timedelta | None = None, **overrides: Any
) -> Questionnaire:
    now = timezone.now()
    data: dict[str, Any] = {
        "title": "2020年社区居民服务需求调查",
        "description": "请花两分钟告诉我们您需要的服务。",
        "questions": questions(),
        "closes_at": now + closes_in if closes_in is not None else None,
    }
    data.update(overrides)
    questionnaire = questionnaire_create(division=community, actor=actor, **data)
    if opened:
        questionnaire = questionnaire_open(questionnaire=questionnaire, actor=actor, now=now)
    return questionnaire


def qids(questionnaire: Questionnaire) -> list[int]:
    return list(questionnaire.questions.order_by("position").values_list("pk", flat=True))


def good_answers(questionnaire: Questionnaire, *, single: int = 1, multiple=(0, 2), text: str = "") -> dict[int, Any]:
    single_id, multiple_id, text_id = qids(questionnaire)
    return {single_id: [single], multiple_id: list(multiple), text_id: text}
