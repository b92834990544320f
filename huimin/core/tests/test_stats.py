"""`huimin stats`: a registry of counters that every app can extend."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command

from huimin.core import stats
from huimin.core.models import Division, DivisionLevel

CORE_COUNTERS = {"divisions", "communities", "organizations", "users", "role_assignments", "audit_events"}


@pytest.fixture
def extra_counter():
    stats.register_counter("test_widgets", lambda: 7, label="Widgets")
    yield
    stats.unregister_counter("test_widgets")


def test_core_registers_its_counters():
    assert CORE_COUNTERS <= {c.name for c in stats.counters()}


@pytest.mark.parametrize("name", ["Divisions", "audit-events", "1st", "", "a__b", "trailing_"])
def test_counter_name_that_is_not_snake_case_is_refused(name):
    with pytest.raises(ValueError, match="snake_case"):
        stats.register_counter(name, lambda: 0)


def test_counter_without_a_callable_is_refused():
    with pytest.raises(TypeError):
        stats.register_counter("widgets", 3)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_collect_runs_every_counter_with_keys_sorted(extra_counter):
    result = stats.collect()
    assert list(result) == sorted(result)
    assert result["test_widgets"] == 7
    assert CORE_COUNTERS <= set(result)


@pytest.mark.django_db
def test_stats_json_is_one_flat_object_of_integers(extra_counter, system_actor):
    from huimin.core.services import division_create

    district = division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=system_actor)
    street = division_create(code="140213003", name="东街街道", level="street", parent=district, actor=system_actor)
    division_create(code="140213003001", name="水泉湾龙园社区", level="community", parent=street, actor=system_actor)
    out = io.StringIO()
    call_command("stats", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert all(type(v) is int for v in result.values())
    assert result["divisions"] == Division.objects.count() == 3
    assert result["communities"] == 1
    assert result["audit_events"] == 3
    assert result["test_widgets"] == 7


@pytest.mark.django_db
def test_stats_table_lists_labels_keys_and_counts(extra_counter):
    out = io.StringIO()
    call_command("stats", stdout=out)
    lines = out.getvalue().splitlines()
    assert any("Widgets" in line and "test_widgets" in line and line.rstrip().endswith("7") for line in lines)


def test_display_width_counts_chinese_characters_twice():
    from huimin.core.management.commands.stats import display_width, pad

    assert display_width("社区") == 4
    assert display_width(pad("社区", 6)) == 6
