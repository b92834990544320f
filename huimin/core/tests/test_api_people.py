"""/api/v1/users and /api/v1/tokens: who may see and change people; how machine clients authenticate."""

from __future__ import annotations

import pytest
from django.test import Client

from huimin.core.models import ApiToken, Role, RoleAssignment, User

from .api_world import build_world, get, post_json

pytestmark = pytest.mark.django_db

CSRF = "a" * 32


@pytest.fixture
def world(system_actor, make_user):
    return build_world(system_actor, make_user)


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def make_token(client) -> tuple[str, str]:
    response = post_json(client, "/tokens", {"name": "报表机"})
    assert response.status_code == 201, response.content
    body = response.json()
    return body["token"], body["prefix"]


# --- users --------------------------------------------------------------------------------------------------------


def test_me_shows_the_actor_with_roles_and_their_scope(world, client_for):
    response = get(client_for(world.provider), "/users/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "sunshine"
    assert body["full_name"] == "阳光中心"
    [role] = body["roles"]
    assert role["role"] == "provider"
    assert role["organization_id"] == str(world.sunshine.public_id)
    assert role["organization_name"] == "平城区阳光社工服务中心"
    assert role["key"] == f"provider:{world.sunshine.public_id}"


def test_me_for_the_public_is_401(world):
    response = get(Client(), "/users/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_the_district_admin_lists_everyone(world, client_for):
    body = get(client_for(world.admin), "/users").json()
    assert {u["username"] for u in body["items"]} == {"admin", "sunshine", "yongtai"}
    assert get(client_for(world.admin), "/users?role=purchaser").json()["items"][0]["username"] == "yongtai"


def test_others_list_only_themselves(world, client_for):
    body = get(client_for(world.provider), "/users").json()
    assert [u["username"] for u in body["items"]] == ["sunshine"]
    assert get(Client(), "/users").json() == {"items": [], "count": 0}


def test_a_person_is_visible_to_the_admin_and_to_themselves_only(world, client_for):
    assert get(client_for(world.admin), "/users/yongtai").status_code == 200
    assert get(client_for(world.purchaser), "/users/yongtai").status_code == 200
    assert get(client_for(world.provider), "/users/yongtai").status_code == 404


def test_the_district_admin_adds_a_person_with_roles(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/users",
        {
            "username": "zhanglei",
            "full_name": "张磊",
            "password": "a-good-Passw0rd",
            "roles": [
                {"role": "community_worker", "division_code": "140213050001"},
                {"role": "provider", "organization_id": str(world.elders.public_id)},
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert sorted(r["key"] for r in body["roles"]) == [
        "community_worker:140213050001",
        f"provider:{world.elders.public_id}",
    ]
    assert User.objects.get(username="zhanglei").check_password("a-good-Passw0rd")


def test_a_role_with_an_unknown_organization_is_refused_on_that_field(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/users",
        {
            "username": "zhanglei",
            "roles": [{"role": "provider", "organization_id": "00000000-0000-0000-0000-000000000001"}],
        },
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "organization_unknown"
    assert "roles.0.organization_id" in body["errors"]
    assert not User.objects.filter(username="zhanglei").exists()


def test_a_purchaser_bound_to_a_community_is_refused(world, client_for):
    response = post_json(
        client_for(world.admin),
        "/users",
        {
            "username": "zhanglei",
            "roles": [{"role": "purchaser", "division_code": "140213050001"}],
        },
    )
    assert response.status_code == 400
    assert response.json()["code"] == "role_scope_wrong"


def test_a_taken_username_is_refused(world, client_for):
    response = post_json(client_for(world.admin), "/users", {"username": "Sunshine"})
    assert response.status_code == 400
    assert response.json()["code"] == "username_taken"


def test_only_the_district_admin_adds_people(world, client_for):
    assert post_json(client_for(world.provider), "/users", {"username": "x"}).status_code == 403
    assert post_json(Client(), "/users", {"username": "x"}).status_code == 401


def test_the_district_admin_gives_and_takes_a_role(world, client_for):
    client = client_for(world.admin)
    response = post_json(
        client, "/users/yongtai/roles", {"role": "provider", "organization_id": str(world.elders.public_id)}
    )
    assert response.status_code == 201, response.content
    key = response.json()["key"]
    assert key == f"provider:{world.elders.public_id}"

    response = client.delete(f"/api/v1/users/yongtai/roles/{key}")
    assert response.status_code == 204
    assert not RoleAssignment.objects.filter(user__username="yongtai", role=Role.PROVIDER, is_active=True).exists()
    response = client.delete("/api/v1/users/yongtai/roles/purchaser:140213050")
    assert response.status_code == 204
    assert get(client, "/users/yongtai").json()["roles"] == []


def test_taking_a_role_the_person_does_not_have_is_404(world, client_for):
    response = client_for(world.admin).delete("/api/v1/users/yongtai/roles/community_worker:140213050001")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_a_malformed_role_key_is_400(world, client_for):
    client = client_for(world.admin)
    assert client.delete("/api/v1/users/yongtai/roles/wizard").json()["code"] == "role_key_invalid"
    assert client.delete("/api/v1/users/yongtai/roles/provider:not-a-uuid").json()["code"] == "role_key_invalid"
    assert client.delete("/api/v1/users/yongtai/roles/purchaser").json()["code"] == "role_key_invalid"


def test_only_the_district_admin_takes_roles_away(world, client_for):
    response = client_for(world.purchaser).delete("/api/v1/users/yongtai/roles/purchaser:140213050")
    assert response.status_code == 403
    assert RoleAssignment.objects.filter(user__username="yongtai", is_active=True).exists()


# --- tokens -------------------------------------------------------------------------------------------------------


def test_a_session_user_creates_a_token_shown_once(world, client_for):
    client = client_for(world.provider)
    raw, prefix = make_token(client)
    assert raw.startswith("hm_")
    stored = ApiToken.objects.get(prefix=prefix)
    assert stored.digest != raw and raw not in stored.digest
    listed = get(client, "/tokens").json()
    assert [t["prefix"] for t in listed] == [prefix]
    assert "token" not in listed[0]


def test_token_auth_works_with_a_bearer_header(world, client_for):
    raw, _prefix = make_token(client_for(world.provider))
    response = get(Client(), "/users/me", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["username"] == "sunshine"


def test_a_token_client_writes_without_csrf(world, client_for):
    raw, _prefix = make_token(client_for(world.provider))
    client = Client(enforce_csrf_checks=True)
    response = client.patch(
        f"/api/v1/organizations/{world.sunshine.public_id}",
        data='{"phone": "0352-1"}',
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 200, response.content


def test_a_revoked_token_is_refused(world, client_for):
    client = client_for(world.provider)
    raw, prefix = make_token(client)
    assert client.delete(f"/api/v1/tokens/{prefix}").status_code == 204
    assert get(Client(), "/users/me", **bearer(raw)).status_code == 401
    # not even quietly downgraded to the public on public endpoints
    assert get(Client(), "/organizations", **bearer(raw)).status_code == 401
    assert get(client, "/tokens").json()[0]["revoked_at"] is not None


def test_an_unknown_token_is_refused(world):
    assert get(Client(), "/divisions", **bearer("hm_not-a-token")).status_code == 401


def test_a_token_cannot_mint_more_tokens(world, client_for):
    raw, _prefix = make_token(client_for(world.provider))
    response = post_json(Client(), "/tokens", {"name": "再来一个"}, **bearer(raw))
    assert response.status_code == 401
    assert ApiToken.objects.count() == 1


def test_the_public_cannot_create_tokens(world):
    assert post_json(Client(), "/tokens", {"name": "x"}).status_code == 401
    assert get(Client(), "/tokens").status_code == 401


def test_revoking_someone_elses_token_is_404(world, client_for):
    _raw, prefix = make_token(client_for(world.provider))
    assert client_for(world.purchaser).delete(f"/api/v1/tokens/{prefix}").status_code == 404
    assert ApiToken.objects.get(prefix=prefix).revoked_at is None


def test_a_session_post_without_csrf_is_refused(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin.user)
    response = post_json(
        client, "/divisions", {"code": "140213051", "name": "古城街道", "level": "street", "parent_code": "140213"}
    )
    assert response.status_code == 403
    response = post_json(client, "/tokens", {"name": "x"})
    assert response.status_code == 403
    assert ApiToken.objects.count() == 0


def test_a_session_post_with_csrf_is_accepted(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.admin.user)
    client.cookies["csrftoken"] = CSRF
    response = post_json(
        client,
        "/divisions",
        {"code": "140213051", "name": "古城街道", "level": "street", "parent_code": "140213"},
        HTTP_X_CSRFTOKEN=CSRF,
    )
    assert response.status_code == 201, response.content
