"""The records desk (/credit/manage/): a credit officer files, corrects, imports and revokes its own unit's records;
the credit administrator may do so for any unit. Late records (published more than 7 working days after the
decision) are flagged."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, not_found, paginate, query_without, refuse_service_denials, show_service_error

from .. import selectors
from ..forms import DeskFilterForm, RecordForm, RevokeForm, record_groups
from ..masking import category_labels
from ..models import CatalogueKind, PublicationStatus
from ..permissions import can_manage_credit, can_submit_records
from ..selectors import RecordFilters, RecordNotFound
from ..services.records import record_create, record_revoke, record_update

KIND_TITLES: dict[str, Callable[[], str]] = {
    CatalogueKind.LICENSING: lambda: _("Administrative licensing record"),
    CatalogueKind.PENALTY: lambda: _("Administrative penalty record"),
}


def _require_desk(actor) -> None:
    if not selectors.can_use_records_desk(actor):
        deny(_("The records desk is for the credit officers of the reporting units and the credit administrator."))


def _record_or_404(actor, public_id):
    try:
        return selectors.record_get(actor=actor, public_id=public_id)
    except RecordNotFound:
        not_found(_("There is no such record, or you may not see it."))


@login_required
@require_GET
@refuse_service_denials
def desk(request):
    actor = request.actor
    _require_desk(actor)
    units = list(selectors.units_for(actor))
    form = DeskFilterForm(request.GET or None, units=units)
    filters = RecordFilters()
    kind = CatalogueKind.PENALTY
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        kind = data.get("kind") or kind
        code = data.get("unit")
        filters = RecordFilters(
            q=data.get("q") or "",
            unit=next((u for u in units if u.code == code), None) if code else None,
            status=data.get("status") or None,
            late={"1": True, "0": False}.get(data.get("late") or ""),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )
    qs = selectors.records_for_unit(actor=actor, kind=kind, filters=filters)
    timeliness = selectors.timeliness_by_unit(actor=actor, unit=filters.unit)
    return render(
        request,
        "credit/desk.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "kind": kind,
            "units": units,
            "timeliness": timeliness,
            "late_after": selectors.LATE_AFTER_WORKING_DAYS,
            "query": query_without(request, "page"),
            "is_admin": can_manage_credit(actor),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def record_new(request, kind: str):
    """File one record: choose the unit (when the actor has several), then the national fields."""
    actor = request.actor
    _require_desk(actor)
    if kind not in CatalogueKind.values:
        not_found(_("Unknown kind of record."))
    units = [u for u in selectors.units_for(actor) if u.is_active]
    if not units:
        deny(_("You have no active reporting unit to file records for."))
    code = request.GET.get("unit") or request.POST.get("unit") or units[0].code
    unit = next((u for u in units if u.code == code), None)
    if unit is None:
        deny(_("You may file records for your own reporting unit only."))
    items = selectors.catalogue_items(unit=unit, kind=kind, active_only=True)
    initial = {
        "authority": unit.organization.name,
        "authority_uscc": unit.organization.uscc,
        "source_unit": unit.organization.name,
        "source_unit_uscc": unit.organization.uscc,
    }
    form = RecordForm(request.POST or None, kind=kind, items=items, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.data_for_service()
        data["unit"] = unit
        try:
            record = record_create(kind=kind, data=data, actor=actor)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(request, _("The record %(number)s has been filed.") % {"number": record.decision_number})
            return redirect("credit:manage_record", public_id=record.public_id)
    return render(
        request,
        "credit/record_form.html",
        {
            "form": form,
            "kind": kind,
            "unit": unit,
            "units": units,
            "record": None,
            "title": KIND_TITLES[kind](),
        },
    )


def _display(record, name: str) -> str:
    if name == "catalogue_item":
        return f"{record.catalogue_item.code} {record.catalogue_item.name}"
    if name == "categories":
        return "；".join(category_labels(record.categories))
    value = getattr(record, name, "")
    if value in (None, ""):
        return ""
    field = type(record)._meta.get_field(name)
    if getattr(field, "choices", None):
        return str(getattr(record, f"get_{name}_display")())
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def record_sections(record) -> list[tuple[str, list[tuple[str, str]]]]:
    """The record's filled fields (unmasked), grouped as on the form: [(section, [(label, text)])]."""
    kind = selectors.kind_of(record)
    model = type(record)
    out = []
    for title, names in record_groups(kind):
        rows = []
        for name in names:
            text = _display(record, name)
            if text:
                label = _("Catalogue item") if name == "catalogue_item" else model._meta.get_field(name).verbose_name
                rows.append((str(label), text))
        out.append((title, rows))
    return out


@login_required
@require_GET
@refuse_service_denials
def manage_record(request, public_id):
    """A record with every field (unmasked) for the officers of its unit and the administrator."""
    actor = request.actor
    record = _record_or_404(actor, public_id)
    from ..permissions import can_view_unpublished

    if not can_view_unpublished(actor, record.unit):
        deny(_("Only the officers of the record's reporting unit and the credit administrator see this page."))
    kind = selectors.kind_of(record)
    context = {
        "record": record,
        "kind": kind,
        "sections": record_sections(record),
        "may_edit": can_submit_records(actor, record.unit),
        "late_after": selectors.LATE_AFTER_WORKING_DAYS,
        "public": record.is_public,
    }
    from huimin.audit.selectors import audit_events_for

    context["history"] = audit_events_for(target=record)[:50]
    return render(request, "credit/manage_record.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def record_edit(request, public_id):
    actor = request.actor
    record = _record_or_404(actor, public_id)
    if not can_submit_records(actor, record.unit):
        deny(_("You may change records of your own reporting unit only."))
    kind = selectors.kind_of(record)
    items = selectors.catalogue_items(unit=record.unit, kind=kind)
    form = RecordForm(request.POST or None, kind=kind, items=items, initial=RecordForm.initial_from(record))
    if request.method == "POST" and form.is_valid():
        changes = form.data_for_service(only_changed=True)
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return redirect("credit:manage_record", public_id=record.public_id)
        try:
            record = record_update(record=record, data=changes, actor=actor)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(request, _("The record %(number)s has been saved.") % {"number": record.decision_number})
            return redirect("credit:manage_record", public_id=record.public_id)
    return render(
        request,
        "credit/record_form.html",
        {"form": form, "kind": kind, "unit": record.unit, "record": record, "title": KIND_TITLES[kind]()},
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def record_revoke_view(request, public_id):
    actor = request.actor
    record = _record_or_404(actor, public_id)
    if not can_submit_records(actor, record.unit):
        deny(_("You may revoke records of your own reporting unit only."))
    form = RevokeForm(request.POST or None)
    if record.status == PublicationStatus.REVOKED:
        messages.info(request, _("This decision is already revoked."))
        return redirect("credit:manage_record", public_id=record.public_id)
    if request.method == "POST" and form.is_valid():
        try:
            record_revoke(record=record, reason=form.cleaned_data["reason"], actor=actor)
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            messages.success(
                request,
                _("The decision %(number)s is revoked and no longer published.") % {"number": record.decision_number},
            )
            return redirect("credit:manage_record", public_id=record.public_id)
    return render(request, "credit/record_revoke.html", {"form": form, "record": record})
