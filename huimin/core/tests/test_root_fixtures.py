"""The shared fixtures of the root conftest.py behave as the other apps' tests expect."""

from __future__ import annotations

import pytest

from huimin.core.models import Division, DivisionLevel, Role


@pytest.mark.django_db
def test_make_user_returns_an_actor_holding_the_requested_role(make_user):
    division = Division.objects.create(code="140213", name="平城区", level=DivisionLevel.DISTRICT)
    actor = make_user(role=Role.DISTRICT_ADMIN, division=division, full_name="王芳")
    assert actor.is_authenticated
    assert actor.is_district_admin
    assert actor.user.full_name == "王芳"
    assert actor.user.check_password("a-good-Passw0rd")


@pytest.mark.django_db
def test_make_user_gives_each_user_a_distinct_username(make_user):
    first, second = make_user(role=Role.RESIDENT), make_user(role=Role.RESIDENT)
    assert first.user.username != second.user.username


@pytest.mark.django_db
def test_make_user_without_role_has_no_assignments(make_user):
    assert make_user().roles == frozenset()


def test_system_actor_is_district_wide(system_actor):
    assert system_actor.is_district_admin
    assert system_actor.audit_role == "system"


@pytest.mark.django_db
def test_client_for_is_signed_in_as_that_user(make_user, client_for):
    actor = make_user(role=Role.RESIDENT)
    client = client_for(actor)
    assert int(client.session["_auth_user_id"]) == actor.user.pk
