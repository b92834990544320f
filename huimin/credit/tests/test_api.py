"""/api/v1/credit/: masked public reads, scoped writes with per-field errors, lists, repairs, checks, statistics."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

import json
from datetime import date

import pytest
from django.test import Client
from django.utils import translation

from huimin.core.models import OrganizationType, Role
from huimin.core.permissions import SystemActor
from huimin.core.services import organization_create
from huimin.core.validators import generate_uscc
from huimin.credit.models import CreditCheck, LicensingRecord, ListEntry, PenaltyRecord, RepairStatus
from huimin.credit.services.records import record_create

from .factories import at, licence_data, penalty_data
from .pages_world import PERSONS, world  # noqa: F401

pytestmark = pytest.mark.django_db

API = "/api/v1/credit"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def api_client(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def post(client: Client, url: str, body: dict):
    return client.post(url, json.dumps(body, default=str), content_type="application/json")


def patch(client: Client, url: str, body: dict):
    return client.patch(url, json.dumps(body, default=str), content_type="application/json")


def _json_body(data: dict) -> dict:
    out = {k: v for k, v in data.items() if k != "unit"}
    out["unit"] = data["unit"].code
    return out


# --- public reads ----------------------------------------------------------------------------------------------------


def test_the_public_search_finds_by_name_and_by_code(world):
    client = api_client()
    by_name = client.get(f"{API}/records", {"q": "好味道"}).json()
    assert {r["public_id"] for r in by_name["items"]} == {
        str(world.licence_a.public_id),
        str(world.penalty_a.public_id),
    }
    by_code = client.get(f"{API}/records", {"q": world.penalty_a.subject_uscc, "kind": "penalty"}).json()
    assert [r["public_id"] for r in by_code["items"]] == [str(world.penalty_a.public_id)]


def test_the_public_search_filters_by_unit_and_dates(world):
    client = api_client()
    rows = client.get(f"{API}/records", {"unit": world.unit_b.code}).json()["items"]
    assert str(world.licence_b.public_id) in {r["public_id"] for r in rows}
    assert all(r["unit_code"] == world.unit_b.code for r in rows)
    assert client.get(f"{API}/records", {"from": "2026-03-11"}).json()["count"] == 0
    assert client.get(f"{API}/records", {"to": "2026-03-10", "from": "2026-03-10"}).json()["count"] == 9


def test_an_unknown_unit_in_the_search_is_a_400_on_that_field(world):
    response = api_client().get(f"{API}/records", {"unit": "NOPE"})
    assert response.status_code == 400 and "unit" in response.json()["errors"]


def test_a_natural_person_is_found_only_by_full_name_and_id_number_together(world):
    name, number = PERSONS[0]
    client = api_client()
    for q in (number, name, name[:2], name[2:], name[-1], f"{name[:2]} {number}"):
        assert client.get(f"{API}/records", {"q": q}).json()["count"] == 0, q
    for q in (f"{name} {number}", f"{number}，{name}", f"{name}{number.lower()}"):
        rows = client.get(f"{API}/records", {"q": q}).json()["items"]
        assert rows and all(r["subject_name"] == "欧阳**" for r in rows), q
        assert str(world.person_penalties[0].public_id) in {r["public_id"] for r in rows}


def test_one_published_record_is_masked(world):
    name, number = PERSONS[1]
    body = api_client().get(f"{API}/records/{world.person_penalties[1].public_id}").json()
    assert body["subject_name"] == "张**"
    assert body["person_id_number"] == number[:6] + "********" + number[-4:]
    assert name not in json.dumps(body, ensure_ascii=False) and number not in json.dumps(body)
    assert body["remarks"] == ""


def test_revoked_and_expired_records_are_not_in_the_api(world):
    client = api_client()
    for record in (world.revoked, world.expired):
        assert client.get(f"{API}/records/{record.public_id}").status_code == 404
        assert client.get(f"{API}/records", {"q": record.decision_number}).json()["count"] == 0


def test_the_statistics_are_public(world):
    body = api_client().get(f"{API}/stats").json()
    assert (body["total"], body["licensing"], body["penalty"]) == (9, 5, 4)
    assert body["penalties_by_party"]["natural_person"] == 3


def test_the_catalogues_and_units_are_public(world):
    client = api_client()
    items = client.get(f"{API}/catalogues", {"unit": world.unit_a.code, "kind": "penalty"}).json()["items"]
    assert items and all(i["unit_code"] == world.unit_a.code and i["kind"] == "penalty" for i in items)
    units = client.get(f"{API}/units").json()
    assert {u["code"] for u in units} >= {world.unit_a.code, world.unit_b.code}


# --- writing records -------------------------------------------------------------------------------------------------


def test_anonymous_callers_cannot_post(world):
    data = _json_body(penalty_data(world.unit_a, world.penalty_a.catalogue_item))
    response = post(api_client(), f"{API}/records", {"kind": "penalty", **data})
    assert response.status_code == 401
    assert not PenaltyRecord.objects.filter(decision_number=data["decision_number"]).exists()
    assert patch(api_client(), f"{API}/records/{world.penalty_a.public_id}", {"remarks": "x"}).status_code == 401


def test_an_officer_files_a_record_of_its_unit(world):
    data = _json_body(licence_data(world.unit_a, world.licence_a.catalogue_item, decision_date="2026/11/20"))
    response = post(api_client(world.officer_a), f"{API}/records", {"kind": "licensing", **data})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["kind"] == "licensing" and body["unit_code"] == world.unit_a.code
    assert body["fields"]["decision_number"] == data["decision_number"]
    assert LicensingRecord.objects.filter(public_id=body["public_id"]).exists()


def test_an_invalid_record_is_a_400_with_messages_per_field(world):
    data = _json_body(penalty_data(world.unit_a, world.penalty_a.catalogue_item, subject_uscc="91350100M000100Y44"))
    data["fine_amount"] = None
    response = post(api_client(world.officer_a), f"{API}/records", {"kind": "penalty", **data})
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert "subject_uscc" in errors and "fine_amount" in errors


def test_an_officer_of_unit_a_may_not_file_for_unit_b(world):
    data = _json_body(penalty_data(world.unit_b, "CF0001"))
    response = post(api_client(world.officer_a), f"{API}/records", {"kind": "penalty", **data})
    assert response.status_code == 403


def test_an_officer_of_unit_a_gets_403_changing_unit_bs_record(world):
    client = api_client(world.officer_a)
    response = patch(client, f"{API}/records/{world.licence_b.public_id}", {"content": "改"})
    assert response.status_code == 403
    response = post(client, f"{API}/records/{world.licence_b.public_id}/revocation", {"reason": "x"})
    assert response.status_code == 403
    world.licence_b.refresh_from_db()
    assert world.licence_b.content != "改"


def test_an_officer_corrects_its_own_record(world):
    response = patch(
        api_client(world.officer_a), f"{API}/records/{world.licence_a.public_id}", {"content": "冷食类食品制售"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["fields"]["content"] == "冷食类食品制售"


def test_a_correction_that_breaks_a_rule_is_a_400_on_that_field(world):
    response = patch(api_client(world.officer_a), f"{API}/records/{world.penalty_a.public_id}", {"subject_uscc": "123"})
    assert response.status_code == 400 and "subject_uscc" in response.json()["errors"]


def test_an_officer_revokes_its_own_record(world):
    response = post(
        api_client(world.officer_a), f"{API}/records/{world.penalty_a.public_id}/revocation", {"reason": "复议撤销"}
    )
    assert response.status_code == 200
    assert response.json()["status"] == "revoked" and response.json()["is_public"] is False


def test_the_desk_lists_the_officers_records_unmasked(world):
    name, number = PERSONS[0]
    client = api_client(world.officer_a)
    rows = client.get(f"{API}/desk/records", {"kind": "penalty"}).json()["items"]
    numbers = {r["fields"]["decision_number"] for r in rows}
    assert world.revoked.decision_number in numbers  # not public, still the unit's
    assert world.person_penalties[1].decision_number not in numbers  # unit B's
    mine = client.get(f"{API}/desk/records/{world.person_penalties[0].public_id}").json()
    assert mine["fields"]["subject_name"] == name and mine["fields"]["person_id_number"] == number
    assert client.get(f"{API}/desk/records/{world.person_penalties[1].public_id}").status_code == 403
    assert api_client().get(f"{API}/desk/records").status_code == 401


def test_the_timeliness_figures_are_for_credit_staff(world, make_user):
    rows = api_client(world.officer_a).get(f"{API}/timeliness").json()
    assert [r["unit_code"] for r in rows] == [world.unit_a.code]
    assert api_client(make_user(role=Role.RESIDENT)).get(f"{API}/timeliness").status_code == 403


# --- catalogues -------------------------------------------------------------------------------------------------------


def test_only_the_administrator_adds_catalogue_items(world):
    body = {"unit": world.unit_a.code, "kind": "licensing", "code": "XK7777", "name": "食品经营许可"}
    assert post(api_client(world.officer_a), f"{API}/catalogues", body).status_code == 403
    assert post(api_client(), f"{API}/catalogues", body).status_code == 401
    response = post(api_client(world.admin), f"{API}/catalogues", body)
    assert response.status_code == 201 and response.json()["code"] == "XK7777"
    assert post(api_client(world.admin), f"{API}/catalogues", body).status_code == 400  # duplicate code


# --- lists ------------------------------------------------------------------------------------------------------------


def test_lists_are_public_and_mask_natural_persons(world):
    name, number = PERSONS[2]
    admin = api_client(world.admin)
    response = post(
        admin,
        f"{API}/lists",
        {"list_type": "dishonest_debtor", "subject_name": name, "person_id_number": number, "start_date": "2026-01-05"},
    )
    assert response.status_code == 201, response.content
    body = api_client().get(f"{API}/lists").json()
    assert body["count"] == 1
    (entry,) = body["items"]
    assert entry["subject_name"] == "李*" and entry["person_id_number"] == number[:6] + "********" + number[-4:]


def test_only_the_administrator_puts_subjects_on_lists_and_removes_them(world):
    body = {
        "list_type": "major_tax",
        "subject_name": "某某有限公司",
        "subject_uscc": "91320105780688132K",
        "start_date": "2026-01-05",
    }
    assert post(api_client(world.officer_a), f"{API}/lists", body).status_code == 403
    created = post(api_client(world.admin), f"{API}/lists", body).json()
    removal = {"on": "2026-02-01", "reason": "已补缴"}
    url = f"{API}/lists/{created['public_id']}/removal"
    assert post(api_client(world.officer_a), url, removal).status_code == 403
    response = post(api_client(world.admin), url, removal)
    assert response.status_code == 200 and response.json()["removed_on"] == "2026-02-01"
    assert api_client().get(f"{API}/lists", {"on": "2026-03-01"}).json()["count"] == 0
    assert api_client().get(f"{API}/lists", {"on": "2026-01-20"}).json()["count"] == 1
    assert ListEntry.objects.count() == 1


# --- repairs ----------------------------------------------------------------------------------------------------------


@pytest.fixture
def penalized(world, make_user):
    org = organization_create(
        actor=SystemActor("test"),
        name="大同市平城区阳光社会工作服务中心",
        org_type=OrganizationType.SOCIAL_SERVICE,
        uscc=generate_uscc("5", "2", "140213", "MJY09001"),
        legal_representative="赵敏",
    )
    record = record_create(
        kind="penalty",
        data=penalty_data(
            world.unit_a,
            world.penalty_a.catalogue_item,
            subject_name=org.name,
            subject_uscc=org.uscc,
            decision_date="2026/03/10",
        ),
        actor=SystemActor("test"),
        now=at(date(2026, 3, 12)),
    )
    return org, record, make_user(role=Role.PROVIDER, organization=org)


def test_a_provider_asks_for_repair_and_the_administrator_decides(penalized, world):
    _org, record, provider = penalized
    body = {"record": str(record.public_id), "applicant_name": "阳光", "commitment": "承诺守法", "fulfilment": "已缴清"}
    response = post(api_client(provider), f"{API}/repairs", body)
    assert response.status_code == 201, response.content
    repair_id = response.json()["public_id"]
    assert [r["public_id"] for r in api_client(provider).get(f"{API}/repairs").json()["items"]] == [repair_id]
    decision = {"approve": False, "reason": "材料不全"}
    assert post(api_client(provider), f"{API}/repairs/{repair_id}/decision", decision).status_code == 403
    response = post(api_client(world.admin), f"{API}/repairs/{repair_id}/decision", decision)
    assert response.status_code == 200 and response.json()["status"] == RepairStatus.REFUSED


def test_another_provider_may_not_ask_for_the_repair(penalized, world, make_user):
    _org, record, _provider = penalized
    other = organization_create(
        actor=SystemActor("test"),
        name="另一家",
        org_type=OrganizationType.SOCIAL_SERVICE,
        uscc=generate_uscc("5", "2", "140213", "MJY09002"),
    )
    stranger = make_user(role=Role.PROVIDER, organization=other)
    body = {"record": str(record.public_id), "applicant_name": "x", "commitment": "x", "fulfilment": "x"}
    assert post(api_client(stranger), f"{API}/repairs", body).status_code == 403
    assert api_client(stranger).get(f"{API}/repairs").json()["count"] == 0


def test_an_approval_before_the_minimum_period_is_a_400(penalized, world):
    _org, record, provider = penalized
    record.min_period_end = date(2099, 1, 1)
    record.save(update_fields=["min_period_end"])
    body = {"record": str(record.public_id), "applicant_name": "阳光", "commitment": "承诺", "fulfilment": "已缴清"}
    repair_id = post(api_client(provider), f"{API}/repairs", body).json()["public_id"]
    response = post(api_client(world.admin), f"{API}/repairs/{repair_id}/decision", {"approve": True, "reason": "ok"})
    assert response.status_code == 400 and response.json()["code"] == "repair_conditions_not_met"


# --- checks -----------------------------------------------------------------------------------------------------------


def test_staff_check_an_organization_and_read_the_evidence(penalized, make_user):
    org, _record, _provider = penalized
    purchaser = make_user(role=Role.PROJECT_MANAGER, organization=org)
    client = api_client(purchaser)
    response = post(client, f"{API}/checks", {"organization_id": str(org.public_id), "on": "2026-11-01"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["result"] == "warned" and body["findings"]
    assert CreditCheck.objects.filter(public_id=body["public_id"]).exists()
    again = client.get(f"{API}/checks/{body['public_id']}").json()
    assert again["digest"] == body["digest"]


def test_a_check_of_an_invalid_code_is_a_400_on_uscc(world):
    response = post(api_client(world.admin), f"{API}/checks", {"uscc": "91350100M000100Y44"})
    assert response.status_code == 400 and "uscc" in response.json()["errors"]


def test_the_public_and_providers_cannot_run_checks(penalized):
    _org, _record, provider = penalized
    assert post(api_client(), f"{API}/checks", {"uscc": "91350100M000100Y43"}).status_code == 401
    assert post(api_client(provider), f"{API}/checks", {"uscc": "91350100M000100Y43"}).status_code == 403
