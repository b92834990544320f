# ruff: noqa: F811  (the world fixture is imported and used by name)
"""`huimin stats` counts rounds and intentions once `register_planning_stats()` has run (from the app's ready())."""

from __future__ import annotations

import pytest
from django.contrib import admin

from huimin.core.stats import collect
from huimin.planning.models import Intention, Round
from huimin.planning.stats import register_planning_stats

from .factories import make_intention, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_stats_count_rounds_and_intentions(world):
    register_planning_stats()
    make_intention(world.east_buyer, world.round, world.east, communities=[world.longyuan])
    make_intention(
        world.east_buyer, world.round, world.east, communities=[world.longyuan], needs=[world.taiji], confirm=True
    )
    counts = collect()
    assert (counts["rounds"], counts["intentions"], counts["confirmed_intentions"]) == (1, 2, 1)


def test_the_admin_shows_rounds_and_intentions_read_only(rf):
    assert admin.site.is_registered(Round) and admin.site.is_registered(Intention)
    request = rf.get("/admin/")
    for model in (Round, Intention):
        model_admin = admin.site.get_model_admin(model)
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request)
        assert not model_admin.has_delete_permission(request)
