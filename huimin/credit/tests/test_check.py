"""The credit check: blocked by a barring list (also through the legal representative), warned by a warning list,
a penalty within three years or a major violation record, clear otherwise — saved as evidence with a digest."""

from __future__ import annotations

import itertools
from datetime import date, datetime, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone, translation

from huimin.audit.models import AuditEvent
from huimin.core.models import OrganizationType, Role
from huimin.core.permissions import PermissionDenied, SystemActor
from huimin.core.services import ServiceError, organization_create
from huimin.core.validators import generate_uscc
from huimin.credit.check import (
    CLAUSE_MAJOR_VIOLATION,
    CLAUSE_PROCUREMENT_LISTS,
    CLAUSE_RECENT_PENALTY,
    CLAUSE_SOCIAL_ORG_LISTS,
    CheckSubject,
    credit_check,
    credit_check_get,
    credit_check_many,
    credit_check_verify,
    years_before,
)
from huimin.credit.events import CreditEvent
from huimin.credit.models import (
    CatalogueItem,
    CatalogueKind,
    CreditCheck,
    CreditCheckResult,
    ListType,
    PenaltyRecord,
    PublicationRegime,
    PublicationStatus,
    ReportingUnit,
    Severity,
    SubjectCategory,
)
from huimin.credit.services.lists import list_entry_add, list_entry_remove, memorandum_create

pytestmark = pytest.mark.django_db

ON = date(2025, 6, 30)
LEGAL_REP_ID = "140213199001011233"
_numbers = itertools.count(1)
_bodies = itertools.count(1)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


# --- factories (used by the other credit test modules too) ----------------------------------------------------------


def next_uscc(authority: str = "5", category: str = "2") -> str:
    return generate_uscc(authority, category, "140213", f"MJC{next(_bodies):05d}")


@pytest.fixture
def system() -> SystemActor:
    return SystemActor("test")


@pytest.fixture
def credit_admin(make_user):
    return make_user(role=Role.CREDIT_ADMIN)


@pytest.fixture
def unit(system) -> ReportingUnit:
    org = organization_create(
        actor=system, name="平城区市场监督管理局", org_type=OrganizationType.GOVERNMENT, uscc=next_uscc("1", "1")
    )
    return ReportingUnit.objects.create(organization=org, code=f"U{org.pk:03d}", short_name="区市场监管局")


@pytest.fixture
def penalty_item(unit) -> CatalogueItem:
    return CatalogueItem.objects.create(unit=unit, kind=CatalogueKind.PENALTY, code="330217001", name="食品安全违法")


@pytest.fixture
def make_org(system):
    def factory(name: str = "", **fields):
        index = next(_bodies)
        return organization_create(
            actor=system,
            name=name or f"平城区第{index}社会服务中心",
            org_type=OrganizationType.SOCIAL_SERVICE,
            uscc=generate_uscc("5", "2", "140213", f"MJD{index:05d}"),
            legal_representative="张三",
            **fields,
        )

    return factory


@pytest.fixture
def make_penalty(unit, penalty_item):
    def factory(
        *,
        uscc: str = "",
        name: str = "被处罚单位",
        decision_date: date,
        categories: list[str] | None = None,
        fine_amount: Decimal | str | None = None,
        status: str = PublicationStatus.PUBLISHED,
        severity: str = Severity.GENERAL,
        regime_code: str = "ndrc-order-58",
        min_period_end: date | None = None,
        repairable: bool = True,
        **extra,
    ) -> PenaltyRecord:
        regime = PublicationRegime.objects.get(code=regime_code)
        return PenaltyRecord.objects.create(
            unit=unit,
            catalogue_item=penalty_item,
            subject_name=name,
            subject_category=SubjectCategory.LEGAL_PERSON,
            subject_uscc=uscc,
            decision_number=extra.pop("decision_number", f"平市监罚〔{decision_date.year}〕{next(_numbers)}号"),
            decision_date=decision_date,
            authority="平城区市场监督管理局",
            authority_uscc=unit.organization.uscc,
            source_unit="平城区市场监督管理局",
            source_unit_uscc=unit.organization.uscc,
            reported_at=timezone.make_aware(datetime.combine(decision_date, datetime.min.time())),
            publication_start=decision_date,
            violation_type="违反食品安全法",
            facts="经营超过保质期的食品",
            basis="《中华人民共和国食品安全法》第一百二十四条",
            categories=categories if categories is not None else ["02"],
            content="罚款",
            fine_amount=Decimal(fine_amount) if fine_amount is not None else None,
            penalty_valid_until=decision_date,
            status=status,
            is_public=status == PublicationStatus.PUBLISHED,
            severity=severity,
            regime=regime,
            min_period_end=min_period_end if min_period_end is not None else decision_date + timedelta(days=92),
            max_period_end=years_before(decision_date, -3),
            publication_deadline=years_before(decision_date, -3),
            repairable=repairable,
            **extra,
        )

    return factory


