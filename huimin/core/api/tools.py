"""Small public services: checking a credit code, counting working days on the official calendar."""

from datetime import date

from ninja import Query, Router

from .. import calendar as work_calendar
from ..schemas import (
    AddWorkingDaysFilter,
    DateOut,
    UsccCheckOut,
    WorkingDayOut,
    WorkingDaysBetweenFilter,
    WorkingDaysBetweenOut,
)
from ..validators import check_uscc

router = Router(tags=["checks and calendar"])


@router.get(
    "/checks/uscc/{code}",
    response=UsccCheckOut,
    summary="Check a unified social credit code",
    description="Always 200: `valid` says whether the code is well formed (GB 32100-2015) and `errors` says why "
    "not. It does not say whether an organization with this code is registered here.",
)
def check_uscc_code(request, code: str):
    return check_uscc(code)


@router.get(
    "/calendar/add-working-days",
    response=DateOut,
    summary="The date n working days after a date",
    description="Counts working days on the official calendar (weekends, public holidays and 调休 working days).",
)
def calendar_add_working_days(request, params: Query[AddWorkingDaysFilter]):
    return {"date": work_calendar.add_working_days(params.date, params.n)}


@router.get("/calendar/working-days-between", response=WorkingDaysBetweenOut, summary="Working days between two dates")
def calendar_working_days_between(request, params: Query[WorkingDaysBetweenFilter]):
    return {
        "start": params.start,
        "end": params.end,
        "working_days": work_calendar.working_days_between(params.start, params.end),
    }


@router.get("/calendar/days/{day}", response=WorkingDayOut, summary="Is a date a working day")
def calendar_day(request, day: date):
    return {"date": day, "is_working_day": work_calendar.is_working_day(day)}
