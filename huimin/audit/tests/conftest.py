"""Fixtures of the audit tests. The audit trail sits beneath every other app, so its tests reach core's models
only through the app registry."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model


@dataclass
class ActorStub:
    """Just what `audit_record` reads from an actor."""

    audit_label: str = "test"
    audit_role: str = "system"
    audit_scope: str = ""
    audit_user_id: int | None = None
    is_district_admin: bool = True


@pytest.fixture(autouse=True)
def _english_output(monkeypatch):
    """Command output in English, whatever the machine's locale."""
    monkeypatch.setenv("LANGUAGE", "en")
    monkeypatch.delenv("HUIMIN_LANGUAGE", raising=False)


@pytest.fixture
def system():
    return ActorStub()


def make_user(username: str, *roles: str):
    user = get_user_model().objects.create_user(username=username, password="x-Passw0rd-long")
    role_assignment = apps.get_model("core", "RoleAssignment")
    for role in roles:
        role_assignment.objects.create(user=user, role=role)
    return user


@pytest.fixture
def admin_user(db):
    return make_user("admin1", "district_admin")


@pytest.fixture
def resident_user(db):
    return make_user("resident1", "resident")


@pytest.fixture
def purchaser_user(db):
    return make_user("purchaser1", "purchaser")
