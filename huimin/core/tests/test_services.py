"""Rules of the core services: scopes of roles, validation of organizations and divisions, audit of every write."""

from __future__ import annotations

from datetime import date

import pytest

from huimin.audit.models import AuditEvent
from huimin.core.events import CoreEvent
from huimin.core.models import (
    Division,
    DivisionLevel,
    EvaluationGrade,
    Organization,
    OrganizationType,
    Role,
    RoleAssignment,
    User,
)
from huimin.core.permissions import Actor, PermissionDenied, SystemActor
from huimin.core.services import (
    ServiceError,
    division_create,
    division_update,
    organization_create,
    organization_grade_award,
    organization_inspection_record,
    organization_update,
    user_admin_site_grant,
    user_create,
    user_role_assign,
)

pytestmark = pytest.mark.django_db

VALID_MINFEI = "52140213MJY00001X9"
VALID_SHETUAN = "51140213MJY000028C"


@pytest.fixture
def system():
    return SystemActor("test")


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
def org(system):
    return organization_create(
        actor=system, name="平城区雅韵书画艺术研究会", org_type=OrganizationType.SOCIAL_GROUP, uscc=VALID_SHETUAN
    )


@pytest.fixture
def agency(system):
    return organization_create(actor=system, name="平城区发展和改革局", org_type=OrganizationType.GOVERNMENT)


def actor_with(role, *, division=None, organization=None, username="u1") -> Actor:
    user = User.objects.create_user(username=username, password="x-long-password-1")
    RoleAssignment.objects.create(user=user, role=role, division=division, organization=organization)
    return Actor.for_user(user)


def test_organization_with_invalid_credit_code_is_rejected_and_nothing_is_created(system):
    with pytest.raises(ServiceError) as exc:
        organization_create(
            actor=system, name="某协会", org_type=OrganizationType.SOCIAL_GROUP, uscc="51140213MJY000029C"
        )
    assert "uscc" in exc.value.error_dict
    assert exc.value.error_code == "uscc_invalid"
    assert not Organization.objects.exists()
    assert not AuditEvent.objects.filter(event_type=CoreEvent.ORGANIZATION_CREATED).exists()


def test_organization_credit_code_is_normalized_from_full_width_and_lower_case(system):
    org = organization_create(
        actor=system, name="某中心", org_type=OrganizationType.SOCIAL_SERVICE, uscc=" ５２１４０２１３mjy00001x9 "
    )
    assert org.uscc == VALID_MINFEI


def test_duplicate_credit_code_is_rejected_with_the_holder_named(system, org):
    with pytest.raises(ServiceError) as exc:
        organization_create(actor=system, name="另一家", org_type=OrganizationType.SOCIAL_GROUP, uscc=VALID_SHETUAN)
    assert exc.value.error_code == "uscc_duplicate"
    assert org.name in " ".join(exc.value.error_dict["uscc"][0].messages)


def test_organization_create_records_an_audit_event(system, org):
    event = AuditEvent.objects.get(event_type=CoreEvent.ORGANIZATION_CREATED)
    assert event.target_id == str(org.pk)
    assert event.payload["uscc"] == VALID_SHETUAN


def test_only_district_admin_registers_organizations(org):
    provider = actor_with(Role.PROVIDER, organization=org)
    with pytest.raises(PermissionDenied):
        organization_create(actor=provider, name="x", org_type=OrganizationType.SOCIAL_GROUP)


def test_provider_edits_own_contact_details_but_not_its_identity(org):
    provider = actor_with(Role.PROVIDER, organization=org)
    organization_update(organization=org, actor=provider, phone="0352-1234567")
    org.refresh_from_db()
    assert org.phone == "0352-1234567"
    with pytest.raises(ServiceError) as exc:
        organization_update(organization=org, actor=provider, uscc=VALID_MINFEI)
    assert exc.value.error_code == "forbidden"


def test_provider_cannot_edit_another_organization(system, org):
    other = organization_create(actor=system, name="另一家中心", org_type=OrganizationType.SOCIAL_SERVICE)
    provider = actor_with(Role.PROVIDER, organization=other)
    with pytest.raises(PermissionDenied):
        organization_update(organization=org, actor=provider, phone="1")


def test_update_audit_payload_holds_only_the_changes(system, org):
    organization_update(organization=org, actor=system, address="大同市平城区魏都大道1号")
    event = AuditEvent.objects.get(event_type=CoreEvent.ORGANIZATION_UPDATED)
    assert event.payload == {"changes": {"address": ["", "大同市平城区魏都大道1号"]}}


def test_grade_is_valid_for_five_years():
    assert EvaluationGrade.valid_until_for(date(2019, 6, 1)) == date(2024, 5, 31)
    assert EvaluationGrade.valid_until_for(date(2016, 2, 29)) == date(2021, 2, 27)


def test_grade_outside_1_to_5_is_rejected(system, org):
    with pytest.raises(ServiceError):
        organization_grade_award(organization=org, grade=6, awarded_on=date(2019, 1, 1), actor=system)
    record = organization_grade_award(organization=org, grade=5, awarded_on=date(2019, 1, 1), actor=system)
    assert record.valid_until == date(2023, 12, 31)


