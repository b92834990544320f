"""The Pingcheng demonstration data: the 2020 round's setting, built only through services, loadable once."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.auth import authenticate
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from huimin.audit.chain import audit_verify
from huimin.audit.models import AuditEvent
from huimin.core.events import CoreEvent
from huimin.core.models import (
    AnnualInspection,
    Division,
    DivisionLevel,
    EvaluationGrade,
    Organization,
    OrganizationContact,
    OrganizationType,
    Role,
    RoleAssignment,
    User,
)
from huimin.core.permissions import SystemActor
from huimin.core.validators import check_uscc
from huimin.demo import data
from huimin.demo.pingcheng import DemoAlreadyLoaded, load_pingcheng, planned_logins, planned_steps

SOCIAL_TYPES = (
    OrganizationType.SOCIAL_GROUP,
    OrganizationType.SOCIAL_SERVICE,
    OrganizationType.FOUNDATION,
    OrganizationType.ENTERPRISE,
    OrganizationType.INDIVIDUAL_BUSINESS,
)


def assert_accounts_are_the_planned_ones_and_the_applicants() -> None:
    """Every planned login, plus one provider account (provider11 …) for each other organization that applied."""
    planned = {login.username for login in planned_logins()}
    usernames = set(User.objects.values_list("username", flat=True))
    assert planned <= usernames
    extra = usernames - planned
    assert all(u.startswith("provider") and u[8:].isdigit() and int(u[8:]) > 10 for u in extra), sorted(extra)
    for username in extra:
        user = User.objects.get(username=username)
        assert user.role_assignments.get().role == Role.PROVIDER
        organization = user.role_assignments.get().organization
        assert organization is not None and organization.proposals.exists()


def fingerprint() -> list[list[tuple]]:
    orgs = list(
        Organization.objects.order_by("name").values_list(
            "name", "org_type", "uscc", "founded_on", "legal_representative", "phone", "address", "division__code"
        )
    )
    contacts = list(OrganizationContact.objects.order_by("organization__name", "id").values_list("name", "phone"))
    divisions = list(Division.objects.order_by("code").values_list("code", "name", "level", "takes_part"))
    users = list(User.objects.order_by("username").values_list("username", "full_name", "phone"))
    return [orgs, contacts, divisions, users]


# --- divisions ------------------------------------------------------------------------------------------------


def test_pingcheng_district_has_12_streets_and_3_townships_of_which_13_take_part(demo, db):
    district = Division.objects.get(code="140213")
    assert district.name == "平城区" and district.level == DivisionLevel.DISTRICT and district.parent is None
    units = Division.objects.filter(parent=district)
    assert units.filter(level=DivisionLevel.STREET).count() == 12
    assert units.filter(level=DivisionLevel.TOWNSHIP).count() == 3
    taking_part = set(units.filter(takes_part=True).values_list("name", flat=True))
    assert len(taking_part) == 13
    assert "水泊寺乡" in taking_part and not {"新旺乡", "马军营乡"} & taking_part
    assert all(len(u.code) == 9 and u.code.startswith("140213") for u in units)
    assert all(str(u.valid_to) == "2021-03-01" for u in units)


def test_communities_are_about_seventy_with_the_real_names_under_their_streets(demo, db):
    communities = Division.objects.filter(level=DivisionLevel.COMMUNITY)
    assert communities.count() >= 60
    assert all(len(c.code) == 12 and c.code.startswith(c.parent.code) for c in communities.select_related("parent"))
    for street, names in {
        "东街街道": {"水泉湾龙园社区", "东门大巷社区", "东史宅社区", "鼓楼东街社区"},
        "西街街道": {"帅府社区", "朝阳寺社区", "宁馨社区"},
        "南街街道": {"福兴园社区", "善化寺社区", "华严寺社区", "圆通寺社区"},
        "北街街道": {"代王府社区", "法华寺社区", "龙园社区", "太阳城社区", "御河北路社区", "御华帝景社区"},
    }.items():
        assert names <= set(communities.filter(parent__name=street).values_list("name", flat=True)), street
    for street in Division.objects.filter(level=DivisionLevel.STREET):
        assert 4 <= street.children.count() <= 8, street.name
    assert Division.objects.filter(name="迎春里社区").exists() and Division.objects.filter(name="柳园巷社区").exists()
    assert Division.objects.get(name="寺儿村").parent.name == "水泊寺乡"


# --- organizations --------------------------------------------------------------------------------------------


def test_about_eighty_providers_all_with_valid_credit_codes(demo, db):
    providers = Organization.objects.filter(org_type__in=SOCIAL_TYPES).exclude(name=data.MANAGER.name)
    assert 75 <= providers.count() <= 85
    for org_type in SOCIAL_TYPES:
        assert providers.filter(org_type=org_type).exists(), org_type
    for org in Organization.objects.all():
        result = check_uscc(org.uscc)
        assert result.valid, (org.name, org.uscc, result.errors)
    assert Organization.objects.filter(uscc__startswith="5114").exists()
    assert Organization.objects.filter(uscc__startswith="5214").exists()
    assert Organization.objects.filter(uscc__startswith="53").exists()
    assert Organization.objects.filter(uscc__startswith="91140213").exists()
    assert Organization.objects.filter(uscc__startswith="92140213").exists()


def test_the_manager_the_bureaus_and_the_13_purchasers_offices_are_registered(demo, db):
    manager = Organization.objects.get(name="大同市毅源力社会组织发展中心")
    assert manager.org_type == OrganizationType.SOCIAL_SERVICE and manager.uscc.startswith("5214")
    governments = Organization.objects.filter(org_type=OrganizationType.GOVERNMENT)
    assert governments.filter(name="大同市平城区民政局").exists()
    assert governments.filter(name="大同市平城区发展和改革局").exists()
    offices = governments.filter(division__level__in=[DivisionLevel.STREET, DivisionLevel.TOWNSHIP])
    assert offices.count() == 13
    assert all(o.division.takes_part for o in offices)
    assert all(o.uscc.startswith("1114") for o in governments)


def test_providers_have_a_record_inspections_grades_and_contacts(demo, db):
    assert AnnualInspection.objects.filter(year__in=[2017, 2018, 2019]).count() > 100
    results = set(AnnualInspection.objects.values_list("result", flat=True))
    assert {"passed", "basic", "failed"} <= results
    grades = EvaluationGrade.objects.all()
    assert 25 <= grades.count() <= 35
    assert set(grades.values_list("grade", flat=True)) <= {3, 4, 5}
    assert grades.filter(valid_until__lt="2020-10-15").exists(), "some grades had expired by the 2020 round"
    assert grades.filter(valid_until__gte="2020-10-15").exists()
    for org in Organization.objects.filter(org_type__in=SOCIAL_TYPES):
        assert org.contacts.exists(), org.name
        assert org.division is not None and org.division.level in (DivisionLevel.COMMUNITY, DivisionLevel.VILLAGE)
        assert 2008 <= org.founded_on.year <= 2019
    phones = OrganizationContact.objects.values_list("phone", flat=True)
    assert all(p.startswith(("0352-", "13")) for p in phones)


def test_no_real_person_named_in_the_article_appears(demo, db):
    people = set(OrganizationContact.objects.values_list("name", flat=True))
    people |= set(Organization.objects.values_list("legal_representative", flat=True))
    people |= set(User.objects.values_list("full_name", flat=True))
    assert not people & data.ARTICLE_PEOPLE


# --- people ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("role", Role.values)
def test_every_role_has_a_demo_user_who_can_sign_in_with_the_demo_password(demo, db, role):
    assignment = RoleAssignment.objects.filter(role=role, is_active=True).select_related("user").first()
    assert assignment is not None, f"no demo user holds the role {role}"
    assert authenticate(username=assignment.user.username, password=data.DEMO_PASSWORD) == assignment.user


def test_named_logins_are_bound_to_their_scopes(demo, db):
    def scope(username):
        return RoleAssignment.objects.select_related("division", "organization").get(user__username=username)

    assert scope("dongjie").division.name == "东街街道"
    assert scope("shuiposi").division.name == "水泊寺乡"
    assert scope("longyuan").division.name == "水泉湾龙园社区"
    assert scope("yiyuanli").organization.name == "大同市毅源力社会组织发展中心"
    assert scope("credit_fgj").organization.org_type == OrganizationType.GOVERNMENT
    assert scope("provider1").organization.org_type in SOCIAL_TYPES
    admin = User.objects.get(username="admin")
    assert admin.is_staff and admin.is_superuser
    purchasers = RoleAssignment.objects.filter(role=Role.PURCHASER)
    assert set(purchasers.values_list("division__name", flat=True)) == set(
        Division.objects.filter(takes_part=True, level__in=["street", "township"]).values_list("name", flat=True)
    )
    assert RoleAssignment.objects.filter(role=Role.PROVIDER).count() >= 10
    assert_accounts_are_the_planned_ones_and_the_applicants()


def test_the_working_day_calendar_is_seeded_from_the_package(demo, db):
    from huimin.core.models import CalendarDay, CalendarYear

    assert CalendarYear.objects.filter(year=2020).exists()
    assert CalendarDay.objects.get(date="2020-10-01").kind == CalendarDay.Kind.HOLIDAY
    assert CalendarDay.objects.get(date="2020-10-10").kind == CalendarDay.Kind.WORKDAY  # 国庆 调休 Saturday


# --- made through services, verifiable, once ------------------------------------------------------------------


def test_every_object_was_made_through_a_service_and_the_audit_chain_verifies(demo, db):
    def events(event_type):
        return AuditEvent.objects.filter(event_type=event_type)

    assert events(CoreEvent.ORGANIZATION_CREATED).count() == Organization.objects.count()
    assert events(CoreEvent.DIVISION_CREATED).count() == Division.objects.count()
    assert events(CoreEvent.USER_CREATED).count() == User.objects.count()
    assert events(CoreEvent.USER_ROLE_ASSIGNED).count() == RoleAssignment.objects.count()
    assert events(CoreEvent.ORGANIZATION_INSPECTION_RECORDED).count() == AnnualInspection.objects.count()
    assert events(CoreEvent.ORGANIZATION_GRADE_AWARDED).count() == EvaluationGrade.objects.count()
    assert events(CoreEvent.ORGANIZATION_CONTACT_ADDED).count() == OrganizationContact.objects.count()
    # The loader itself, the demo's people acting in their roles (purchasers deciding needs, the manager publishing
    # the call …) and residents acting without an account (supports, questionnaire answers by verified phone).
    usernames = set(User.objects.values_list("username", flat=True))
    assert set(AuditEvent.objects.values_list("actor_label", flat=True)) <= {"demo", "public"} | usernames
    assert audit_verify().ok
    out = io.StringIO()
    call_command("audit", "verify", "--no-progress", stdout=out)
    assert str(AuditEvent.objects.count()) in out.getvalue()


def test_progress_is_reported_once_per_planned_step(demo, db):
    assert demo.progress_steps == planned_steps()


def test_loading_twice_changes_nothing(demo, db):
    before = fingerprint()
    events = AuditEvent.objects.count()
    with pytest.raises(DemoAlreadyLoaded):
        load_pingcheng(actor=SystemActor("demo"))
    out = io.StringIO()
    call_command("demo", "load", "--no-progress", stdout=out)
    assert "--fresh" in out.getvalue()
    assert "admin" in out.getvalue() and data.DEMO_PASSWORD in out.getvalue()
    assert fingerprint() == before
    assert AuditEvent.objects.count() == events


def test_fresh_load_rebuilds_exactly_the_same_data(demo, db):
    before = fingerprint()
    out = io.StringIO()
    try:
        call_command("demo", "load", "--fresh", "--no-input", "--no-progress", stdout=out)
        assert fingerprint() == before
        assert audit_verify().ok
        assert data.ADDRESS_HINT in out.getvalue()
    finally:
        ContentType.objects.clear_cache()


def test_stats_json_counts_what_the_demo_holds(demo, db):
    out = io.StringIO()
    call_command("stats", "--json", stdout=out)
    stats = json.loads(out.getvalue())
    assert list(stats) == sorted(stats)
    assert all(isinstance(v, int) for v in stats.values())
    assert stats["divisions"] == Division.objects.count() == 1 + 15 + stats["communities"] + 10
    assert stats["communities"] == Division.objects.filter(level=DivisionLevel.COMMUNITY).count() >= 60
    assert stats["organizations"] == Organization.objects.count()
    assert stats["users"] == User.objects.count()
    assert_accounts_are_the_planned_ones_and_the_applicants()
    assert stats["role_assignments"] == RoleAssignment.objects.count()
    assert stats["audit_events"] == AuditEvent.objects.count()


def test_stats_table_shows_every_counter(demo, db):
    out = io.StringIO()
    call_command("stats", stdout=out)
    text = out.getvalue()
    for key in ("divisions", "communities", "organizations", "users", "role_assignments", "audit_events"):
        assert key in text
    assert f"{Organization.objects.count():,}" in text
