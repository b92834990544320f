"""信用修复: who may ask, what is refused, the regime's conditions at decision time, and what an approval lifts."""

# ruff: noqa: F811  (the fixtures of test_check are imported and used by name)

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.core.models import Role
from huimin.core.permissions import PermissionDenied
from huimin.core.services import ServiceError
from huimin.credit.check import credit_check
from huimin.credit.events import CreditEvent
from huimin.credit.models import ListEntry, ListType, PenaltyRecord, PublicationStatus, RepairStatus, Severity
from huimin.credit.services.lists import list_entry_add
from huimin.credit.services.repairs import repair_request_decide, repair_request_submit

from .test_check import (  # noqa: F401
    credit_admin,
    make_org,
    make_penalty,
    penalty_item,
    system,
    unit,
)

pytestmark = pytest.mark.django_db

TODAY = date(2025, 6, 30)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def org(make_org):
    return make_org()


@pytest.fixture
def provider(make_user, org):
    return make_user(role=Role.PROVIDER, organization=org)


@pytest.fixture
def record(make_penalty, org) -> PenaltyRecord:
    return make_penalty(uscc=org.uscc, name=org.name, decision_date=date(2024, 9, 1), min_period_end=date(2024, 12, 1))


def _submit(record, actor, **changes):
    fields = {
        "record": record,
        "applicant_name": record.subject_name,
        "commitment": "本单位承诺今后依法经营，如有违反自愿接受惩戒。",
        "fulfilment": "罚款已于2024年9月15日缴清，违法行为已整改。",
        "actor": actor,
    }
    fields.update(changes)
    return repair_request_submit(**fields)


# --- submitting -----------------------------------------------------------------------------------------------------


def test_the_penalized_organizations_provider_may_ask_for_repair(record, provider):
    request = _submit(record, provider)
    assert request.status == RepairStatus.SUBMITTED
    assert request.submitted_at is not None
    assert AuditEvent.objects.filter(event_type=CreditEvent.REPAIR_SUBMITTED, target_id=str(request.pk)).exists()


def test_the_credit_administrator_may_ask_on_the_organizations_behalf(record, credit_admin):
    assert _submit(record, credit_admin).status == RepairStatus.SUBMITTED


def test_another_organizations_provider_may_not_ask(record, make_org, make_user):
    stranger = make_user(role=Role.PROVIDER, organization=make_org())
    with pytest.raises(PermissionDenied):
        _submit(record, stranger)


@pytest.mark.parametrize(
    ("status", "words"),
    [
        (PublicationStatus.EXPIRED, "publication period"),
        (PublicationStatus.REPAIRED, "already been repaired"),
        (PublicationStatus.NOT_PUBLISHED, "not published"),
        (PublicationStatus.REVOKED, "revoked"),
    ],
)
def test_a_record_that_is_not_published_cannot_be_repaired(make_penalty, org, credit_admin, status, words):
    record = make_penalty(uscc=org.uscc, decision_date=date(2024, 9, 1), status=status)
    with pytest.raises(ServiceError, match=words) as info:
        _submit(record, credit_admin)
    assert info.value.error_code == "repair_not_published"


def test_a_second_pending_request_for_the_same_penalty_is_refused(record, provider, credit_admin):
    _submit(record, provider)
    with pytest.raises(ServiceError, match="already waiting") as info:
        _submit(record, credit_admin)
    assert info.value.error_code == "repair_duplicate"


def test_a_new_request_may_follow_a_refused_one(record, provider, credit_admin):
    first = _submit(record, provider)
    repair_request_decide(request=first, approve=False, reason="履行证明不全", actor=credit_admin, today=TODAY)
    assert _submit(record, provider).status == RepairStatus.SUBMITTED


@pytest.mark.parametrize("field", ["commitment", "fulfilment", "applicant_name"])
def test_an_empty_commitment_fulfilment_or_applicant_is_refused(record, provider, field):
    with pytest.raises(ServiceError) as info:
        _submit(record, provider, **{field: "   "})
    assert field in info.value.error_dict


# --- deciding -------------------------------------------------------------------------------------------------------


def test_only_the_credit_administrator_decides(record, provider):
    request = _submit(record, provider)
    with pytest.raises(PermissionDenied):
        repair_request_decide(request=request, approve=True, reason="符合条件", actor=provider, today=TODAY)


def test_a_decision_needs_a_reason(record, provider, credit_admin):
    request = _submit(record, provider)
    with pytest.raises(ServiceError) as info:
        repair_request_decide(request=request, approve=True, reason=" ", actor=credit_admin, today=TODAY)
    assert "reason" in info.value.error_dict


