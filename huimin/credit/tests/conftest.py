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
