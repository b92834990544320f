"""The audit event types of every app: one `<App>Event(StrEnum)` in `huimin/<app>/events.py`.

The values are stored in the audit trail, so they never change; each reads `<entity>.<what happened>` (a past
participle such as `need.created`, `user.sign_in_failed`, `screening.run`), and no value belongs to two apps.
"""

from __future__ import annotations

import importlib
import re
from collections import Counter
from enum import StrEnum
from pathlib import Path

import pytest

HUIMIN = Path(__file__).resolve().parents[1] / "huimin"
APPS_WITH_EVENTS = sorted(p.parent.name for p in HUIMIN.glob("*/events.py"))

FORM = re.compile(r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$")
# Past participles that do not end in -ed (and nouns naming what happened), as the event types use them.
IRREGULAR = frozenset({"run", "set", "withdrawn"})


def _enum_of(app: str) -> type[StrEnum]:
    module = importlib.import_module(f"huimin.{app}.events")
    name = f"{app.capitalize()}Event"
    enum = getattr(module, name, None)
    assert enum is not None, f"huimin/{app}/events.py has no class {name}(StrEnum)"
    assert issubclass(enum, StrEnum), f"{name} is not a StrEnum"
    return enum


def _says_what_happened(value: str) -> bool:
    words = value.rsplit(".", 1)[1].split("_")
    return any(word.endswith("ed") or word in IRREGULAR for word in words)


def test_the_apps_that_record_events_have_an_event_enum():
    assert {"core", "credit", "files", "needs", "screening", "surveys"} <= set(APPS_WITH_EVENTS)


@pytest.mark.parametrize("app", APPS_WITH_EVENTS)
def test_event_types_read_entity_dot_what_happened(app):
    enum = _enum_of(app)
    assert len(enum.__members__) == len(enum), f"{enum.__name__} gives one value two names (an alias)"
    bad = [m.value for m in enum if not FORM.match(m.value) or not _says_what_happened(m.value)]
    assert not bad, f"{enum.__name__}: not <entity>.<past participle or noun>: {bad}"


def test_no_event_type_belongs_to_two_apps():
    values = Counter(member.value for app in APPS_WITH_EVENTS for member in _enum_of(app))
    assert not [v for v, n in values.items() if n > 1]
