"""Every role is refused outside its scope, on pages and through the API (issue: one place decides).

The world has two streets (A, B), a community in each, two providers (X in A, Y in B) and two reporting units.
Each non-administrator role is bound to the A side and then tries to reach the B side or district-wide powers.
"""

from __future__ import annotations

import json

import pytest

from huimin.core.models import DivisionLevel, OrganizationType, Role
from huimin.core.services import division_create, organization_create

pytestmark = pytest.mark.django_db

API = "/api/v1"


@pytest.fixture
def world(system_actor):
    s = system_actor
    district = division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=s)
    a = division_create(code="140213003", name="东街街道", level=DivisionLevel.STREET, parent=district, actor=s)
    b = division_create(code="140213004", name="西街街道", level=DivisionLevel.STREET, parent=district, actor=s)
    a1 = division_create(code="140213003001", name="水泉湾龙园社区", level=DivisionLevel.COMMUNITY, parent=a, actor=s)
    b1 = division_create(code="140213004001", name="帅府社区", level=DivisionLevel.COMMUNITY, parent=b, actor=s)
    x = organization_create(
        actor=s,
        name="东街书画研究会",
        org_type=OrganizationType.SOCIAL_GROUP,
        uscc="51140213MJY000028C",
        division=a,
        phone="0352-1111111",
    )
    y = organization_create(
        actor=s,
        name="西街为老服务中心",
        org_type=OrganizationType.SOCIAL_SERVICE,
        uscc="52140213MJY00001X9",
        division=b,
        phone="0352-2222222",
    )
    unit_a = organization_create(actor=s, name="平城区市场监督管理局", org_type=OrganizationType.GOVERNMENT)
    manager = organization_create(
        actor=s, name="大同市毅源力社会组织发展中心", org_type=OrganizationType.SOCIAL_SERVICE
    )
    return {
        "district": district,
        "a": a,
        "b": b,
        "a1": a1,
        "b1": b1,
        "x": x,
        "y": y,
        "unit_a": unit_a,
        "manager": manager,
    }


# Each role bound to its A-side scope.
ROLE_SCOPES = {
    Role.PURCHASER: ("a", None),
    Role.COMMUNITY_WORKER: ("a1", None),
    Role.PROJECT_MANAGER: (None, "manager"),
    Role.PROVIDER: (None, "x"),
    Role.EXPERT_REVIEWER: (None, None),
    Role.CREDIT_OFFICER: (None, "unit_a"),
    Role.CREDIT_ADMIN: (None, None),
    Role.RESIDENT: (None, None),
}


@pytest.fixture(params=list(ROLE_SCOPES), ids=lambda r: str(r))
def outsider(request, world, make_user, client_for):
    division_key, org_key = ROLE_SCOPES[request.param]
    actor = make_user(
        request.param,
        division=world[division_key] if division_key else None,
        organization=world[org_key] if org_key else None,
    )
    other = make_user(Role.PROVIDER, organization=world["y"], username="someone-else")
    return {"role": request.param, "actor": actor, "client": client_for(actor), "other": other}


def _refused(response) -> bool:
    return response.status_code in (401, 403, 404)


def test_pages_outside_scope_are_refused(world, outsider):
    c = outsider["client"]
    y, b = world["y"], world["b"]
    pages = [
        "/people/",
        "/people/new/",
        f"/people/{outsider['other'].user.username}/",
        "/organizations/new/",
        f"/organizations/{y.public_id}/edit/",
        "/divisions/new/",
        f"/divisions/{b.code}/edit/",
        "/audit/",
    ]
    for url in pages:
        assert _refused(c.get(url)), f"{outsider['role']} reached {url}"
    response = c.post(
        "/calendar/", {"action": "set", "set-date": "2031-10-01", "set-kind": "holiday", "set-name": "国庆节"}
    )
    assert _refused(response), f"{outsider['role']} edited the calendar"
    response = c.post(f"/organizations/{y.public_id}/edit/", {"name": "改名", "phone": "1"})
    assert _refused(response)
    y.refresh_from_db()
    assert y.name == "西街为老服务中心"


def _writes(world):
    y, b = world["y"], world["b"]
    return [
        ("post", "/organizations", {"name": "新机构", "org_type": "social_group"}),
        ("patch", f"/organizations/{y.public_id}", {"phone": "0352-9999999"}),
        ("post", "/divisions", {"code": "140213005", "name": "南街街道", "level": "street", "parent_code": "140213"}),
        ("patch", f"/divisions/{b.code}", {"name": "改名"}),
        ("post", "/users", {"username": "intruder", "password": "a-good-Passw0rd", "roles": []}),
        ("post", f"/organizations/{y.public_id}/grades", {"grade": 5, "awarded_on": "2020-01-01"}),
    ]


def test_api_outside_scope_is_refused(world, outsider):
    c = outsider["client"]
    y = world["y"]
    for method, path, body in _writes(world):
        response = getattr(c, method)(API + path, data=json.dumps(body), content_type="application/json")
        assert _refused(response), f"{outsider['role']} {method.upper()} {path} → {response.status_code}"
    y.refresh_from_db()
    assert y.phone == "0352-2222222"
    users = c.get(API + "/users").json()
    listed = {u["username"] for u in (users["items"] if isinstance(users, dict) else users)}
    assert listed <= {outsider["actor"].user.username}
    assert _refused(c.get(f"{API}/users/{outsider['other'].user.username}"))


def test_private_file_of_another_provider_is_hidden(world, outsider):
    if outsider["role"] in (Role.PROJECT_MANAGER, Role.CREDIT_ADMIN, Role.PURCHASER):
        pytest.skip("these roles check providers' files as part of their work")
    c = outsider["client"]
    y = world["y"]
    body = c.get(f"{API}/organizations/{y.public_id}").json()
    assert body.get("private") is None
    page = c.get(f"/organizations/{y.public_id}/").content.decode()
    assert "0352-2222222" not in page


def test_district_admin_reaches_all_of_it(world, make_user, client_for):
    admin = make_user(Role.DISTRICT_ADMIN)
    c = client_for(admin)
    for url in [
        "/people/",
        "/people/new/",
        "/organizations/new/",
        f"/organizations/{world['y'].public_id}/edit/",
        "/divisions/new/",
        f"/divisions/{world['b'].code}/edit/",
        "/audit/",
    ]:
        assert c.get(url).status_code == 200, url
    # The same requests the matrix refuses succeed for the administrator: the refusals above are about scope.
    for method, path, body in _writes(world):
        response = getattr(c, method)(API + path, data=json.dumps(body), content_type="application/json")
        assert response.status_code in (200, 201), (
            f"{method.upper()} {path} → {response.status_code} {response.content}"
        )


def test_in_scope_actions_are_allowed(world, make_user, client_for):
    provider = make_user(Role.PROVIDER, organization=world["x"])
    c = client_for(provider)
    response = c.patch(
        f"{API}/organizations/{world['x'].public_id}",
        data=json.dumps({"phone": "0352-3333333"}),
        content_type="application/json",
    )
    assert response.status_code == 200
    assert c.get(f"/organizations/{world['x'].public_id}/edit/").status_code == 200
