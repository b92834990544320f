"""A small credit world for the page and API tests: two reporting units with officers, published licensing and
penalty records of legal persons and natural persons (valid resident IDs), and records that are not public.

Import the fixtures by name: `from .pages_world import world, ...  # noqa: F401`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from django.utils import translation

from huimin.core.models import Role
from huimin.core.permissions import SystemActor
from huimin.core.validators import resident_id_check_char
from huimin.credit.models import LicensingRecord, PenaltyRecord
from huimin.credit.services.records import record_create, record_revoke

from .factories import at, licence_data, make_item, make_unit, natural_person, penalty_data

_seq = itertools.count(1)


def resident_id(area: str = "140213", birth: str = "19900101", sequence: int | None = None) -> str:
    """A valid 18-character resident ID number (GB 11643 check character)."""
    n = sequence if sequence is not None else next(_seq) % 1000
    first17 = f"{area}{birth}{n:03d}"
    return first17 + resident_id_check_char(first17)


# Natural persons of the world: (name, ID number). Compound surname, X check digit, a two-character name.
def _x_id() -> str:
    for n in range(1000):
        number = resident_id("140202", "19851231", n)
        if number.endswith("X"):
            return number
    raise AssertionError("no X check digit found")  # pragma: no cover


PERSONS: list[tuple[str, str]] = [
    ("欧阳明月", resident_id("140213", "19900101", 123)),
    ("张三丰", _x_id()),
    ("李雷", resident_id("140211", "20000229", 8)),
]


@dataclass
class World:
    unit_a: Any
    unit_b: Any
    officer_a: Any
    officer_b: Any
    admin: Any
    system: Any
    licence_a: LicensingRecord
    penalty_a: PenaltyRecord
    licence_b: LicensingRecord
    person_penalties: list[PenaltyRecord] = field(default_factory=list)
    person_licences: list[LicensingRecord] = field(default_factory=list)
    revoked: PenaltyRecord | None = None
    expired: PenaltyRecord | None = None


def build_world(make_user) -> World:
    system = SystemActor("test")
    unit_a = make_unit(name="大同市平城区市场监督管理局")
    unit_b = make_unit(name="大同市平城区卫生健康局")
    pen_a = make_item(unit_a, "penalty")
    lic_a = make_item(unit_a, "licensing")
    pen_b = make_item(unit_b, "penalty")
    lic_b = make_item(unit_b, "licensing")
    officer_a = make_user(role=Role.CREDIT_OFFICER, organization=unit_a.organization)
    officer_b = make_user(role=Role.CREDIT_OFFICER, organization=unit_b.organization)
    admin = make_user(role=Role.CREDIT_ADMIN)
    now = at(date(2026, 3, 12))
    with translation.override("en"):
        licence_a = record_create(
            kind="licensing",
            data=licence_data(unit_a, lic_a, subject_name="大同市平城区好味道餐饮有限公司", decision_date="2026/03/10"),
            actor=system,
            now=now,
        )
        penalty_a = record_create(
            kind="penalty",
            data=penalty_data(
                unit_a,
                pen_a,
                subject_name="大同市平城区好味道餐饮有限公司",
                decision_date="2026/03/10",
                remarks="已整改",
            ),
            actor=system,
            now=now,
        )
        licence_b = record_create(
            kind="licensing",
            data=licence_data(unit_b, lic_b, subject_name="大同市平城区康宁诊所有限公司", decision_date="2026/03/10"),
            actor=system,
            now=now,
        )
        person_penalties = []
        person_licences = []
        for index, (name, number) in enumerate(PERSONS):
            person_penalties.append(
                record_create(
                    kind="penalty",
                    data=penalty_data(
                        unit_a if index % 2 == 0 else unit_b,
                        pen_a if index % 2 == 0 else pen_b,
                        decision_date="2026/03/10",
                        facts=f"当事人{name}（身份证号{number}，电话13812345678）在平城区销售过期食品。",
                        content=f"对{name}罚款人民币伍仟元整",
                        fine_amount="0.5",
                        remarks=f"{name}已缴清罚款",
                        **natural_person(subject_name=name, person_id_number=number),
                    ),
                    actor=system,
                    now=now,
                )
            )
            person_licences.append(
                record_create(
                    kind="licensing",
                    data=licence_data(
                        unit_b,
                        lic_b,
                        decision_date="2026/03/10",
                        content=f"{name}的个人执业许可",
                        **natural_person(subject_name=name, person_id_number=number),
                    ),
                    actor=system,
                    now=now,
                )
            )
        revoked = record_create(
            kind="penalty",
            data=penalty_data(unit_a, pen_a, subject_name="大同市平城区撤销测试有限公司", decision_date="2026/03/10"),
            actor=system,
            now=now,
        )
        record_revoke(record=revoked, reason="复议撤销", actor=system)
        revoked.refresh_from_db()
        expired = record_create(
            kind="penalty",
            data=penalty_data(unit_a, pen_a, subject_name="大同市平城区过期公示有限公司", decision_date="2019/09/02"),
            actor=system,
            now=at(date(2019, 9, 3)),
        )
    # record_create returns the union of the two record kinds; each of these is known to be of its kind.
    return World(
        unit_a=unit_a,
        unit_b=unit_b,
        officer_a=officer_a,
        officer_b=officer_b,
        admin=admin,
        system=system,
        licence_a=licence_a,  # type: ignore[arg-type]
        penalty_a=penalty_a,  # type: ignore[arg-type]
        licence_b=licence_b,  # type: ignore[arg-type]
        person_penalties=person_penalties,  # type: ignore[arg-type]
        person_licences=person_licences,  # type: ignore[arg-type]
        revoked=revoked,  # type: ignore[arg-type]
        expired=expired,  # type: ignore[arg-type]
    )


@pytest.fixture
def world(make_user) -> World:
    return build_world(make_user)
