"""Builders for the calls tests: a district with two streets, an intermediary (and a second one), a provider, an open
round with confirmed intentions, and calls drafted and published through the services.

Time: services take `now`; `at(day, hour)` gives an aware moment in Asia/Shanghai. `holidays(first, last)` marks
days as public holidays in the working-day calendar (the test database starts with an empty calendar: Monday to
Friday are working days until rows say otherwise).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from huimin.core.models import CalendarDay, Division, DivisionLevel, Organization, OrganizationType, Role
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import division_create, organization_create
from huimin.core.validators import generate_uscc
from huimin.needs.models import NeedCategory
from huimin.planning.models import Intention, IntentionStatus, Round, RoundStatus

from ..models import Call
from ..services.calls import call_create, call_publish

SHANGHAI = ZoneInfo("Asia/Shanghai")
_counter = itertools.count(1)
_districts = itertools.count(1)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on `day` in Asia/Shanghai (aware)."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


def holidays(first: date, last: date, name: str = "国庆节") -> None:
    day = first
    while day <= last:
        CalendarDay.objects.update_or_create(
            date=day, defaults={"kind": CalendarDay.Kind.HOLIDAY, "name": name, "source": "admin"}
        )
        day += timedelta(days=1)


def make_org(name: str | None = None, *, org_type: str = OrganizationType.SOCIAL_SERVICE) -> Organization:
    n = next(_counter)
    return organization_create(
        actor=SystemActor("test"),
        name=name or f"大同市平城区测试社会工作服务中心{n}",
        org_type=org_type,
        uscc=generate_uscc("5", "2", "140213", f"MJT{n:05d}"),
    )


def make_category(code: str = "calls_test_culture", name: str = "文化体育（测试）") -> NeedCategory:
    category, _ = NeedCategory.objects.get_or_create(code=code, defaults={"name": name})
    return category


def make_round(code: str | None = None, *, status: str = RoundStatus.OPEN) -> Round:
    n = next(_counter)
    return Round.objects.create(
        code=code or f"t{n}", name=f"平城区第{n}届政府向社会力量购买服务", year=2030, status=status
    )


def make_intention(
    round_: Round,
    purchaser: Division,
    *,
    budget: str = "50000",
    status: str = IntentionStatus.CONFIRMED,
    category: NeedCategory | None = None,
    title: str | None = None,
) -> Intention:
    n = next(_counter)
    return Intention.objects.create(
        number=f"I-{purchaser.code}-{round_.code}-{n:03d}",
        round=round_,
        purchaser=purchaser,
        title=title or f"社区太极拳培训{n}",
        category=category or make_category(),
        budget=Decimal(budget),
        status=status,
    )


@dataclass
class World:
    district: Division
    street: Division
    other_street: Division
    community: Division
    manager_org: Organization
    other_manager_org: Organization
    provider_org: Organization
    round: Round
    intention: Intention
    other_intention: Intention
    draft_intention: Intention
    manager: Actor
    other_manager: Actor
    admin: Actor
    provider: Actor
    purchaser: Actor
    nobody: Actor


def build_world(make_user: Any) -> World:
    system = SystemActor("test")
    n = next(_districts)
    district = division_create(code=f"15{n:04d}", name="平城区", level=DivisionLevel.DISTRICT, actor=system)
    street = division_create(
        code=f"15{n:04d}001", name="东街街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    other_street = division_create(
        code=f"15{n:04d}002", name="西街街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    community = division_create(
        code=f"15{n:04d}001001", name="龙园社区", level=DivisionLevel.COMMUNITY, parent=street, actor=system
    )
    manager_org = make_org("大同市毅源力社会组织发展中心")
    other_manager_org = make_org("大同市另一家项目管理中心")
    provider_org = make_org("大同市平城区阳光社会工作服务中心")
    round_ = make_round()
    return World(
        district=district,
        street=street,
        other_street=other_street,
        community=community,
        manager_org=manager_org,
        other_manager_org=other_manager_org,
        provider_org=provider_org,
        round=round_,
        intention=make_intention(round_, street, budget="60000"),
        other_intention=make_intention(round_, other_street, budget="40000"),
        draft_intention=make_intention(round_, street, status=IntentionStatus.DRAFT),
        manager=make_user(role=Role.PROJECT_MANAGER, organization=manager_org, username="manager"),
        other_manager=make_user(role=Role.PROJECT_MANAGER, organization=other_manager_org, username="other-manager"),
        admin=make_user(role=Role.DISTRICT_ADMIN, username="admin"),
        provider=make_user(role=Role.PROVIDER, organization=provider_org, username="provider"),
        purchaser=make_user(role=Role.PURCHASER, division=street, username="purchaser"),
        nobody=make_user(role=None, username="nobody"),
    )


@pytest.fixture
def world(make_user) -> World:
    return build_world(make_user)


@pytest.fixture
def times() -> tuple[datetime, datetime]:
    """Now, and a deadline 20 working days from today at 17:00 (a call open long enough to be published)."""
    from django.utils import timezone

    from huimin.core.calendar import add_working_days

    from ..rules import local_date

    now = timezone.now()
    return now, at(add_working_days(local_date(now), 20), 17)


def browser(actor: Actor | None = None):
    """A test client asking for English pages, signed in as `actor` (or anonymous)."""
    from django.test import Client

    client = Client(headers={"accept-language": "en"})
    if actor is not None and actor.user is not None:
        client.force_login(actor.user)
    return client


def draft_call(w: World, *, now: datetime, deadline: datetime, **fields: Any) -> Call:
    fields.setdefault("cap_per_project", Decimal("50000"))
    fields.setdefault("intentions", [w.intention, w.other_intention])
    return call_create(
        round=w.round,
        title=fields.pop("title", "平城区第二届政府向社会力量购买服务项目申报通知"),
        actor=w.manager,
        now=now,
        deadline=deadline,
        **fields,
    )


def published_call(w: World, *, now: datetime, deadline: datetime, **fields: Any) -> Call:
    call = draft_call(w, now=now, deadline=deadline, **fields)
    return call_publish(call=call, actor=w.manager, now=now)
