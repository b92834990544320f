# ruff: noqa: F811  (the world fixture is imported and used by name)
"""Traceability: from a call (and so from any later proposal or contract that reaches its intention) back to the
residents' needs and supports behind it, without personal data."""

from __future__ import annotations

import dataclasses

import pytest

from huimin.calls.selectors_planning import IntentionTrace, SupportTrace, intention_trace, trace_to_needs
from huimin.calls.services import intention_confirm, intention_update
from huimin.needs.models import NeedStatus, SupportChannel

from .factories_planning import add_support, make_call, make_intention, make_need, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_from_a_call_one_walks_back_to_the_needs_and_supports(world):
    # Residents supported 太极拳 (3 by phone) and a similar need that the community merged into it (2, one of them
    # a resident who had also supported 太极拳).
    similar = make_need(world.longyuan, title="老年太极", status=NeedStatus.MERGED, merged_into=world.taiji)
    add_support(similar, "resident-new-1", channel=SupportChannel.ACCOUNT)
    taiji_supporter = world.taiji.supports.order_by("created_at").first().supporter_key
    add_support(similar, taiji_supporter)
    intention = make_intention(
        world.east_buyer,
        world.round,
        world.east,
        communities=[world.longyuan, world.yingchun],
        needs=[world.taiji, world.weiqi],
        budget="30000",
        confirm=True,
    )
    call = make_call(world.round, [intention])

    # A later context holds the call (or a proposal/contract pointing at its intention) and walks back.
    behind = call.intentions.get()
    trace = intention_trace(behind)

    assert isinstance(trace, IntentionTrace)
    assert [c.name for c in trace.communities] == ["水泉湾龙园社区", "迎春里社区"]
    assert [t.need.number for t in trace.needs] == [world.taiji.number, world.weiqi.number]
    taiji, weiqi = trace.needs
    assert taiji.community == world.longyuan and weiqi.community == world.yingchun
    assert (taiji.support_count, weiqi.support_count) == (3, 1)
    assert [m.need.number for m in taiji.merged] == [similar.number]
    assert taiji.merged[0].support_count == 2
    assert taiji.total_support_count == 5
    assert taiji.resident_count == 4  # the resident who supported both counts once
    assert trace.support_count == 6 and trace.need_count == 2
    assert taiji.intention_numbers == [intention.number]
    channels = {s.channel for s in taiji.supports}
    assert channels == {SupportChannel.PHONE}
    assert [s.supported_at for s in taiji.supports] == sorted(s.supported_at for s in taiji.supports)


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