# --- clear, blocked, warned -----------------------------------------------------------------------------------------


def test_an_organization_with_no_list_entry_and_no_penalty_is_clear(make_org, system):
    outcome = credit_check(organization=make_org(), on=ON, actor=system)
    assert outcome.result == CreditCheckResult.CLEAR
    assert outcome.clear and outcome.findings == []


def test_a_barring_list_entry_found_by_credit_code_blocks(make_org, credit_admin, system):
    org = make_org()
    entry = list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2025, 1, 1),
        decided_by="大同市中级人民法院",
        document_number="(2024)晋02执123号",
        actor=credit_admin,
    )
    outcome = credit_check(organization=org, on=ON, actor=system)
    assert outcome.result == CreditCheckResult.BLOCKED
    (finding,) = outcome.findings
    assert finding.kind == "list_block"
    assert finding.rule == "list-bars-services"
    assert finding.clause == CLAUSE_PROCUREMENT_LISTS
    assert finding.source["model"] == "credit.listentry"
    assert finding.source["public_id"] == str(entry.public_id)
    assert finding.source["document_number"] == "(2024)晋02执123号"
    assert finding.source["start_date"] == "2025-01-01"
    assert finding.source["matched_by"] == "uscc"
    assert "(2024)晋02执123号" in finding.message


def test_the_social_organization_serious_list_blocks_under_order_60_and_names_the_memorandum(
    make_org, credit_admin, system
):
    org = make_org()
    memo = memorandum_create(
        code="发改财金〔2018〕331号",
        title="关于对社会组织领域严重失信责任主体开展联合惩戒的合作备忘录",
        signed_on=date(2018, 3, 1),
        forwarded_on=date(2018, 4, 1),
        list_type=ListType.SOCIAL_ORG_SERIOUS,
        bars_purchased_services=True,
        measures="不向该社会组织购买服务",
        actor=credit_admin,
    )
    list_entry_add(
        list_type=ListType.SOCIAL_ORG_SERIOUS,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2024, 5, 1),
        memorandum=memo,
        actor=credit_admin,
    )
    (finding,) = credit_check(organization=org, on=ON, actor=system).findings
    assert finding.kind == "list_block"
    assert CLAUSE_SOCIAL_ORG_LISTS in finding.clause and "发改财金〔2018〕331号" in finding.clause
    assert finding.source["memorandum"] == "发改财金〔2018〕331号"


def test_the_abnormal_activity_list_warns_without_blocking(make_org, credit_admin, system):
    org = make_org()
    list_entry_add(
        list_type=ListType.SOCIAL_ORG_ABNORMAL,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2025, 3, 1),
        reason="未按时报送年度工作报告",
        actor=credit_admin,
    )
    outcome = credit_check(organization=org, on=ON, actor=system)
    assert outcome.result == CreditCheckResult.WARNED
    (finding,) = outcome.findings
    assert finding.kind == "list_warn"
    assert finding.rule == "list-warning"
    assert finding.clause == CLAUSE_SOCIAL_ORG_LISTS


def test_the_legal_representatives_listing_by_id_number_blocks(make_org, credit_admin, system):
    org = make_org()
    list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name="张三",
        person_id_number=LEGAL_REP_ID,
        start_date=date(2025, 2, 1),
        actor=credit_admin,
    )
    assert credit_check(organization=org, on=ON, actor=system).clear  # without the ID number nothing is seen
    outcome = credit_check(organization=org, legal_rep_id=LEGAL_REP_ID, on=ON, actor=system)
    assert outcome.result == CreditCheckResult.BLOCKED
    (finding,) = outcome.findings
    assert finding.source["matched_by"] == "legal_rep_id"
    assert finding.source["person_id_number"] == "140213********1233"
    assert "张三" in finding.message
    assert LEGAL_REP_ID not in str(outcome.findings_json())


