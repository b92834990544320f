"""Fixtures of the surveys tests."""

from __future__ import annotations

import pytest
from django.utils import translation

from huimin.core import sms

from .factories import build_world


@pytest.fixture(autouse=True)
def empty_outbox():
    sms.outbox.clear()
    yield
    sms.outbox.clear()


@pytest.fixture
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def world(db, make_user):
    return build_world(make_user)
