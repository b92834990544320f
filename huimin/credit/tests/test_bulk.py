"""The PostgreSQL fast write path (COPY + INSERT … ON CONFLICT) behind records_bulk_upsert."""

from __future__ import annotations

import uuid
from datetime import date

import pytest
from django.db import connection, transaction

from huimin.core.permissions import SystemActor
from huimin.core.services.errors import ServiceError
from huimin.credit import bulk
from huimin.credit.models import LicensingRecord, PenaltyRecord, PublicationStatus
from huimin.credit.rules import make_context, validate_record
from huimin.credit.services import records
from huimin.credit.services.records import record_revoke, records_bulk_upsert

from .factories import at, licence_data, make_item, make_unit, penalty_data

pytestmark = pytest.mark.django_db
on_postgresql = pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path is PostgreSQL only")

NOW = at(date(2026, 6, 30))
ADMIN = SystemActor("test")


def cleaned(kind, unit, item, numbers, **overrides):
    context = make_context(unit, today=date(2026, 6, 30))
    make = penalty_data if kind == "penalty" else licence_data
    rows = []
    for number in numbers:
        row, errors = validate_record(
            kind, make(unit, item, decision_number=number, **overrides), unit=unit, context=context
        )
        assert errors == []
        rows.append(row)
    return rows


@pytest.fixture
def unit(db):
    return make_unit()


@pytest.fixture
def item(unit):
    return make_item(unit, "penalty")


def test_copy_upsert_refuses_to_run_outside_postgresql(unit):
    if connection.vendor == "postgresql":
        pytest.skip("on PostgreSQL the path runs")
    with pytest.raises(RuntimeError):
        bulk.copy_upsert("penalty", [], unit=unit)


