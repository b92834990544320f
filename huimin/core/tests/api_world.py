"""A small world for the /api/v1/ tests, built through the services: a district with one street and one
community, two social organizations, and JSON helpers."""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import Any

from huimin.core.models import DivisionLevel, OrganizationType, Role
from huimin.core.services import division_create, organization_create

VALID_MINFEI = "52140213MJY00001X9"  # 民办非企业单位, registered in 140213
VALID_SHETUAN = "51140213MJY000028C"  # 社会团体, registered in 140213
VALID_ENTERPRISE = "91350100M000100Y43"
WRONG_CHECK_CHARACTER = "52140213MJY00001X8"

API = "/api/v1"


def build_world(system_actor, make_user) -> SimpleNamespace:
    district = division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=system_actor)
    street = division_create(
        code="140213050", name="永泰街道", level=DivisionLevel.STREET, parent=district, actor=system_actor
    )
    community = division_create(
        code="140213050001", name="永泰社区", level=DivisionLevel.COMMUNITY, parent=street, actor=system_actor
    )
    sunshine = organization_create(
        actor=system_actor,
        name="平城区阳光社工服务中心",
        org_type=OrganizationType.SOCIAL_SERVICE,
        uscc=VALID_MINFEI,
        division=street,
        legal_representative="王芳",
        address="永泰南路 1 号",
        phone="0352-1234567",
    )
    elders = organization_create(
        actor=system_actor,
        name="平城区养老服务协会",
        org_type=OrganizationType.SOCIAL_GROUP,
        uscc=VALID_SHETUAN,
        division=district,
    )
    admin = make_user(Role.DISTRICT_ADMIN, username="admin", full_name="区管理员")
    provider = make_user(Role.PROVIDER, organization=sunshine, username="sunshine", full_name="阳光中心")
    purchaser = make_user(Role.PURCHASER, division=street, username="yongtai", full_name="永泰街道")
    return SimpleNamespace(
        district=district,
        street=street,
        community=community,
        sunshine=sunshine,
        elders=elders,
        admin=admin,
        provider=provider,
        purchaser=purchaser,
    )


def post_json(client, path: str, data: Any, **extra):
    return client.post(API + path, data=json.dumps(data), content_type="application/json", **extra)


def patch_json(client, path: str, data: Any, **extra):
    return client.patch(API + path, data=json.dumps(data), content_type="application/json", **extra)


def get(client, path: str, **extra):
    return client.get(API + path, **extra)
