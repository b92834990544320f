"""Builders for the surveys tests: a district with two streets and three communities, the people who act on
questionnaires, and questionnaires built through the services."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from huimin.core.models import Division
from huimin.core.permissions import Actor
from huimin.core.testing.world import SHANGHAI, World, at, build_world
from huimin.surveys.models import Questionnaire
from huimin.surveys.services import questionnaire_create, questionnaire_open

__all__ = ["SHANGHAI", "World", "at", "build_world"]


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
