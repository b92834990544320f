"""Public credit pages: search over published records, the 行政许可 / 行政处罚 columns, a record's page, the
statistics with their charts, and the joint-punishment lists. Everything shown passes through huimin.credit.masking."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from huimin.core.viewkit import not_found, paginate, query_without

from .. import selectors
from ..masking import public_list_entry_dict, public_record_dict, public_row
from ..models import CatalogueKind, ListType
from ..selectors import RecordNotFound
from . import charts

SEARCH_KEYS = ("q", "kind", "unit", "date_from", "date_to", "party")


def _search(request, *, fixed_kind: str | None = None):
    """Parse the search form and run the search; returns (form, page of masked rows or None, searching?)."""
    from ..forms import PublicSearchForm

    units = list(selectors.reporting_units())
    form = PublicSearchForm(request.GET or None, units=units, fixed_kind=fixed_kind)
    searching = any(request.GET.get(k) for k in SEARCH_KEYS)
    q, kind, unit, date_from, date_to, party = "", fixed_kind, None, None, None, None
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        q = data.get("q") or ""
        kind = fixed_kind or data.get("kind") or None
        date_from, date_to = data.get("date_from"), data.get("date_to")
        party = data.get("party") or None
        code = data.get("unit")
        unit = next((u for u in units if u.code == code), None) if code else None
    qs = selectors.public_record_search(
        q=q, kind=kind, unit=unit, date_from=date_from, date_to=date_to, subject_category=party
    )
    page = paginate(request, qs)
    page.object_list = [public_row(row) for row in page.object_list]
    return form, page, searching


@require_GET
def index(request):
    """/credit/: the search box; the results when searching, otherwise the statistics and the latest records."""
    form, page, searching = _search(request)
    context = {"form": form, "page": page, "searching": searching, "query": query_without(request, "page")}
    if not searching:
        stats = selectors.public_statistics()
        context["stats"] = stats
        context["charts"] = {
            "chart-types": charts.records_by_type_option(stats),
            "chart-parties": charts.penalties_by_party_option(stats),
            "chart-years": charts.by_year_option(stats),
            "chart-units": charts.per_unit_option(stats),
        }
        context["unit_rows"] = max(len([r for r in stats.per_unit if r["licensing"] or r["penalty"]]), 1)
    return render(request, "credit/index.html", context)


def _column(request, kind: str, title: str):
    form, page, _searching = _search(request, fixed_kind=kind)
    return render(
        request,
        "credit/column.html",
        {"form": form, "page": page, "kind": kind, "title": title, "query": query_without(request, "page")},
    )


@require_GET
def licensing_list(request):
    """行政许可: the published licensing decisions, newest first."""
    return _column(request, CatalogueKind.LICENSING, _("Administrative licensing (行政许可)"))


@require_GET
def penalty_list(request):
    """行政处罚: the published penalty decisions, newest first."""
    return _column(request, CatalogueKind.PENALTY, _("Administrative penalties (行政处罚)"))


@require_GET
def record_detail(request, public_id):
    try:
        record = selectors.record_get_public(public_id=public_id)
    except RecordNotFound:
        not_found(_("This record is not published (or no longer): there is nothing to show."))
    data = public_record_dict(record)
    from ..permissions import can_view_unpublished

    return render(
        request,
        "credit/record_detail.html",
        {"r": data, "record": record, "may_manage": can_view_unpublished(request.actor, record.unit)},
    )


@require_GET
def list_entries(request):
    """The joint-punishment lists in force (public by law), natural persons masked."""
    from ..forms import ListFilterForm

    form = ListFilterForm(request.GET or None)
    list_type = q = ""
    if form.is_bound and form.is_valid():
        list_type = form.cleaned_data.get("list_type") or ""
        q = form.cleaned_data.get("q") or ""
    qs = selectors.list_entries(list_type=list_type or None, q=q, in_force_on=timezone.localdate())
    page = paginate(request, qs)
    page.object_list = [public_list_entry_dict(e) for e in page.object_list]
    return render(
        request,
        "credit/lists_public.html",
        {"form": form, "page": page, "query": query_without(request, "page"), "list_types": ListType.choices},
    )


@require_GET
def catalogue_public(request):
    """Each reporting unit's catalogue of powers (权责清单): public."""
    rows = selectors.catalogue_summary()
    return render(request, "credit/catalogue_public.html", {"rows": rows})


@require_GET
def regimes_public(request):
    """The publication periods in force and before (the law, as dated data)."""
    return render(request, "credit/regimes.html", {"regimes": selectors.regimes(), "editable": False})
