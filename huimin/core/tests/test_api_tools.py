"""/api/v1/checks, /api/v1/calendar and /api/v1/audit."""

from __future__ import annotations

import pytest
from django.test import Client

from .api_world import VALID_MINFEI, WRONG_CHECK_CHARACTER, build_world, get, patch_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system_actor, make_user):
    return build_world(system_actor, make_user)


# --- credit codes -------------------------------------------------------------------------------------------------


def test_a_valid_credit_code_checks_out_with_its_parts():
    response = get(Client(), f"/checks/uscc/{VALID_MINFEI}")
    assert response.status_code == 200
    body = response.json()
    assert body["valid"] is True
    assert body["errors"] == []
    assert body["code"] == VALID_MINFEI
    assert body["region"] == "140213"


def test_a_credit_code_with_a_wrong_check_character_says_why():
    body = get(Client(), f"/checks/uscc/{WRONG_CHECK_CHARACTER}").json()
    assert body["valid"] is False
    assert body["errors"] and all(body["errors"])


def test_a_credit_code_of_the_wrong_length_says_why():
    body = get(Client(), "/checks/uscc/5214021").json()
    assert body["valid"] is False
    assert body["errors"]


# --- calendar -----------------------------------------------------------------------------------------------------


def test_seven_working_days_after_the_eve_of_national_day_2020(seeded_calendar):
    response = get(Client(), "/calendar/add-working-days?date=2020-09-30&n=7")
    assert response.status_code == 200
    assert response.json() == {"date": "2020-10-16"}


def test_working_days_between_two_dates_skips_the_golden_week(seeded_calendar):
    response = get(Client(), "/calendar/working-days-between?start=2020-09-30&end=2020-10-16")
    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2020-09-30"
    assert body["end"] == "2020-10-16"
    assert body["working_days"] == 7


def test_an_adjusted_saturday_is_a_working_day(seeded_calendar):
    assert get(Client(), "/calendar/days/2020-10-10").json() == {"date": "2020-10-10", "is_working_day": True}
    assert get(Client(), "/calendar/days/2020-10-05").json()["is_working_day"] is False


def test_calendar_needs_a_real_date():
    assert get(Client(), "/calendar/add-working-days?date=2020-02-30&n=1").status_code == 422


# --- audit --------------------------------------------------------------------------------------------------------


def test_the_admin_reads_an_organizations_history(world, client_for):
    patch_json(client_for(world.provider), f"/organizations/{world.sunshine.public_id}", {"phone": "0352-1"})
    response = get(client_for(world.admin), f"/audit/organization/{world.sunshine.public_id}")
    assert response.status_code == 200
    events = response.json()["items"]
    assert [e["event_type"] for e in events] == ["organization.updated", "organization.created"]
    assert events[0]["actor"] == "sunshine"
    assert events[0]["payload"]["changes"]["phone"] == ["0352-1234567", "0352-1"]


def test_a_provider_reads_its_own_history_but_not_anothers(world, client_for):
    client = client_for(world.provider)
    assert get(client, f"/audit/organization/{world.sunshine.public_id}").status_code == 200
    response = get(client, f"/audit/organization/{world.elders.public_id}")
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_public_cannot_read_history(world):
    assert get(Client(), f"/audit/organization/{world.sunshine.public_id}").status_code == 401


def test_division_and_person_history_by_code_and_user_name(world, client_for):
    client = client_for(world.admin)
    assert get(client, "/audit/division/140213050").json()["items"][0]["event_type"] == "division.created"
    assert get(client, "/audit/user/yongtai").status_code == 200
    assert get(client, "/audit/organization/not-a-uuid").status_code == 404
    assert get(client, "/audit/planet/mars").status_code == 422


def test_an_absurd_number_of_working_days_is_refused_on_n(db):
    response = get(Client(), "/calendar/add-working-days?date=2020-09-30&n=100000000")
    assert response.status_code == 400
    assert response.json()["errors"]["n"]


def test_counting_across_centuries_is_refused(db):
    response = get(Client(), "/calendar/working-days-between?start=0001-01-01&end=9999-12-31")
    assert response.status_code == 400
    assert "end" in response.json()["errors"]
