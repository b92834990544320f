"""`huimin stats` counts needs by status, supports and the categories in use."""

from __future__ import annotations

import pytest

from huimin.core.stats import collect
from huimin.needs.services import need_accept, need_category_deactivate, need_decline, need_merge, need_support

from .factories import category, make_need

pytestmark = pytest.mark.django_db


def test_the_counters_follow_needs_and_supports(world):
    before = collect()
    a = make_need(world.community_a1, world.worker_a1)
    b = make_need(world.community_a1, world.worker_a1)
    c = make_need(world.community_a1, world.worker_a1)
    d = make_need(world.community_a1, world.worker_a1)
    need_accept(need=a, actor=world.worker_a1)
    need_merge(need=b, into=a, answer="合并", actor=world.worker_a1)
    need_decline(need=c, answer="否", actor=world.worker_a1)
    need_support(need=a, actor=world.resident)
    need_support(need=d, actor=world.resident)
    need_category_deactivate(category=category("kitchen"), actor=world.admin)
    after = collect()
    assert after["needs"] - before["needs"] == 4
    assert after["needs_submitted"] - before["needs_submitted"] == 1
    assert after["needs_accepted"] - before["needs_accepted"] == 1
    assert after["needs_merged"] - before["needs_merged"] == 1
    assert after["needs_declined"] - before["needs_declined"] == 1
    assert after["need_supports"] - before["need_supports"] == 2
    assert after["need_categories"] == before["need_categories"] - 1


def test_the_stats_command_lists_the_needs_counters(world, capsys):
    from django.core.management import call_command

    make_need(world.community_a1, world.worker_a1)
    call_command("stats")
    out = capsys.readouterr().out
    assert "needs" in out or "需求" in out
