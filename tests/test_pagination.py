"""Every paginated API list refuses a bad page with a documented 400, never a 500 (`?page=99999999999999999999`).

The lists are found on the API object itself, so a list added later is tried too; each must use core's one
pagination (huimin.core.apikit.Pages), declare the 400 in the OpenAPI document and answer 400
`{"code": "invalid_page", …}` to a page that is huge, zero, negative or not a number.
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.utils import translation

from config.api import api
from huimin.core.apikit import MAX_PAGE, Pages
from huimin.core.models import OrganizationType, Role
from huimin.core.services import organization_create

pytestmark = pytest.mark.django_db

BAD_PAGES = ["99999999999999999999", str(MAX_PAGE + 1), "0", "-1", "abc", "1.5", "1e3", "１", "2;DROP TABLE x"]


def paginated_operations() -> list[tuple[str, object]]:
    """(path under /api/v1, operation) of every list that is paginated, read from the mounted routers."""
    found = []
    for bound in api._get_bound_routers():
        for path, path_view in bound.path_operations.items():
            for op in path_view.operations:
                if getattr(op.view_func, "_ninja_is_paginated", False):
                    found.append(("/" + "/".join(p.strip("/") for p in (bound.prefix, path) if p.strip("/")), op))
    return found


OPERATIONS = paginated_operations()


def url_of(path: str) -> str:
    """The path with a made-up value for each path parameter (the page is refused before the object is looked up)."""
    return "/api/v1" + re.sub(r"\{[^}]+\}", lambda _m: str(uuid.uuid4()), path)


@pytest.fixture
def client(client_for, make_user):
    with translation.override("en"):
        yield client_for(make_user(role=Role.DISTRICT_ADMIN))


def test_the_api_has_the_paginated_lists_this_test_tries():
    assert len(OPERATIONS) >= 14, [path for path, _op in OPERATIONS]


@pytest.mark.parametrize(("path", "op"), OPERATIONS, ids=[path for path, _op in OPERATIONS])
def test_every_paginated_list_uses_the_one_core_pagination_and_documents_its_400(path, op):
    args = getattr(op.view_func, "_ninja_contribute_args", [])
    assert [a[1] for a in args if a[0] == "ninja_pagination"] == [Pages.Input], f"{path} paginates its own way"
    assert 400 in op.response_models, f"{path} does not document the 400 of a bad page"


@pytest.mark.parametrize(("path", "op"), OPERATIONS, ids=[path for path, _op in OPERATIONS])
def test_a_bad_page_is_a_400_with_the_error_shape_on_every_paginated_list(client, path, op):
    for page in BAD_PAGES:
        response = client.get(url_of(path), {"page": page})
        assert response.status_code == 400, (path, page, response.status_code, response.content[:300])
        body = response.json()
        assert body["code"] == "invalid_page" and body["errors"]["page"], (path, page, body)
    for size in ("0", "-5", "x", "101"):
        response = client.get(url_of(path), {"page_size": size})
        assert response.status_code == 400 and response.json()["code"] == "invalid_page", (path, size)


def test_the_openapi_document_declares_the_400_and_the_page_bounds():
    document = api.get_openapi_schema()
    seen = 0
    for path, operations in document["paths"].items():
        for operation in operations.values():
            names = {p["name"]: p for p in operation.get("parameters", [])}
            if "page" in names:
                seen += 1
                assert 400 in operation["responses"] or "400" in operation["responses"], path
                assert names["page"]["schema"]["maximum"] == MAX_PAGE, path
    assert seen == len(OPERATIONS)


def test_a_page_past_the_last_is_a_400_and_the_first_page_of_an_empty_list_is_empty(client, system_actor):
    empty = client.get("/api/v1/organizations")
    assert empty.status_code == 200 and empty.json() == {"items": [], "count": 0}
    for n in range(3):
        organization_create(actor=system_actor, name=f"测试社会组织{n}", org_type=OrganizationType.SOCIAL_GROUP)
    assert client.get("/api/v1/organizations", {"page_size": 2, "page": 2}).json()["count"] == 3
    past = client.get("/api/v1/organizations", {"page_size": 2, "page": 3})
    assert past.status_code == 400 and past.json()["errors"]["page"], past.content
    assert "没有第 3 页" in past.json()["message"]  # the platform speaks Chinese by default