def test_an_approval_before_the_minimum_period_is_served_is_refused_with_the_date_and_changes_nothing(
    record, provider, credit_admin
):
    request = _submit(record, provider)
    with pytest.raises(ServiceError, match="may be repaired from 2024-12-02") as info:
        repair_request_decide(
            request=request, approve=True, reason="符合条件", actor=credit_admin, today=date(2024, 12, 1)
        )
    assert info.value.error_code == "repair_conditions_not_met"
    assert "runs until 2024-12-01" in str(info.value)
    request.refresh_from_db()
    record.refresh_from_db()
    assert request.status == RepairStatus.SUBMITTED
    assert record.status == PublicationStatus.PUBLISHED and record.is_public


def test_an_approval_the_day_after_the_minimum_period_ends_is_allowed(record, provider, credit_admin):
    request = _submit(record, provider)
    repair_request_decide(request=request, approve=True, reason="符合条件", actor=credit_admin, today=date(2024, 12, 2))
    record.refresh_from_db()
    assert record.status == PublicationStatus.REPAIRED


def test_a_specific_serious_penalty_is_not_repairable(make_penalty, org, provider, credit_admin):
    record = make_penalty(
        uscc=org.uscc,
        decision_date=date(2022, 1, 10),
        severity=Severity.SPECIFIC_SERIOUS,
        regime_code="ndrc-2019-527",
        repairable=False,
        min_period_end=date(2025, 1, 10),
    )
    request = _submit(record, provider)
    with pytest.raises(ServiceError, match="cannot be repaired") as info:
        repair_request_decide(request=request, approve=True, reason="符合条件", actor=credit_admin, today=TODAY)
    assert "发改办财金〔2019〕527号" in str(info.value)
    record.refresh_from_db()
    assert record.status == PublicationStatus.PUBLISHED


def test_a_serious_penalty_under_527_needs_the_training_certificate(make_penalty, org, provider, credit_admin):
    record = make_penalty(
        uscc=org.uscc,
        decision_date=date(2022, 9, 1),
        severity=Severity.SERIOUS,
        regime_code="ndrc-2019-527",
        min_period_end=date(2023, 3, 1),
    )
    without = _submit(record, provider)
    with pytest.raises(ServiceError, match="training certificate"):
        repair_request_decide(request=without, approve=True, reason="符合条件", actor=credit_admin, today=TODAY)
    repair_request_decide(
        request=without, approve=False, reason="缺少信用修复培训证明", actor=credit_admin, today=TODAY
    )
    with_certificate = _submit(record, provider, training_certificate=True)
    repair_request_decide(request=with_certificate, approve=True, reason="材料齐全", actor=credit_admin, today=TODAY)
    record.refresh_from_db()
    assert record.status == PublicationStatus.REPAIRED


def test_a_serious_penalty_under_order_58_needs_no_training_certificate(make_penalty, org, provider, credit_admin):
    record = make_penalty(
        uscc=org.uscc, decision_date=date(2023, 9, 1), severity=Severity.SERIOUS, min_period_end=date(2023, 12, 1)
    )
    request = _submit(record, provider)
    repair_request_decide(request=request, approve=True, reason="材料齐全", actor=credit_admin, today=TODAY)
    assert request.__class__.objects.get(pk=request.pk).status == RepairStatus.APPROVED


def test_an_approved_repair_ends_publication_lifts_the_lists_resting_on_it_and_the_check_no_longer_sees_it(
    record, org, provider, credit_admin, system
):
    by_document = list_entry_add(
        list_type=ListType.SOCIAL_ORG_ABNORMAL,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2024, 9, 10),
        document_number=record.decision_number,
        actor=credit_admin,
    )
    by_reason = list_entry_add(
        list_type=ListType.OTHER,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2024, 9, 10),
        reason=f"因行政处罚（{record.decision_number}）列入",
        actor=credit_admin,
    )
    unrelated = list_entry_add(
        list_type=ListType.DISHONEST_JUDGMENT_DEBTOR,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2024, 9, 10),
        document_number="(2024)晋02执9号",
        actor=credit_admin,
    )
    before = credit_check(organization=org, on=TODAY, actor=system)
    assert {f.kind for f in before.findings} == {"list_block", "list_warn", "recent_penalty"}

    request = _submit(record, provider)
    repair_request_decide(request=request, approve=True, reason="已履行并公开承诺", actor=credit_admin, today=TODAY)

    request.refresh_from_db()
    record.refresh_from_db()
    assert request.status == RepairStatus.APPROVED
    assert request.decided_by == credit_admin.user and request.decision_reason == "已履行并公开承诺"
    assert record.status == PublicationStatus.REPAIRED and not record.is_public
    assert PenaltyRecord.objects.filter(pk=record.pk).exists()  # kept internally
    for entry in (by_document, by_reason):
        entry.refresh_from_db()
        assert entry.removed_on == TODAY
        assert record.decision_number in entry.removal_reason
    unrelated.refresh_from_db()
    assert unrelated.removed_on is None

    after = credit_check(organization=org, on=TODAY, actor=system)
    assert [f.kind for f in after.findings] == ["list_block"]
    assert after.findings[0].source["public_id"] == str(unrelated.public_id)

    approved = AuditEvent.objects.get(event_type=CreditEvent.REPAIR_APPROVED, target_id=str(request.pk))
    assert set(approved.payload["lifted_list_entries"]) == {str(by_document.public_id), str(by_reason.public_id)}
    assert AuditEvent.objects.filter(event_type=CreditEvent.RECORD_REPAIRED, target_id=str(record.pk)).exists()