def test_grades_are_for_social_organizations_only(system):
    company = organization_create(actor=system, name="某公司", org_type=OrganizationType.ENTERPRISE)
    with pytest.raises(ServiceError):
        organization_grade_award(organization=company, grade=3, awarded_on=date(2019, 1, 1), actor=system)


def test_inspection_of_the_same_year_is_corrected_not_duplicated(system, org):
    organization_inspection_record(organization=org, year=2019, result="basic", actor=system)
    organization_inspection_record(organization=org, year=2019, result="passed", actor=system)
    assert org.inspections.get().result == "passed"


def test_community_must_sit_under_a_street_or_township(system, district):
    with pytest.raises(ServiceError) as exc:
        division_create(
            code="140213999001", name="某社区", level=DivisionLevel.COMMUNITY, parent=district, actor=system
        )
    assert "parent" in exc.value.error_dict
    assert not Division.objects.filter(code="140213999001").exists()


def test_division_code_must_be_digits_of_official_length(system, district):
    with pytest.raises(ServiceError) as exc:
        division_create(code="14021X", name="x", level=DivisionLevel.STREET, parent=district, actor=system)
    assert "code" in exc.value.error_dict


def test_division_cannot_become_its_own_ancestor(system, district, street, community):
    with pytest.raises(ServiceError):
        division_update(division=street, actor=system, parent=community, level=DivisionLevel.STREET)


def test_purchaser_may_only_annotate_its_own_street(system, district, street):
    other = division_create(
        code="140213004", name="西街街道", level=DivisionLevel.STREET, parent=district, actor=system
    )
    purchaser = actor_with(Role.PURCHASER, division=street)
    division_update(division=street, actor=purchaser, note="重点：为老服务")
    with pytest.raises(PermissionDenied):
        division_update(division=street, actor=purchaser, name="改名")
    with pytest.raises(PermissionDenied):
        division_update(division=other, actor=purchaser, note="x")


@pytest.mark.parametrize(
    ("role", "scope_kind", "ok"),
    [
        (Role.PURCHASER, "street", True),
        (Role.PURCHASER, "community", False),
        (Role.PURCHASER, "org", False),
        (Role.PURCHASER, None, False),
        (Role.COMMUNITY_WORKER, "community", True),
        (Role.COMMUNITY_WORKER, "street", False),
        (Role.PROVIDER, "org", True),
        (Role.PROVIDER, "street", False),
        (Role.PROJECT_MANAGER, "org", True),
        (Role.CREDIT_OFFICER, "agency", True),
        (Role.CREDIT_OFFICER, "org", False),
        (Role.DISTRICT_ADMIN, None, True),
        (Role.DISTRICT_ADMIN, "street", False),
        (Role.CREDIT_ADMIN, None, True),
        (Role.EXPERT_REVIEWER, None, True),
        (Role.RESIDENT, None, True),
        (Role.RESIDENT, "org", False),
    ],
)
def test_each_role_is_bound_to_its_kind_of_scope(system, street, community, org, agency, role, scope_kind, ok):
    user = User.objects.create_user(username="p", password="x-long-password-1")
    division = {"street": street, "community": community}.get(scope_kind or "")
    organization = {"org": org, "agency": agency}.get(scope_kind or "")
    if ok:
        user_role_assign(user=user, role=role, division=division, organization=organization, actor=system)
        assert Actor.for_user(user).roles == {role}
    else:
        with pytest.raises(ServiceError):
            user_role_assign(user=user, role=role, division=division, organization=organization, actor=system)
        assert not RoleAssignment.objects.filter(user=user).exists()


def test_user_create_with_an_invalid_role_scope_creates_nothing(system, org):
    with pytest.raises(ServiceError):
        user_create(username="bad", password="a-good-Passw0rd", actor=system, roles=[(Role.PURCHASER, None, org)])
    assert not User.objects.filter(username="bad").exists()


def test_weak_password_is_refused_with_the_reason(system):
    with pytest.raises(ServiceError) as exc:
        user_create(username="weak", password="123", actor=system)
    assert "password" in exc.value.error_dict


def test_only_district_admin_adds_people(org):
    provider = actor_with(Role.PROVIDER, organization=org)
    with pytest.raises(PermissionDenied):
        user_create(username="x", password="a-good-Passw0rd", actor=provider)


def test_an_already_hashed_password_signs_in_and_a_malformed_hash_is_refused(system):
    from django.contrib.auth.hashers import make_password

    user = user_create(username="moved", password=None, password_hash=make_password("a-good-Passw0rd"), actor=system)
    assert user.check_password("a-good-Passw0rd")
    with pytest.raises(ServiceError) as exc:
        user_create(username="bad-hash", password=None, password_hash="plaintext", actor=system)
    assert "password" in exc.value.error_dict
    assert not User.objects.filter(username="bad-hash").exists()


def test_the_back_office_is_opened_by_the_district_administrator_only_and_audited(system, org):
    user = User.objects.create_user(username="clerk", password="x-long-password-1")
    with pytest.raises(PermissionDenied):
        user_admin_site_grant(user=user, actor=actor_with(Role.PROVIDER, organization=org))
    user.refresh_from_db()
    assert not user.is_staff
    user_admin_site_grant(user=user, actor=system)
    user.refresh_from_db()
    assert user.is_staff and user.is_superuser
    assert AuditEvent.objects.filter(event_type=CoreEvent.USER_ADMIN_SITE_GRANTED, target_id=str(user.pk)).exists()
