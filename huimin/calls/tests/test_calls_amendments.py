"""Amendments: every change to a published call is published with its reason; a late amendment moves the deadline
by the configured working days (weekends and holidays skipped); explicit deadline changes have a floor."""

# ruff: noqa: F811  (the world fixture is imported and used by name)
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.calls.error_codes import CallsError
from huimin.calls.models import Call, CallAmendment, CallStatus
from huimin.calls.rules import late_amendment_deadline
from huimin.calls.services.amendments import call_amend
from huimin.calls.services.calls import call_close_due
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError

from .factories_calls import at, holidays, published_call, world  # noqa: F401

pytestmark = pytest.mark.django_db

PUBLISHED = at(date(2030, 9, 16), 9)  # Monday
DEADLINE = at(date(2030, 9, 27), 17)  # Friday 17:00
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def national_day():
    """Monday 2030-09-30 to Monday 2030-10-07 are public holidays."""
    holidays(date(2030, 9, 30), date(2030, 10, 7))


def publish(world, **fields):
    return published_call(world, now=PUBLISHED, deadline=DEADLINE, **fields)


# --- the late-amendment rule ----------------------------------------------------------------------------------------


def test_a_late_amendment_moves_the_deadline_over_the_weekend_and_the_holiday(world, national_day):
    call = publish(world)  # window 3, extension 3 (the defaults)
    amended_at = at(date(2030, 9, 25), 10)  # Wednesday: Thu and Fri remain (2 ≤ 3)
    amendment = call_amend(
        call=call, changes={"cap_per_project": "45000"}, reason="上限调整", actor=world.manager, now=amended_at
    )
    # 3 working days after Wednesday: Thu 26, Fri 27, then (weekend, 9-30 … 10-07 holiday) Tue 10-08, same hour.
    assert amendment.deadline_before == DEADLINE
    assert amendment.deadline_after == at(date(2030, 10, 8), 17)
    assert amendment.extended is True
    call.refresh_from_db()
    assert call.deadline == at(date(2030, 10, 8), 17)
    assert call.original_deadline == DEADLINE
    assert amendment.changes["deadline"]["automatic"] is True
    assert amendment.changes["cap_per_project"] == {"before": "50000", "after": "45000"}


def test_the_extension_follows_the_calls_configured_working_days(world, national_day):
    call = publish(world, extension_working_days=5)
    amendment = call_amend(
        call=call, changes={"body": "补充说明"}, reason="补充", actor=world.manager, now=at(date(2030, 9, 25), 10)
    )
    # Thu 26, Fri 27, Tue 10-08, Wed 10-09, Thu 10-10.
    assert amendment.deadline_after == at(date(2030, 10, 10), 17)


def test_an_early_amendment_does_not_move_the_deadline(world, national_day):
    call = publish(world)
    amendment = call_amend(
        call=call,
        changes={"title": "平城区第二届项目申报通知（更正）"},
        reason="标题更正",
        actor=world.manager,
        now=at(date(2030, 9, 20), 10),  # Friday: five working days remain (5 > 3)
    )
    assert amendment.extended is False
    assert amendment.deadline_after == DEADLINE
    assert "deadline" not in amendment.changes


def test_the_window_boundary_counts_working_days_up_to_the_deadline_day():
    # Deadline Friday; window 3: Tuesday leaves Wed, Thu, Fri (3) → late; Monday leaves 4 → not late.
    deadline = at(date(2030, 9, 27), 17)
    _after, late, remaining = late_amendment_deadline(
        deadline=deadline, amended_at=at(date(2030, 9, 24), 10), late_window=3, extension=5
    )
    assert (late, remaining) == (True, 3)
    after, late, remaining = late_amendment_deadline(
        deadline=deadline, amended_at=at(date(2030, 9, 23), 10), late_window=3, extension=5
    )
    assert (late, remaining, after) == (False, 4, deadline)


def test_an_amendment_on_the_deadline_day_itself_is_late(world):
    call = publish(world)
    amendment = call_amend(
        call=call, changes={"body": "补充"}, reason="补充", actor=world.manager, now=at(date(2030, 9, 27), 9)
    )
    assert amendment.extended and amendment.deadline_after == at(date(2030, 10, 2), 17)  # Mon, Tue, Wed


def test_an_explicit_later_deadline_is_recorded_as_a_change(world):
    call = publish(world)
    new = at(date(2030, 10, 18), 17)
    amendment = call_amend(
        call=call, changes={"deadline": new}, reason="延长申报期", actor=world.manager, now=at(date(2030, 9, 18), 10)
    )
    assert amendment.deadline_after == new and amendment.extended is False
    assert amendment.changes["deadline"]["automatic"] is False
    call.refresh_from_db()
    assert call.deadline == new


def test_an_explicit_deadline_cannot_be_earlier_than_the_extension_floor(world):
    call = publish(world)
    with pytest.raises(ServiceError) as exc:
        call_amend(
            call=call,
            changes={"deadline": at(date(2030, 9, 19), 17)},  # Thursday: only 1 working day after Wednesday
            reason="提前截止",
            actor=world.manager,
            now=at(date(2030, 9, 18), 10),
        )
    assert "deadline" in exc.value.message_dict
    call.refresh_from_db()
    assert call.deadline == DEADLINE and not CallAmendment.objects.exists()