def test_a_penalty_within_three_years_warns_with_the_procurement_law_clause(make_org, make_penalty, system):
    org = make_org()
    record = make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10), fine_amount="0.5")
    outcome = credit_check(organization=org, on=ON, actor=system)
    assert outcome.result == CreditCheckResult.WARNED
    (finding,) = outcome.findings
    assert finding.kind == "recent_penalty"
    assert finding.rule == "penalty-within-3-years"
    assert finding.clause == CLAUSE_RECENT_PENALTY
    assert finding.source["model"] == "credit.penaltyrecord"
    assert finding.source["public_id"] == str(record.public_id)
    assert finding.source["decision_number"] == record.decision_number
    assert finding.source["decision_date"] == "2024-01-10"
    assert record.decision_number in finding.message


def test_a_penalty_exactly_three_years_before_counts_and_one_day_earlier_does_not(make_org, make_penalty, system):
    counted, too_old = make_org(), make_org()
    make_penalty(uscc=counted.uscc, decision_date=date(2022, 6, 30))
    make_penalty(uscc=too_old.uscc, decision_date=date(2022, 6, 29))
    assert credit_check(organization=counted, on=ON, actor=system).warned
    assert credit_check(organization=too_old, on=ON, actor=system).clear


def test_three_years_before_29_february_starts_on_28_february():
    assert years_before(date(2024, 2, 29), 3) == date(2021, 2, 28)
    assert years_before(date(2025, 6, 30), 3) == date(2022, 6, 30)


def test_a_penalty_decided_after_the_check_date_is_not_seen(make_org, make_penalty, system):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=ON + timedelta(days=1))
    assert credit_check(organization=org, on=ON, actor=system).clear


@pytest.mark.parametrize(
    ("categories", "fine", "why"),
    [
        (["04"], None, "责令停产停业"),
        (["02", "05"], "3", "吊销"),
        (["14"], None, "责令关闭"),
        (["02"], "200", "200"),
    ],
)
def test_a_major_violation_record_is_flagged_as_major(make_org, make_penalty, system, categories, fine, why):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2023, 9, 1), categories=categories, fine_amount=fine)
    outcome = credit_check(organization=org, on=ON, actor=system)
    assert outcome.result == CreditCheckResult.WARNED
    (finding,) = outcome.findings
    assert finding.kind == "major_violation"
    assert finding.rule == "major-violation-within-3-years"
    assert finding.clause == CLAUSE_MAJOR_VIOLATION and "财库〔2022〕3号" in finding.clause
    assert why in finding.message


def test_a_fine_just_below_200_wan_yuan_is_an_ordinary_penalty(make_org, make_penalty, system):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2023, 9, 1), fine_amount="199.999999")
    (finding,) = credit_check(organization=org, on=ON, actor=system).findings
    assert finding.kind == "recent_penalty"


def test_a_major_violation_older_than_three_years_is_not_seen(make_org, make_penalty, system):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2022, 6, 29), categories=["05"])
    assert credit_check(organization=org, on=ON, actor=system).clear


@pytest.mark.parametrize("status", [PublicationStatus.REPAIRED, PublicationStatus.REVOKED])
def test_repaired_and_revoked_penalties_are_ignored(make_org, make_penalty, system, status):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10), status=status, categories=["05"])
    assert credit_check(organization=org, on=ON, actor=system).clear


@pytest.mark.parametrize("status", [PublicationStatus.EXPIRED, PublicationStatus.NOT_PUBLISHED])
def test_expired_and_unpublished_penalties_still_count_for_three_years_and_say_so(
    make_org, make_penalty, system, status
):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10), status=status)
    outcome = credit_check(organization=org, on=ON, actor=system)
    (finding,) = outcome.findings
    assert finding.kind == "recent_penalty"
    assert finding.source["status"] == status
    assert "still counts" in finding.message


# --- list entry dates -----------------------------------------------------------------------------------------------


