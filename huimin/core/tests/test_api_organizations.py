"""/api/v1/organizations: public registration facts for everyone, writes for the district administrator and,
for its own contact details, the organization's provider."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client

from huimin.core.models import Organization, OrganizationType
from huimin.core.services import organization_grade_award, organization_inspection_record

from .api_world import VALID_ENTERPRISE, WRONG_CHECK_CHARACTER, build_world, get, patch_json, post_json

pytestmark = pytest.mark.django_db

PUBLIC_FIELDS = {
    "public_id",
    "name",
    "org_type",
    "org_type_label",
    "uscc",
    "registration_authority",
    "registration_number",
    "founded_on",
    "legal_representative",
    "division_code",
    "current_grade",
    "latest_inspection",
}


@pytest.fixture
def world(system_actor, make_user):
    return build_world(system_actor, make_user)


def test_anyone_lists_organizations_with_public_fields_only(world):
    response = get(Client(), "/organizations")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 2
    assert {row["name"] for row in body["items"]} == {"平城区阳光社工服务中心", "平城区养老服务协会"}
    for row in body["items"]:
        assert set(row) == PUBLIC_FIELDS
    sunshine = next(r for r in body["items"] if r["uscc"] == world.sunshine.uscc)
    assert sunshine["public_id"] == str(world.sunshine.public_id)
    assert sunshine["division_code"] == "140213050"
    assert sunshine["org_type"] == "social_service"


def test_organization_list_filters_by_query_type_and_division(world):
    client = Client()
    assert [r["name"] for r in get(client, "/organizations?q=阳光").json()["items"]] == ["平城区阳光社工服务中心"]
    assert get(client, f"/organizations?q={world.elders.uscc.lower()}").json()["count"] == 1
    assert [r["name"] for r in get(client, "/organizations?org_type=social_group").json()["items"]] == [
        "平城区养老服务协会"
    ]
    # the district holds the association and, through its street, the centre
    assert get(client, "/organizations?division=140213050").json()["count"] == 1
    assert get(client, "/organizations?division=140213").json()["count"] == 2


def test_organization_list_is_paginated_by_fifty(world):
    Organization.objects.bulk_create(
        Organization(name=f"测试企业{i:03d}", org_type=OrganizationType.ENTERPRISE) for i in range(55)
    )
    client = Client()
    first = get(client, "/organizations").json()
    assert first["count"] == 57
    assert len(first["items"]) == 50
    assert len(get(client, "/organizations?page=2").json()["items"]) == 7


def test_organization_shows_grade_in_force_and_latest_inspection(world, system_actor):
    organization_grade_award(organization=world.sunshine, grade=4, awarded_on=date(2015, 3, 1), actor=system_actor)
    organization_grade_award(organization=world.sunshine, grade=5, awarded_on=date(2022, 6, 1), actor=system_actor)
    organization_inspection_record(organization=world.sunshine, year=2022, result="passed", actor=system_actor)
    organization_inspection_record(organization=world.sunshine, year=2023, result="basic", actor=system_actor)
    body = get(Client(), f"/organizations/{world.sunshine.public_id}").json()
    assert body["current_grade"]["grade"] == 5
    assert body["current_grade"]["label"] == "5A"
    assert body["current_grade"]["valid_until"] == "2027-05-31"
    assert body["latest_inspection"]["year"] == 2023
    assert body["latest_inspection"]["result"] == "basic"
    listed = get(Client(), "/organizations?q=阳光").json()["items"][0]
    assert listed["current_grade"]["label"] == "5A"


def test_the_public_sees_no_private_file_but_the_own_provider_does(world, client_for):
    public = get(Client(), f"/organizations/{world.sunshine.public_id}").json()
    assert public["private"] is None
    own = get(client_for(world.provider), f"/organizations/{world.sunshine.public_id}").json()
    assert own["private"]["address"] == "永泰南路 1 号"
    other = get(client_for(world.provider), f"/organizations/{world.elders.public_id}").json()
    assert other["private"] is None


def test_unknown_organization_is_404(world):
    response = get(Client(), "/organizations/00000000-0000-0000-0000-000000000000")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_district_admin_registers_an_organization(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/organizations",
        {
            "name": "平城区便民服务有限公司",
            "org_type": "enterprise",
            "uscc": VALID_ENTERPRISE.lower(),
            "division_code": "140213050",
            "founded_on": "2019-05-04",
            "legal_representative": "李明",
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["uscc"] == VALID_ENTERPRISE
    assert body["division_code"] == "140213050"
    assert Organization.objects.filter(public_id=body["public_id"], name="平城区便民服务有限公司").exists()


def test_an_invalid_credit_code_is_refused_with_uscc_invalid_and_the_reason(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/organizations",
        {
            "name": "平城区新社工中心",
            "org_type": "social_service",
            "uscc": WRONG_CHECK_CHARACTER,
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "uscc_invalid"
    assert body["errors"]["uscc"] and all(body["errors"]["uscc"])
    assert body["message"]
    assert not Organization.objects.filter(name="平城区新社工中心").exists()


def test_a_taken_credit_code_is_refused_with_uscc_duplicate(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/organizations",
        {
            "name": "冒名机构",
            "org_type": "social_service",
            "uscc": world.sunshine.uscc,
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "uscc_duplicate"


def test_anonymous_cannot_register_an_organization(world):
    response = post_json(Client(), "/organizations", {"name": "无名", "org_type": "enterprise"})
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_a_provider_updates_its_own_contact_details(world, client_for):
    response = patch_json(
        client_for(world.provider),
        f"/organizations/{world.sunshine.public_id}",
        {"phone": "0352-7654321", "address": "永泰南路 2 号"},
    )
    assert response.status_code == 200, response.content
    assert response.json()["private"]["phone"] == "0352-7654321"
    world.sunshine.refresh_from_db()
    assert world.sunshine.address == "永泰南路 2 号"


def test_a_provider_patching_another_organization_is_forbidden(world, client_for):
    response = patch_json(client_for(world.provider), f"/organizations/{world.elders.public_id}", {"phone": "1"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    world.elders.refresh_from_db()
    assert world.elders.phone == ""


def test_a_provider_cannot_change_its_identity_fields(world, client_for):
    response = patch_json(client_for(world.provider), f"/organizations/{world.sunshine.public_id}", {"name": "新名"})
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    world.sunshine.refresh_from_db()
    assert world.sunshine.name == "平城区阳光社工服务中心"


def test_district_admin_moves_an_organization_to_another_division(world, client_for):
    response = patch_json(
        client_for(world.admin), f"/organizations/{world.elders.public_id}", {"division_code": "140213050001"}
    )
    assert response.status_code == 200
    assert response.json()["division_code"] == "140213050001"


def test_district_admin_records_an_inspection_and_a_grade(world, client_for):
    client = client_for(world.admin)
    url = f"/organizations/{world.sunshine.public_id}"
    response = post_json(client, url + "/inspections", {"year": 2023, "result": "passed", "note": "按时参检"})
    assert response.status_code == 201, response.content
    assert response.json()["result"] == "passed"
    response = post_json(client, url + "/grades", {"grade": 4, "awarded_on": "2021-12-20", "authority": "平城区民政局"})
    assert response.status_code == 201, response.content
    assert response.json() == {
        "grade": 4,
        "label": "4A",
        "awarded_on": "2021-12-20",
        "valid_until": "2026-12-19",
        "authority": "平城区民政局",
    }


def test_grades_go_to_social_organizations_only(world, system_actor, client_for):
    from huimin.core.services import organization_create

    firm = organization_create(actor=system_actor, name="某公司", org_type=OrganizationType.ENTERPRISE)
    response = post_json(
        client_for(world.admin), f"/organizations/{firm.public_id}/grades", {"grade": 3, "awarded_on": "2021-12-20"}
    )
    assert response.status_code == 400
    assert response.json()["code"] == "grade_invalid"


def test_a_provider_cannot_record_its_own_inspection(world, client_for):
    response = post_json(
        client_for(world.provider),
        f"/organizations/{world.sunshine.public_id}/inspections",
        {"year": 2023, "result": "passed"},
    )
    assert response.status_code == 403


def test_listing_fifty_organizations_takes_a_fixed_number_of_queries(
    world, system_actor, django_assert_max_num_queries
):
    for i in range(50):
        org = Organization.objects.create(name=f"社工机构{i:02d}", org_type=OrganizationType.SOCIAL_SERVICE)
        organization_grade_award(organization=org, grade=3, awarded_on=date(2022, 1, 1), actor=system_actor)
        organization_inspection_record(organization=org, year=2023, result="passed", actor=system_actor)
    client = Client()
    with django_assert_max_num_queries(6):
        body = get(client, "/organizations").json()
    assert len(body["items"]) == 50
    assert all(row["current_grade"] for row in body["items"] if row["name"].startswith("社工机构"))
