"""The daily expiry: penalties past their 公示截止期 leave public view, are kept, and nothing else changes."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import timezone

from huimin.audit.models import AuditEvent
from huimin.core.models import Role
from huimin.core.permissions import PermissionDenied
from huimin.credit.events import CreditEvent
from huimin.credit.models import LicensingRecord, PenaltyRecord, PublicationStatus
from huimin.credit.services.records import record_create, record_revoke, records_expire
from huimin.credit.tasks import expire_records_task

from .factories import at, licence_data, make_item, make_unit, penalty_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(system_actor):
    unit = make_unit("SCJ")
    item = make_item(unit, "penalty", "CF0001")
    licence_item = make_item(unit, "licensing", "XK0001")
    filed = at(date(2025, 3, 12))
    records = {
        # 58号令, general: deadline 2028-03-10 (3 years)
        "current": record_create(
            kind="penalty",
            data=penalty_data(unit, item, decision_date="2025/03/10", publication_deadline="2025/09/10"),
            actor=system_actor,
            now=filed,
        ),
        "later": record_create(
            kind="penalty", data=penalty_data(unit, item, decision_date="2025/03/10"), actor=system_actor, now=filed
        ),
        "licence": record_create(
            kind="licensing",
            data=licence_data(
                unit, licence_item, decision_date="2019/01/10", valid_from="2019/01/10", valid_to="2020/01/09"
            ),
            actor=system_actor,
            now=filed,
        ),
    }
    return records


def test_a_penalty_past_its_deadline_expires_and_the_row_is_kept(world, system_actor):
    record = world["current"]
    assert record.publication_deadline == date(2025, 9, 10)
    assert records_expire(today=date(2025, 9, 10), actor=system_actor) == 0  # the deadline day is still public
    assert records_expire(today=date(2025, 9, 11), actor=system_actor) == 1
    record.refresh_from_db()
    assert record.status == PublicationStatus.EXPIRED and not record.is_public
    assert PenaltyRecord.objects.filter(pk=record.pk).exists()
    world["later"].refresh_from_db()
    assert world["later"].is_public and world["later"].status == PublicationStatus.PUBLISHED


def test_the_expiry_job_is_idempotent(world, system_actor):
    assert records_expire(today=date(2026, 1, 1), actor=system_actor) == 1
    assert records_expire(today=date(2026, 1, 1), actor=system_actor) == 0
    assert records_expire(today=date(2026, 1, 2), actor=system_actor) == 0
    assert AuditEvent.objects.filter(event_type=CreditEvent.PENALTY_RECORDS_EXPIRED).count() == 1
    event = AuditEvent.objects.get(event_type=CreditEvent.PENALTY_RECORDS_EXPIRED)
    assert event.payload["decision_numbers"] == [world["current"].decision_number]
    assert event.payload["count"] == 1


def test_licences_never_expire(world, system_actor):
    records_expire(today=date(2099, 12, 31), actor=system_actor)
    licence = LicensingRecord.objects.get(pk=world["licence"].pk)
    assert licence.is_public and licence.status == PublicationStatus.PUBLISHED


def test_revoked_and_unpublished_records_are_left_alone(world, system_actor):
    record_revoke(record=world["later"], reason="撤销", actor=system_actor)
    assert records_expire(today=date(2099, 1, 1), actor=system_actor) == 1
    world["later"].refresh_from_db()
    assert world["later"].status == PublicationStatus.REVOKED


def test_only_the_credit_administrator_or_the_system_runs_the_expiry(world, make_user):
    officer = make_user(role=Role.CREDIT_OFFICER)
    with pytest.raises(PermissionDenied):
        records_expire(today=date(2026, 1, 1), actor=officer)
    admin = make_user(role=Role.CREDIT_ADMIN)
    assert records_expire(today=date(2026, 1, 1), actor=admin) == 1


def test_the_daily_task_expires_what_is_due_today(world):
    due = PenaltyRecord.objects.filter(status="published", publication_deadline__lt=timezone.localdate()).count()
    result = expire_records_task.enqueue()
    assert result.return_value == due >= 1
    world["current"].refresh_from_db()
    assert world["current"].status == PublicationStatus.EXPIRED
    assert AuditEvent.objects.get(event_type=CreditEvent.PENALTY_RECORDS_EXPIRED).actor_label == "credit-expire"