def _debtor_entry(org, admin, **dates):
    return list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name=org.name,
        subject_uscc=org.uscc,
        actor=admin,
        **dates,
    )


def test_a_list_entry_ending_the_day_before_does_not_block(make_org, credit_admin, system):
    org = make_org()
    _debtor_entry(org, credit_admin, start_date=date(2024, 1, 1), end_date=ON - timedelta(days=1))
    assert credit_check(organization=org, on=ON, actor=system).clear


def test_a_list_entry_ending_on_the_check_date_still_blocks(make_org, credit_admin, system):
    org = make_org()
    _debtor_entry(org, credit_admin, start_date=date(2024, 1, 1), end_date=ON)
    assert credit_check(organization=org, on=ON, actor=system).blocked


def test_a_list_entry_starting_after_the_check_date_does_not_block(make_org, credit_admin, system):
    org = make_org()
    _debtor_entry(org, credit_admin, start_date=ON + timedelta(days=1))
    assert credit_check(organization=org, on=ON, actor=system).clear


def test_a_removed_list_entry_does_not_block_from_its_removal_date(make_org, credit_admin, system):
    org = make_org()
    entry = _debtor_entry(org, credit_admin, start_date=date(2024, 1, 1))
    list_entry_remove(entry=entry, on=date(2025, 3, 1), reason="已履行完毕", actor=credit_admin)
    assert credit_check(organization=org, on=ON, actor=system).clear
    assert credit_check(organization=org, on=date(2025, 3, 1), actor=system).clear
    assert credit_check(organization=org, on=date(2025, 2, 28), actor=system).blocked  # before its removal


def test_a_block_outranks_warnings_and_all_findings_are_listed(make_org, make_penalty, credit_admin, system):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10))
    make_penalty(uscc=org.uscc, decision_date=date(2023, 1, 10), categories=["04"])
    list_entry_add(
        list_type=ListType.SOCIAL_ORG_ABNORMAL,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2025, 1, 1),
        actor=credit_admin,
    )
    _debtor_entry(org, credit_admin, start_date=date(2025, 1, 1))
    outcome = credit_check(organization=org, on=ON, actor=system)
    assert outcome.result == CreditCheckResult.BLOCKED
    assert [f.kind for f in outcome.findings] == ["list_block", "list_warn", "major_violation", "recent_penalty"]


# --- subjects -------------------------------------------------------------------------------------------------------


def test_a_check_by_credit_code_alone_finds_the_same_as_by_organization(make_org, make_penalty, system):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10))
    outcome = credit_check(uscc=org.uscc.lower(), on=ON, actor=system)
    assert outcome.warned and outcome.subject.uscc == org.uscc


def test_a_check_by_name_matches_records_without_a_credit_code_and_says_so(make_penalty, system):
    make_penalty(name="平城区某某小吃店", decision_date=date(2024, 1, 10))
    outcome = credit_check(name="平城区某某小吃店", on=ON, actor=system)
    (finding,) = outcome.findings
    assert finding.source["matched_by"] == "name"
    assert "name only" in finding.message


def test_another_organizations_penalty_is_not_seen(make_org, make_penalty, system):
    org, other = make_org(), make_org()
    make_penalty(uscc=other.uscc, decision_date=date(2024, 1, 10))
    make_penalty(uscc="", name=org.name, decision_date=date(2024, 1, 10))  # same name, no code: not matched
    assert credit_check(organization=org, on=ON, actor=system).clear


def test_an_invalid_credit_code_is_refused_with_the_reason(system):
    with pytest.raises(ServiceError) as info:
        credit_check(uscc="52140213MJY00001X8", on=ON, actor=system)
    assert "check character" in str(info.value)


def test_a_check_needs_a_credit_code_or_a_name(system):
    with pytest.raises(ServiceError):
        credit_check(on=ON, actor=system)


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.RESIDENT, None])
def test_only_screening_and_credit_staff_may_run_checks(make_user, make_org, role):
    org = make_org()
    actor = make_user(role=role, organization=org if role == Role.PROVIDER else None)
    with pytest.raises(PermissionDenied):
        credit_check(organization=org, on=ON, actor=actor)


