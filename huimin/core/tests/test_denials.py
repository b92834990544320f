"""Refused requests are counted and logged: 401 and 403 in pages and the API, and 404 on a route that names an
object; an address that matches no route is not counted. `huimin stats` shows the total."""

from __future__ import annotations

import logging
import uuid

import pytest
from django.db.models import Sum

from huimin.core.models import DeniedRequestCount, Role
from huimin.core.permissions import Actor
from huimin.core.services.denials import denied_request_record
from huimin.core.stats import collect

pytestmark = pytest.mark.django_db


def counted(status: int | None = None, route: str | None = None) -> int:
    rows = DeniedRequestCount.objects.all()
    if status is not None:
        rows = rows.filter(status=status)
    if route is not None:
        rows = rows.filter(route=route)
    return int(rows.aggregate(n=Sum("count"))["n"] or 0)


def test_a_page_refused_by_permission_is_counted_and_logged(client_for, make_user, caplog):
    client = client_for(make_user(role=Role.RESIDENT))
    with caplog.at_level(logging.WARNING, logger="huimin.security"):
        assert client.get("/divisions/new/").status_code == 403
        assert client.get("/divisions/new/").status_code == 403
    assert counted(403, "divisions/new/") == 2
    assert any("refused 403 GET /divisions/new/" in r.getMessage() for r in caplog.records)


def test_api_refusals_are_counted_anonymous_401_and_signed_in_403(client, client_for, make_user):
    assert client.get("/api/v1/users/me").status_code == 401
    resident = client_for(make_user(role=Role.RESIDENT))
    assert resident.get("/api/v1/credit/timeliness").status_code == 403
    assert counted(401) == 1 and counted(403) == 1


def test_a_404_on_an_object_route_is_counted_but_not_an_unknown_address(client):
    assert client.get(f"/organizations/{uuid.uuid4()}/").status_code == 404
    assert counted(404) == 1
    assert client.get("/wp-login.php").status_code == 404
    assert counted(404) == 1


def test_an_allowed_request_is_not_counted(client):
    assert client.get("/").status_code == 200
    assert not DeniedRequestCount.objects.exists()


def test_the_count_is_one_row_per_day_route_and_status_and_the_stats_show_the_total():
    for _ in range(5):
        denied_request_record(route="needs/<uuid:public_id>/", status=404, actor=Actor.anonymous())
    denied_request_record(route="needs/<uuid:public_id>/", status=403, actor=Actor.anonymous())
    assert DeniedRequestCount.objects.count() == 2
    assert counted(404) == 5
    assert collect()["denied_requests"] == 6