def test_a_refusal_keeps_the_penalty_published(record, provider, credit_admin):
    request = _submit(record, provider)
    repair_request_decide(request=request, approve=False, reason="未完全履行", actor=credit_admin, today=TODAY)
    request.refresh_from_db()
    record.refresh_from_db()
    assert request.status == RepairStatus.REFUSED and request.decision_reason == "未完全履行"
    assert record.status == PublicationStatus.PUBLISHED
    assert AuditEvent.objects.filter(event_type=CreditEvent.REPAIR_REFUSED, target_id=str(request.pk)).exists()


def test_a_decided_request_cannot_be_decided_again(record, provider, credit_admin):
    request = _submit(record, provider)
    repair_request_decide(request=request, approve=False, reason="未完全履行", actor=credit_admin, today=TODAY)
    with pytest.raises(ServiceError, match="already decided"):
        repair_request_decide(request=request, approve=True, reason="复核", actor=credit_admin, today=TODAY)


def test_a_list_entry_already_removed_is_not_touched_by_a_repair(record, org, provider, credit_admin):
    entry = list_entry_add(
        list_type=ListType.OTHER,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2024, 9, 10),
        end_date=date(2025, 1, 31),
        document_number=record.decision_number,
        actor=credit_admin,
    )
    request = _submit(record, provider)
    repair_request_decide(request=request, approve=True, reason="符合条件", actor=credit_admin, today=TODAY)
    entry.refresh_from_db()
    assert entry.removed_on is None  # it had already ended on 2025-01-31
    assert ListEntry.objects.filter(removed_on=TODAY).count() == 0


# --- with records filed through the record services -----------------------------------------------------------------


def _filed(admin, *, decision: date, sector: str = "general", **overrides):
    from huimin.credit.services.records import record_create

    from .factories import at, make_item, make_unit, penalty_data

    unit = make_unit()
    item = make_item(unit, sector=sector)
    data = penalty_data(unit, item, decision_date=decision.isoformat(), penalty_valid_until=decision.isoformat())
    data.update(overrides)
    return record_create(kind="penalty", data=data, actor=admin, now=at(decision + timedelta(days=2)))


def test_a_filed_general_penalty_under_order_58_may_be_repaired_once_three_months_are_served(credit_admin):
    record = _filed(credit_admin, decision=date(2025, 3, 10))
    assert record.regime.code == "ndrc-order-58" and record.min_period_end == date(2025, 6, 10)
    request = _submit(record, credit_admin)
    with pytest.raises(ServiceError, match="may be repaired from 2025-06-11"):
        repair_request_decide(
            request=request, approve=True, reason="符合条件", actor=credit_admin, today=date(2025, 6, 10)
        )
    repair_request_decide(request=request, approve=True, reason="符合条件", actor=credit_admin, today=date(2025, 6, 11))
    record.refresh_from_db()
    assert record.status == PublicationStatus.REPAIRED and not record.is_public


def test_a_filed_licence_revocation_in_food_safety_under_527_is_not_repairable(credit_admin):
    record = _filed(
        credit_admin,
        decision=date(2022, 6, 1),
        sector="food_drug",
        categories="吊销许可证件",
        fine_amount="",
        licence_affected="食品经营许可证 JY11402130000001",
    )
    assert record.severity == Severity.SPECIFIC_SERIOUS and not record.repairable
    request = _submit(record, credit_admin)
    with pytest.raises(ServiceError, match="cannot be repaired"):
        repair_request_decide(
            request=request, approve=True, reason="符合条件", actor=credit_admin, today=date(2024, 6, 1)
        )
