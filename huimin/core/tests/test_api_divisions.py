"""/api/v1/divisions: public reads; the district administrator adds and changes divisions."""

from __future__ import annotations

import pytest
from django.test import Client

from huimin.core.models import Division

from .api_world import build_world, get, patch_json, post_json

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system_actor, make_user):
    return build_world(system_actor, make_user)


def test_anyone_can_list_divisions(world):
    response = get(Client(), "/divisions")
    assert response.status_code == 200
    rows = response.json()
    assert [r["code"] for r in rows] == ["140213", "140213050", "140213050001"]
    street = rows[1]
    assert street["parent_code"] == "140213"
    assert street["level"] == "street"
    assert street["level_label"]
    assert "id" not in street


def test_division_list_filters_by_level_parent_and_query(world):
    client = Client()
    assert [r["code"] for r in get(client, "/divisions?level=community").json()] == ["140213050001"]
    assert [r["code"] for r in get(client, "/divisions?parent=140213").json()] == ["140213050"]
    assert [r["code"] for r in get(client, "/divisions?q=永泰社区").json()] == ["140213050001"]
    assert [r["code"] for r in get(client, "/divisions?q=140213050").json()] == ["140213050", "140213050001"]


def test_division_list_with_an_unknown_parent_says_which_field(world):
    response = get(Client(), "/divisions?parent=999999")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "division_unknown"
    assert "999999" in body["errors"]["parent"][0]


def test_division_detail_lists_its_children(world):
    response = get(Client(), "/divisions/140213050")
    assert response.status_code == 200
    body = response.json()
    assert body["name"] == "永泰街道"
    assert [c["code"] for c in body["children"]] == ["140213050001"]


def test_unknown_division_is_404_with_a_machine_code(world):
    response = get(Client(), "/divisions/140213999")
    assert response.status_code == 404
    body = response.json()
    assert body["code"] == "not_found"
    assert "140213999" in body["message"]
    assert body["errors"] == {}


def test_district_admin_adds_a_division(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/divisions",
        {"code": "140213051", "name": "古城街道", "level": "street", "parent_code": "140213"},
    )
    assert response.status_code == 201, response.content
    assert response.json()["parent_code"] == "140213"
    assert Division.objects.get(code="140213051").parent == world.district


def test_adding_a_division_under_an_unknown_parent_is_refused_on_that_field(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/divisions",
        {"code": "140213051", "name": "古城街道", "level": "street", "parent_code": "149999"},
    )
    assert response.status_code == 400
    assert response.json()["code"] == "division_unknown"
    assert "parent_code" in response.json()["errors"]


def test_adding_a_division_with_a_taken_code_is_refused(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/divisions",
        {"code": "140213050", "name": "又一个", "level": "street", "parent_code": "140213"},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "division_code_duplicate"
    assert body["errors"]["code"]


def test_anonymous_cannot_add_a_division(world):
    response = post_json(
        Client(), "/divisions", {"code": "140213051", "name": "古城街道", "level": "street", "parent_code": "140213"}
    )
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert not Division.objects.filter(code="140213051").exists()


def test_a_provider_cannot_add_a_division(world, client_for):
    response = post_json(
        client_for(world.provider),
        "/divisions",
        {"code": "140213051", "name": "古城街道", "level": "street", "parent_code": "140213"},
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_district_admin_renames_and_moves_a_division(world, system_actor, client_for):
    from huimin.core.services import division_create

    division_create(code="140213051", name="古城街道", level="street", parent=world.district, actor=system_actor)
    response = patch_json(
        client_for(world.admin), "/divisions/140213050001", {"name": "永泰第一社区", "parent_code": "140213051"}
    )
    assert response.status_code == 200, response.content
    assert response.json()["name"] == "永泰第一社区"
    assert response.json()["parent_code"] == "140213051"


def test_a_purchaser_may_only_annotate_divisions_of_its_street(world, client_for):
    client = client_for(world.purchaser)
    assert patch_json(client, "/divisions/140213050001", {"note": "试点社区"}).status_code == 200
    response = patch_json(client, "/divisions/140213050001", {"name": "改名"})
    assert response.status_code == 403
    assert Division.objects.get(code="140213050001").name == "永泰社区"


def test_patching_an_unknown_division_is_404(world, client_for):
    assert patch_json(client_for(world.admin), "/divisions/140213999", {"note": "x"}).status_code == 404


def test_malformed_division_input_keeps_ninja_422(world, client_for):
    response = post_json(client_for(world.admin), "/divisions", {"code": "140213051", "level": "planet"})
    assert response.status_code == 422
    assert "detail" in response.json()
