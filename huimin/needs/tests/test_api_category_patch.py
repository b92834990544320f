"""Only the district administrator changes the catalogue of service categories, also with a patch that changes
nothing (found by the role × route matrix: an empty PATCH answered 200 to every signed-in role)."""

from __future__ import annotations

import json

import pytest

from huimin.core.models import Role
from huimin.needs.models import NeedCategory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.RESIDENT, Role.COMMUNITY_WORKER, Role.PROVIDER, Role.CREDIT_ADMIN])
def test_an_empty_category_patch_by_anyone_but_the_district_administrator_is_refused(role, make_user, client_for):
    category = NeedCategory.objects.order_by("pk").first()
    client = client_for(make_user(role))
    response = client.patch(
        f"/api/v1/need-categories/{category.code}", data=json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"


def test_the_district_administrator_may_send_an_empty_category_patch(make_user, client_for):
    category = NeedCategory.objects.order_by("pk").first()
    client = client_for(make_user(Role.DISTRICT_ADMIN))
    response = client.patch(
        f"/api/v1/need-categories/{category.code}", data=json.dumps({}), content_type="application/json"
    )
    assert response.status_code == 200
    assert response.json()["code"] == category.code
