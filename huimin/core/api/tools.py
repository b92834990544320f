"""Small public services: checking a credit code, counting working days on the official calendar."""

from datetime import date

from django.utils.translation import gettext as _
from ninja import Query, Router

from .. import calendar as work_calendar
from ..apikit import PUBLIC
from ..schemas import (
    AddWorkingDaysFilter,
    DateOut,
    ErrorOut,
    UsccCheckOut,
    WorkingDayOut,
    WorkingDaysBetweenFilter,
    WorkingDaysBetweenOut,
)
from ..services import ServiceError
from ..validators import check_uscc

router = Router(tags=["checks and calendar"])

MAX_SPAN_DAYS = 36_600


@router.get(
    "/checks/uscc/{code}",
    response=UsccCheckOut,
    summary="Check a unified social credit code",
    description="Always 200: `valid` says whether the code is well formed (GB 32100-2015) and `errors` says why "
    "not. It does not say whether an organization with this code is registered here.",
    openapi_extra=PUBLIC,
)
def check_uscc_code(request, code: str):
    return check_uscc(code)


@router.get(
    "/calendar/add-working-days",
    response={200: DateOut, 400: ErrorOut},
    summary="The date n working days after a date",
    description="Counts on the platform's working-day calendar (weekends, public holidays, 调休 working days): "
    "the n-th working day after `date` (n > 0) or before it (n < 0); n = 0 gives `date` itself when it is a "
    "working day, else the next one.",
    openapi_extra=PUBLIC,
)
def calendar_add_working_days(request, params: Query[AddWorkingDaysFilter]):
    try:
        return {"date": work_calendar.add_working_days(params.date, params.n)}
    except ValueError as exc:  # too many days, or past the end of the calendar
        raise ServiceError.for_fields({"n": str(exc)}) from None


@router.get(
    "/calendar/working-days-between",
    response={200: WorkingDaysBetweenOut, 400: ErrorOut},
    summary="Working days between two dates",
    description="The working days in (start, end]: from the day after `start` up to and including `end` "
    "(negative when `end` is before `start`).",
    openapi_extra=PUBLIC,
)
def calendar_working_days_between(request, params: Query[WorkingDaysBetweenFilter]):
    if abs((params.end - params.start).days) > MAX_SPAN_DAYS:
        raise ServiceError.for_fields(
            {"end": _("Count at most %(n)d days at once (about a century).") % {"n": MAX_SPAN_DAYS}}
        )
    return {
        "start": params.start,
        "end": params.end,
        "working_days": work_calendar.working_days_between(params.start, params.end),
    }


@router.get("/calendar/days/{day}", response=WorkingDayOut, summary="Is a date a working day", openapi_extra=PUBLIC)
def calendar_day(request, day: date):
    return {"date": day, "is_working_day": work_calendar.is_working_day(day)}
