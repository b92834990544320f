"""The credit office (/credit/office/): the credit administrator's pages — catalogues per unit, publication regimes,
joint-punishment memoranda and lists, credit repair decisions — and the timeliness dashboard (also open to the
credit officers, for their own units)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, not_found, paginate, query_without, refuse_service_denials, show_service_error

from .. import selectors
from ..forms import (
    CatalogueItemForm,
    DeskFilterForm,
    ListEntryForm,
    ListFilterForm,
    ListImportForm,
    ListRemoveForm,
    MemorandumForm,
    RegimeRuleForm,
    RepairDecisionForm,
)
from ..listfiles import parse_list_file
from ..masking import public_record_dict
from ..models import ListEntry, RegimeRule, RepairRequest, RepairStatus, ReportingUnit
from ..permissions import can_manage_credit
from ..repair_conditions import repair_conditions_unmet
from ..services.catalogue import catalogue_item_create
from ..services.lists import list_entries_import, list_entry_add, list_entry_remove, memorandum_create
from ..services.regimes import regime_rule_update
from ..services.repairs import repair_request_decide
from . import charts


def _require_office(actor) -> None:
    if not can_manage_credit(actor):
        deny(_("These pages are for the credit administrator."))


@login_required
@require_GET
def office(request):
    actor = request.actor
    _require_office(actor)
    return render(
        request,
        "credit/office.html",
        {
            "pending_repairs": selectors.repair_requests(actor=actor, status=RepairStatus.SUBMITTED).count(),
            "entries_in_force": selectors.list_entries(in_force_on=timezone.localdate()).count(),
            "units": selectors.reporting_units().count(),
        },
    )


# --- catalogues -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
def catalogues(request):
    _require_office(request.actor)
    return render(request, "credit/catalogues.html", {"rows": selectors.catalogue_summary()})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def unit_catalogue(request, code: str):
    actor = request.actor
    _require_office(actor)
    try:
        unit = selectors.reporting_unit_get(code=code)
    except ReportingUnit.DoesNotExist:
        not_found(_("There is no reporting unit with the code %(code)s.") % {"code": code})
    form = CatalogueItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = catalogue_item_create(unit=unit, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(
                request,
                _("The item %(code)s has been added to the catalogue of %(unit)s.") % {"code": item.code, "unit": unit},
            )
            return redirect("credit:unit_catalogue", code=unit.code)
    kind = request.GET.get("kind") or None
    q = (request.GET.get("q") or "").strip()
    items = selectors.catalogue_items(unit=unit, kind=kind, q=q)
    return render(
        request,
        "credit/unit_catalogue.html",
        {
            "unit": unit,
            "form": form,
            "page": paginate(request, items, per_page=50),
            "kind": kind or "",
            "q": q,
            "query": query_without(request, "page"),
        },
    )


# --- regimes --------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def regimes(request):
    _require_office(request.actor)
    return render(request, "credit/regimes.html", {"regimes": selectors.regimes(), "editable": True})


def _rule_or_404(regime_code: str, severity: str, sector: str) -> RegimeRule:
    sector = "" if sector == "-" else sector
    rule = (
        RegimeRule.objects.select_related("regime")
        .filter(regime__code=regime_code, severity=severity, sector=sector)
        .first()
    )
    if rule is None:
        not_found(_("There is no such rule."))
    return rule


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def regime_rule_edit(request, regime_code: str, severity: str, sector: str):
    actor = request.actor
    _require_office(actor)
    rule = _rule_or_404(regime_code, severity, sector)
    form = RegimeRuleForm(request.POST or None, initial=RegimeRuleForm.initial_from(rule))
    if request.method == "POST" and form.is_valid():
        try:
            regime_rule_update(rule=rule, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(request, _("The rule has been saved."))
            return redirect("credit:office_regimes")
    return render(request, "credit/regime_rule_form.html", {"form": form, "rule": rule})


# --- memoranda and lists --------------------------------------------------------------------------------------------


@login_required
@require_GET
def lists(request):
    actor = request.actor
    _require_office(actor)
    form = ListFilterForm(request.GET or None)
    list_type = q = ""
    in_force = False
    if form.is_bound and form.is_valid():
        list_type = form.cleaned_data.get("list_type") or ""
        q = form.cleaned_data.get("q") or ""
        in_force = bool(form.cleaned_data.get("in_force"))
    entries = selectors.list_entries(
        list_type=list_type or None,
        q=q,
        in_force_on=timezone.localdate() if in_force else None,
        include_removed=True,
        public=False,
    )
    return render(
        request,
        "credit/lists_office.html",
        {
            "form": form,
            "page": paginate(request, entries, per_page=50),
            "memoranda": selectors.memoranda(),
            "query": query_without(request, "page"),
            "today": timezone.localdate(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def list_entry_new(request):
    actor = request.actor
    _require_office(actor)
    memos = list(selectors.memoranda())
    form = ListEntryForm(request.POST or None, memoranda=memos)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        code = data.pop("memorandum")
        data["memorandum"] = next((m for m in memos if m.code == code), None)
        data["effect"] = data.get("effect") or None
        try:
            entry = list_entry_add(actor=actor, **data)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(
                request,
                _("%(name)s has been put on the list “%(list)s”.")
                % {"name": entry.subject_name, "list": entry.get_list_type_display()},
            )
            return redirect("credit:office_lists")
    return render(request, "credit/office_form.html", {"form": form, "title": _("Put a subject on a list")})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def list_entry_remove_view(request, public_id):
    actor = request.actor
    _require_office(actor)
    try:
        entry = selectors.list_entry_get(public_id=public_id)
    except ListEntry.DoesNotExist:
        not_found(_("There is no such list entry."))
    form = ListRemoveForm(request.POST or None, initial={"on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            list_entry_remove(entry=entry, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(request, _("%(name)s has been taken off the list.") % {"name": entry.subject_name})
            return redirect("credit:office_lists")
    return render(
        request,
        "credit/office_form.html",
        {
            "form": form,
            "title": _("Take a subject off a list"),
            "lead": f"{entry.get_list_type_display()} · {entry.subject_name} · {entry.start_date:%Y-%m-%d}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def list_import(request):
    actor = request.actor
    _require_office(actor)
    form = ListImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = parse_list_file(form.cleaned_data["file"])
            report = list_entries_import(rows=rows, actor=actor, valid_only=form.cleaned_data["valid_only"])
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            if report.imported:
                messages.success(request, _("%(count)d list entries imported.") % {"count": report.imported})
            elif report.errors:
                messages.error(request, _("Nothing was imported: the file has errors (listed below)."))
    return render(request, "credit/list_import.html", {"form": form, "report": report})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def memorandum_new(request):
    actor = request.actor
    _require_office(actor)
    form = MemorandumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            memo = memorandum_create(actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(request, _("The memorandum %(code)s has been recorded.") % {"code": memo.code})
            return redirect("credit:office_lists")
    return render(
        request, "credit/office_form.html", {"form": form, "title": _("Record a joint-punishment memorandum")}
    )


# --- repairs --------------------------------------------------------------------------------------------------------


@login_required
@require_GET
def repairs(request):
    actor = request.actor
    _require_office(actor)
    status = request.GET.get("status") or None
    if status not in RepairStatus.values:
        status = None
    qs = selectors.repair_requests(actor=actor, status=status)
    return render(
        request,
        "credit/repairs.html",
        {
            "page": paginate(request, qs),
            "status": status or "",
            "statuses": RepairStatus.choices,
            "query": query_without(request, "page"),
            "office": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def repair_detail(request, public_id):
    actor = request.actor
    try:
        repair = selectors.repair_request_get(actor=actor, public_id=public_id)
    except RepairRequest.DoesNotExist:
        not_found(_("There is no such repair request, or you may not see it."))
    may_decide = can_manage_credit(actor) and repair.status == RepairStatus.SUBMITTED
    form = RepairDecisionForm(request.POST or None) if may_decide else None
    if request.method == "POST":
        if form is None:
            deny(_("Only the credit administrator decides on pending repair requests."))
        if form.is_valid():
            try:
                with transaction.atomic():
                    repair_request_decide(
                        request=repair,
                        approve=form.cleaned_data["decision"] == "approve",
                        reason=form.cleaned_data["reason"],
                        actor=actor,
                    )
            except ServiceError as exc:
                show_service_error(form, exc, name_other_fields=True)
            else:
                messages.success(request, _("The decision has been recorded."))
                return redirect("credit:repair_detail", public_id=repair.public_id)
    record = repair.record
    problems = (
        repair_conditions_unmet(record, repair, today=timezone.localdate())
        if repair.status == RepairStatus.SUBMITTED
        else []
    )
    return render(
        request,
        "credit/repair_detail.html",
        {
            "repair": repair,
            "record": record,
            "r": public_record_dict(record),
            "form": form,
            "problems": problems,
            "evidence": list(repair.evidence.all()),
        },
    )


# --- timeliness -----------------------------------------------------------------------------------------------------


@login_required
@require_GET
@refuse_service_denials
def timeliness(request):
    """Per unit: records, late records, on-time ratio, average delay; and per month. Officers see their own units."""
    actor = request.actor
    if not selectors.can_use_records_desk(actor):
        deny(_("The timeliness dashboard is for the credit officers and the credit administrator."))
    units = list(selectors.units_for(actor))
    form = DeskFilterForm(request.GET or None, units=units)
    unit = date_from = date_to = None
    if form.is_bound and form.is_valid():
        code = form.cleaned_data.get("unit")
        unit = next((u for u in units if u.code == code), None) if code else None
        date_from, date_to = form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
    rows = selectors.timeliness_by_unit(actor=actor, unit=unit, date_from=date_from, date_to=date_to)
    months = selectors.timeliness_by_month(actor=actor, unit=unit, date_from=date_from, date_to=date_to)
    total_records = sum(r.records for r in rows)
    total_late = sum(r.late for r in rows)
    return render(
        request,
        "credit/timeliness.html",
        {
            "form": form,
            "rows": rows,
            "months": months,
            "total_records": total_records,
            "total_late": total_late,
            "late_after": selectors.LATE_AFTER_WORKING_DAYS,
            "charts": {
                "chart-timeliness": charts.timeliness_option(rows),
                "chart-months": charts.monthly_timeliness_option(months),
            },
            "unit_rows": max(len([r for r in rows if r.records]), 1),
        },
    )