@pytest.mark.parametrize("role", [Role.PURCHASER, Role.PROJECT_MANAGER, Role.CREDIT_ADMIN])
def test_purchasers_project_managers_and_credit_staff_may_run_checks(make_user, make_org, role):
    actor = make_user(role=role)
    assert credit_check(organization=make_org(), on=ON, actor=actor).clear


# --- evidence -------------------------------------------------------------------------------------------------------


def test_a_saved_check_keeps_the_findings_the_time_the_checker_and_a_verifiable_digest(
    make_org, make_penalty, credit_admin
):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10))
    outcome = credit_check(organization=org, on=ON, actor=credit_admin, purpose="2025年购买服务项目资格审查")
    check = credit_check_get(public_id=outcome.check.public_id, actor=credit_admin)
    assert check.result == CreditCheckResult.WARNED
    assert check.as_of == ON
    assert check.organization == org and check.subject_uscc == org.uscc
    assert check.checked_by == credit_admin.audit_label
    assert check.checked_at is not None
    assert check.purpose == "2025年购买服务项目资格审查"
    assert check.findings == outcome.findings_json()
    assert check.digest == outcome.digest and len(check.digest) == 64
    assert credit_check_verify(check)
    event = AuditEvent.objects.get(event_type=CreditEvent.CREDIT_CHECKED, target_id=str(check.pk))
    assert event.payload["digest"] == check.digest
    assert event.payload["result"] == "warned"


def test_changing_saved_findings_breaks_the_digest(make_org, make_penalty, system):
    org = make_org()
    make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10))
    check = credit_check(organization=org, on=ON, actor=system).check
    CreditCheck.objects.filter(pk=check.pk).update(findings=[])
    assert not credit_check_verify(CreditCheck.objects.get(pk=check.pk))


def test_a_saved_check_still_shows_what_was_seen_after_the_record_changes(make_org, make_penalty, system):
    org = make_org()
    record = make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10))
    check = credit_check(organization=org, on=ON, actor=system).check
    PenaltyRecord.objects.filter(pk=record.pk).update(status=PublicationStatus.REVOKED)
    assert credit_check(organization=org, on=ON, actor=system).clear
    kept = credit_check_get(public_id=check.public_id)
    assert kept.findings[0]["source"]["decision_number"] == record.decision_number
    assert credit_check_verify(kept)


def test_an_unsaved_check_stores_nothing(make_org, system):
    outcome = credit_check(organization=make_org(), on=ON, actor=system, save=False)
    assert outcome.check is None and outcome.digest
    assert not CreditCheck.objects.exists()


def test_a_missing_check_is_not_found():
    with pytest.raises(CreditCheck.DoesNotExist):
        credit_check_get(public_id="00000000-0000-0000-0000-000000000000")


# --- batches --------------------------------------------------------------------------------------------------------


def _world(make_org, make_penalty, admin, n: int):
    orgs = [make_org() for _ in range(n)]
    for i, org in enumerate(orgs):
        if i % 3 == 0:
            make_penalty(uscc=org.uscc, decision_date=date(2024, 1, 10))
        if i % 3 == 1:
            _debtor_entry(org, admin, start_date=date(2025, 1, 1))
    return orgs


@pytest.mark.parametrize("n", [3, 30])
def test_a_batch_check_uses_the_same_few_queries_for_3_or_30_organizations(
    make_org, make_penalty, credit_admin, django_assert_max_num_queries, n
):
    orgs = _world(make_org, make_penalty, credit_admin, n)
    with django_assert_max_num_queries(12):
        outcomes = credit_check_many(organizations=orgs, on=ON, actor=credit_admin, purpose="批量审查")
    assert len(outcomes) == n
    assert CreditCheck.objects.count() == n


@pytest.mark.parametrize("n", [3, 30])
def test_an_unsaved_batch_check_makes_two_queries(make_org, make_penalty, credit_admin, django_assert_num_queries, n):
    orgs = _world(make_org, make_penalty, credit_admin, n)
    with django_assert_num_queries(2):
        credit_check_many(organizations=orgs, on=ON, actor=credit_admin, save=False)


