"""The demo's credit data: the seed's counts, masked-free valid identifiers, screening outcomes, determinism."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db.models import Count
from django.utils import timezone

from huimin.audit.chain import audit_verify
from huimin.audit.models import AuditEvent
from huimin.core.models import Organization, OrganizationType, Role, RoleAssignment, User
from huimin.core.permissions import SystemActor
from huimin.core.validators import USCC_PLACEHOLDER, check_resident_id, check_uscc
from huimin.credit.check import credit_check, credit_check_many
from huimin.credit.events import CreditEvent
from huimin.credit.models import (
    CatalogueItem,
    LicensingRecord,
    ListEntry,
    Memorandum,
    PenaltyRecord,
    PublicationStatus,
    ReportingUnit,
)
from huimin.credit.selectors import public_statistics
from huimin.demo import credit_data as cd
from huimin.demo import data
from huimin.demo.credit import Screened, UnitInfo, catalogue_plan, penalty_item_counts, records_plan

pytestmark = pytest.mark.slow


# --- units and catalogues ------------------------------------------------------------------------------------------


def test_thirty_reporting_units_are_government_bodies_with_valid_credit_codes(demo, db):
    units = ReportingUnit.objects.select_related("organization")
    assert units.count() == 30
    for unit in units:
        org = unit.organization
        assert org.org_type == OrganizationType.GOVERNMENT, org.name
        assert check_uscc(org.uscc).valid and org.uscc.startswith("11140213"), (org.name, org.uscc)
    # 区发改局, 区民政局 and 水泊寺乡's government already existed: they are reused, not duplicated.
    names = [u.organization.name for u in units]
    assert len(set(names)) == 30
    assert {"大同市平城区发展和改革局", "大同市平城区民政局", "大同市平城区水泊寺乡人民政府"} <= set(names)
    assert Organization.objects.filter(name="大同市平城区民政局").count() == 1


def test_catalogues_hold_exactly_56_licensing_and_1251_penalty_items(demo, db):
    assert CatalogueItem.objects.filter(kind="licensing").count() == cd.CATALOGUE_LICENSING == 56
    assert CatalogueItem.objects.filter(kind="penalty").count() == cd.CATALOGUE_PENALTY == 1251
    per_unit = dict(
        CatalogueItem.objects.filter(kind="penalty").values_list("unit__code").annotate(n=Count("id")).order_by()
    )
    assert max(per_unit, key=per_unit.get) == "SCJGJ"  # the market regulator has the most penalty powers
    licences = dict(
        CatalogueItem.objects.filter(kind="licensing").values_list("unit__code").annotate(n=Count("id")).order_by()
    )
    assert max(licences, key=licences.get) == "SPJ"  # the approval bureau grants most licences
    assert CatalogueItem.objects.filter(name="对生产经营不符合食品安全标准的食品的处罚", sector="food_drug").exists()
    assert CatalogueItem.objects.filter(unit__code="SPSX", name__contains="架空电力线路保护区").exists()


# --- records -----------------------------------------------------------------------------------------------------


def test_over_11000_records_are_published_with_2236_legal_and_225_natural_person_penalties(demo, db):
    stats = public_statistics()
    assert stats.penalties_by_party["legal_person"] == 2236
    assert stats.penalties_by_party["natural_person"] == 225
    assert stats.penalties_by_party["individual_business"] == 0
    assert stats.penalty == 2461
    assert stats.licensing == cd.LICENSING_RECORDS
    assert stats.total >= 11000
    assert PenaltyRecord.objects.exclude(status=PublicationStatus.PUBLISHED).count() == 0
    assert LicensingRecord.objects.exclude(status=PublicationStatus.PUBLISHED).count() == 0
    assert stats.units == 30


def test_every_penalty_is_within_its_publication_period_and_licences_carry_the_2020_story_dates(demo, db):
    today = timezone.localdate()
    assert not PenaltyRecord.objects.filter(publication_deadline__lt=today).exists()
    first, last = PenaltyRecord.objects.order_by("decision_date").values_list("decision_date", flat=True)[::2460]
    assert today - timedelta(days=331) <= first and last <= today - timedelta(days=25)
    dates = LicensingRecord.objects.values_list("decision_date", flat=True)
    assert min(dates) >= date(2019, 7, 1) and max(dates) <= date(2020, 12, 31)


def test_some_records_were_reported_late_and_most_within_seven_working_days(demo, db):
    for model in (LicensingRecord, PenaltyRecord):
        late = model.objects.filter(working_days_late__gt=7).count()
        total = model.objects.count()
        assert 0.02 * total < late < 0.15 * total, model


def test_parties_carry_valid_identifiers_of_their_kind(demo, db):
    people = PenaltyRecord.objects.filter(subject_category="natural_person")
    for record in people:
        assert record.person_id_type == "01" and not record.subject_uscc and not record.legal_rep
        assert check_resident_id(record.person_id_number).valid, record.person_id_number
        assert record.person_id_number[:6] in cd.AREA_CODES
    individual = LicensingRecord.objects.filter(subject_category="individual_business")
    assert individual.filter(subject_uscc=USCC_PLACEHOLDER).exclude(subject_business_reg_no="").exists()
    assert not individual.filter(subject_uscc=USCC_PLACEHOLDER, subject_business_reg_no="").exists()
    assert individual.exclude(subject_uscc=USCC_PLACEHOLDER).exists()
    for code in PenaltyRecord.objects.filter(subject_category="legal_person").values_list("subject_uscc", flat=True):
        assert check_uscc(code).valid, code


def test_food_safety_cases_of_shaling_and_power_line_cases_of_shuiposi_are_in_the_records(demo, db):
    assert PenaltyRecord.objects.filter(unit__code="SCJGJ", remarks__contains="沙岭市场监督管理所").count() > 50
    power = PenaltyRecord.objects.filter(unit__code="SPSX", facts__contains="高压架空电力线路保护区")
    assert power.filter(subject_category="natural_person").count() > 10
    assert all("清除" in r.content for r in power)


# --- screening ---------------------------------------------------------------------------------------------------


def test_the_screened_providers_are_blocked_or_warned_and_every_other_provider_is_clear(demo, db):
    actor = SystemActor("test")
    today = timezone.localdate()
    for name, expected in cd.SCREENED.items():
        outcome = credit_check(organization=Organization.objects.get(name=name), on=today, actor=actor, save=False)
        assert outcome.result == expected, (name, [f.kind for f in outcome.findings])
    major = credit_check(
        organization=Organization.objects.get(name=cd.SCREEN_MAJOR_VIOLATION), on=today, actor=actor, save=False
    )
    assert [f.kind for f in major.findings] == ["major_violation"]
    providers = [Organization.objects.get(name=spec.name) for spec in data.PROVIDERS]
    outcomes = credit_check_many(organizations=providers, on=today, actor=actor)
    results = {o.subject.name: o.result for o in outcomes}
    assert {n: r for n, r in results.items() if r != "clear"} == cd.SCREENED
    assert not set(cd.SCREENED) & set(data.PROVIDER_LOGINS)


def test_eleven_memoranda_were_forwarded_in_2020_and_the_lists_have_entries(demo, db):
    memos = Memorandum.objects.all()
    assert memos.count() == 11
    assert all(m.forwarded_on.year == 2020 and m.signed_on < m.forwarded_on for m in memos)
    assert memos.filter(code="发改财金〔2016〕141号", list_type="dishonest_debtor").exists()
    assert memos.filter(code="发改财金〔2018〕1614号", list_type="procurement_serious").exists()
    assert ListEntry.objects.count() >= 20
    assert ListEntry.objects.exclude(person_id_number="").exists()


# --- logins, audit, determinism ------------------------------------------------------------------------------------


def test_credit_officers_of_the_market_regulator_approval_bureau_and_shuiposi_are_bound_to_their_units(demo, db):
    for username, unit_code in cd.CREDIT_OFFICERS.items():
        user = User.objects.get(username=username)
        unit = ReportingUnit.objects.get(code=unit_code)
        assert RoleAssignment.objects.filter(
            user=user, role=Role.CREDIT_OFFICER, organization=unit.organization
        ).exists()
    assert {login.username for login in data.ROLE_LOGINS} >= set(cd.CREDIT_OFFICERS)


def test_the_audit_chain_verifies_after_loading_and_each_batch_has_its_event(demo, db):
    assert audit_verify().ok
    assert AuditEvent.objects.filter(event_type=CreditEvent.REPORTING_UNIT_CREATED).count() == 30
    assert AuditEvent.objects.filter(event_type=CreditEvent.CATALOGUE_ITEMS_CREATED).count() == 30
    imported = AuditEvent.objects.filter(
        event_type__in=[CreditEvent.LICENSING_RECORDS_IMPORTED, CreditEvent.PENALTY_RECORDS_IMPORTED]
    )
    assert (
        sum(len(e.payload["created"]) for e in imported)
        == LicensingRecord.objects.count() + PenaltyRecord.objects.count()
    )


def _plan(today: date):
    units = {u.key: UnitInfo(u.name, "11140213MB0000000X") for u in cd.UNITS}
    return records_plan(today=today, units=units, items=catalogue_plan(), taken_codes=[], screened={})


def test_the_plan_is_the_same_on_every_run_of_the_same_day():
    assert catalogue_plan() == catalogue_plan()
    assert sum(penalty_item_counts().values()) == 1251
    first, second = _plan(date(2026, 11, 29)), _plan(date(2026, 11, 29))
    assert [r.data for r in first.records] == [r.data for r in second.records]
    assert len(first.records) == 11061


def test_the_loaded_records_are_the_plan_of_the_day(demo, db):
    """Loading follows the plan: the same day, units and organizations give the same records."""
    units = {u.code: UnitInfo(u.organization.name, u.organization.uscc) for u in ReportingUnit.objects.all()}
    screened = {
        name: Screened(org.name, org.uscc, org.legal_representative)
        for name in cd.SCREENED
        if (org := Organization.objects.filter(name=name).first())
    }
    # The plan is drawn once every organization exists, with all their codes taken.
    taken = [code for code in Organization.objects.values_list("uscc", flat=True) if code]
    plan = records_plan(
        today=timezone.localdate(), units=units, items=catalogue_plan(), taken_codes=taken, screened=screened
    )
    planned = sorted((r.data["decision_number"], r.data["subject_name"]) for r in plan.records)
    loaded = sorted(
        [*LicensingRecord.objects.values_list("decision_number", "subject_name"),
         *PenaltyRecord.objects.values_list("decision_number", "subject_name")]
    )  # fmt: skip
    assert planned == loaded
