"""API tokens expire, die with their owner's password, and show when they were last used."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from huimin.audit.models import AuditEvent
from huimin.core.events import CoreEvent
from huimin.core.models import ApiToken
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services import ServiceError, api_token_create, user_change_password, user_set_password

from .api_world import build_world, get, post_json

pytestmark = pytest.mark.django_db

PASSWORD = "a-good-Passw0rd"  # conftest's make_user
NEW_PASSWORD = "n3w-Secret-pass"


@pytest.fixture
def world(system_actor, make_user):
    return build_world(system_actor, make_user)


def bearer(raw: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client


# --- expiry ------------------------------------------------------------------------------------------------------


def test_a_token_expires_after_the_default_lifetime_unless_another_is_chosen(world, settings):
    settings.API_TOKEN_DAYS, settings.API_TOKEN_MAX_DAYS = 90, 365
    user = world.provider.user
    now = timezone.now()
    token, _raw = api_token_create(user=user, name="默认", actor=world.provider, now=now)
    assert token.expires_at == now + timedelta(days=90)
    token, _raw = api_token_create(user=user, name="一周", actor=world.provider, lifetime_days=7, now=now)
    assert token.expires_at == now + timedelta(days=7)
    for days in (0, 366):
        with pytest.raises(ServiceError) as refused:
            api_token_create(user=user, name="太长", actor=world.provider, lifetime_days=days)
        assert refused.value.error_code == "token_lifetime_invalid"


def test_an_expired_token_is_refused_with_401_and_says_it_expired(world):
    token, raw = api_token_create(user=world.provider.user, name="报表机", actor=world.provider)
    assert get(Client(), "/users/me", **bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    response = get(Client(), "/users/me", **bearer(raw))
    assert response.status_code == 401
    body = response.json()
    assert body["code"] == "token_expired"
    assert "expired" in body["message"] and "Create a new one" in body["message"]
    assert set(body) == {"code", "message", "errors"}
    assert "invalid_token" in response["WWW-Authenticate"]


def test_unknown_revoked_and_disabled_owners_tokens_get_one_answer(world, system_actor):
    revoked, raw_revoked = api_token_create(user=world.provider.user, name="a", actor=world.provider)
    ApiToken.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    _token, raw_disabled = api_token_create(user=world.purchaser.user, name="b", actor=world.purchaser)
    world.purchaser.user.is_active = False
    world.purchaser.user.save()
    answers = [get(Client(), "/divisions", **bearer(raw)) for raw in ("hm_not-a-token", raw_revoked, raw_disabled)]
    assert {r.status_code for r in answers} == {401}
    assert len({r.content for r in answers}) == 1
    assert answers[0].json()["code"] == "token_invalid"


def test_the_api_creates_a_token_with_a_chosen_lifetime_and_lists_expiry_last_use_and_status(world, client_for):
    client = client_for(world.provider)
    created = post_json(client, "/tokens", {"name": "报表机", "lifetime_days": 30})
    assert created.status_code == 201, created.content
    body = created.json()
    expires = timezone.datetime.fromisoformat(body["expires_at"])
    assert timedelta(days=29, hours=23) < expires - timezone.now() <= timedelta(days=30)
    assert body["status"] == "in_force" and body["last_used_at"] is None
    assert get(Client(), "/users/me", **bearer(body["token"])).status_code == 200
    [listed] = get(client, "/tokens").json()
    assert listed["last_used_at"] is not None and listed["status"] == "in_force"
    assert "token" not in listed
    too_long = post_json(client, "/tokens", {"name": "x", "lifetime_days": 3000})
    assert too_long.status_code == 400 and too_long.json()["code"] == "token_lifetime_invalid"


def test_the_tokens_page_shows_expiry_last_use_and_expired_tokens(world, client_for):
    client = english(client_for(world.provider))
    response = client.post(reverse("core:tokens"), {"name": "统计导出", "lifetime_days": "30"})
    assert response.status_code == 200
    token = ApiToken.objects.get(user=world.provider.user)
    assert timedelta(days=29) < token.expires_at - timezone.now() <= timedelta(days=30)
    html = client.get(reverse("core:tokens")).content.decode()
    assert "Expires" in html and "Last used" in html and "never" in html
    assert timezone.localtime(token.expires_at).strftime("%Y-%m-%d %H:%M") in html
    get(Client(), "/users/me", **bearer(response.context["raw_token"]))
    token.refresh_from_db()
    html = client.get(reverse("core:tokens")).content.decode()
    assert timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") in html
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert ">expired<" in client.get(reverse("core:tokens")).content.decode()


# --- password changes --------------------------------------------------------------------------------------------


def test_changing_ones_password_on_the_page_revokes_every_token(world, client_for):
    user = world.provider.user
    _t1, raw1 = api_token_create(user=user, name="a", actor=world.provider)
    _t2, raw2 = api_token_create(user=user, name="b", actor=world.provider)
    client = english(client_for(world.provider))
    response = client.post(
        reverse("core:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        follow=True,
    )
    assert response.status_code == 200
    assert "Your 2 API tokens have been revoked" in response.content.decode()
    for raw in (raw1, raw2):
        refused = get(Client(), "/users/me", **bearer(raw))
        assert refused.status_code == 401 and refused.json()["code"] == "token_invalid"
    assert not ApiToken.objects.filter(user=user, revoked_at__isnull=True).exists()
    event = AuditEvent.objects.get(event_type=CoreEvent.API_TOKEN_REVOKED_ALL)
    assert event.payload["reason"] == "password_changed" and len(event.payload["prefixes"]) == 2


def test_the_password_service_revokes_tokens_of_that_account_only(world):
    mine, _raw = api_token_create(user=world.provider.user, name="a", actor=world.provider)
    theirs, raw_theirs = api_token_create(user=world.purchaser.user, name="b", actor=world.purchaser)
    revoked = user_change_password(
        user=world.provider.user, old_password=PASSWORD, new_password=NEW_PASSWORD, actor=world.provider
    )
    assert revoked == 1
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.revoked_at is not None and theirs.revoked_at is None
    assert get(Client(), "/users/me", **bearer(raw_theirs)).status_code == 200


def test_an_administrator_setting_a_password_revokes_the_tokens(world):
    _token, raw = api_token_create(user=world.provider.user, name="a", actor=world.provider)
    assert user_set_password(user=world.provider.user, new_password=NEW_PASSWORD, actor=world.admin) == 1
    assert get(Client(), "/users/me", **bearer(raw)).status_code == 401
    with pytest.raises(PermissionDenied):  # only the district administrator
        user_set_password(user=world.admin.user, new_password=NEW_PASSWORD, actor=world.provider)


def test_the_admin_sites_change_password_form_revokes_the_tokens(world):
    admin_user = world.admin.user
    admin_user.is_staff = admin_user.is_superuser = True
    admin_user.save()
    target = world.provider.user
    _token, raw = api_token_create(user=target, name="a", actor=world.provider)
    client = Client()
    client.force_login(admin_user)
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    target.refresh_from_db()
    assert target.check_password(NEW_PASSWORD)
    assert get(Client(), "/users/me", **bearer(raw)).status_code == 401
    event = AuditEvent.objects.get(event_type=CoreEvent.USER_PASSWORD_SET)
    assert event.actor_id == admin_user.pk
    assert AuditEvent.objects.get(event_type=CoreEvent.API_TOKEN_REVOKED_ALL).payload["reason"] == "password_set"


def test_a_signed_in_user_is_not_an_administrator_for_the_admin_password_form(world):
    """Staff without the district administrator role cannot set passwords through /admin/ either."""
    staff = world.purchaser.user
    staff.is_staff = staff.is_superuser = True
    staff.save()
    client = Client()
    client.force_login(staff)
    url = reverse("admin:auth_user_password_change", args=[world.provider.user.pk])
    response = client.post(url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"})
    assert response.status_code == 200
    world.provider.user.refresh_from_db()
    assert world.provider.user.check_password(PASSWORD)
    assert Actor.for_user(staff).is_district_admin is False
