"""Writing records: scopes, timeliness, publication status, re-imports, revocation, the import fast path, audit."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.core.calendar import add_working_days, working_days_between
from huimin.core.models import Role
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.credit.bulk import decision_numbers_elsewhere
from huimin.credit.events import CreditEvent
from huimin.credit.models import LicensingRecord, PenaltyRecord, PublicationStatus, Severity
from huimin.credit.permissions import (
    can_manage_credit,
    can_submit_records,
    can_view_unpublished,
    records_scope_q,
    units_for_officer,
)
from huimin.credit.rules import make_context, validate_record
from huimin.credit.services.records import (
    WorkingDayCounter,
    record_create,
    record_revoke,
    record_update,
    record_upsert,
    records_bulk_upsert,
)

from .factories import at, licence_data, make_item, make_unit, natural_person, penalty_data

pytestmark = pytest.mark.django_db

NOW = at(date(2026, 6, 30))


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def unit(db):
    return make_unit("SCJ")


@pytest.fixture
def other_unit(db):
    return make_unit("ZJJ")


@pytest.fixture
def item(unit):
    return make_item(unit, "penalty", "CF0001")


@pytest.fixture
def licence_item(unit):
    return make_item(unit, "licensing", "XK0001")


@pytest.fixture
def officer(make_user, unit):
    return make_user(role=Role.CREDIT_OFFICER, organization=unit.organization)


@pytest.fixture
def credit_admin(make_user):
    return make_user(role=Role.CREDIT_ADMIN)


def create_penalty(unit, item, actor, *, now=NOW, **overrides):
    return record_create(kind="penalty", data=penalty_data(unit, item, **overrides), actor=actor, now=now)


# --- scopes ---


def test_a_credit_officer_files_records_of_its_own_unit(unit, item, officer):
    record = create_penalty(unit, item, officer)
    assert record.pk and record.unit == unit


def test_a_credit_officer_of_unit_a_cannot_create_in_unit_b(unit, other_unit, officer):
    foreign_item = make_item(other_unit, "penalty", "CF0009")
    with pytest.raises(PermissionDenied):
        create_penalty(other_unit, foreign_item, officer)
    assert not PenaltyRecord.objects.exists()


def test_a_credit_officer_cannot_correct_or_revoke_another_units_record(unit, other_unit, credit_admin, make_user):
    foreign_item = make_item(other_unit, "penalty", "CF0009")
    record = create_penalty(other_unit, foreign_item, credit_admin)
    officer_a = make_user(role=Role.CREDIT_OFFICER, organization=unit.organization)
    with pytest.raises(PermissionDenied):
        record_update(record=record, data={"facts": "改"}, actor=officer_a, now=NOW)
    with pytest.raises(PermissionDenied):
        record_revoke(record=record, reason="撤销", actor=officer_a)


def test_the_credit_administrator_files_records_for_any_unit(unit, item, credit_admin):
    assert create_penalty(unit, item, credit_admin).pk


@pytest.mark.parametrize("role", [Role.PROVIDER, Role.PURCHASER, Role.RESIDENT, Role.DISTRICT_ADMIN])
def test_other_roles_cannot_file_records(unit, item, make_user, role):
    actor = make_user(role=role)
    with pytest.raises(PermissionDenied):
        create_penalty(unit, item, actor)


def test_permissions_of_officers_administrators_and_the_public(unit, other_unit, officer, credit_admin, make_user):
    district_admin = make_user(role=Role.DISTRICT_ADMIN)
    assert can_submit_records(officer, unit) and not can_submit_records(officer, other_unit)
    assert can_view_unpublished(officer, unit) and not can_view_unpublished(officer, other_unit)
    assert can_submit_records(credit_admin, other_unit) and can_view_unpublished(credit_admin, other_unit)
    assert can_manage_credit(credit_admin) and can_manage_credit(district_admin) and not can_manage_credit(officer)
    assert can_view_unpublished(district_admin, unit) and not can_submit_records(district_admin, unit)
    assert units_for_officer(officer) == [unit]


def test_the_record_scope_shows_the_public_everything_published_and_officers_their_own(
    unit, other_unit, item, officer, credit_admin, make_user
):
    mine = create_penalty(unit, item, officer, categories="警告", fine_amount=None, decision_date="2026/05/06")
    foreign_item = make_item(other_unit, "penalty", "CF0009")
    theirs = create_penalty(
        other_unit, foreign_item, credit_admin, categories="警告", fine_amount=None, decision_date="2026/05/06"
    )
    published = create_penalty(other_unit, foreign_item, credit_admin)
    assert not mine.is_public and not theirs.is_public and published.is_public
    public = make_user(role=None)
    visible = set(PenaltyRecord.objects.filter(records_scope_q(public)).values_list("pk", flat=True))
    assert visible == {published.pk}
    visible = set(PenaltyRecord.objects.filter(records_scope_q(officer)).values_list("pk", flat=True))
    assert visible == {mine.pk, published.pk}
    assert records_scope_q(credit_admin) is None


def test_only_the_credit_administrator_may_set_the_report_time(unit, item, officer, credit_admin):
    with pytest.raises(ServiceError) as exc:
        create_penalty(unit, item, officer, reported_at=datetime(2025, 3, 12, 9))
    assert "reported_at" in exc.value.message_dict
    record = create_penalty(unit, item, credit_admin, reported_at=at(date(2025, 3, 12)))
    assert record.reported_at == at(date(2025, 3, 12))
    assert record.working_days_late == 2


def test_an_invalid_record_is_refused_with_every_field_error(unit, item, officer):
    with pytest.raises(ServiceError) as exc:
        create_penalty(unit, item, officer, subject_uscc="123", fine_amount="", facts="")
    assert {"subject_uscc", "fine_amount", "facts"} <= set(exc.value.message_dict)
    assert exc.value.error_code == "record_invalid"


def test_an_unknown_unit_is_refused(item, officer):
    with pytest.raises(ServiceError) as exc:
        record_create(kind="penalty", data=penalty_data("NOPE", item), actor=officer, now=NOW)
    assert exc.value.error_code == "unit_unknown"


# --- timeliness (国发〔2016〕33号 §17: within 7 working days) ---


def test_exactly_seven_working_days_after_the_decision_is_on_time_and_eight_is_late(
    seeded_calendar, unit, item, credit_admin
):
    decision = date(2025, 9, 26)  # Friday before the National Day and Mid-Autumn holiday (10-01 … 10-08)
    seventh = add_working_days(decision, 7)
    eighth = add_working_days(decision, 8)
    assert seventh == date(2025, 10, 13)  # 9-28 (Sunday, worked), 9-29, 9-30, 10-09, 10-10, 10-11 (Saturday, worked)
    assert eighth == date(2025, 10, 14)
    on_time = create_penalty(unit, item, credit_admin, decision_date=decision, now=at(seventh, 17))
    late = create_penalty(unit, item, credit_admin, decision_date=decision, now=at(eighth, 9))
    assert on_time.working_days_late == 7 and not on_time.is_late
    assert late.working_days_late == 8 and late.is_late


def test_the_reported_day_is_the_day_in_shanghai(seeded_calendar, unit, item, credit_admin):
    # 2025-10-13 23:30 in Shanghai is 15:30 UTC the same day; 2025-10-14 00:30 in Shanghai is still 10-13 in UTC.
    record = create_penalty(
        unit,
        item,
        credit_admin,
        decision_date=date(2025, 9, 26),
        now=datetime.fromisoformat("2025-10-13T16:30:00+00:00"),
    )
    assert record.working_days_late == 8


def test_a_decision_reported_the_same_day_is_zero_days_late(unit, item, officer):
    record = create_penalty(unit, item, officer, decision_date=date(2026, 6, 30))
    assert record.working_days_late == 0


# --- publication status ---


def test_a_general_penalty_is_published_with_its_plan(unit, item, officer):
    record = create_penalty(unit, item, officer, decision_date="2026/05/15", penalty_valid_until="2026/11/15")
    assert record.status == PublicationStatus.PUBLISHED and record.is_public
    assert record.severity == Severity.GENERAL
    assert record.regime.code == "ndrc-order-36"
    assert record.publication_start == date(2026, 6, 30)
    assert (record.min_period_end, record.max_period_end) == (date(2026, 8, 15), date(2027, 5, 15))
    assert record.publication_deadline == date(2027, 5, 15)
    assert record.repairable


def test_a_minor_penalty_under_order_36_is_kept_but_not_published(unit, item, officer):
    record = create_penalty(unit, item, officer, categories="警告", fine_amount=None, decision_date="2026/04/01")
    assert record.status == PublicationStatus.NOT_PUBLISHED
    assert not record.is_public
    assert record.publication_deadline is None and record.publication_start is None
    assert PenaltyRecord.objects.filter(pk=record.pk).exists()


def test_a_minor_penalty_decided_the_day_before_order_36_is_published(unit, item, credit_admin):
    record = create_penalty(
        unit,
        item,
        credit_admin,
        categories="警告",
        fine_amount=None,
        decision_date="2026/03/31",
        reported_at=at(date(2026, 4, 2)),
    )
    assert record.status == PublicationStatus.PUBLISHED and record.is_public
    assert record.publication_deadline == date(2029, 3, 31)


def test_a_penalty_filed_after_its_deadline_is_expired_at_once(unit, item, credit_admin):
    record = create_penalty(unit, item, credit_admin, decision_date="2021/03/10", penalty_valid_until="2021/09/10")
    assert record.publication_deadline == date(2022, 3, 10)
    assert record.status == PublicationStatus.EXPIRED
    assert not record.is_public


def test_a_licence_is_published_on_entry_and_has_no_deadline(unit, licence_item, officer):
    record = record_create(kind="licensing", data=licence_data(unit, licence_item), actor=officer, now=NOW)
    assert isinstance(record, LicensingRecord)
    assert record.status == PublicationStatus.PUBLISHED and record.is_public
    assert record.publication_start == date(2026, 6, 30)


def test_an_old_licence_and_an_invalid_licence_stay_public(unit, licence_item, officer):
    old = record_create(
        kind="licensing",
        data=licence_data(
            unit, licence_item, decision_date="2019/01/10", valid_from="2019/01/10", valid_to="2020/01/09"
        ),
        actor=officer,
        now=NOW,
    )
    invalid = record_create(
        kind="licensing", data=licence_data(unit, licence_item, current_status="2"), actor=officer, now=NOW
    )
    assert old.is_public and invalid.is_public
    assert invalid.current_status == "2"


def test_a_natural_persons_penalty_is_filed_like_any_other(unit, item, officer):
    record = create_penalty(unit, item, officer, **natural_person())
    assert record.subject_category == "natural_person"
    assert record.person_id_type == "01"


# --- corrections, re-imports, revocation ---


def test_creating_the_same_decision_number_twice_is_refused(unit, item, officer):
    create_penalty(unit, item, officer, decision_number="平市监罚〔2025〕1号")
    with pytest.raises(ServiceError) as exc:
        create_penalty(unit, item, officer, decision_number="平市监罚〔2025〕1号")
    assert exc.value.error_code == "record_duplicate"


def test_a_correction_revalidates_and_recomputes_the_plan(unit, item, officer):
    record = create_penalty(unit, item, officer, decision_date="2025/03/10")
    assert record.regime.code == "ndrc-order-58"
    updated = record_update(
        record=record,
        data={"decision_date": "2026/05/15", "penalty_valid_until": "2026/11/15", "fine_amount": "250"},
        actor=officer,
        now=NOW,
    )
    assert updated.regime.code == "ndrc-order-36"
    assert updated.severity == Severity.SERIOUS
    assert updated.publication_deadline == date(2029, 5, 15)
    assert updated.reported_at == record.reported_at
    event = AuditEvent.objects.get(event_type=CreditEvent.PENALTY_RECORD_UPDATED)
    assert {"decision_date", "fine_amount", "publication_deadline", "severity"} <= set(event.payload["changed"])


def test_an_invalid_correction_is_refused_and_nothing_changes(unit, item, officer):
    record = create_penalty(unit, item, officer)
    with pytest.raises(ServiceError):
        record_update(record=record, data={"categories": "罚款;吊销许可证件"}, actor=officer, now=NOW)
    record.refresh_from_db()
    assert record.categories == ["02"]


def test_a_correction_cannot_move_a_record_to_another_unit(unit, other_unit, item, credit_admin):
    record = create_penalty(unit, item, credit_admin)
    with pytest.raises(ServiceError) as exc:
        record_update(record=record, data={"unit": other_unit}, actor=credit_admin, now=NOW)
    assert exc.value.error_code == "record_other_unit"


def test_re_upserting_a_decision_number_updates_and_never_duplicates(unit, item, officer):
    data = penalty_data(unit, item, decision_number="平市监罚〔2025〕77号")
    first, created = record_upsert(kind="penalty", data=data, actor=officer, now=NOW)
    assert created
    again, created = record_upsert(
        kind="penalty", data={**data, "fine_amount": "300"}, actor=officer, now=at(date(2026, 7, 2))
    )
    assert not created and again.pk == first.pk
    assert PenaltyRecord.objects.count() == 1
    assert again.fine_amount == Decimal("300")
    assert again.severity == Severity.SERIOUS  # the plan is recomputed
    assert again.reported_at == first.reported_at  # the first report stands
    assert AuditEvent.objects.filter(event_type=CreditEvent.PENALTY_RECORD_REIMPORTED).count() == 1


def test_upserting_a_decision_number_of_another_unit_is_refused(unit, other_unit, item, credit_admin):
    data = penalty_data(unit, item, decision_number="平市监罚〔2025〕78号")
    record_upsert(kind="penalty", data=data, actor=credit_admin, now=NOW)
    foreign_item = make_item(other_unit, "penalty", "CF0009")
    moved = penalty_data(other_unit, foreign_item, decision_number="平市监罚〔2025〕78号")
    with pytest.raises(ServiceError) as exc:
        record_upsert(kind="penalty", data=moved, actor=credit_admin, now=NOW)
    assert exc.value.error_code == "record_other_unit"
    assert "SCJ" in str(exc.value.message_dict["decision_number"])


def test_revoking_takes_the_record_off_public_view_for_good(unit, item, officer):
    record = create_penalty(unit, item, officer)
    revoked = record_revoke(record=record, reason="行政复议决定撤销", actor=officer)
    assert revoked.status == PublicationStatus.REVOKED and not revoked.is_public
    event = AuditEvent.objects.get(event_type=CreditEvent.PENALTY_RECORD_REVOKED)
    assert event.payload["reason"] == "行政复议决定撤销"
    with pytest.raises(ServiceError) as exc:
        record_revoke(record=revoked, reason="again", actor=officer)
    assert exc.value.error_code == "record_already_revoked"
    again, _created = record_upsert(
        kind="penalty", data=penalty_data(unit, item, decision_number=record.decision_number), actor=officer, now=NOW
    )
    assert again.status == PublicationStatus.REVOKED and not again.is_public


def test_revoking_needs_a_reason(unit, item, officer):
    record = create_penalty(unit, item, officer)
    with pytest.raises(ServiceError):
        record_revoke(record=record, reason="  ", actor=officer)


def test_every_single_write_is_audited_once_per_record(unit, item, licence_item, officer):
    penalty = create_penalty(unit, item, officer)
    licence = record_create(kind="licensing", data=licence_data(unit, licence_item), actor=officer, now=NOW)
    created = AuditEvent.objects.filter(
        event_type__in=[CreditEvent.PENALTY_RECORD_CREATED, CreditEvent.LICENSING_RECORD_CREATED]
    )
    assert created.count() == 2
    event = created.get(target_id=str(penalty.pk), target_type="credit.penaltyrecord")
    assert event.payload["decision_number"] == penalty.decision_number
    assert event.payload["status"] == "published"
    assert event.target_label == penalty.decision_number  # no party names in the trail's labels
    assert created.filter(target_id=str(licence.pk), target_type="credit.licensingrecord").exists()


# --- the import fast path ---


def cleaned_rows(unit, item, numbers, **overrides):
    context = make_context(unit, today=date(2026, 6, 30))
    rows = []
    for number in numbers:
        cleaned, errors = validate_record(
            "penalty", penalty_data(unit, item, decision_number=number, **overrides), unit=unit, context=context
        )
        assert errors == []
        rows.append(cleaned)
    return rows


def test_bulk_upsert_creates_and_updates_with_one_audit_event_per_batch(unit, item, officer):
    numbers = [f"平市监罚〔2025〕{n}号" for n in range(1, 11)]
    created, updated = records_bulk_upsert(
        kind="penalty", cleaned_rows=cleaned_rows(unit, item, numbers), unit=unit, actor=officer, now=NOW
    )
    assert (created, updated) == (10, 0)
    rows = cleaned_rows(unit, item, [*numbers[5:], "平市监罚〔2025〕11号"], fine_amount="250")
    created, updated = records_bulk_upsert(
        kind="penalty", cleaned_rows=rows, unit=unit, actor=officer, now=at(date(2026, 7, 1))
    )
    assert (created, updated) == (1, 5)
    assert PenaltyRecord.objects.count() == 11
    assert PenaltyRecord.objects.filter(severity=Severity.SERIOUS).count() == 6
    events = AuditEvent.objects.filter(event_type=CreditEvent.PENALTY_RECORDS_IMPORTED).order_by("seq")
    assert events.count() == 2
    assert events[1].payload["created"] == ["平市监罚〔2025〕11号"]
    assert sorted(events[1].payload["updated"]) == sorted(numbers[5:])


def test_bulk_upsert_computes_the_same_bookkeeping_as_a_single_write(seeded_calendar, unit, item, credit_admin):
    single = create_penalty(
        unit, item, credit_admin, decision_number="平市监罚〔2025〕500号", decision_date="2025/09/26"
    )
    rows = cleaned_rows(unit, item, ["平市监罚〔2025〕501号"], decision_date="2025/09/26")
    records_bulk_upsert(kind="penalty", cleaned_rows=rows, unit=unit, actor=credit_admin, now=NOW)
    bulk = PenaltyRecord.objects.get(decision_number="平市监罚〔2025〕501号")
    for name in ("status", "is_public", "working_days_late", "publication_deadline", "severity", "regime_id"):
        assert getattr(bulk, name) == getattr(single, name), name
    assert bulk.public_id and bulk.created_at


def test_bulk_upsert_refuses_repeated_decision_numbers_in_a_batch(unit, item, officer):
    rows = cleaned_rows(unit, item, ["平市监罚〔2025〕1号"]) * 2
    with pytest.raises(ServiceError) as exc:
        records_bulk_upsert(kind="penalty", cleaned_rows=rows, unit=unit, actor=officer, now=NOW)
    assert exc.value.error_code == "record_batch_duplicate"


def test_bulk_upsert_refuses_to_move_records_of_another_unit(unit, other_unit, item, credit_admin):
    foreign_item = make_item(other_unit, "penalty", "CF0009")
    create_penalty(other_unit, foreign_item, credit_admin, decision_number="平市监罚〔2025〕1号")
    assert decision_numbers_elsewhere("penalty", ["平市监罚〔2025〕1号", "x"], unit=unit) == {
        "平市监罚〔2025〕1号": "ZJJ"
    }
    rows = cleaned_rows(unit, item, ["平市监罚〔2025〕1号", "平市监罚〔2025〕2号"])
    with pytest.raises(ServiceError) as exc:
        records_bulk_upsert(kind="penalty", cleaned_rows=rows, unit=unit, actor=credit_admin, now=NOW)
    assert exc.value.error_code == "record_other_unit"
    assert PenaltyRecord.objects.count() == 1


def test_bulk_upsert_is_refused_to_an_officer_of_another_unit(unit, other_unit, item, make_user):
    outsider = make_user(role=Role.CREDIT_OFFICER, organization=other_unit.organization)
    with pytest.raises(PermissionDenied):
        records_bulk_upsert(
            kind="penalty", cleaned_rows=cleaned_rows(unit, item, ["a"]), unit=unit, actor=outsider, now=NOW
        )


def test_bulk_upsert_keeps_a_revoked_record_revoked(unit, item, officer):
    record = create_penalty(unit, item, officer, decision_number="平市监罚〔2025〕1号")
    record_revoke(record=record, reason="撤销", actor=officer)
    records_bulk_upsert(
        kind="penalty",
        cleaned_rows=cleaned_rows(unit, item, ["平市监罚〔2025〕1号"]),
        unit=unit,
        actor=officer,
        now=NOW,
    )
    record.refresh_from_db()
    assert record.status == PublicationStatus.REVOKED and not record.is_public


def test_bulk_upsert_of_licences(unit, licence_item, officer):
    context = make_context(unit, today=date(2026, 6, 30))
    rows = []
    for n in range(3):
        cleaned, errors = validate_record(
            "licensing", licence_data(unit, licence_item, decision_number=f"许{n}"), unit=unit, context=context
        )
        assert errors == []
        rows.append(cleaned)
    assert records_bulk_upsert(kind="licensing", cleaned_rows=rows, unit=unit, actor=officer, now=NOW) == (3, 0)
    assert LicensingRecord.objects.filter(is_public=True, status="published").count() == 3


def test_the_batch_working_day_counter_agrees_with_the_calendar(seeded_calendar):
    counter = WorkingDayCounter(date(2024, 9, 1), date(2025, 12, 31))
    for start, end in [
        (date(2025, 9, 26), date(2025, 10, 13)),
        (date(2025, 1, 20), date(2025, 2, 10)),
        (date(2024, 9, 1), date(2024, 9, 1)),
        (date(2025, 5, 1), date(2025, 4, 28)),
        (date(2024, 12, 31), date(2025, 12, 31)),
    ]:
        assert counter.between(start, end) == working_days_between(start, end), (start, end)