def test_a_batch_gives_the_same_answers_as_single_checks_in_the_given_order(make_org, make_penalty, credit_admin):
    orgs = _world(make_org, make_penalty, credit_admin, 7)
    outcomes = credit_check_many(organizations=orgs, on=ON, actor=credit_admin)
    assert [o.subject.organization for o in outcomes] == orgs
    for org, outcome in zip(orgs, outcomes, strict=True):
        single = credit_check(organization=org, on=ON, actor=credit_admin, save=False)
        assert outcome.result == single.result
        assert outcome.digest == single.digest
        assert credit_check_verify(outcome.check)
    assert [o.result for o in outcomes[:3]] == ["warned", "blocked", "clear"]


def test_a_batch_gives_each_check_its_own_purpose_and_may_check_unusable_codes_by_name(
    make_org, make_penalty, credit_admin
):
    from huimin.core.validators import USCC_PLACEHOLDER

    orgs = _world(make_org, make_penalty, credit_admin, 3)
    orgs[1].uscc = USCC_PLACEHOLDER
    with pytest.raises(ServiceError):
        credit_check_many(organizations=orgs, on=ON, actor=credit_admin)
    outcomes = credit_check_many(
        organizations=orgs,
        on=ON,
        actor=credit_admin,
        purpose="批量",
        purposes=["甲", "乙", "丙"],
        by_name_when_code_unusable=True,
    )
    assert [o.check.purpose for o in outcomes] == ["甲", "乙", "丙"]
    by_name = credit_check(name=orgs[1].name, on=ON, actor=credit_admin, save=False)
    assert outcomes[1].digest == by_name.digest and outcomes[1].check.organization is None
    single = credit_check(organization=orgs[0], on=ON, actor=credit_admin, save=False)
    assert outcomes[0].digest == single.digest
    payload = AuditEvent.objects.filter(event_type=CreditEvent.CREDIT_CHECKED).latest("seq").payload
    assert payload["purpose"] == "批量" and [c["purpose"] for c in payload["checks"]] == ["甲", "乙", "丙"]


def test_a_batch_is_audited_once_with_every_check_id(make_org, make_penalty, credit_admin):
    orgs = _world(make_org, make_penalty, credit_admin, 4)
    before = AuditEvent.objects.filter(event_type=CreditEvent.CREDIT_CHECKED).count()
    outcomes = credit_check_many(organizations=orgs, on=ON, actor=credit_admin)
    events = AuditEvent.objects.filter(event_type=CreditEvent.CREDIT_CHECKED)
    assert events.count() == before + 1
    payload = events.latest("seq").payload
    assert [c["check"] for c in payload["checks"]] == [str(o.check.public_id) for o in outcomes]
    assert [c["digest"] for c in payload["checks"]] == [o.digest for o in outcomes]


def test_a_batch_may_check_legal_representatives_by_id_number(make_org, credit_admin):
    org, other = make_org(), make_org()
    list_entry_add(
        list_type=ListType.WAGE_ARREARS,
        subject_name="李四",
        person_id_number=LEGAL_REP_ID,
        start_date=date(2025, 1, 1),
        actor=credit_admin,
    )
    outcomes = credit_check_many(
        organizations=[CheckSubject.of(org, legal_rep="李四", legal_rep_id=LEGAL_REP_ID), other],
        on=ON,
        actor=credit_admin,
    )
    assert [o.result for o in outcomes] == ["blocked", "clear"]


# --- with records filed through the record services -----------------------------------------------------------------


def test_a_penalty_filed_through_the_record_service_warns_until_it_is_revoked(credit_admin):
    from huimin.credit.services.records import record_create, record_revoke

    from .factories import COMPANY_USCC, at, make_item, make_unit, penalty_data

    unit = make_unit()
    data = penalty_data(unit, make_item(unit), decision_date="2025/03/10", penalty_valid_until="2025/03/10")
    record = record_create(kind="penalty", data=data, actor=credit_admin, now=at(date(2025, 3, 12)))
    outcome = credit_check(uscc=COMPANY_USCC, on=ON, actor=credit_admin)
    assert [(f.kind, f.source["decision_number"]) for f in outcome.findings] == [
        ("recent_penalty", record.decision_number)
    ]
    record_revoke(record=record, reason="复议撤销", actor=credit_admin)
    assert credit_check(uscc=COMPANY_USCC, on=ON, actor=credit_admin).clear