def test_a_late_explicit_deadline_exactly_at_the_floor_is_kept(world):
    call = publish(world)
    # Wednesday 9-25 10:00 sets Monday 9-30 12:00 (3 working days: Thu, Fri, Mon): at the floor, and kept.
    amendment = call_amend(
        call=call,
        changes={"deadline": at(date(2030, 9, 30), 12)},
        reason="调整截止时间",
        actor=world.manager,
        now=at(date(2030, 9, 25), 10),
    )
    assert amendment.deadline_after == at(date(2030, 9, 30), 12)


# --- what an amendment is -------------------------------------------------------------------------------------------


def test_an_amendment_needs_a_reason(world):
    call = publish(world)
    with pytest.raises(ServiceError) as exc:
        call_amend(call=call, changes={"body": "x"}, reason=" ", actor=world.manager, now=PUBLISHED)
    assert exc.value.error_code == CallsError.AMENDMENT_REASON


def test_an_amendment_that_changes_nothing_is_refused(world):
    call = publish(world)
    with pytest.raises(ServiceError) as exc:
        call_amend(call=call, changes={"cap_per_project": "50000.00"}, reason="无", actor=world.manager, now=PUBLISHED)
    assert exc.value.error_code == CallsError.AMENDMENT_EMPTY


def test_an_amendment_records_rules_before_and_after_and_is_audited(world):
    call = publish(world)
    rules = dict(call.budget_rules, labour_share_max="40")
    amendment = call_amend(
        call=call, changes={"budget_rules": rules}, reason="劳务费比例下调", actor=world.manager, now=PUBLISHED
    )
    assert amendment.sequence == 1
    assert amendment.changes["budget_rules"]["before"]["labour_share_max"] == "50"
    assert amendment.changes["budget_rules"]["after"]["labour_share_max"] == "40"
    assert AuditEvent.objects.filter(event_type="call.amended", target_id=str(call.pk)).exists()
    second = call_amend(call=call, changes={"body": "新"}, reason="补充", actor=world.manager, now=PUBLISHED)
    assert second.sequence == 2


def test_an_amendment_keeps_the_call_complete(world):
    call = publish(world)
    with pytest.raises(ServiceError) as exc:
        call_amend(
            call=call,
            changes={"review_criteria": [{"name": "方案", "weight": 60}, {"name": "预算", "weight": 30}]},
            reason="调整",
            actor=world.manager,
            now=PUBLISHED,
        )
    assert "review_criteria" in exc.value.message_dict
    with pytest.raises(ServiceError) as exc:
        call_amend(call=call, changes={"intentions": []}, reason="调整", actor=world.manager, now=PUBLISHED)
    assert "intentions" in exc.value.message_dict


def test_amendable_fields_exclude_the_amendment_rules_themselves(world):
    call = publish(world)
    with pytest.raises(ServiceError) as exc:
        call_amend(call=call, changes={"extension_working_days": 1}, reason="x", actor=world.manager, now=PUBLISHED)
    assert exc.value.error_code == CallsError.AMENDMENT_FIELD_UNKNOWN


def test_a_draft_is_edited_not_amended(world):
    from .factories_calls import draft_call

    call = draft_call(world, now=PUBLISHED, deadline=DEADLINE)
    with pytest.raises(ServiceError) as exc:
        call_amend(call=call, changes={"body": "x"}, reason="x", actor=world.manager, now=PUBLISHED)
    assert exc.value.error_code == CallsError.NOT_AMENDABLE


def test_a_call_past_its_deadline_cannot_be_amended(world):
    call = publish(world)
    with pytest.raises(ServiceError) as exc:
        call_amend(call=call, changes={"body": "x"}, reason="x", actor=world.manager, now=DEADLINE)
    assert exc.value.error_code == CallsError.NOT_AMENDABLE
    call_close_due(now=DEADLINE)
    with pytest.raises(ServiceError):
        call_amend(call=call, changes={"body": "x"}, reason="x", actor=world.manager, now=DEADLINE - timedelta(days=1))
    assert Call.objects.get(pk=call.pk).status == CallStatus.CLOSED


def test_another_organizations_manager_cannot_amend(world):
    call = publish(world)
    with pytest.raises(PermissionDenied):
        call_amend(call=call, changes={"body": "x"}, reason="x", actor=world.other_manager, now=PUBLISHED)


def test_a_document_added_by_amendment_is_public(world):
    call = publish(world)
    upload = SimpleUploadedFile("补充通知.pdf", PDF, content_type="application/pdf")
    amendment = call_amend(
        call=call, changes={}, uploads=[upload], reason="补充模板", actor=world.manager, now=PUBLISHED
    )
    document = call.documents.get()
    assert document.is_public
    assert amendment.changes["documents"]["after"] == [{"public_id": str(document.public_id), "name": "补充通知.pdf"}]
    assert Decimal(call.cap_per_project) == Decimal("50000")
