"""Personal numbers in an organization's public facts (issue 9): the registration authority, the legal
representative and an evaluation grade's authority are typed in and published, so the directory page and the public
API show them masked (huimin.core.presenters); the private file (description, phone, inspection notes) stays out of
public view and reads as written for those who may see it; every text field of Organization is decided."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import models
from django.test import Client

from huimin.core import presenters
from huimin.core.masking import normalize_digits
from huimin.core.models import Organization, OrganizationType, Role
from huimin.core.permissions import SystemActor
from huimin.core.services import organization_create, organization_grade_award, organization_inspection_record

pytestmark = pytest.mark.django_db

ID = "140213199001011233"
MOBILE = "13903520001"
OTHER_MOBILE = "13903520002"


def shows_a_number(body: str) -> bool:
    flat = normalize_digits(body)
    return ID in flat or MOBILE in flat or OTHER_MOBILE in flat


@pytest.fixture
def organization(make_user):
    admin = make_user(Role.DISTRICT_ADMIN)
    org = organization_create(
        actor=SystemActor("test"),
        name="大同市平城区阳光社会工作服务中心",
        org_type=OrganizationType.SOCIAL_SERVICE,
        registration_authority="平城区民政局（经办人电话139 0352 0001）",
        legal_representative=f"张三 ID{ID}",
        description=f"联系人电话{OTHER_MOBILE}",
    )
    organization_grade_award(
        organization=org,
        grade=4,
        awarded_on=date.today() - timedelta(days=10),
        authority=f"平城区社会组织评估委员会 {MOBILE}",
        actor=admin,
    )
    organization_inspection_record(
        organization=org, year=date.today().year - 1, result="passed", note=OTHER_MOBILE, actor=admin
    )
    return org


def test_an_organizations_public_facts_reach_the_public_masked(organization):
    client = Client(headers={"accept-language": "zh-CN"})
    for url in (
        f"/organizations/{organization.public_id}/",
        f"/api/v1/organizations/{organization.public_id}",
        "/api/v1/organizations",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert not shows_a_number(body), url
        assert "139****0001" in body, url
    data = client.get(f"/api/v1/organizations/{organization.public_id}").json()
    assert data["legal_representative"] == "张三 ID140213********1233"
    assert data["current_grade"]["authority"] == "平城区社会组织评估委员会 139****0001"
    assert data["private"] is None


def test_the_private_file_reads_as_written_for_those_who_may_see_it(organization, make_user):
    client = Client()
    client.force_login(make_user(Role.DISTRICT_ADMIN).user)
    page = client.get(f"/organizations/{organization.public_id}/").content.decode()
    assert OTHER_MOBILE in page  # the description and the inspection note, in the file that is not public
    assert organization.legal_representative in page


def test_every_text_field_of_an_organization_is_masked_for_the_public_registered_or_private():
    fields = {
        f.name
        for f in Organization._meta.get_fields()
        if isinstance(f, models.CharField | models.TextField) and not f.is_relation
    }
    decided = (
        set(presenters.PublicOrganization.text_fields)
        | set(presenters.ORGANIZATION_AS_REGISTERED)
        | set(presenters.ORGANIZATION_PRIVATE)
    )
    assert fields - decided == set(), "decide in huimin.core.presenters whether the new field is public free text"
