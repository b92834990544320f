"""The working-day calendar: counting, seeding from the chinese-calendar package, and the administrator's edits."""

from __future__ import annotations

from datetime import date
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from huimin.audit.models import AuditEvent
from huimin.core.calendar import (
    add_working_days,
    calendar_day_clear,
    calendar_day_set,
    calendar_known_years,
    calendar_seed_from_package,
    calendar_unknown_year,
    calendar_year_confirm,
    is_working_day,
    next_working_day,
    working_days_between,
)
from huimin.core.events import CoreEvent
from huimin.core.models import CalendarDay, CalendarYear, Role
from huimin.core.permissions import PermissionDenied, SystemActor
from huimin.core.services import ServiceError

pytestmark = pytest.mark.django_db


@pytest.fixture
def calendar():
    """The calendar as `huimin calendar seed` leaves it (the test database starts empty)."""
    return calendar_seed_from_package(actor=SystemActor())


@pytest.fixture
def district_admin(make_user):
    return make_user(role=Role.DISTRICT_ADMIN)


def run(*args: str) -> str:
    out = StringIO()
    with translation.override("en"):
        call_command("calendar", *args, stdout=out, stderr=StringIO())
    return out.getvalue().strip()


# --- counting -----------------------------------------------------------------------------------------------------


def test_seven_working_days_after_the_eve_of_national_day_2020_is_october_16(calendar):
    assert add_working_days(date(2020, 9, 30), 7) == date(2020, 10, 16)


def test_the_national_day_holiday_2020_is_not_worked_but_the_adjusted_saturday_is(calendar):
    assert not any(is_working_day(date(2020, 10, day)) for day in range(1, 9))
    assert is_working_day(date(2020, 10, 10))  # Saturday, 调休
    assert not is_working_day(date(2020, 10, 11))  # Sunday


def test_sunday_september_27_2020_is_an_adjusted_working_day(calendar):
    assert date(2020, 9, 27).weekday() == 6
    assert is_working_day(date(2020, 9, 27))


def test_zero_working_days_is_the_day_itself_or_the_next_working_day(calendar):
    assert add_working_days(date(2020, 9, 30), 0) == date(2020, 9, 30)
    assert add_working_days(date(2020, 10, 1), 0) == date(2020, 10, 9)


def test_negative_count_goes_back(calendar):
    assert add_working_days(date(2020, 10, 16), -7) == date(2020, 9, 30)
    assert add_working_days(date(2020, 10, 9), -1) == date(2020, 9, 30)


def test_next_working_day_skips_the_holiday(calendar):
    assert next_working_day(date(2020, 9, 30)) == date(2020, 10, 9)


def test_working_days_between_counts_after_start_up_to_and_including_end(calendar):
    assert working_days_between(date(2020, 9, 30), date(2020, 10, 16)) == 7
    assert working_days_between(date(2020, 10, 16), date(2020, 9, 30)) == -7
    assert working_days_between(date(2020, 9, 30), date(2020, 9, 30)) == 0
    assert working_days_between(date(2020, 9, 30), date(2020, 10, 8)) == 0


@pytest.mark.parametrize("n", [1, 5, 20, 250])
def test_working_days_between_undoes_add_working_days(calendar, n):
    start = date(2024, 1, 26)
    assert working_days_between(start, add_working_days(start, n)) == n


def test_a_count_reads_the_calendar_in_one_query(calendar):
    with CaptureQueriesContext(connection) as queries:
        add_working_days(date(2020, 9, 30), 30)
    assert len(queries) == 1
    with CaptureQueriesContext(connection) as queries:
        working_days_between(date(2020, 1, 1), date(2020, 12, 31))
    assert len(queries) == 1


def test_without_any_calendar_only_the_monday_to_friday_rule_applies():
    assert CalendarDay.objects.count() == 0
    assert add_working_days(date(2020, 9, 30), 7) == date(2020, 10, 9)
    assert calendar_unknown_year(date(2020, 9, 30))


def test_a_count_beyond_four_centuries_is_refused():
    with pytest.raises(ValueError, match="Cannot count more than"):
        with translation.override("en"):
            add_working_days(date(2020, 1, 1), 10**9)


