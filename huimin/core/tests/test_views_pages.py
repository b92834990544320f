"""The core pages: who may open which page, what each role's home shows, and that forms show the services' reasons
next to the fields they concern."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huimin.audit.models import AuditEvent
from huimin.core.events import CoreEvent
from huimin.core.models import (
    ApiToken,
    Division,
    DivisionLevel,
    Organization,
    OrganizationType,
    Role,
    User,
)
from huimin.core.services import (
    division_create,
    organization_contact_add,
    organization_create,
    organization_grade_award,
    organization_inspection_record,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english_pages(client, settings):
    """Messages are asserted in English (the msgids), whatever the zh-hans catalogue says."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


PASSWORD = "x-Passw0rd-long"
VALID_MINFEI = "52140213MJY00001X9"
VALID_SHETUAN = "51140213MJY000028C"
WRONG_CHECK = "51140213MJY000029C"  # VALID_SHETUAN with a wrong 17th character


@pytest.fixture
def system(system_actor):
    return system_actor


@pytest.fixture
def district(system):
    return division_create(code="140213", name="平城区", level=DivisionLevel.DISTRICT, actor=system)


@pytest.fixture
def street(system, district):
    return division_create(code="140213003", name="东街街道", level=DivisionLevel.STREET, parent=district, actor=system)


@pytest.fixture
def community(system, street):
    return division_create(
        code="140213003001", name="水泉湾龙园社区", level=DivisionLevel.COMMUNITY, parent=street, actor=system
    )


@pytest.fixture
def org(system, community):
    return organization_create(
        actor=system,
        name="平城区雅韵书画艺术研究会",
        org_type=OrganizationType.SOCIAL_GROUP,
        uscc=VALID_SHETUAN,
        division=community,
        phone="0352-1234567",
        legal_representative="李明",
    )


@pytest.fixture
def other_org(system):
    return organization_create(
        actor=system, name="大同市毅源力社会组织发展中心", org_type=OrganizationType.SOCIAL_SERVICE, uscc=VALID_MINFEI
    )


@pytest.fixture
def agency(system):
    return organization_create(actor=system, name="平城区发展和改革局", org_type=OrganizationType.GOVERNMENT)


@pytest.fixture
def user_with(make_user):
    """`user_with(username, role, division=…, organization=…)` → the User (the root `make_user` gives its Actor)."""

    def factory(username, role=None, **kwargs):
        return make_user(role, username=username, password=PASSWORD, **kwargs).user

    return factory


@pytest.fixture
def admin(user_with, district):
    return user_with("admin", Role.DISTRICT_ADMIN, full_name="区民政局管理员")


@pytest.fixture
def provider(user_with, org):
    return user_with("provider", Role.PROVIDER, organization=org)


@pytest.fixture
def purchaser(user_with, street):
    return user_with("purchaser", Role.PURCHASER, division=street)


@pytest.fixture
def worker(user_with, community):
    return user_with("worker", Role.COMMUNITY_WORKER, division=community)


@pytest.fixture
def resident(user_with):
    return user_with("resident", Role.RESIDENT)


def as_user(client, user):
    client.force_login(user)
    return client


def redirects_to_login(response) -> bool:
    return response.status_code == 302 and response["Location"].startswith(reverse("core:login"))


# --- home ---------------------------------------------------------------------------------------------------------


