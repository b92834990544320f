"""Reporting units, catalogues and the editable regime table."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.core.models import OrganizationType, Role
from huimin.core.permissions import PermissionDenied, SystemActor
from huimin.core.services import organization_create
from huimin.core.services.errors import ServiceError
from huimin.core.validators import generate_uscc
from huimin.credit.events import CreditEvent
from huimin.credit.models import CatalogueItem, PublicationRegime, RegimeRule, ReportingUnit
from huimin.credit.services.catalogue import (
    catalogue_import,
    catalogue_item_create,
    catalogue_item_deactivate,
    catalogue_item_update,
    catalogue_items_bulk_create,
    reporting_unit_create,
)
from huimin.credit.services.records import record_create
from huimin.credit.services.regimes import regime_create, regime_rule_create, regime_rule_update

from .factories import at, make_item, make_unit, penalty_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def credit_admin(make_user):
    return make_user(role=Role.CREDIT_ADMIN)


def make_org(org_type, n=1):
    return organization_create(
        actor=SystemActor("test"),
        name=f"测试机构{org_type}{n}",
        org_type=org_type,
        uscc=generate_uscc("1", "2", "140213", f"5{n:07d}"),
    )


# --- reporting units ---


@pytest.mark.parametrize("org_type", [OrganizationType.GOVERNMENT, OrganizationType.PUBLIC_INSTITUTION])
def test_a_government_body_or_public_institution_can_be_a_reporting_unit(credit_admin, org_type):
    unit = reporting_unit_create(
        organization=make_org(org_type), code="SCJ", short_name="区市场监管局", actor=credit_admin
    )
    assert unit.code == "SCJ"
    assert AuditEvent.objects.filter(event_type=CreditEvent.REPORTING_UNIT_CREATED, target_id=str(unit.pk)).exists()


@pytest.mark.parametrize(
    "org_type", [OrganizationType.SOCIAL_GROUP, OrganizationType.ENTERPRISE, OrganizationType.INDIVIDUAL_BUSINESS]
)
def test_other_organizations_cannot_be_reporting_units(credit_admin, org_type):
    with pytest.raises(ServiceError) as exc:
        reporting_unit_create(organization=make_org(org_type), code="X", actor=credit_admin)
    assert exc.value.error_code == "unit_organization_type"


def test_a_unit_code_and_an_organization_are_used_once(credit_admin):
    org = make_org(OrganizationType.GOVERNMENT, 1)
    reporting_unit_create(organization=org, code="SCJ", actor=credit_admin)
    with pytest.raises(ServiceError) as exc:
        reporting_unit_create(organization=make_org(OrganizationType.GOVERNMENT, 2), code="SCJ", actor=credit_admin)
    assert "code" in exc.value.message_dict
    with pytest.raises(ServiceError) as exc:
        reporting_unit_create(organization=org, code="SCJ2", actor=credit_admin)
    assert "organization" in exc.value.message_dict
    assert ReportingUnit.objects.count() == 1


def test_only_the_credit_administrator_creates_units_and_items(make_user):
    unit = make_unit("SCJ")
    officer = make_user(role=Role.CREDIT_OFFICER, organization=unit.organization)
    with pytest.raises(PermissionDenied):
        reporting_unit_create(organization=make_org(OrganizationType.GOVERNMENT, 3), code="Y", actor=officer)
    with pytest.raises(PermissionDenied):
        catalogue_item_create(unit=unit, kind="penalty", code="CF1", name="事项", actor=officer)


# --- catalogue items ---


def test_a_catalogue_item_is_created_with_its_sector_and_audited(credit_admin):
    unit = make_unit("SCJ")
    item = catalogue_item_create(
        unit=unit,
        kind="penalty",
        code=" CF0001 ",
        name="对食品生产经营者的处罚",
        sector="food_drug",
        actor=credit_admin,
    )
    assert (item.code, item.sector, item.is_active) == ("CF0001", "food_drug", True)
    assert AuditEvent.objects.filter(event_type=CreditEvent.CATALOGUE_ITEM_CREATED, target_id=str(item.pk)).exists()


def test_an_item_code_is_unique_per_unit_and_kind(credit_admin):
    unit = make_unit("SCJ")
    catalogue_item_create(unit=unit, kind="penalty", code="C1", name="甲", actor=credit_admin)
    with pytest.raises(ServiceError) as exc:
        catalogue_item_create(unit=unit, kind="penalty", code="C1", name="乙", actor=credit_admin)
    assert exc.value.error_code == "catalogue_item_duplicate"
    catalogue_item_create(unit=unit, kind="licensing", code="C1", name="丙", actor=credit_admin)
    catalogue_item_create(unit=make_unit("ZJJ"), kind="penalty", code="C1", name="丁", actor=credit_admin)


def test_an_item_needs_a_known_kind_and_sector_and_a_name(credit_admin):
    unit = make_unit("SCJ")
    with pytest.raises(ServiceError) as exc:
        catalogue_item_create(unit=unit, kind="permit", code="C1", name="", sector="mining", actor=credit_admin)
    assert set(exc.value.message_dict) == {"kind", "name", "sector"}


def test_a_deactivated_item_refuses_new_records_and_keeps_the_old_ones(credit_admin):
    unit = make_unit("SCJ")
    item = make_item(unit, "penalty", "CF0001")
    record = record_create(kind="penalty", data=penalty_data(unit, item), actor=credit_admin, now=at(date(2026, 6, 1)))
    catalogue_item_deactivate(item=item, actor=credit_admin)
    catalogue_item_deactivate(item=item, actor=credit_admin)  # idempotent: one event
    assert AuditEvent.objects.filter(event_type=CreditEvent.CATALOGUE_ITEM_DEACTIVATED).count() == 1
    with pytest.raises(ServiceError) as exc:
        record_create(kind="penalty", data=penalty_data(unit, item), actor=credit_admin, now=at(date(2026, 6, 1)))
    assert "catalogue_item" in exc.value.message_dict
    record.refresh_from_db()
    assert record.catalogue_item_id == item.pk


def test_an_items_name_sector_and_basis_can_be_corrected_but_not_its_code(credit_admin):
    item = make_item(make_unit("SCJ"), "penalty", "CF0001")
    item = catalogue_item_update(item=item, name="新名称", sector="fire", actor=credit_admin)
    assert (item.name, item.sector) == ("新名称", "fire")
    with pytest.raises(ServiceError):
        catalogue_item_update(item=item, code="CF0002", actor=credit_admin)


def test_the_demo_bulk_create_adds_many_items_in_few_queries_with_one_audit_event(
    credit_admin, django_assert_max_num_queries
):
    unit = make_unit("SCJ")
    items = [{"kind": "penalty", "code": f"CF{n:04d}", "name": f"处罚事项{n}"} for n in range(300)]
    items += [{"kind": "licensing", "code": f"XK{n:04d}", "name": f"许可事项{n}", "sector": "market"} for n in range(5)]
    with django_assert_max_num_queries(12):
        created = catalogue_items_bulk_create(unit=unit, items=items, actor=credit_admin)
    assert len(created) == 305
    assert CatalogueItem.objects.filter(unit=unit).count() == 305
    event = AuditEvent.objects.get(event_type=CreditEvent.CATALOGUE_ITEMS_CREATED)
    assert event.payload["count"] == 305


def test_a_bad_item_in_a_bulk_create_refuses_them_all_naming_its_index(credit_admin):
    unit = make_unit("SCJ")
    items = [
        {"kind": "penalty", "code": "C1", "name": "甲"},
        {"kind": "penalty", "code": "C1", "name": "乙"},
        {"kind": "penalty", "code": "C3", "name": ""},
    ]
    with pytest.raises(ServiceError) as exc:
        catalogue_items_bulk_create(unit=unit, items=items, actor=credit_admin)
    assert set(exc.value.message_dict) == {"items[1].code", "items[2].name"}
    assert not CatalogueItem.objects.exists()


def test_a_catalogue_import_adds_new_codes_and_updates_known_ones(credit_admin):
    unit = make_unit("SCJ")
    old = make_item(unit, "penalty", "CF0001", name="旧名称")
    catalogue_item_deactivate(item=old, actor=credit_admin)
    rows = [
        {"kind": "penalty", "code": "CF0001", "name": "新名称", "sector": "fire"},
        {"kind": "penalty", "code": "CF0002", "name": "另一事项"},
    ]
    assert catalogue_import(unit=unit, items=rows, actor=credit_admin) == (1, 1)
    old.refresh_from_db()
    assert (old.name, old.sector, old.is_active) == ("新名称", "fire", True)
    assert catalogue_import(unit=unit, items=rows, actor=credit_admin) == (0, 0)


# --- regimes as editable dated data ---


def test_the_three_regimes_are_seeded_as_data():
    codes = list(PublicationRegime.objects.order_by("effective_from").values_list("code", "effective_from"))
    assert codes == [
        ("ndrc-2019-527", date(2019, 7, 1)),
        ("ndrc-order-58", date(2023, 5, 1)),
        ("ndrc-order-36", date(2026, 4, 1)),
    ]


def test_a_regime_rule_can_be_corrected_by_the_credit_administrator_and_applies_to_new_records(credit_admin):
    rule = RegimeRule.objects.get(regime__code="ndrc-order-36", severity="general", sector="")
    regime_rule_update(rule=rule, min_months=6, max_months=24, published=True, repairable=True, actor=credit_admin)
    rule.refresh_from_db()
    assert (rule.min_months, rule.max_months) == (6, 24)
    event = AuditEvent.objects.get(event_type=CreditEvent.REGIME_RULE_UPDATED)
    assert event.payload["changes"]["min_months"] == [3, 6]
    unit = make_unit("SCJ")
    item = make_item(unit, "penalty", "CF0001")
    record = record_create(
        kind="penalty",
        data=penalty_data(unit, item, decision_date="2026/05/15"),
        actor=credit_admin,
        now=at(date(2026, 6, 1)),
    )
    assert (record.min_period_end, record.max_period_end) == (date(2026, 11, 15), date(2028, 5, 15))


def test_a_rules_minimum_may_not_exceed_its_maximum(credit_admin):
    rule = RegimeRule.objects.get(regime__code="ndrc-order-36", severity="general", sector="")
    with pytest.raises(ServiceError) as exc:
        regime_rule_update(rule=rule, min_months=13, max_months=12, published=True, repairable=True, actor=credit_admin)
    assert "min_months" in exc.value.message_dict
    with pytest.raises(ServiceError):
        regime_rule_update(rule=rule, min_months=-1, max_months=12, published=True, repairable=True, actor=credit_admin)
    with pytest.raises(ServiceError):
        regime_rule_update(rule=rule, min_months=0, max_months=0, published=True, repairable=True, actor=credit_admin)
    rule.refresh_from_db()
    assert (rule.min_months, rule.max_months) == (3, 12)


def test_only_the_credit_administrator_edits_regimes(make_user):
    officer = make_user(role=Role.CREDIT_OFFICER)
    rule = RegimeRule.objects.get(regime__code="ndrc-order-36", severity="general", sector="")
    with pytest.raises(PermissionDenied):
        regime_rule_update(rule=rule, min_months=1, max_months=2, published=True, repairable=True, actor=officer)


def test_a_new_regime_and_a_sector_rule_can_be_added(credit_admin):
    regime = regime_create(
        code="future-order",
        name="未来的办法",
        document="国家发展改革委令第99号",
        effective_from=date(2030, 1, 1),
        actor=credit_admin,
    )
    rule = regime_rule_create(
        regime=regime, severity="general", sector="fire", min_months=12, max_months=24, actor=credit_admin
    )
    assert rule.pk
    with pytest.raises(ServiceError):
        regime_rule_create(
            regime=regime, severity="general", sector="fire", min_months=1, max_months=2, actor=credit_admin
        )
    with pytest.raises(ServiceError):
        regime_create(code="x", name="x", document="x", effective_from=date(2026, 4, 1), actor=credit_admin)


# --- the back office ---


@pytest.fixture
def back_office(client, django_user_model):
    from huimin.core.models import RoleAssignment

    user = django_user_model.objects.create_superuser("root", "root@example.com", "a-good-Passw0rd")
    RoleAssignment.objects.create(user=user, role=Role.CREDIT_ADMIN)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    [
        "reportingunit",
        "catalogueitem",
        "licensingrecord",
        "penaltyrecord",
        "publicationregime",
        "regimerule",
        "repairrequest",
        "memorandum",
        "listentry",
        "creditcheck",
    ],
)
def test_the_admin_lists_every_credit_model(back_office, model):
    assert back_office.get(reverse(f"admin:credit_{model}_changelist")).status_code == 200


def test_records_are_read_only_in_the_admin(back_office, credit_admin):
    unit = make_unit("SCJ")
    record = record_create(
        kind="penalty", data=penalty_data(unit, make_item(unit)), actor=credit_admin, now=at(date(2026, 6, 1))
    )
    page = back_office.get(reverse("admin:credit_penaltyrecord_change", args=[record.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert back_office.get(reverse("admin:credit_penaltyrecord_add")).status_code == 403


def test_regime_rules_are_edited_in_the_admin_through_the_service_and_its_checks(back_office):
    rule = RegimeRule.objects.get(regime__code="ndrc-order-36", severity="general", sector="")
    url = reverse("admin:credit_regimerule_change", args=[rule.pk])
    answer = back_office.post(url, {"published": "on", "min_months": 4, "max_months": 12, "repairable": "on"})
    assert answer.status_code == 302
    rule.refresh_from_db()
    assert rule.min_months == 4
    assert AuditEvent.objects.filter(event_type=CreditEvent.REGIME_RULE_UPDATED).count() == 1
    answer = back_office.post(url, {"published": "on", "min_months": 14, "max_months": 12, "repairable": "on"})
    assert answer.status_code == 200  # the form again, with the error
    rule.refresh_from_db()
    assert rule.min_months == 4