# --- seeding ------------------------------------------------------------------------------------------------------


def test_seeding_fills_named_holidays_adjusted_days_and_every_year_the_package_knows(calendar):
    import chinese_calendar

    national_day = CalendarDay.objects.get(date=date(2020, 10, 1))
    assert (national_day.kind, national_day.name, national_day.source) == ("holiday", "国庆节", "chinese-calendar")
    assert CalendarDay.objects.get(date=date(2020, 10, 10)).kind == "workday"
    package_years = sorted({d.year for d in chinese_calendar.holidays})
    assert calendar_known_years() == package_years
    assert not calendar_unknown_year(date(2020, 1, 1))
    assert calendar_unknown_year(date(max(package_years) + 1, 1, 1))
    assert calendar > 700


def test_seeding_twice_changes_nothing_the_second_time(calendar):
    rows = list(CalendarDay.objects.values_list("date", "kind", "name", "source"))
    events = AuditEvent.objects.count()
    assert calendar_seed_from_package(actor=SystemActor()) == 0
    assert list(CalendarDay.objects.values_list("date", "kind", "name", "source")) == rows
    assert AuditEvent.objects.count() == events


def test_seeding_never_overwrites_the_administrators_days(calendar, district_admin):
    calendar_day_set(date=date(2020, 10, 8), kind="workday", name="区内安排", actor=district_admin)
    assert calendar_seed_from_package(actor=SystemActor()) == 0
    row = CalendarDay.objects.get(date=date(2020, 10, 8))
    assert (row.kind, row.name, row.source) == ("workday", "区内安排", "admin")


def test_seeding_restores_a_package_day_that_was_changed_outside_the_services(calendar):
    CalendarDay.objects.filter(date=date(2020, 10, 1)).update(kind="workday")
    assert calendar_seed_from_package(years=[2020], actor=SystemActor()) == 1
    assert CalendarDay.objects.get(date=date(2020, 10, 1)).kind == "holiday"


def test_seeding_one_year_only(db):
    calendar_seed_from_package(years=[2020], actor=SystemActor())
    assert calendar_known_years() == [2020]
    assert not CalendarDay.objects.exclude(date__year=2020).exists()


def test_seeding_a_year_the_package_does_not_know_is_refused(db):
    with translation.override("en"), pytest.raises(ServiceError, match="does not know the holidays of 2099"):
        calendar_seed_from_package(years=[2099], actor=SystemActor())


def test_seeding_is_recorded_in_the_audit_trail(calendar):
    event = AuditEvent.objects.get(event_type=CoreEvent.CALENDAR_SEEDED)
    assert event.actor_label == "system"
    assert event.payload["created"] == calendar


# --- the administrator's edits ------------------------------------------------------------------------------------


def test_an_edit_for_a_future_year_changes_the_count_at_once(calendar, district_admin):
    start = date(2030, 9, 30)  # Monday; 2030 is not in the package
    assert add_working_days(start, 1) == date(2030, 10, 1)
    calendar_day_set(date=date(2030, 10, 1), kind="holiday", name="国庆节", actor=district_admin)
    assert add_working_days(start, 1) == date(2030, 10, 2)
    calendar_day_set(date=date(2030, 10, 5), kind="workday", name="国庆节", actor=district_admin)
    assert working_days_between(start, date(2030, 10, 6)) == 4  # 10-02, 03, 04 and Saturday 10-05
    calendar_day_clear(date=date(2030, 10, 1), actor=district_admin)
    assert add_working_days(start, 1) == date(2030, 10, 1)


def test_calendar_edits_are_audited(calendar, district_admin):
    calendar_day_set(date=date(2030, 10, 1), kind="holiday", name="国庆节", actor=district_admin)
    calendar_day_clear(date=date(2030, 10, 1), actor=district_admin)
    events = list(AuditEvent.objects.filter(event_type__startswith="calendar.day").order_by("seq"))
    assert [e.event_type for e in events] == ["calendar.day_set", "calendar.day_cleared"]
    assert events[0].actor_label == district_admin.user.username
    assert events[0].payload["kind"] == "holiday"
    assert events[1].payload["before"]["source"] == "admin"