@on_postgresql
def test_bulk_upsert_on_postgresql_writes_through_copy(unit, item, monkeypatch):
    calls = []
    real = bulk.copy_upsert

    def spy(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr("huimin.credit.services.records.copy_upsert", spy)
    numbers = [f"平测罚〔2025〕{n}号" for n in range(1, 6)]
    assert records_bulk_upsert(
        kind="penalty", cleaned_rows=cleaned("penalty", unit, item, numbers), unit=unit, actor=ADMIN, now=NOW
    ) == (5, 0)
    assert calls == ["penalty"]
    assert PenaltyRecord.objects.filter(unit=unit).count() == 5


@on_postgresql
def test_a_reimport_through_copy_keeps_id_public_id_created_at_and_a_final_status(unit, item):
    numbers = [f"平测罚〔2025〕{n}号" for n in range(1, 4)]
    records_bulk_upsert(
        kind="penalty", cleaned_rows=cleaned("penalty", unit, item, numbers), unit=unit, actor=ADMIN, now=NOW
    )
    before = {r.decision_number: r for r in PenaltyRecord.objects.filter(unit=unit)}
    record_revoke(record=before[numbers[0]], reason="撤销", actor=ADMIN)
    rows = cleaned("penalty", unit, item, [*numbers, "平测罚〔2025〕9号"], fine_amount="250")
    assert records_bulk_upsert(kind="penalty", cleaned_rows=rows, unit=unit, actor=ADMIN, now=at(date(2026, 7, 1))) == (
        1,
        3,
    )
    after = {r.decision_number: r for r in PenaltyRecord.objects.filter(unit=unit)}
    assert len(after) == 4
    for number in numbers:
        old, new = before[number], after[number]
        assert (new.pk, new.public_id, new.created_at) == (old.pk, old.public_id, old.created_at)
        assert new.fine_amount == 250 and new.severity == "serious"
        assert new.reported_at == old.reported_at
    assert after[numbers[0]].status == PublicationStatus.REVOKED and not after[numbers[0]].is_public
    assert after["平测罚〔2025〕9号"].categories == ["02"]


@on_postgresql
def test_copy_upsert_never_moves_a_record_of_another_unit_and_writes_nothing(unit, item):
    other = make_unit()
    other_item = make_item(other, "penalty")
    records_bulk_upsert(
        kind="penalty",
        cleaned_rows=cleaned("penalty", other, other_item, ["平测罚〔2025〕1号"]),
        unit=other,
        actor=ADMIN,
        now=NOW,
    )
    # Straight to the COPY path (records_bulk_upsert refuses such a batch before): the conflict is found and reported.
    rows = cleaned("penalty", unit, item, ["平测罚〔2025〕1号", "平测罚〔2025〕2号"])
    for row in rows:
        row["status"], row["is_public"], row["reported_at"], row["working_days_late"] = "published", True, NOW, 0
    with pytest.raises(bulk.OtherUnitConflict) as exc:
        with transaction.atomic():
            bulk.copy_upsert("penalty", rows, unit=unit, now=NOW)
    assert exc.value.numbers == ["平测罚〔2025〕1号"]
    assert exc.value.error_code == "record_other_unit"
    assert PenaltyRecord.objects.get(decision_number="平测罚〔2025〕1号").unit == other
    assert not PenaltyRecord.objects.filter(decision_number="平测罚〔2025〕2号").exists()


@on_postgresql
def test_licences_go_through_copy_too_and_twice_in_one_transaction(unit):
    licence_item = make_item(unit, "licensing")
    with transaction.atomic():
        first = cleaned("licensing", unit, licence_item, ["平测许〔2025〕1号", "平测许〔2025〕2号"])
        assert records_bulk_upsert(kind="licensing", cleaned_rows=first, unit=unit, actor=ADMIN, now=NOW) == (2, 0)
        second = cleaned("licensing", unit, licence_item, ["平测许〔2025〕2号", "平测许〔2025〕3号"])
        assert records_bulk_upsert(kind="licensing", cleaned_rows=second, unit=unit, actor=ADMIN, now=NOW) == (1, 1)
    assert LicensingRecord.objects.filter(unit=unit).count() == 3


def test_new_public_ids_are_distinct_random_version_4_uuids():
    ids = bulk.new_public_ids(500)
    assert len(set(ids)) == 500
    for text in ids:
        value = uuid.UUID(text)
        assert str(value) == text and value.version == 4 and value.variant == uuid.RFC_4122


@on_postgresql
def test_a_batch_of_new_records_is_copied_without_looking_anything_up(unit, item, monkeypatch):
    lookups = []
    monkeypatch.setattr(records, "_existing_records", lambda *args: lookups.append(args) or {})
    numbers = [f"平测罚〔2025〕{n}号" for n in range(1, 4)]
    assert records_bulk_upsert(
        kind="penalty", cleaned_rows=cleaned("penalty", unit, item, numbers), unit=unit, actor=ADMIN, now=NOW
    ) == (3, 0)
    assert lookups == []
    written = PenaltyRecord.objects.filter(unit=unit)
    assert {r.decision_number for r in written} == set(numbers)
    assert all(r.public_id.version == 4 and r.created_at == NOW == r.updated_at for r in written)
    assert {r.status for r in written} == {PublicationStatus.PUBLISHED}


@on_postgresql
def test_a_batch_with_a_filed_decision_number_is_written_again_through_the_staging_table(unit, item, monkeypatch):
    records_bulk_upsert(
        kind="penalty",
        cleaned_rows=cleaned("penalty", unit, item, ["平测罚〔2025〕1号"]),
        unit=unit,
        actor=ADMIN,
        now=NOW,
    )
    first = PenaltyRecord.objects.get(decision_number="平测罚〔2025〕1号")
    calls = []
    real = bulk.copy_upsert

    def spy(*args, **kwargs):
        calls.append(kwargs.get("fresh", False))
        return real(*args, **kwargs)

    monkeypatch.setattr("huimin.credit.services.records.copy_upsert", spy)
    rows = cleaned("penalty", unit, item, ["平测罚〔2025〕1号", "平测罚〔2025〕2号"], fine_amount="2")
    assert records_bulk_upsert(kind="penalty", cleaned_rows=rows, unit=unit, actor=ADMIN, now=at(date(2026, 7, 1))) == (
        1,
        1,
    )
    assert calls == [True, False]  # refused as all new, then through ON CONFLICT
    again = PenaltyRecord.objects.get(decision_number="平测罚〔2025〕1号")
    assert (again.pk, again.public_id, again.created_at, again.reported_at) == (
        first.pk,
        first.public_id,
        first.created_at,
        first.reported_at,
    )
    assert again.fine_amount == 2
    assert PenaltyRecord.objects.filter(unit=unit).count() == 2


@on_postgresql
def test_a_fresh_copy_that_meets_a_filed_number_writes_nothing_and_says_so(unit, item):
    records_bulk_upsert(
        kind="penalty",
        cleaned_rows=cleaned("penalty", unit, item, ["平测罚〔2025〕1号"]),
        unit=unit,
        actor=ADMIN,
        now=NOW,
    )
    columns, rows, _created, _updated = records._copy_rows(
        "penalty",
        cleaned("penalty", unit, item, ["平测罚〔2025〕2号", "平测罚〔2025〕1号"]),
        {},
        unit=unit,
        moment=NOW,
        today=NOW.date(),
    )
    with pytest.raises(bulk.AlreadyFiled):
        bulk.copy_upsert("penalty", rows, unit=unit, columns=columns, fresh=True)
    assert not PenaltyRecord.objects.filter(decision_number="平测罚〔2025〕2号").exists()
    assert bulk.copy_upsert("penalty", rows, unit=unit, columns=columns) == (1, 1)  # the transaction goes on


@on_postgresql
def test_copy_upsert_wants_every_column_once(unit):
    with pytest.raises(ValueError, match="every column"):
        bulk.copy_upsert("penalty", [], unit=unit, columns=["decision_number"])


def test_decisions_of_other_units_are_found_by_number(unit, item):
    other = make_unit()
    other_item = make_item(other, "penalty")
    records_bulk_upsert(
        kind="penalty",
        cleaned_rows=cleaned("penalty", other, other_item, ["平测罚〔2025〕1号"]),
        unit=other,
        actor=ADMIN,
        now=NOW,
    )
    records_bulk_upsert(
        kind="penalty",
        cleaned_rows=cleaned("penalty", unit, item, ["平测罚〔2025〕2号"]),
        unit=unit,
        actor=ADMIN,
        now=NOW,
    )
    numbers = ["平测罚〔2025〕1号", "平测罚〔2025〕2号", "平测罚〔2025〕3号", "平测罚〔2025〕1号"]
    assert bulk.decision_numbers_elsewhere("penalty", numbers, unit=unit) == {"平测罚〔2025〕1号": other.code}
    assert bulk.decision_numbers_elsewhere("penalty", numbers, unit=other) == {"平测罚〔2025〕2号": unit.code}
    assert bulk.decision_numbers_elsewhere("penalty", [], unit=unit) == {}


# --- the background writer -----------------------------------------------------------------------------------------


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_regimes")
def test_the_background_writer_commits_all_chunks_and_the_final_step_together():
    unit = make_unit()
    item = make_item(unit, "penalty")
    assert bulk.BackgroundWriter.usable()
    writer = bulk.BackgroundWriter("penalty", unit=unit, actor=ADMIN, now=NOW)
    finals = []
    writer.submit(cleaned("penalty", unit, item, ["平测罚〔2025〕1号", "平测罚〔2025〕2号"]))
    writer.submit(cleaned("penalty", unit, item, ["平测罚〔2025〕3号"]))
    assert writer.finish(commit=True, final=lambda: finals.append(PenaltyRecord.objects.count())) == (3, 0)
    assert finals == [3]
    assert PenaltyRecord.objects.filter(unit=unit).count() == 3


@on_postgresql
@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("seeded_regimes")
def test_the_background_writer_rolls_back_everything_when_told_or_on_an_error():
    unit = make_unit()
    item = make_item(unit, "penalty")
    writer = bulk.BackgroundWriter("penalty", unit=unit, actor=ADMIN, now=NOW)
    writer.submit(cleaned("penalty", unit, item, ["平测罚〔2025〕1号"]))
    assert writer.finish(commit=False) == (1, 0)
    assert not PenaltyRecord.objects.exists()

    writer = bulk.BackgroundWriter("penalty", unit=unit, actor=ADMIN, now=NOW)
    writer.submit(cleaned("penalty", unit, item, ["平测罚〔2025〕2号"]))
    writer.submit(cleaned("penalty", unit, item, ["平测罚〔2025〕3号"]) * 2)  # refused: repeated in the batch
    with pytest.raises(ServiceError):
        writer.submit(cleaned("penalty", unit, item, ["平测罚〔2025〕4号"]))
        writer.finish(commit=True)
    assert not PenaltyRecord.objects.exists()


def test_the_background_writer_is_not_used_inside_an_open_transaction(db):
    assert not bulk.BackgroundWriter.usable()  # the test's own transaction (and SQLite) keep the plain path
