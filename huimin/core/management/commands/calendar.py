"""`huimin calendar …` — the working-day calendar from the command line.

    huimin calendar add-working-days 2020-09-30 7          → 2020-10-16
    huimin calendar working-days-between 2020-09-30 2020-10-16   → 7
    huimin calendar is-working-day 2020-10-10
    huimin calendar seed [--year 2026 …]                  fill the calendar from the chinese-calendar package
    huimin calendar set-day 2027-01-01 holiday --name 元旦  (recorded as `system` in the audit trail)
    huimin calendar clear-day 2027-01-01
    huimin calendar confirm-year 2027
    huimin calendar years                                 the years whose holidays are configured

Counting uses the CalendarDay table only; a warning on stderr says when a year is not configured.
"""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ... import calendar as workcal
from ...models import CalendarDay
from ...permissions import SystemActor
from ...services.errors import ServiceError


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(text)s” is not a date; write it as YYYY-MM-DD, e.g. 2020-09-30.") % {"text": text}
        ) from None


def _whole_number(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(text)s” is not a whole number of working days.") % {"text": text}
        ) from None


class Command(BaseCommand):
    help = "Count working days on the official calendar, load it from the chinese-calendar package, or edit it."

    def add_arguments(self, parser: CommandParser) -> None:
        actions = parser.add_subparsers(dest="action", required=True, metavar="ACTION")

        add = actions.add_parser("add-working-days", help="the date N working days after DATE (N < 0: before)")
        add.add_argument("date", type=_iso_date, metavar="DATE")
        add.add_argument("n", type=_whole_number, metavar="N")

        between = actions.add_parser("working-days-between", help="working days after START up to and including END")
        between.add_argument("start", type=_iso_date, metavar="START")
        between.add_argument("end", type=_iso_date, metavar="END")

        is_working = actions.add_parser("is-working-day", help="whether DATE is a working day")
        is_working.add_argument("date", type=_iso_date, metavar="DATE")

        seed = actions.add_parser("seed", help="fill the calendar from the chinese-calendar package (idempotent)")
        seed.add_argument("--year", type=int, action="append", dest="years", help="only this year (repeatable)")

        set_day = actions.add_parser("set-day", help="mark DATE a public holiday or an adjusted working day")
        set_day.add_argument("date", type=_iso_date, metavar="DATE")
        set_day.add_argument("kind", choices=CalendarDay.Kind.values, metavar="holiday|workday")
        set_day.add_argument("--name", default="", help="the holiday it belongs to, e.g. 国庆节")

        clear = actions.add_parser("clear-day", help="DATE follows the Monday–Friday rule again")
        clear.add_argument("date", type=_iso_date, metavar="DATE")

        confirm = actions.add_parser("confirm-year", help="record that YEAR's holidays have been checked")
        confirm.add_argument("year", type=int, metavar="YEAR")

        actions.add_parser("years", help="the years whose holidays are configured")

    def handle(self, *args: Any, **options: Any) -> None:
        action = options["action"].replace("-", "_")
        try:
            getattr(self, f"do_{action}")(options)
        except ServiceError as exc:
            raise CommandError(" ".join(exc.messages)) from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc

    # --- counting ---------------------------------------------------------------------------------------------------

    def _warn_unknown(self, *days: date) -> None:
        for year in sorted({d.year for d in days}):
            if workcal.calendar_unknown_year(year):
                self.stderr.write(
                    _(
                        "Warning: the holidays of %(year)d are not configured; only the Monday–Friday rule applies "
                        "(run `huimin calendar seed` or ask the district administrator)."
                    )
                    % {"year": year}
                )

    def do_add_working_days(self, options: dict[str, Any]) -> None:
        result = workcal.add_working_days(options["date"], options["n"])
        self._warn_unknown(options["date"], result)
        self.stdout.write(result.isoformat())

    def do_working_days_between(self, options: dict[str, Any]) -> None:
        count = workcal.working_days_between(options["start"], options["end"])
        self._warn_unknown(options["start"], options["end"])
        self.stdout.write(str(count))

    def do_is_working_day(self, options: dict[str, Any]) -> None:
        day: date = options["date"]
        self._warn_unknown(day)
        entry = CalendarDay.objects.filter(date=day).first()
        note = ""
        if entry is not None and entry.kind == CalendarDay.Kind.WORKDAY:
            note = " (%s)" % (
                _("adjusted working day, %(name)s") % {"name": entry.name} if entry.name else _("adjusted working day")
            )
        elif entry is not None and entry.name:
            note = f" ({entry.name})"
        if workcal.is_working_day(day):
            self.stdout.write(_("%(date)s is a working day%(note)s.") % {"date": day.isoformat(), "note": note})
        else:
            self.stdout.write(_("%(date)s is not a working day%(note)s.") % {"date": day.isoformat(), "note": note})

    # --- editing ----------------------------------------------------------------------------------------------------

    def do_seed(self, options: dict[str, Any]) -> None:
        changed = workcal.calendar_seed_from_package(years=options["years"], actor=SystemActor())
        years = workcal.calendar_known_years()
        span = f"{years[0]}–{years[-1]}" if years else "-"
        self.stdout.write(
            _("Calendar loaded from the chinese-calendar package: %(changed)d days added or changed; years %(span)s.")
            % {"changed": changed, "span": span}
        )

    def do_set_day(self, options: dict[str, Any]) -> None:
        row = workcal.calendar_day_set(
            date=options["date"], kind=options["kind"], name=options["name"], actor=SystemActor()
        )
        self.stdout.write(
            _("%(date)s is now: %(kind)s%(name)s.")
            % {
                "date": row.date.isoformat(),
                "kind": row.get_kind_display(),
                "name": f" — {row.name}" if row.name else "",
            }
        )
        self._warn_unknown(row.date)

    def do_clear_day(self, options: dict[str, Any]) -> None:
        day: date = options["date"]
        if workcal.calendar_day_clear(date=day, actor=SystemActor()):
            self.stdout.write(_("%(date)s follows the Monday–Friday rule again.") % {"date": day.isoformat()})
        else:
            self.stdout.write(_("%(date)s had no calendar entry; nothing changed.") % {"date": day.isoformat()})

    def do_confirm_year(self, options: dict[str, Any]) -> None:
        record = workcal.calendar_year_confirm(year=options["year"], actor=SystemActor())
        self.stdout.write(_("The holidays of %(year)d are confirmed.") % {"year": record.year})

    def do_years(self, options: dict[str, Any]) -> None:
        years = workcal.calendar_known_years()
        self.stdout.write(" ".join(str(y) for y in years) if years else _("No year is configured yet."))