def test_anonymous_home_is_the_public_landing_page(client, org):
    response = client.get(reverse("core:home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "惠民</title>" in html
    assert reverse("core:organization_list") in html
    assert reverse("core:division_list") in html
    assert response.context["organizations_count"] == 1


def test_district_admin_home_shows_real_attention_counts(client, system, admin, org, other_org):
    today = timezone.localdate()
    # A grade awarded almost five years ago expires within 90 days.
    awarded = date(today.year - 5, today.month, min(today.day, 28)) + timedelta(days=30)
    organization_grade_award(organization=org, grade=4, awarded_on=awarded, actor=system)
    organization_inspection_record(organization=other_org, year=today.year - 1, result="passed", actor=system)
    response = as_user(client, admin).get(reverse("core:home"))
    assert response.status_code == 200
    card = next(c for c in response.context["cards"] if c["role"] == Role.DISTRICT_ADMIN)
    data = card["data"]
    assert data["organizations"] == 2
    assert data["divisions"] == 3  # district, street, community
    assert [o.name for o in data["grades_expiring"]] == [org.name]
    assert data["grades_expired"] == []
    assert data["missing_inspection_count"] == 1  # org has none for last year; other_org has one
    assert data["calendar_missing_years"] == [today.year, today.year + 1]
    html = response.content.decode()
    assert org.name in html


def test_provider_home_shows_what_its_organization_file_lacks(client, provider, org):
    response = as_user(client, provider).get(reverse("core:home"))
    assert response.status_code == 200
    card = next(c for c in response.context["cards"] if c["role"] == Role.PROVIDER)
    item = card["items"][0]
    assert item["organization"] == org
    assert "No registration certificate number is recorded." in item["gaps"]
    assert "No contact person is recorded." in item["gaps"]
    assert 0 < item["completeness"] < 100
    assert "No registration certificate number is recorded." in response.content.decode()


def test_purchaser_home_shows_its_street_communities_and_organizations(client, purchaser, community, org):
    response = as_user(client, purchaser).get(reverse("core:home"))
    card = next(c for c in response.context["cards"] if c["role"] == Role.PURCHASER)
    item = card["items"][0]
    assert item["communities"] == [community]
    assert item["organizations_count"] == 1
    assert community.name in response.content.decode()


def test_community_worker_home_shows_its_community(client, worker, community, org):
    response = as_user(client, worker).get(reverse("core:home"))
    card = next(c for c in response.context["cards"] if c["role"] == Role.COMMUNITY_WORKER)
    assert card["items"][0]["division"] == community
    assert card["items"][0]["organizations_count"] == 1


def test_credit_admin_home_counts_reporting_units_without_an_officer(client, user_with, agency):
    credit_admin = user_with("credit", Role.CREDIT_ADMIN)
    response = as_user(client, credit_admin).get(reverse("core:home"))
    card = next(c for c in response.context["cards"] if c["role"] == Role.CREDIT_ADMIN)
    assert card["data"]["units_without_officer_count"] == 1
    user_with("officer", Role.CREDIT_OFFICER, organization=agency)
    response = client.get(reverse("core:home"))
    card = next(c for c in response.context["cards"] if c["role"] == Role.CREDIT_ADMIN)
    assert card["data"]["units_without_officer_count"] == 0
    assert card["data"]["officer_accounts"] == 1


def test_resident_home_says_honestly_that_nothing_is_pending(client, resident):
    response = as_user(client, resident).get(reverse("core:home"))
    assert response.status_code == 200
    assert "Nothing needs your attention now." in response.content.decode()


def test_navigation_shows_people_only_to_the_district_admin(client, admin, resident):
    people_url = reverse("core:person_list")
    assert people_url in as_user(client, admin).get(reverse("core:home")).content.decode()
    client.logout()
    assert f'href="{people_url}"' not in as_user(client, resident).get(reverse("core:home")).content.decode()


# --- divisions ----------------------------------------------------------------------------------------------------


def test_division_list_and_detail_are_public_and_searchable(client, community, street):
    response = client.get(reverse("core:division_list"), {"q": "水泉湾"})
    assert response.status_code == 200
    assert [d.code for d in response.context["page"]] == [community.code]
    response = client.get(reverse("core:division_list"), {"sort": "-code"})
    assert next(d.code for d in response.context["page"]) == community.code
    response = client.get(reverse("core:division_detail", kwargs={"code": street.code}))
    assert response.status_code == 200
    assert community.name in response.content.decode()
    assert client.get(reverse("core:division_detail", kwargs={"code": "999999"})).status_code == 404


def test_division_create_is_for_the_district_admin_only(client, admin, resident, district):
    url = reverse("core:division_create")
    assert redirects_to_login(client.get(url))
    assert as_user(client, resident).get(url).status_code == 403
    client.logout()
    as_user(client, admin)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "code": "140213004",
            "name": "西街街道",
            "level": "street",
            "parent": "140213",
            "is_active": "on",
            "takes_part": "on",
        },
    )
    assert response.status_code == 302
    assert Division.objects.filter(code="140213004", parent=district).exists()


