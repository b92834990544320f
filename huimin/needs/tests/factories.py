"""Builders for the needs tests: a district with two streets and three communities, the people who act on needs, and
needs built through the services (as the demonstration data is)."""

from __future__ import annotations

import importlib
import itertools
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from django.core.files.uploadedfile import SimpleUploadedFile

from huimin.core.models import Division, DivisionLevel, Role
from huimin.core.permissions import Actor, SystemActor
from huimin.core.services import division_create
from huimin.needs.models import Need, NeedCategory
from huimin.needs.services import need_create

SHANGHAI = ZoneInfo("Asia/Shanghai")
_n = itertools.count(1)


def at(day, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)


def seed_categories() -> None:
    """The catalogue the migration seeds (transactional tests empty the tables; this puts it back)."""
    from django.apps import apps

    importlib.import_module("huimin.needs.migrations.0002_seed_categories").seed(apps, None)


def category(code: str = "elderly") -> NeedCategory:
    found = NeedCategory.objects.filter(code=code).first()
    if found is None:
        seed_categories()
        found = NeedCategory.objects.get(code=code)
    return found


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
        code="140213051", name="古城街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    street_b = division_create(
        code="140213050", name="永泰街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    a1 = division_create(
        code="140213051001", name="兴云社区", level=DivisionLevel.COMMUNITY, parent=street_a, actor=system
    )
    a2 = division_create(
        code="140213051002", name="华严寺社区", level=DivisionLevel.COMMUNITY, parent=street_a, actor=system
    )
    b1 = division_create(
        code="140213050001", name="永泰社区", level=DivisionLevel.COMMUNITY, parent=street_b, actor=system
    )
    category("elderly")
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
        purchaser_a=make_user(Role.PURCHASER, division=street_a, full_name="古城街道办"),
        purchaser_b=make_user(Role.PURCHASER, division=street_b, full_name="永泰街道办"),
        admin=make_user(Role.DISTRICT_ADMIN, full_name="区民政局"),
        resident=make_user(Role.RESIDENT, full_name="王秀英", phone="13912345678"),
        resident_no_phone=make_user(Role.RESIDENT, full_name="李建国"),
        provider=make_user(Role.PROVIDER, full_name="阳光中心"),
    )


def need_data(**overrides: Any) -> dict[str, Any]:
    n = next(_n)
    data: dict[str, Any] = {
        "title": f"独居老人助餐服务{n}",
        "category": category("elderly"),
        "target_group": "独居老人",
        "description": "小区内独居老人较多，午餐没有着落，希望社区厨房提供助餐和送餐服务。",
        "estimated_beneficiaries": 60,
        "residents_asking": 35,
        "evidence_note": "2020年9月入户走访38户。",
    }
    data.update(overrides)
    return data


def make_need(community: Division, actor: Actor, **overrides: Any) -> Need:
    data = need_data(**overrides)
    return need_create(community=community, actor=actor, **data)


def png_file(name: str = "现场照片.png") -> SimpleUploadedFile:
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    content = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00"))
        + chunk(b"IEND", b"")
    )
    return SimpleUploadedFile(name, content, content_type="image/png")


def pdf_file(name: str = "调查.pdf") -> SimpleUploadedFile:
    content = (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%%EOF\n"
    )
    return SimpleUploadedFile(name, content, content_type="application/pdf")
