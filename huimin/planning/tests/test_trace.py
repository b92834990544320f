# ruff: noqa: F811  (the world fixture is imported and used by name)
"""Traceability: from an intention (which a call, and so any later proposal or contract, reaches) back to the
residents' needs and supports behind it, without personal data. The walk from a call is in the calls' tests
(huimin/calls/tests/test_calls_trace.py)."""

from __future__ import annotations

import dataclasses

import pytest

from huimin.planning.selectors import SupportTrace, intention_trace, trace_to_needs
from huimin.planning.services import intention_confirm, intention_update

from .factories import add_support, make_intention, make_need, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_trace_carries_no_personal_data(world):
    intention = make_intention(
        world.east_buyer, world.round, world.east, communities=[world.longyuan], needs=[world.taiji]
    )
    trace = intention_trace(intention)
    support = trace.needs[0].supports[0]
    assert isinstance(support, SupportTrace)
    assert {f.name for f in dataclasses.fields(SupportTrace)} == {"supported_at", "channel"}
    keys = set(world.taiji.supports.values_list("supporter_key", flat=True))
    assert not any(key in repr(trace.needs[0].supports) for key in keys)


def test_trace_to_needs_lists_each_need_once_with_every_intention_behind_it(world):
    a = make_intention(
        world.east_buyer, world.round, world.east, communities=[world.longyuan], needs=[world.taiji], title="太极拳"
    )
    b = make_intention(
        world.east_buyer,
        world.round,
        world.east,
        communities=[world.longyuan, world.yingchun],
        needs=[world.taiji, world.weiqi],
        title="综合",
    )
    w = make_intention(world.west_buyer, world.round, world.west, communities=[world.liuyuan], needs=[world.west_need])
    traces = trace_to_needs([a, b, w])
    assert [t.need.number for t in traces] == [world.taiji.number, world.weiqi.number, world.west_need.number]
    assert traces[0].intention_numbers == sorted([a.number, b.number])
    assert traces[1].intention_numbers == [b.number]
    assert trace_to_needs([]) == []


def test_the_trace_follows_later_changes_of_the_links(world):
    intention = make_intention(
        world.east_buyer, world.round, world.east, communities=[world.longyuan, world.yingchun], needs=[world.taiji]
    )
    intention_update(intention=intention, needs=[world.weiqi], actor=world.east_buyer)
    intention_confirm(intention=intention, actor=world.east_buyer)
    assert [t.need for t in intention_trace(intention).needs] == [world.weiqi]
