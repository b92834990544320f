"""ECharts options for the credit pages, built in Python (unit-tested) and handed to the page with `json_script`.

Each builder takes the selectors' numbers and returns a plain dict (JSON-serializable, labels translated).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from django.utils.translation import gettext as _

from ..models import SubjectCategory
from ..selectors import PublicStatistics, UnitTimeliness


def _base(title: str) -> dict[str, Any]:
    return {
        "aria": {"enabled": True},
        "title": {"text": title, "left": "center", "textStyle": {"fontSize": 14}},
        "tooltip": {},
    }


def records_by_type_option(stats: PublicStatistics) -> dict[str, Any]:
    """A pie: published licensing records against penalty records."""
    option = _base(_("Published records by type"))
    option["tooltip"] = {"trigger": "item", "formatter": "{b}: {c} ({d}%)"}
    option["legend"] = {"bottom": 0}
    option["series"] = [
        {
            "type": "pie",
            "radius": ["35%", "65%"],
            "data": [
                {"name": _("Administrative licensing"), "value": stats.licensing},
                {"name": _("Administrative penalties"), "value": stats.penalty},
            ],
        }
    ]
    return option


PARTY_LABELS: dict[str, Callable[[], str]] = {
    SubjectCategory.LEGAL_PERSON: lambda: _("Legal persons and other organizations"),
    SubjectCategory.NATURAL_PERSON: lambda: _("Natural persons"),
    SubjectCategory.INDIVIDUAL_BUSINESS: lambda: _("Individual businesses"),
}


def penalties_by_party_option(stats: PublicStatistics) -> dict[str, Any]:
    """A pie: published penalties on legal persons, natural persons and individual businesses (empty kinds left out)."""
    option = _base(_("Published penalties by party"))
    option["tooltip"] = {"trigger": "item", "formatter": "{b}: {c} ({d}%)"}
    option["legend"] = {"bottom": 0}
    data = [
        {"name": PARTY_LABELS[category](), "value": stats.penalties_by_party.get(category, 0)}
        for category in SubjectCategory.values
        if stats.penalties_by_party.get(category, 0)
    ]
    option["series"] = [{"type": "pie", "radius": ["35%", "65%"], "data": data}]
    return option


def per_unit_option(stats: PublicStatistics) -> dict[str, Any]:
    """Horizontal stacked bars: each reporting unit's published licensing and penalty records."""
    rows = [r for r in stats.per_unit if r["licensing"] or r["penalty"]]
    rows.sort(key=lambda r: (r["licensing"] + r["penalty"], r["unit_code"]))
    option = _base(_("Published records per reporting unit"))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["legend"] = {"bottom": 0}
    option["grid"] = {"left": 8, "right": 24, "top": 40, "bottom": 40, "containLabel": True}
    option["xAxis"] = {"type": "value"}
    option["yAxis"] = {"type": "category", "data": [r["unit_name"] for r in rows]}
    option["series"] = [
        {
            "name": _("Administrative licensing"),
            "type": "bar",
            "stack": "records",
            "data": [r["licensing"] for r in rows],
        },
        {
            "name": _("Administrative penalties"),
            "type": "bar",
            "stack": "records",
            "data": [r["penalty"] for r in rows],
        },
    ]
    return option


def by_year_option(stats: PublicStatistics) -> dict[str, Any]:
    """Bars per year of decision: published licensing and penalty records."""
    option = _base(_("Published records by year of decision"))
    option["tooltip"] = {"trigger": "axis"}
    option["legend"] = {"bottom": 0}
    option["grid"] = {"left": 8, "right": 16, "top": 40, "bottom": 40, "containLabel": True}
    option["xAxis"] = {"type": "category", "data": [str(r["year"]) for r in stats.by_year]}
    option["yAxis"] = {"type": "value"}
    option["series"] = [
        {"name": _("Administrative licensing"), "type": "bar", "data": [r["licensing"] for r in stats.by_year]},
        {"name": _("Administrative penalties"), "type": "bar", "data": [r["penalty"] for r in stats.by_year]},
    ]
    return option


def timeliness_option(rows: Sequence[UnitTimeliness]) -> dict[str, Any]:
    """Stacked bars per unit: records published on time and late (more than 7 working days after the decision)."""
    shown = [r for r in rows if r.records]
    option = _base(_("Records published on time and late, per reporting unit"))
    option["tooltip"] = {"trigger": "axis", "axisPointer": {"type": "shadow"}}
    option["legend"] = {"bottom": 0}
    option["grid"] = {"left": 8, "right": 24, "top": 40, "bottom": 40, "containLabel": True}
    option["xAxis"] = {"type": "value"}
    option["yAxis"] = {"type": "category", "data": [str(r.unit) for r in shown]}
    option["series"] = [
        {
            "name": _("On time"),
            "type": "bar",
            "stack": "records",
            "itemStyle": {"color": "#198754"},
            "data": [r.on_time for r in shown],
        },
        {
            "name": _("Late"),
            "type": "bar",
            "stack": "records",
            "itemStyle": {"color": "#dc3545"},
            "data": [r.late for r in shown],
        },
    ]
    return option


def monthly_timeliness_option(months: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Per month of decision: all records (bars) and the late ones (a line)."""
    option = _base(_("Records and late records by month of decision"))
    option["tooltip"] = {"trigger": "axis"}
    option["legend"] = {"bottom": 0}
    option["grid"] = {"left": 8, "right": 16, "top": 40, "bottom": 40, "containLabel": True}
    option["xAxis"] = {"type": "category", "data": [m["month"].strftime("%Y-%m") for m in months]}
    option["yAxis"] = {"type": "value"}
    option["series"] = [
        {"name": _("Records"), "type": "bar", "data": [m["records"] for m in months]},
        {
            "name": _("Late"),
            "type": "line",
            "itemStyle": {"color": "#dc3545"},
            "data": [m["late"] for m in months],
        },
    ]
    return option
