"""The working-day calendar: public holidays and adjusted working days per year; the administrator edits them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .. import calendar as workcal
from ..forms import CalendarDayClearForm, CalendarDayForm
from ..permissions import can_edit_calendar
from ..selectors import calendar_days_in_year, calendar_year_get
from ..services import ServiceError
from ._common import deny, refuse_service_denials, show_service_error


def _year_from(request, default: int) -> int:
    try:
        year = int(request.GET.get("year") or request.POST.get("year") or default)
    except ValueError:
        return default
    return year if 1990 <= year <= 2100 else default


def _back_to(request, year: int):
    return redirect(f"{request.path}?year={year}")


@require_http_methods(["GET", "POST"])
@refuse_service_denials
def calendar_view(request):
    actor = request.actor
    today = timezone.localdate()
    year = _year_from(request, today.year)
    may_edit = can_edit_calendar(actor)
    set_form = CalendarDayForm(prefix="set")
    clear_form = CalendarDayClearForm(prefix="clear")
    if request.method == "POST":
        if not actor.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not may_edit:
            deny(_("Only the district administrator may edit the working-day calendar."))
        action = request.POST.get("action")
        if action == "set":
            set_form = CalendarDayForm(request.POST, prefix="set")
            if set_form.is_valid():
                data = set_form.cleaned_data
                try:
                    workcal.calendar_day_set(date=data["date"], kind=data["kind"], name=data["name"], actor=actor)
                except ServiceError as exc:
                    show_service_error(set_form, exc)
                else:
                    messages.success(request, _("%(day)s has been saved.") % {"day": data["date"].isoformat()})
                    return _back_to(request, data["date"].year)
        elif action == "clear":
            clear_form = CalendarDayClearForm(request.POST, prefix="clear")
            if clear_form.is_valid():
                day = clear_form.cleaned_data["date"]
                try:
                    cleared = workcal.calendar_day_clear(date=day, actor=actor)
                except ServiceError as exc:
                    show_service_error(clear_form, exc)
                else:
                    if cleared:
                        messages.success(
                            request, _("%(day)s follows the Monday–Friday rule again.") % {"day": day.isoformat()}
                        )
                    else:
                        messages.info(
                            request,
                            _("%(day)s had no entry: it already follows the Monday–Friday rule.")
                            % {"day": day.isoformat()},
                        )
                    return _back_to(request, day.year)
        elif action == "seed":
            try:
                changed = workcal.calendar_seed_from_package(years=[year], actor=actor)
            except ServiceError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _("The holidays of %(year)s were loaded from the chinese-calendar package (%(n)d days changed).")
                    % {"year": year, "n": changed},
                )
            return _back_to(request, year)
        elif action == "confirm":
            try:
                workcal.calendar_year_confirm(year=year, actor=actor)
            except ServiceError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("The holidays of %(year)s are confirmed.") % {"year": year})
            return _back_to(request, year)
        else:
            messages.error(request, _("Unknown action."))
    days = list(calendar_days_in_year(year=year))
    return render(
        request,
        "core/calendar.html",
        {
            "year": year,
            "today": today,
            "holidays": [d for d in days if d.kind == "holiday"],
            "workdays": [d for d in days if d.kind == "workday"],
            "year_record": calendar_year_get(year=year),
            "known_years": workcal.calendar_known_years(),
            "may_edit": may_edit,
            "set_form": set_form,
            "clear_form": clear_form,
        },
    )