def test_division_with_a_parent_of_the_wrong_level_shows_the_reason_next_to_the_parent(client, admin, district):
    response = as_user(client, admin).post(
        reverse("core:division_create"),
        {
            "code": "140213003001",
            "name": "某社区",
            "level": "community",
            "parent": "140213",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["parent"]
    assert 'id="id_parent_error"' in response.content.decode()
    assert not Division.objects.filter(code="140213003001").exists()


def test_purchaser_may_annotate_only_its_own_street(client, purchaser, street, system, district):
    other = division_create(
        code="140213005", name="北关街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    as_user(client, purchaser)
    response = client.get(reverse("core:division_edit", kwargs={"code": street.code}))
    assert response.status_code == 200
    assert list(response.context["form"].fields) == ["note"]
    response = client.post(reverse("core:division_edit", kwargs={"code": street.code}), {"note": "试点街道"})
    assert response.status_code == 302
    street.refresh_from_db()
    assert street.note == "试点街道"
    assert client.get(reverse("core:division_edit", kwargs={"code": other.code})).status_code == 403


# --- organizations ------------------------------------------------------------------------------------------------


def test_organization_directory_is_public_searchable_and_paginated(client, system, org, other_org):
    response = client.get(reverse("core:organization_list"), {"q": "书画"})
    assert response.status_code == 200
    assert [o.name for o in response.context["page"]] == [org.name]
    response = client.get(reverse("core:organization_list"), {"q": VALID_MINFEI})
    assert [o.name for o in response.context["page"]] == [other_org.name]
    for n in range(55):
        organization_create(actor=system, name=f"测试组织{n:03d}", org_type=OrganizationType.ENTERPRISE)
    response = client.get(reverse("core:organization_list"))
    assert len(response.context["page"]) == 50
    assert response.context["page"].paginator.num_pages == 2
    assert len(client.get(reverse("core:organization_list"), {"page": 2}).context["page"]) == 7


def test_public_organization_page_shows_registration_facts_but_not_the_private_file(client, system, org):
    organization_contact_add(organization=org, name="张联系", phone="13900000000", actor=system)
    organization_inspection_record(organization=org, year=2023, result="passed", actor=system)
    url = reverse("core:organization_detail", kwargs={"public_id": org.public_id})
    html = client.get(url).content.decode()
    assert org.name in html and VALID_SHETUAN in html and "李明" in html and "2023" in html
    assert "张联系" not in html and "13900000000" not in html
    assert "0352-1234567" not in html
    assert 'class="audit-history"' not in html


def test_staff_see_the_private_file_and_history_of_an_organization(client, system, admin, org):
    organization_contact_add(organization=org, name="张联系", phone="13900000000", actor=system)
    url = reverse("core:organization_detail", kwargs={"public_id": org.public_id})
    html = as_user(client, admin).get(url).content.decode()
    assert "张联系" in html
    assert 'class="audit-history"' in html
    assert "organization.created" in html


def test_organization_with_an_invalid_credit_code_shows_why_next_to_the_field_and_creates_nothing(client, admin):
    response = as_user(client, admin).post(
        reverse("core:organization_create"),
        {
            "name": "某协会",
            "org_type": OrganizationType.SOCIAL_GROUP,
            "uscc": WRONG_CHECK,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    errors = response.context["form"].errors["uscc"]
    assert errors
    html = response.content.decode()
    assert 'id="id_uscc_error"' in html
    assert 'aria-describedby="id_uscc_helptext id_uscc_error"' in html
    assert "is-invalid" in html
    assert not Organization.objects.exists()
    assert not AuditEvent.objects.filter(event_type=CoreEvent.ORGANIZATION_CREATED).exists()


def test_district_admin_registers_an_organization(client, admin, community):
    response = as_user(client, admin).post(
        reverse("core:organization_create"),
        {
            "name": "平城区雅韵书画艺术研究会",
            "org_type": OrganizationType.SOCIAL_GROUP,
            "uscc": VALID_SHETUAN,
            "division": community.code,
            "founded_on": "2015-03-02",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    org = Organization.objects.get(uscc=VALID_SHETUAN)
    assert org.division == community
    assert response["Location"] == reverse("core:organization_detail", kwargs={"public_id": org.public_id})


def test_organization_create_is_refused_to_others(client, provider, resident):
    url = reverse("core:organization_create")
    assert redirects_to_login(client.get(url))
    assert as_user(client, provider).get(url).status_code == 403
    assert as_user(client, resident).post(url, {"name": "x", "org_type": "enterprise"}).status_code == 403
    assert Organization.objects.filter(name="x").count() == 0


def test_provider_cannot_edit_another_organization(client, provider, other_org):
    url = reverse("core:organization_edit", kwargs={"public_id": other_org.public_id})
    assert as_user(client, provider).get(url).status_code == 403
    response = client.post(url, {"name": other_org.name, "phone": "1"})
    assert response.status_code == 403


def test_provider_edits_its_contact_details_but_not_its_credit_code(client, provider, org):
    url = reverse("core:organization_edit", kwargs={"public_id": org.public_id})
    as_user(client, provider)
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["form"]
    assert "org_type" not in form.fields
    assert form.fields["uscc"].widget.attrs.get("readonly")

    data = {**{k: v or "" for k, v in form.initial.items() if k in form.fields}, "phone": "0352-7654321"}
    data["founded_on"] = ""
    response = client.post(url, data)
    assert response.status_code == 302
    org.refresh_from_db()
    assert org.phone == "0352-7654321"

    response = client.post(url, {**data, "uscc": VALID_MINFEI})
    assert response.status_code == 200
    assert response.context["form"].errors["uscc"]
    assert "Only the district administrator may change" in response.content.decode()
    org.refresh_from_db()
    assert org.uscc == VALID_SHETUAN


def test_annual_inspection_and_grade_are_recorded_by_the_district_admin(client, admin, provider, org):
    inspection_url = reverse("core:organization_inspection_add", kwargs={"public_id": org.public_id})
    grade_url = reverse("core:organization_grade_add", kwargs={"public_id": org.public_id})
    assert as_user(client, provider).get(inspection_url).status_code == 403
    assert client.get(grade_url).status_code == 403
    client.logout()
    as_user(client, admin)
    assert client.get(inspection_url).status_code == 200
    assert client.post(inspection_url, {"year": 2023, "result": "passed"}).status_code == 302
    assert org.inspections.get(year=2023).result == "passed"
    response = client.post(grade_url, {"grade": 4, "awarded_on": "2021-06-01", "authority": "平城区民政局"})
    assert response.status_code == 302
    assert org.grades.get().valid_until == date(2026, 5, 31)
    future = (timezone.localdate() + timedelta(days=10)).isoformat()
    response = client.post(grade_url, {"grade": 4, "awarded_on": future})
    assert response.status_code == 200
    assert response.context["form"].errors["awarded_on"]


# --- people -------------------------------------------------------------------------------------------------------


def test_people_list_is_for_the_district_admin(client, admin, resident):
    url = reverse("core:person_list")
    assert redirects_to_login(client.get(url))
    assert as_user(client, resident).get(url).status_code == 403
    client.logout()
    response = as_user(client, admin).get(url, {"q": "resid"})
    assert response.status_code == 200
    assert [u.username for u in response.context["page"]] == ["resident"]


def test_a_person_sees_their_own_profile_but_not_others(client, admin, resident, provider):
    as_user(client, resident)
    assert client.get(reverse("core:person_detail", kwargs={"username": "resident"})).status_code == 200
    assert client.get(reverse("core:person_detail", kwargs={"username": "provider"})).status_code == 403
    assert client.get(reverse("core:person_detail", kwargs={"username": "nobody"})).status_code == 403
    client.logout()
    as_user(client, admin)
    assert client.get(reverse("core:person_detail", kwargs={"username": "provider"})).status_code == 200
    assert client.get(reverse("core:person_detail", kwargs={"username": "nobody"})).status_code == 404


def test_a_person_edits_their_own_profile(client, resident):
    url = reverse("core:person_edit", kwargs={"username": "resident"})
    response = as_user(client, resident).get(url)
    assert "is_active" not in response.context["form"].fields
    assert client.post(url, {"full_name": "赵居民", "phone": "13800000000", "email": ""}).status_code == 302
    resident.refresh_from_db()
    assert resident.full_name == "赵居民"


def test_creating_a_person_with_a_role_bound_to_the_wrong_division_shows_the_reason_next_to_it(
    client, admin, community
):
    response = as_user(client, admin).post(
        reverse("core:person_create"),
        {
            "username": "jiedao",
            "full_name": "街道办",
            "role": Role.PURCHASER,
            "division": community.code,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["division"]
    assert 'id="id_division_error"' in response.content.decode()
    assert not User.objects.filter(username="jiedao").exists()


def test_creating_a_provider_without_an_organization_shows_the_reason_next_to_the_organization(client, admin):
    response = as_user(client, admin).post(
        reverse("core:person_create"),
        {
            "username": "p2",
            "role": Role.PROVIDER,
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["organization"]
    assert not User.objects.filter(username="p2").exists()


def test_district_admin_creates_a_person_with_a_role_and_revokes_it(client, admin, street):
    as_user(client, admin)
    response = client.post(
        reverse("core:person_create"),
        {
            "username": "jiedao",
            "full_name": "东街街道办",
            "password": "Jie-dao-2020!",
            "role": Role.PURCHASER,
            "division": street.code,
        },
    )
    assert response.status_code == 302
    person = User.objects.get(username="jiedao")
    assert person.check_password("Jie-dao-2020!")
    assert person.role_assignments.get().division == street
    detail = client.get(reverse("core:person_detail", kwargs={"username": "jiedao"}))
    assert "Revoke" in detail.content.decode()
    response = client.post(
        reverse("core:person_role_revoke", kwargs={"username": "jiedao"}),
        {"role": Role.PURCHASER, "division": street.code},
    )
    assert response.status_code == 302
    assert not person.role_assignments.filter(is_active=True).exists()


def test_role_add_page_assigns_a_role(client, admin, resident, org):
    url = reverse("core:person_role_add", kwargs={"username": "resident"})
    as_user(client, admin)
    assert client.get(url).status_code == 200
    response = client.post(url, {"role": Role.PROVIDER, "organization": str(org.public_id)})
    assert response.status_code == 302
    assert resident.role_assignments.filter(role=Role.PROVIDER, organization=org, is_active=True).exists()


def test_role_pages_are_refused_to_others(client, resident, provider):
    as_user(client, provider)
    assert client.get(reverse("core:person_create")).status_code == 403
    assert client.get(reverse("core:person_role_add", kwargs={"username": "resident"})).status_code == 403
    response = client.post(reverse("core:person_role_revoke", kwargs={"username": "resident"}), {"role": Role.RESIDENT})
    assert response.status_code == 403
    assert resident.role_assignments.filter(is_active=True).exists()


# --- tokens -------------------------------------------------------------------------------------------------------


def test_tokens_page_shows_a_new_token_once_and_revokes_it(client, resident):
    url = reverse("core:tokens")
    assert redirects_to_login(client.get(url))
    as_user(client, resident)
    response = client.post(url, {"name": "统计导出"})
    assert response.status_code == 200
    raw = response.context["raw_token"]
    assert raw and raw in response.content.decode()
    token = ApiToken.objects.get(user=resident)
    assert token.digest == ApiToken.digest_of(raw)
    assert raw not in client.get(url).content.decode()
    response = client.post(reverse("core:token_revoke", kwargs={"prefix": token.prefix}))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_tokens_of_others_cannot_be_revoked(client, resident, provider):
    from huimin.core.permissions import Actor
    from huimin.core.services import api_token_create

    token, _raw = api_token_create(user=provider, name="p", actor=Actor.for_user(provider))
    response = as_user(client, resident).post(reverse("core:token_revoke", kwargs={"prefix": token.prefix}))
    assert response.status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


# --- calendar -----------------------------------------------------------------------------------------------------


def test_calendar_is_public_and_editing_is_for_the_district_admin(client, admin, resident):
    url = reverse("core:calendar")
    response = client.get(url, {"year": 2024})
    assert response.status_code == 200
    assert response.context["year"] == 2024
    assert "set-date" not in response.content.decode()
    assert redirects_to_login(client.post(url, {"action": "set", "set-date": "2024-10-01", "set-kind": "holiday"}))
    assert (
        as_user(client, resident)
        .post(url, {"action": "set", "set-date": "2024-10-01", "set-kind": "holiday"})
        .status_code
        == 403
    )
    client.logout()
    as_user(client, admin)
    response = client.get(url, {"year": 2024})
    assert response.context["may_edit"]
    assert 'name="set-date"' in response.content.decode()
    response = client.post(
        url, {"action": "set", "set-date": "2024-10-08", "set-kind": "holiday", "set-name": "国庆节"}
    )
    assert response.status_code == 302
    days = client.get(url, {"year": 2024}).context["holidays"]
    assert any(d.date == date(2024, 10, 8) and d.name == "国庆节" for d in days)
    assert client.post(url, {"action": "clear", "clear-date": "2024-10-08"}).status_code == 302
    assert not client.get(url, {"year": 2024}).context["holidays"]


def test_district_admin_confirms_a_year_and_the_home_stops_asking_for_it(client, admin):
    today = timezone.localdate()
    as_user(client, admin)
    for year in (today.year, today.year + 1):
        response = client.post(reverse("core:calendar"), {"action": "confirm", "year": year})
        assert response.status_code == 302
    card = next(c for c in client.get(reverse("core:home")).context["cards"] if c["role"] == Role.DISTRICT_ADMIN)
    assert card["data"]["calendar_missing_years"] == []
    assert client.get(reverse("core:calendar"), {"year": today.year}).context["year_record"].confirmed_by == "admin"


def test_calendar_day_with_an_unknown_kind_is_refused_next_to_the_field(client, admin):
    response = as_user(client, admin).post(
        reverse("core:calendar"), {"action": "set", "set-date": "2024-10-08", "set-kind": "party"}
    )
    assert response.status_code == 200
    assert response.context["set_form"].errors["kind"]
    assert 'id="id_set-kind_error"' in response.content.decode()


# --- errors and back office ---------------------------------------------------------------------------------------


def test_refusal_page_explains_itself(client, resident):
    response = as_user(client, resident).get(reverse("core:organization_create"))
    assert response.status_code == 403
    html = response.content.decode()
    assert "Only the district administrator may register organizations." in html
    assert "惠民</title>" in html


def test_unknown_page_uses_the_site_layout(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "404.html" in [t.name for t in response.templates]
    assert "Page not found" in response.content.decode()


def test_back_office_lists_every_core_model(client, district, org):
    superuser = User.objects.create_superuser(username="root", password=PASSWORD, email="root@example.org")
    as_user(client, superuser)
    for model in ("division", "organization", "user", "roleassignment", "apitoken", "calendarday", "calendaryear"):
        response = client.get(reverse(f"admin:core_{model}_changelist"))
        assert response.status_code == 200, model
    response = client.get(reverse("admin:core_user_change", args=[superuser.pk]))
    assert response.status_code == 200
    assert "role_assignments-TOTAL_FORMS" in response.content.decode()


def test_back_office_changes_are_audited(client, district):
    superuser = User.objects.create_superuser(username="root", password=PASSWORD, email="root@example.org")
    as_user(client, superuser)
    response = client.post(
        reverse("admin:core_division_change", args=[district.pk]),
        {
            "code": district.code,
            "name": "平城区（改）",
            "level": "district",
            "parent": "",
            "is_active": "on",
            "takes_part": "on",
            "valid_from": "",
            "valid_to": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert AuditEvent.objects.filter(event_type="admin.division.changed", target_id=str(district.pk)).exists()


def test_home_shows_the_work_links_registered_for_the_users_role_with_what_waits(client, admin):
    from huimin.core.worklinks import register_work_link, unregister_work_link

    register_work_link(
        Role.DISTRICT_ADMIN, "core:calendar", "Calendar desk", waiting=lambda actor: 7, waiting_label="days"
    )
    register_work_link(Role.RESIDENT, "core:division_list", "Not for administrators")
    register_work_link(Role.DISTRICT_ADMIN, "no-such:page", "Gone")
    try:
        client.force_login(admin)
        html = client.get(reverse("core:home")).content.decode()
        assert "Calendar desk" in html and reverse("core:calendar") in html and "7 days" in html
        assert "Not for administrators" not in html and "Gone" not in html
    finally:
        unregister_work_link(Role.DISTRICT_ADMIN, "core:calendar")
        unregister_work_link(Role.RESIDENT, "core:division_list")
        unregister_work_link(Role.DISTRICT_ADMIN, "no-such:page")
