"""Builders for the needs tests: a district with two streets and three communities, the people who act on needs, and
needs built through the services (as the demonstration data is)."""

from __future__ import annotations

import importlib
import itertools
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from huimin.core.models import Division
from huimin.core.permissions import Actor
from huimin.core.testing.world import SHANGHAI, Places, World, at
from huimin.core.testing.world import build_world as build_core_world
from huimin.needs.models import Need, NeedCategory
from huimin.needs.services import need_create

__all__ = [
    "SHANGHAI",
    "World",
    "at",
    "build_world",
    "category",
    "make_need",
    "need_data",
    "pdf_file",
    "png_file",
    "seed_categories",
]

NEEDS_PLACES = Places(
    street_a=("140213051", "古城街道"),
    street_b=("140213050", "永泰街道"),
    community_a1=("140213051001", "兴云社区"),
    community_a2=("140213051002", "华严寺社区"),
    community_b1=("140213050001", "永泰社区"),
)
_n = itertools.count(1)


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


def build_world(make_user) -> World:
    world = build_core_world(make_user, NEEDS_PLACES)
    category("elderly")
    return world


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