def test_clearing_a_day_without_an_entry_reports_nothing_changed(district_admin):
    assert calendar_day_clear(date=date(2030, 1, 2), actor=district_admin) is False


@pytest.mark.parametrize("role", [Role.PURCHASER, Role.CREDIT_ADMIN, Role.RESIDENT, None])
def test_only_the_district_administrator_edits_the_calendar(make_user, role):
    actor = make_user(role=role)
    with pytest.raises(PermissionDenied):
        calendar_day_set(date=date(2030, 10, 1), kind="holiday", name="", actor=actor)
    with pytest.raises(PermissionDenied):
        calendar_day_clear(date=date(2030, 10, 1), actor=actor)
    with pytest.raises(PermissionDenied):
        calendar_year_confirm(year=2030, actor=actor)
    with pytest.raises(PermissionDenied):
        calendar_seed_from_package(years=[2020], actor=actor)
    assert not CalendarDay.objects.exists()


def test_unknown_kind_and_overlong_name_are_refused_with_field_messages(district_admin):
    with translation.override("en"), pytest.raises(ServiceError) as excinfo:
        calendar_day_set(date=date(2030, 10, 1), kind="vacation", name="x" * 65, actor=district_admin)
    assert excinfo.value.message_dict == {
        "kind": ["Unknown kind “vacation”: use “holiday” or “workday”."],
        "name": ["The name has 65 characters; at most 64 are allowed."],
    }


def test_confirming_a_year_configures_it(district_admin):
    assert calendar_unknown_year(2030)
    record = calendar_year_confirm(year=2030, actor=district_admin)
    assert record.confirmed_by == district_admin.user.username
    assert not calendar_unknown_year(date(2030, 5, 1))
    assert CalendarYear.objects.get(year=2030).source == "admin"
    assert AuditEvent.objects.filter(event_type=CoreEvent.CALENDAR_YEAR_CONFIRMED).count() == 1


# --- huimin calendar ----------------------------------------------------------------------------------------------


def test_cli_add_working_days(calendar):
    assert run("add-working-days", "2020-09-30", "7") == "2020-10-16"
    assert run("add-working-days", "2020-10-16", "-7") == "2020-09-30"


def test_cli_working_days_between_and_is_working_day(calendar):
    assert run("working-days-between", "2020-09-30", "2020-10-16") == "7"
    assert run("is-working-day", "2020-10-10") == "2020-10-10 is a working day (adjusted working day, 国庆节)."
    assert run("is-working-day", "2020-10-01") == "2020-10-01 is not a working day (国庆节)."


def test_cli_seed_is_idempotent(db):
    first = run("seed")
    assert "days added or changed" in first
    assert run("seed").startswith("Calendar loaded from the chinese-calendar package: 0 days")


def test_cli_set_day_records_the_system_as_actor(calendar):
    assert run("set-day", "2030-10-01", "holiday", "--name", "国庆节") == (
        "2030-10-01 is now: Public holiday (no work) — 国庆节."
    )
    assert run("add-working-days", "2030-09-30", "1") == "2030-10-02"
    assert AuditEvent.objects.filter(event_type=CoreEvent.CALENDAR_DAY_SET).get().actor_label == "system"
    assert run("clear-day", "2030-10-01") == "2030-10-01 follows the Monday–Friday rule again."


def test_cli_refuses_a_date_that_does_not_exist(db):
    with (
        translation.override("en"),
        pytest.raises(CommandError, match="“2020-02-30” is not a date; write it as YYYY-MM-DD"),
    ):
        call_command("calendar", "add-working-days", "2020-02-30", "7")


def test_cli_refuses_a_count_that_is_not_a_number(db):
    with translation.override("en"), pytest.raises(CommandError, match="not a whole number"):
        call_command("calendar", "add-working-days", "2020-09-30", "seven")


def test_cli_warns_about_a_year_that_is_not_configured(db):
    err = StringIO()
    with translation.override("en"):
        call_command("calendar", "add-working-days", "2031-03-03", "1", stdout=StringIO(), stderr=err)
    assert "the holidays of 2031 are not configured" in err.getvalue()
