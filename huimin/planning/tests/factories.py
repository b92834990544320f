"""Builders for the planning tests: a district with two streets and their communities, accepted (and other) needs
with residents' supports, a round with budgets, intentions.

Rounds, budgets and intentions are built through the planning services. Needs and supports are written directly:
they are the input of planning, and the needs context's own tests cover how they come about.

Import the fixture by name: `from .factories import world  # noqa: F401`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from huimin.core.models import Division, DivisionLevel, Role
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import division_create
from huimin.needs.models import Need, NeedCategory, NeedSource, NeedStatus, Support, SupportChannel
from huimin.planning.models import Intention, Round
from huimin.planning.services import (
    intention_confirm,
    intention_create,
    intention_listing_set,
    round_budget_set,
    round_create,
    round_open,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")
T0 = datetime(2020, 9, 1, 9, 0, tzinfo=SHANGHAI)

_seq = itertools.count(1)


def division(code: str, name: str, level: str, parent: Division | None = None, **extra: Any) -> Division:
    found = Division.objects.filter(code=code).first()
    if found is not None:
        return found
    return division_create(code=code, name=name, level=level, parent=parent, actor=SystemActor("test"), **extra)


def category(code: str = "wenti", name: str = "文化体育") -> NeedCategory:
    """A service category (the migrations seed some; transactional tests flush them, so make sure it exists)."""
    found = NeedCategory.objects.filter(code=code).first() or NeedCategory.objects.filter(name=name).first()
    return found or NeedCategory.objects.create(code=code, name=name)


def make_need(
    community: Division,
    *,
    title: str | None = None,
    status: str = NeedStatus.ACCEPTED,
    cat: NeedCategory | None = None,
    supports: int = 0,
    merged_into: Need | None = None,
    channel: str = SupportChannel.PHONE,
) -> Need:
    n = next(_seq)
    need = Need.objects.create(
        number=f"N-{community.code}-2020-{n:03d}",
        community=community,
        title=title or f"居民需求{n}",
        category=cat or category(),
        target_group="老年人",
        estimated_beneficiaries=30,
        description="社区老年人希望学习太极拳。",
        residents_asking=10,
        source=NeedSource.WORKER,
        submitted_at=T0,
        status=status,
        merged_into=merged_into,
        support_count=supports,
    )
    for k in range(supports):
        Support.objects.create(
            need=need,
            supporter_key=f"resident-{n}-{k}",
            channel=channel,
            created_at=T0 + timedelta(days=1, hours=k),
        )
    return need


def add_support(need: Need, key: str, *, channel: str = SupportChannel.ACCOUNT, at: datetime | None = None) -> None:
    Support.objects.create(need=need, supporter_key=key, channel=channel, created_at=at or T0 + timedelta(days=3))


def make_round(
    admin: Actor, code: str = "pc-2020", *, budgets: dict[Division, Any] | None = None, open_it: bool = True
) -> Round:
    r = round_create(code=code, name="平城区第二届政府向社会力量购买服务", year=2020, actor=admin)
    for purchaser, amount in (budgets or {}).items():
        round_budget_set(round=r, purchaser=purchaser, amount=amount, actor=admin)
    if open_it:
        round_open(round=r, actor=admin)
    r.refresh_from_db()
    return r


def make_intention(
    actor: Actor,
    r: Round,
    purchaser: Division,
    *,
    communities: list[Division],
    needs: list[Need] = (),  # type: ignore[assignment]
    budget: Any = "10000",
    title: str = "老年人太极拳培训",
    confirm: bool = False,
) -> Intention:
    intention = intention_create(
        round=r,
        purchaser=purchaser,
        title=title,
        category=category(),
        communities=communities,
        needs=list(needs),
        budget=budget,
        expected_beneficiaries=40,
        actor=actor,
    )
    if confirm:
        intention = intention_confirm(intention=intention, actor=actor)
    return intention


def list_in_call(intentions: list[Intention], *, title: str = "平城区第二届政府向社会力量购买服务项目申报通知") -> str:
    """What the calls context reports when it publishes a call listing `intentions` (planning's
    `intention_listing_set`); returns the call's number."""
    number = f"C-{intentions[0].round.code}-{next(_seq):03d}"
    intention_listing_set(
        call_number=number, call_title=title, intentions=intentions, actor=SystemActor("calls"), now=T0
    )
    return number


def unlist_from_call(number: str) -> None:
    """What the calls context reports when it cancels the published call `number`: it lists nothing any more."""
    intention_listing_set(call_number=number, call_title="", intentions=[], actor=SystemActor("calls"), now=T0)


@dataclass
class World:
    district: Division
    east: Division  # 东街街道
    west: Division  # 西街街道
    outsider: Division  # a township that does not take part
    longyuan: Division  # 水泉湾龙园社区 (东街)
    yingchun: Division  # 迎春里社区 (东街)
    liuyuan: Division  # 柳园巷社区 (西街)
    admin: Actor
    east_buyer: Actor
    west_buyer: Actor
    worker: Actor
    taiji: Need  # accepted, 龙园, 3 supports
    weiqi: Need  # accepted, 迎春里, 1 support
    submitted: Need  # 龙园, not yet accepted
    declined: Need  # 龙园
    west_need: Need  # accepted, 柳园巷
    round: Round  # open; 东街 100000, 西街 50000


def build_world(make_user) -> World:
    district = division("140213", "平城区", DivisionLevel.DISTRICT)
    east = division("140213003", "东街街道", DivisionLevel.STREET, district)
    west = division("140213004", "西街街道", DivisionLevel.STREET, district)
    outsider = division("140213201", "新旺乡", DivisionLevel.TOWNSHIP, district, takes_part=False)
    longyuan = division("140213003001", "水泉湾龙园社区", DivisionLevel.COMMUNITY, east)
    yingchun = division("140213003002", "迎春里社区", DivisionLevel.COMMUNITY, east)
    liuyuan = division("140213004001", "柳园巷社区", DivisionLevel.COMMUNITY, west)
    admin = make_user(Role.DISTRICT_ADMIN)
    east_buyer = make_user(Role.PURCHASER, division=east)
    west_buyer = make_user(Role.PURCHASER, division=west)
    worker = make_user(Role.COMMUNITY_WORKER, division=longyuan)
    r = make_round(admin, budgets={east: "100000", west: "50000"})
    return World(
        district=district,
        east=east,
        west=west,
        outsider=outsider,
        longyuan=longyuan,
        yingchun=yingchun,
        liuyuan=liuyuan,
        admin=admin,
        east_buyer=east_buyer,
        west_buyer=west_buyer,
        worker=worker,
        taiji=make_need(longyuan, title="太极拳", supports=3),
        weiqi=make_need(yingchun, title="围棋", supports=1),
        submitted=make_need(longyuan, title="英语", status=NeedStatus.SUBMITTED),
        declined=make_need(longyuan, title="广场舞", status=NeedStatus.DECLINED),
        west_need=make_need(liuyuan, title="国画", supports=2),
        round=r,
    )


@pytest.fixture
def world(db, make_user) -> World:
    return build_world(make_user)
