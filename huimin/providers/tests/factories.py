"""Builders for the providers tests (and for the proposals and screening tests, which import them).

    w = build_world()                    # two provider organizations with a provider each, staff, a nobody
    org, actor = make_provider()         # an organization with a grade and last year's inspection, and its provider
    member = make_team_member(org)       # a team member written directly

Time: nothing depends on the wall clock. Services take `now=`; pass `NOW` explicitly (past projects' years are
checked against it). `at(day, hour)` gives an aware moment in Asia/Shanghai.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from huimin.core.models import (
    AnnualInspection,
    AnnualInspectionResult,
    Division,
    DivisionLevel,
    EvaluationGrade,
    Organization,
    OrganizationType,
    Role,
    RoleAssignment,
    User,
)
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import division_create, organization_create
from huimin.core.validators import generate_uscc

from ..models import Qualification, TeamMember

SHANGHAI = ZoneInfo("Asia/Shanghai")
_seq = itertools.count(1)


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    """A moment on `day` in Asia/Shanghai (aware)."""
    return datetime.combine(day, time(hour, minute), tzinfo=SHANGHAI)


NOW = at(date(2030, 9, 10), 10)
INSPECTION_YEAR = 2029  # the organizations' last annual inspection


# --- people and organizations ----------------------------------------------------------------------------------


def make_actor(
    role: str | None, *, division: Division | None = None, organization: Organization | None = None, name: str = ""
) -> Actor:
    """A user with one role assignment → its Actor (actor.user is the User)."""
    n = next(_seq)
    user = User.objects.create_user(username=name or f"p-{role or 'user'}-{n}", password="a-good-Passw0rd")
    if role is not None:
        RoleAssignment.objects.create(user=user, role=role, division=division, organization=organization)
    return Actor.for_user(user)


def make_org(
    name: str | None = None,
    *,
    org_type: str = OrganizationType.SOCIAL_SERVICE,
    founded_on: date | None = date(2016, 5, 1),
    inspection: str | None = AnnualInspectionResult.PASSED,
    grade: int | None = 3,
) -> Organization:
    """A provider organization with a valid credit code, registration, last year's inspection and a grade."""
    n = next(_seq)
    org = organization_create(
        actor=SystemActor("test"),
        name=name or f"大同市平城区测试社会工作服务中心{n}",
        org_type=org_type,
        uscc=generate_uscc("5", "2", "140213", f"MJP{n:05d}"),
        registration_authority="大同市平城区民政局",
        registration_number=f"晋同民证字第{n:06d}号",
        founded_on=founded_on,
        legal_representative="张建国",
        address="大同市平城区迎宾西街30号",
    )
    if inspection:
        AnnualInspection.objects.create(organization=org, year=INSPECTION_YEAR, result=inspection)
    if grade:
        EvaluationGrade.objects.create(
            organization=org, grade=grade, awarded_on=date(2028, 6, 1), valid_until=date(2033, 5, 31)
        )
    return org


def make_provider(org: Organization | None = None, **org_fields: Any) -> tuple[Organization, Actor]:
    """An organization and one provider user of it."""
    org = org or make_org(**org_fields)
    return org, make_actor(Role.PROVIDER, organization=org)


def make_team_member(
    org: Organization, name: str = "李晓红", *, qualification: str = Qualification.SOCIAL_WORKER, **fields: Any
) -> TeamMember:
    fields.setdefault("education", "本科 社会工作")
    fields.setdefault("position", "项目主管")
    fields.setdefault("phone", "13903520001")
    return TeamMember.objects.create(organization=org, name=name, qualification=qualification, **fields)


def make_division(code: str, name: str, level: str, parent: Division | None = None) -> Division:
    found = Division.objects.filter(code=code).first()
    return found or division_create(code=code, name=name, level=level, parent=parent, actor=SystemActor("test"))


# --- the world of the profile tests ------------------------------------------------------------------------------


@dataclass
class World:
    street: Division  # the purchaser's street
    manager_org: Organization
    provider_org: Organization
    provider: Actor
    other_provider_org: Organization
    other_provider: Actor
    manager: Actor  # project manager (an intermediary organization)
    admin: Actor  # district admin
    purchaser: Actor
    reviewer: Actor  # expert reviewer
    nobody: Actor  # signed in, no role


def build_world() -> World:
    n = next(_seq)
    district = make_division(f"15{n:04d}", "平城区", DivisionLevel.DISTRICT)
    street = make_division(f"15{n:04d}001", "东街街道", DivisionLevel.STREET, district)
    manager_org = make_org("大同市毅源力社会组织发展中心", grade=None)
    provider_org, provider = make_provider(name="大同市平城区阳光社会工作服务中心")
    other_provider_org, other_provider = make_provider(name="大同市平城区雅韵书画艺术研究会")
    return World(
        street=street,
        manager_org=manager_org,
        provider_org=provider_org,
        provider=provider,
        other_provider_org=other_provider_org,
        other_provider=other_provider,
        manager=make_actor(Role.PROJECT_MANAGER, organization=manager_org),
        admin=make_actor(Role.DISTRICT_ADMIN),
        purchaser=make_actor(Role.PURCHASER, division=street),
        reviewer=make_actor(Role.EXPERT_REVIEWER),
        nobody=make_actor(None),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()
