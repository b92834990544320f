"""The working-day calendar: which days count when a period is "N working days" (公示期, 质疑期, 付款期限 …).

A day is a working day when it is Monday to Friday, unless the CalendarDay table says otherwise: `holiday` rows are
public holidays (法定节假日 and the days off around them), `workday` rows are weekend days worked instead (调休).

The CalendarDay table is the single source of truth. It is filled from the `chinese_calendar` package by
`calendar_seed_from_package` (run by `huimin calendar seed` and `huimin demo load`) and edited by the district
administrator; the package itself is never consulted when counting, so an edit takes effect at once. For a year with
no rows (not seeded, not yet announced by the State Council) only the Monday–Friday rule applies:
`calendar_unknown_year(d)` lets pages warn about that.

Reads (`is_working_day`, `add_working_days`, `working_days_between`, `next_working_day`) load the rows of the range
they need in one query per call; nothing is cached between calls.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record

from .events import CoreEvent
from .models import CalendarDay, CalendarYear
from .permissions import Actor, can_edit_calendar, require
from .services.errors import ServiceError

SOURCE_PACKAGE = "chinese-calendar"
SOURCE_ADMIN = "admin"
MAX_WORKING_DAYS = 100_000  # about four centuries; a larger count is a mistake, not a deadline

HOLIDAY = CalendarDay.Kind.HOLIDAY.value
WORKDAY = CalendarDay.Kind.WORKDAY.value


# --- reads ----------------------------------------------------------------------------------------------------------


class _Overrides:
    """The CalendarDay rows of a date range, loaded in one query and widened (one more query) only when a walk
    leaves the range."""

    def __init__(self, start: date, end: date):
        self._kinds: dict[date, str] = {}
        self._start, self._end = start, end
        self._load(start, end)

    def _load(self, start: date, end: date) -> None:
        self._kinds.update(CalendarDay.objects.filter(date__gte=start, date__lte=end).values_list("date", "kind"))

    def is_working_day(self, d: date) -> bool:
        if d > self._end:
            end = max(d, _shift(self._end, self._span()))
            self._load(self._end + timedelta(days=1), end)
            self._end = end
        elif d < self._start:
            start = min(d, _shift(self._start, -self._span()))
            self._load(start, self._start - timedelta(days=1))
            self._start = start
        kind = self._kinds.get(d)
        if kind == HOLIDAY:
            return False
        if kind == WORKDAY:
            return True
        return d.weekday() < 5

    def _span(self) -> int:
        return max(60, (self._end - self._start).days)


def _window_for(n: int) -> int:
    """Calendar days that n working days usually span, with room for a long holiday."""
    return abs(n) * 7 // 5 + 21


def _shift(d: date, days: int) -> date:
    try:
        return d + timedelta(days=days)
    except OverflowError:
        return date.max if days > 0 else date.min


def is_working_day(d: date) -> bool:
    """True for Monday–Friday unless the calendar marks the day a holiday, and for 调休 weekend working days."""
    return _Overrides(d, d).is_working_day(d)


def add_working_days(d: date, n: int) -> date:
    """The n-th working day after d (n > 0), or before d (n < 0); for n = 0, d itself when it is a working day and
    otherwise the next working day. `add_working_days(date(2020, 9, 30), 7)` is 2020-10-16: the National Day
    holiday 10-01…10-08 is skipped and Saturday 10-10 (调休) counts.

    Counts on the CalendarDay table only (see the module documentation): seed it before relying on the result."""
    if abs(n) > MAX_WORKING_DAYS:
        raise ValueError(
            _("Cannot count more than %(max)d working days (asked for %(n)d).") % {"max": MAX_WORKING_DAYS, "n": n}
        )
    step = 1 if n >= 0 else -1
    window = _window_for(n)
    days = _Overrides(d, _shift(d, window)) if step > 0 else _Overrides(_shift(d, -window), d)
    try:
        if n == 0:
            current = d
            while not days.is_working_day(current):
                current += timedelta(days=1)
            return current
        current, remaining = d, abs(n)
        while remaining:
            current += timedelta(days=step)
            if days.is_working_day(current):
                remaining -= 1
        return current
    except OverflowError:
        raise ValueError(_("The result would fall outside the calendar (years 1–9999).")) from None


def next_working_day(d: date) -> date:
    """The first working day strictly after d."""
    return add_working_days(d, 1)


def working_days_between(start: date, end: date) -> int:
    """The number of working days in (start, end]: the day after start up to and including end.

    `working_days_between(d, add_working_days(d, n)) == n` for n ≥ 0. When end is before start the result is the
    negative count of working days in (end, start]."""
    if end < start:
        return -working_days_between(end, start)
    if end == start:
        return 0
    first = start + timedelta(days=1)
    days = _Overrides(first, end)
    return sum(1 for offset in range((end - first).days + 1) if days.is_working_day(first + timedelta(days=offset)))


def calendar_known_years() -> list[int]:
    """Years whose holidays are configured (a CalendarYear row: seeded from the package or confirmed), ascending."""
    return list(CalendarYear.objects.order_by("year").values_list("year", flat=True))


def calendar_unknown_year(d: date | int) -> bool:
    """True when the holidays of the year of d are not configured, so counts that year follow Monday–Friday only."""
    year = d if isinstance(d, int) else d.year
    return not CalendarYear.objects.filter(year=year).exists()


# --- writes ---------------------------------------------------------------------------------------------------------


def _package_days(years: Iterable[int] | None) -> tuple[dict[date, tuple[str, str]], set[int]]:
    """{date: (kind, Chinese name)} from the chinese_calendar package, and the years it covers (restricted to
    `years` when given)."""
    import chinese_calendar
    from chinese_calendar.constants import Holiday

    def chinese(value: str) -> str:
        try:
            return Holiday(value).chinese
        except ValueError:
            return value

    wanted = set(years) if years is not None else None
    days: dict[date, tuple[str, str]] = {}
    for day, holiday in chinese_calendar.holidays.items():
        if wanted is None or day.year in wanted:
            days[day] = (HOLIDAY, chinese(holiday))
    for day, holiday in chinese_calendar.workdays.items():
        if day.weekday() >= 5 and (wanted is None or day.year in wanted):
            days[day] = (WORKDAY, chinese(holiday))
    known = {day.year for day in chinese_calendar.holidays}
    covered = known if wanted is None else known & wanted
    return days, covered


@transaction.atomic
def calendar_seed_from_package(*, years: Iterable[int] | None = None, actor: Actor) -> int:
    """Fill CalendarDay from the chinese_calendar package (holidays with their Chinese names, and the 调休 weekend
    working days) and add a CalendarYear for every year the package knows (or the requested `years` among them).

    Idempotent: returns the number of days created, changed or removed, 0 when the table already matches. Days
    whose source is `admin` are never touched; package days that the package no longer lists are removed."""
    require(can_edit_calendar(actor), _("Only the district administrator may load the working-day calendar."))
    wanted = sorted(set(years)) if years is not None else None
    package, covered = _package_days(wanted)
    if wanted is not None and (missing := [y for y in wanted if y not in covered]):
        raise ServiceError(
            _("The chinese-calendar package does not know the holidays of %(years)s.")
            % {"years": ", ".join(str(y) for y in missing)}
        )
    if not covered:
        return 0
    in_range = CalendarDay.objects.filter(date__gte=date(min(covered), 1, 1), date__lte=date(max(covered), 12, 31))
    existing = {row.date: row for row in in_range.select_for_update() if row.date.year in covered}
    created: list[CalendarDay] = []
    changed: list[CalendarDay] = []
    for day, (kind, name) in sorted(package.items()):
        row = existing.get(day)
        if row is None:
            created.append(CalendarDay(date=day, kind=kind, name=name, source=SOURCE_PACKAGE))
        elif row.source != SOURCE_ADMIN and (row.kind, row.name, row.source) != (kind, name, SOURCE_PACKAGE):
            row.kind, row.name, row.source = kind, name, SOURCE_PACKAGE
            changed.append(row)
    stale = [row.pk for day, row in existing.items() if day not in package and row.source == SOURCE_PACKAGE]
    CalendarDay.objects.bulk_create(created)
    CalendarDay.objects.bulk_update(changed, ["kind", "name", "source"])
    CalendarDay.objects.filter(pk__in=stale).delete()
    present = set(CalendarYear.objects.filter(year__in=covered).values_list("year", flat=True))
    new_years = sorted(covered - present)
    CalendarYear.objects.bulk_create([CalendarYear(year=y, source=SOURCE_PACKAGE) for y in new_years])
    total = len(created) + len(changed) + len(stale)
    if total or new_years:
        audit_record(
            actor=actor,
            event_type=CoreEvent.CALENDAR_SEEDED,
            target_type="core.calendarday",
            target_label=f"{min(covered)}–{max(covered)}",
            payload={
                "years": sorted(covered),
                "new_years": new_years,
                "created": len(created),
                "changed": len(changed),
                "removed": len(stale),
            },
        )
    return total


@transaction.atomic
def calendar_day_set(*, date: date, kind: str, name: str = "", actor: Actor) -> CalendarDay:
    """Mark a day a holiday or a working day (district administrator). The row's source becomes `admin`, so a later
    seeding from the package leaves it alone. Takes effect at once for every count."""
    require(can_edit_calendar(actor), _("Only the district administrator may edit the working-day calendar."))
    errors: dict[str, str | list[str]] = {}
    if kind not in CalendarDay.Kind.values:
        errors["kind"] = _("Unknown kind “%(kind)s”: use “holiday” or “workday”.") % {"kind": kind}
    name = (name or "").strip()
    max_length = CalendarDay._meta.get_field("name").max_length or 64
    if len(name) > max_length:
        errors["name"] = _("The name has %(length)d characters; at most %(max)d are allowed.") % {
            "length": len(name),
            "max": max_length,
        }
    if errors:
        raise ServiceError.for_fields(errors)
    row = CalendarDay.objects.select_for_update().filter(date=date).first()
    before = {"kind": row.kind, "name": row.name, "source": row.source} if row else None
    if row is None:
        row = CalendarDay.objects.create(date=date, kind=kind, name=name, source=SOURCE_ADMIN)
    else:
        row.kind, row.name, row.source = kind, name, SOURCE_ADMIN
        row.save(update_fields=["kind", "name", "source"])
    audit_record(
        actor=actor,
        event_type=CoreEvent.CALENDAR_DAY_SET,
        target=row,
        payload={"date": date, "kind": kind, "name": name, "before": before},
    )
    return row


@transaction.atomic
def calendar_day_clear(*, date: date, actor: Actor) -> bool:
    """Remove the calendar's entry for a day, so it follows the Monday–Friday rule again. Returns False when there
    was no entry. A later seeding from the package restores the package's entry for that day, if it has one; to
    keep a package holiday as a working day, set it as a `workday` instead."""
    require(can_edit_calendar(actor), _("Only the district administrator may edit the working-day calendar."))
    row = CalendarDay.objects.select_for_update().filter(date=date).first()
    if row is None:
        return False
    before = {"kind": row.kind, "name": row.name, "source": row.source}
    audit_record(
        actor=actor,
        event_type=CoreEvent.CALENDAR_DAY_CLEARED,
        target=row,
        payload={"date": date, "before": before},
    )
    row.delete()
    return True


@transaction.atomic
def calendar_year_confirm(*, year: int, actor: Actor) -> CalendarYear:
    """Record that the district administrator has checked a year's holidays against the State Council notice
    (creating the year when it was not configured, e.g. before the package knows it)."""
    require(can_edit_calendar(actor), _("Only the district administrator may confirm a calendar year."))
    if not 1900 <= year <= 2200:
        raise ServiceError.for_fields({"year": _("%(year)d is not a plausible calendar year.") % {"year": year}})
    record, created = CalendarYear.objects.select_for_update().get_or_create(
        year=year, defaults={"source": SOURCE_ADMIN}
    )
    record.confirmed_by = actor.audit_label
    record.save(update_fields=["confirmed_by"])
    audit_record(
        actor=actor,
        event_type=CoreEvent.CALENDAR_YEAR_CONFIRMED,
        target=record,
        payload={"year": year, "created": created, "source": record.source},
    )
    return record
