"""The /api/v1/ document and two promises of the whole API: it is described, and it never shows database ids."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from .api_world import build_world, get, post_json

pytestmark = pytest.mark.django_db

CORE_PATHS = {
    "/api/v1/divisions",
    "/api/v1/divisions/{code}",
    "/api/v1/organizations",
    "/api/v1/organizations/{public_id}",
    "/api/v1/organizations/{public_id}/inspections",
    "/api/v1/organizations/{public_id}/grades",
    "/api/v1/users",
    "/api/v1/users/me",
    "/api/v1/users/{username}",
    "/api/v1/users/{username}/roles",
    "/api/v1/users/{username}/roles/{key}",
    "/api/v1/tokens",
    "/api/v1/tokens/{prefix}",
    "/api/v1/checks/uscc/{code}",
    "/api/v1/calendar/add-working-days",
    "/api/v1/calendar/working-days-between",
    "/api/v1/calendar/days/{day}",
    "/api/v1/audit/{target_type}/{target_id}",
}


def test_the_openapi_document_loads_and_lists_the_paths():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"].startswith("3.")
    assert CORE_PATHS <= set(document["paths"])
    assert "ErrorOut" in document["components"]["schemas"]


def test_the_browsable_docs_load():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    assert b"openapi.json" in response.content


def _id_like_values(data: Any, path: str = "") -> list[tuple[str, Any]]:
    found = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{path}.{key}"
            if key in ("id", "pk", "user_id", "user", "organization", "division") and not isinstance(value, str | None):
                found.append((here, value))
            if key.endswith("_id") and isinstance(value, int):
                found.append((here, value))
            found.extend(_id_like_values(value, here))
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found.extend(_id_like_values(item, f"{path}[{i}]"))
    return found


def test_no_response_contains_a_database_id(system_actor, make_user, client_for):
    world = build_world(system_actor, make_user)
    client = client_for(world.admin)
    token = post_json(client, "/tokens", {"name": "检查"}).json()
    org = f"/organizations/{world.sunshine.public_id}"
    post_json(client, org + "/inspections", {"year": 2023, "result": "passed"})
    post_json(client, org + "/grades", {"grade": 4, "awarded_on": "2021-12-20"})
    bodies = [
        token,
        get(client, "/divisions").json(),
        get(client, "/divisions/140213").json(),
        get(client, "/organizations").json(),
        get(client, org).json(),
        get(client, "/users").json(),
        get(client, "/users/me").json(),
        get(client, "/users/sunshine").json(),
        get(client, "/tokens").json(),
        get(client, f"/audit/organization/{world.sunshine.public_id}").json(),
        get(client, "/audit/user/sunshine").json(),
        post_json(client, "/users", {"username": "new", "roles": [{"role": "resident"}]}).json(),
    ]
    for body in bodies:
        assert _id_like_values(body) == [], body
    flat = repr(bodies)
    for pk_name in ("'id':", "'pk':", "'user_id':"):
        assert pk_name not in flat
