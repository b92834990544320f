"""Fixtures of the credit tests."""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture
def seeded_regimes(transactional_db):
    """Transactional tests run after others have emptied the tables: put back the regimes the migrations seed.

    (serialized_rollback would do it too, but on PostgreSQL it collides with the content types that every flush
    re-creates.)"""
    from django.apps import apps

    migration = importlib.import_module("huimin.credit.migrations.0002_regimes")
    migration.seed(apps, None)


@pytest.fixture
def unit(db):
    """The market regulator's reporting unit (modules that need another one define their own)."""
    from .factories import make_unit

    return make_unit("SCJ")


@pytest.fixture
def item(unit):
    """A penalty item of `unit`'s catalogue."""
    from .factories import make_item

    return make_item(unit, "penalty", "CF0001", name="对未取得食品经营许可从事食品经营的处罚")
