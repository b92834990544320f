"""The shared test world: a district with two streets and three communities, and one person per role acting in it.

Contexts' test factories build on it (`build_world(make_user, names=…)`) instead of each keeping a copy; the names
and codes are parameters because each context's tests read better with the places their rules are about.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from huimin.core.models import Division, DivisionLevel, Role
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import division_create

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(day: date, hour: int = 10) -> datetime:
    """`day` at `hour` o'clock, Beijing time."""
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


@dataclass(frozen=True)
class Places:
    """Codes and names of the two streets (a, b), their communities (a1, a2, b1) and the purchasers' names."""

    street_a: tuple[str, str] = ("140213003", "东街街道")
    street_b: tuple[str, str] = ("140213004", "西街街道")
    community_a1: tuple[str, str] = ("140213003001", "水泉湾龙园社区")
    community_a2: tuple[str, str] = ("140213003002", "大有仓社区")
    community_b1: tuple[str, str] = ("140213004001", "帅府社区")


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


def build_world(make_user, places: Places = Places()) -> World:
    """The world, built through core's services; `make_user` is the root conftest fixture."""
    system = SystemActor("test")
    district = division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=system)

    def division(code_name: tuple[str, str], level: str, parent: Division) -> Division:
        code, name = code_name
        return division_create(code=code, name=name, level=level, parent=parent, actor=system)

    street_a = division(places.street_a, DivisionLevel.STREET, district)
    street_b = division(places.street_b, DivisionLevel.STREET, district)
    a1 = division(places.community_a1, DivisionLevel.COMMUNITY, street_a)
    a2 = division(places.community_a2, DivisionLevel.COMMUNITY, street_a)
    b1 = division(places.community_b1, DivisionLevel.COMMUNITY, street_b)
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
        purchaser_a=make_user(Role.PURCHASER, division=street_a, full_name=f"{street_a.name}办"),
        purchaser_b=make_user(Role.PURCHASER, division=street_b, full_name=f"{street_b.name}办"),
        admin=make_user(Role.DISTRICT_ADMIN, full_name="区民政局"),
        resident=make_user(Role.RESIDENT, full_name="王秀英", phone="13912345678"),
        resident_no_phone=make_user(Role.RESIDENT, full_name="李建国"),
        provider=make_user(Role.PROVIDER, full_name="阳光中心"),
    )
