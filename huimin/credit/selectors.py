"""Reads of the credit context, scoped to the actor. Pages and API endpoints read only through these.

- The public (everyone) sees the records on public view: `is_public`, and for penalties a 公示截止期 not yet past
  (so a record whose period ended is hidden even before the daily expiry job has run). What of a record is shown
  is decided by huimin.credit.masking.
- A credit officer sees every record of its own reporting unit(s); the credit administrator sees everything
  (huimin.credit.permissions holds those rules).
- Statistics and the timeliness dashboard are aggregate queries (a handful of queries whatever the number of rows).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.db.models import Count, F, Q, QuerySet, Sum, Value
from django.db.models.functions import ExtractYear, TruncMonth
from django.utils import timezone

from huimin.core.models import Organization, Role
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.validators import normalize_identifier

from .models import (
    CatalogueItem,
    CatalogueKind,
    LicensingRecord,
    ListEntry,
    Memorandum,
    PenaltyRecord,
    PublicationRegime,
    RepairRequest,
    ReportingUnit,
    SubjectCategory,
)
from .permissions import can_manage_credit, can_view_unpublished

LATE_AFTER_WORKING_DAYS = (
    7  # 国发〔2016〕33号 §17: published within 7 working days of the decision (RecordBase.is_late)
)
KINDS = (CatalogueKind.LICENSING, CatalogueKind.PENALTY)

Record = LicensingRecord | PenaltyRecord


class RecordNotFound(ObjectDoesNotExist):
    """No record with this public id is visible to the actor."""


def record_model(kind: str) -> type[LicensingRecord] | type[PenaltyRecord]:
    if kind == CatalogueKind.LICENSING:
        return LicensingRecord
    if kind == CatalogueKind.PENALTY:
        return PenaltyRecord
    raise ValueError(f"unknown record kind {kind!r}")


def kind_of(record: Record) -> str:
    return CatalogueKind.LICENSING if isinstance(record, LicensingRecord) else CatalogueKind.PENALTY


def _today(today: date | None) -> date:
    return today or timezone.localdate()


def public_q(kind: str, *, today: date | None = None, prefix: str = "") -> Q:
    """The records of `kind` on public view on `today`."""
    p = f"{prefix}__" if prefix else ""
    q = Q(**{f"{p}is_public": True})
    if kind == CatalogueKind.PENALTY:
        q &= Q(**{f"{p}publication_deadline__isnull": True}) | Q(**{f"{p}publication_deadline__gte": _today(today)})
    return q


def public_records(kind: str, *, today: date | None = None) -> QuerySet:
    """Every record of `kind` the public may see."""
    return record_model(kind).objects.filter(public_q(kind, today=today))


# --- public search ---------------------------------------------------------------------------------------------------

ROW_FIELDS = (
    "public_id",
    "kind",
    "title",
    "subject_name",
    "subject_category",
    "subject_uscc",
    "decision_number",
    "decision_date",
    "authority",
    "unit__code",
    "unit__short_name",
    "unit__organization__name",
)


_ID_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-]{4,}")


def person_query(q: str) -> tuple[str, str] | None:
    """A search for a natural person: (full name, ID number) when `q` holds both (in either order, glued or apart:
    "张三丰 140213199001011233"), else None."""
    text = unicodedata.normalize("NFKC", q or "").strip()
    tokens = [m for m in _ID_TOKEN.finditer(text) if any(ch.isdigit() for ch in m.group(0))]
    if len(tokens) != 1:
        return None
    match = tokens[0]
    number = normalize_identifier(match.group(0).replace("-", ""))
    name = (text[: match.start()] + " " + text[match.end() :]).strip(" \t,，;；:：/、")
    name = " ".join(name.split())
    if not name or not number:
        return None
    return name, number


def search_q(q: str) -> Q | None:
    """What the public search box finds: a credit code (exact), a decision number (exact), part of the name of a party
    that is not a natural person, or a natural person by the full name together with the full ID number — never by
    part of a name or by a name alone, which the public sees masked (REFERENCE.md §3.6)."""
    text = (q or "").strip()
    if not text:
        return None
    code = normalize_identifier(text)
    cond = Q(decision_number=text)
    if len(code) == 18:
        cond |= Q(subject_uscc=code) & ~Q(subject_category=SubjectCategory.NATURAL_PERSON)
    else:
        cond |= Q(subject_name__icontains=text) & ~Q(subject_category=SubjectCategory.NATURAL_PERSON)
    person = person_query(text)
    if person is not None:
        name, number = person
        cond |= Q(subject_category=SubjectCategory.NATURAL_PERSON, subject_name=name, person_id_number=number)
    return cond


def _filtered(
    kind: str,
    *,
    q: str,
    unit: ReportingUnit | None,
    date_from: date | None,
    date_to: date | None,
    subject_category: str | None = None,
    today: date | None = None,
) -> QuerySet:
    qs = public_records(kind, today=today)
    if (cond := search_q(q)) is not None:
        qs = qs.filter(cond)
    if unit is not None:
        qs = qs.filter(unit=unit)
    if date_from is not None:
        qs = qs.filter(decision_date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(decision_date__lte=date_to)
    if subject_category:
        qs = qs.filter(subject_category=subject_category)
    title = "document_name" if kind == CatalogueKind.LICENSING else "violation_type"
    return qs.annotate(kind=Value(str(kind)), title=F(title)).values(*ROW_FIELDS).order_by()


def public_record_search(
    *,
    q: str = "",
    kind: str | None = None,
    unit: ReportingUnit | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    subject_category: str | None = None,
    today: date | None = None,
) -> QuerySet:
    """Published records (both kinds unless `kind`), newest decision first, as rows (dicts of ROW_FIELDS: unmasked —
    pass each through `masking.public_row` before showing it). Paginate the result."""
    kinds = [kind] if kind else list(KINDS)
    parts = [
        _filtered(
            k,
            q=q,
            unit=unit,
            date_from=date_from,
            date_to=date_to,
            subject_category=subject_category,
            today=today,
        )
        for k in kinds
    ]
    qs = parts[0] if len(parts) == 1 else parts[0].union(*parts[1:], all=True)
    return qs.order_by("-decision_date", "decision_number")


def record_get_public(*, public_id: UUID | str, kind: str | None = None, today: date | None = None) -> Record:
    """A record on public view (either kind), or RecordNotFound."""
    for k in [kind] if kind else KINDS:
        found = (
            public_records(k, today=today)
            .select_related("unit__organization", "catalogue_item")
            .filter(public_id=public_id)
            .first()
        )
        if found is not None:
            return found
    raise RecordNotFound(public_id)


def reporting_units(*, active_only: bool = True) -> QuerySet[ReportingUnit]:
    """The reporting units (public facts: who reports)."""
    qs = ReportingUnit.objects.select_related("organization")
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("code")


def reporting_unit_get(*, code: str) -> ReportingUnit:
    return ReportingUnit.objects.select_related("organization").get(code=code)


# --- officers and the administrator -----------------------------------------------------------------------------------


def can_use_records_desk(actor: Actor) -> bool:
    """The records desk (/credit/manage/): credit officers of a unit and the credit administrators."""
    return can_manage_credit(actor) or bool(actor.organization_ids(Role.CREDIT_OFFICER))


def units_for(actor: Actor) -> QuerySet[ReportingUnit]:
    """The reporting units whose records the actor manages: all for the administrators, its own for an officer."""
    qs = ReportingUnit.objects.select_related("organization").order_by("code")
    if can_manage_credit(actor):
        return qs
    orgs = actor.organization_ids(Role.CREDIT_OFFICER)
    return qs.filter(organization_id__in=sorted(orgs)) if orgs else qs.none()


@dataclass
class RecordFilters:
    q: str = ""
    unit: ReportingUnit | None = None
    status: str | None = None
    late: bool | None = None
    date_from: date | None = None
    date_to: date | None = None
    subject_category: str | None = None


def records_for_unit(*, actor: Actor, kind: str, filters: RecordFilters | None = None) -> QuerySet:
    """The records of `kind` the actor manages (its units', or all for the administrators), whatever their
    publication status, newest decision first. A unit outside the actor's scope raises PermissionDenied."""
    f = filters or RecordFilters()
    model = record_model(kind)
    qs = model.objects.select_related("unit__organization", "catalogue_item")
    if not can_manage_credit(actor):
        orgs = actor.organization_ids(Role.CREDIT_OFFICER)
        if not orgs:
            raise PermissionDenied()
        qs = qs.filter(unit__organization_id__in=sorted(orgs))
    if f.unit is not None:
        if not can_view_unpublished(actor, f.unit):
            raise PermissionDenied()
        qs = qs.filter(unit=f.unit)
    text = (f.q or "").strip()
    if text:
        code = normalize_identifier(text)
        qs = qs.filter(
            Q(subject_name__icontains=text)
            | Q(decision_number__icontains=text)
            | Q(subject_uscc=code)
            | Q(person_id_number=code)
        )
    if f.status:
        qs = qs.filter(status=f.status)
    if f.late is True:
        qs = qs.filter(working_days_late__gt=LATE_AFTER_WORKING_DAYS)
    elif f.late is False:
        qs = qs.filter(working_days_late__lte=LATE_AFTER_WORKING_DAYS)
    if f.date_from is not None:
        qs = qs.filter(decision_date__gte=f.date_from)
    if f.date_to is not None:
        qs = qs.filter(decision_date__lte=f.date_to)
    if f.subject_category:
        qs = qs.filter(subject_category=f.subject_category)
    return qs.order_by("-decision_date", "decision_number")


def record_get(*, actor: Actor, public_id: UUID | str) -> Record:
    """A record of either kind the actor may see: published ones, and for officers and administrators those of their
    units whatever their status. RecordNotFound otherwise. Whether it may be changed is `can_submit_records`."""
    for kind in KINDS:
        model = record_model(kind)
        qs = model.objects.select_related("unit__organization", "catalogue_item").filter(public_id=public_id)
        found = qs.first()
        if found is None:
            continue
        if can_view_unpublished(actor, found.unit) or model.objects.filter(pk=found.pk).filter(public_q(kind)).exists():
            return found
        raise RecordNotFound(public_id)
    raise RecordNotFound(public_id)


def catalogue_items(
    *, unit: ReportingUnit | None = None, kind: str | None = None, q: str = "", active_only: bool = False
) -> QuerySet[CatalogueItem]:
    """Catalogue items (权责清单, public): of one unit and kind when given."""
    qs = CatalogueItem.objects.select_related("unit__organization")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if kind:
        qs = qs.filter(kind=kind)
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(code__startswith=normalize_identifier(q)))
    if active_only:
        qs = qs.filter(is_active=True)
    return qs.order_by("unit__code", "kind", "code")


def catalogue_summary() -> list[dict[str, Any]]:
    """Per unit: how many licensing and penalty items its catalogue has (one query)."""
    counts = {
        row["unit_id"]: row
        for row in CatalogueItem.objects.values("unit_id").annotate(
            licensing=Count("id", filter=Q(kind=CatalogueKind.LICENSING)),
            penalty=Count("id", filter=Q(kind=CatalogueKind.PENALTY)),
        )
    }
    out = []
    for unit in reporting_units(active_only=False):
        row: dict[str, Any] = dict(counts.get(unit.pk) or {})
        out.append({"unit": unit, "licensing": row.get("licensing", 0), "penalty": row.get("penalty", 0)})
    return out


def regimes() -> list[PublicationRegime]:
    """The publication regimes with their rules, oldest first (public: they are the law)."""
    return list(PublicationRegime.objects.prefetch_related("rules").order_by("effective_from"))


# --- lists, repairs, checks ---------------------------------------------------------------------------------------


def list_entries(
    *,
    list_type: str | None = None,
    q: str = "",
    in_force_on: date | None = None,
    include_removed: bool = False,
    public: bool = True,
) -> QuerySet[ListEntry]:
    """Entries of the joint-punishment lists (the 失信 lists are public by law; show natural persons masked). A public
    search finds a natural person only by the full name together with the full ID number (as `search_q`); the
    office's (`public=False`) by part of the name or the ID number too."""
    qs = ListEntry.objects.select_related("memorandum")
    if list_type:
        qs = qs.filter(list_type=list_type)
    if q:
        code = normalize_identifier(q)
        # a natural person on a list: an ID number and no credit code (masking.list_entry_is_person)
        person = Q(subject_uscc="") & ~Q(person_id_number="")
        by_name = Q(subject_name__icontains=q.strip())
        cond = (by_name & ~person if public else by_name) | Q(document_number=q.strip())
        if len(code) == 18:
            cond |= Q(subject_uscc=code)
        if public and (found := person_query(q)) is not None:
            cond |= person & Q(subject_name=found[0], person_id_number=found[1])
        elif not public:
            cond |= Q(person_id_number=code)
        qs = qs.filter(cond)
    if in_force_on is not None:
        qs = qs.filter(start_date__lte=in_force_on).filter(Q(end_date__isnull=True) | Q(end_date__gte=in_force_on))
        qs = qs.filter(Q(removed_on__isnull=True) | Q(removed_on__gt=in_force_on))
    elif not include_removed:
        qs = qs.filter(removed_on__isnull=True)
    return qs.order_by("-start_date", "subject_name")


def list_entry_get(*, public_id: UUID | str) -> ListEntry:
    return ListEntry.objects.select_related("memorandum").get(public_id=public_id)


def memoranda() -> QuerySet[Memorandum]:
    return Memorandum.objects.annotate(entry_count=Count("entries")).order_by("signed_on", "code")


def repair_requests(*, actor: Actor, status: str | None = None) -> QuerySet[RepairRequest]:
    """Repair requests: all for the administrators; a provider sees those on penalties of its own organizations."""
    qs = RepairRequest.objects.select_related("record__unit", "decided_by").order_by("-submitted_at")
    if status:
        qs = qs.filter(status=status)
    if can_manage_credit(actor):
        return qs
    codes = provider_credit_codes(actor)
    if not codes:
        return qs.none()
    return qs.filter(record__subject_uscc__in=codes)


def repair_request_get(*, actor: Actor, public_id: UUID | str) -> RepairRequest:
    return repair_requests(actor=actor).select_related("record__catalogue_item").get(public_id=public_id)


def provider_organizations(actor: Actor) -> list[Organization]:
    return actor.organizations_for(Role.PROVIDER)


def provider_credit_codes(actor: Actor) -> list[str]:
    return sorted({o.uscc for o in provider_organizations(actor) if o.uscc})


def penalties_of_my_organizations(*, actor: Actor) -> QuerySet[PenaltyRecord]:
    """The published penalties on the organizations the actor is the provider of (by credit code)."""
    codes = provider_credit_codes(actor)
    if not codes:
        return PenaltyRecord.objects.none()
    return (
        public_records(CatalogueKind.PENALTY)
        .filter(subject_uscc__in=codes)
        .select_related("unit__organization", "catalogue_item")
        .order_by("-decision_date")
    )


# --- statistics (public) -------------------------------------------------------------------------------------------


@dataclass
class PublicStatistics:
    licensing: int = 0
    penalty: int = 0
    penalties_by_party: dict[str, int] = field(default_factory=dict)  # SubjectCategory value → count
    per_unit: list[dict[str, Any]] = field(default_factory=list)  # unit_code, unit_name, licensing, penalty
    by_year: list[dict[str, Any]] = field(default_factory=list)  # year, licensing, penalty
    units: int = 0
    catalogue_licensing: int = 0
    catalogue_penalty: int = 0

    @property
    def total(self) -> int:
        return self.licensing + self.penalty

    def as_dict(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "licensing": self.licensing,
            "penalty": self.penalty,
            "penalties_by_party": dict(self.penalties_by_party),
            "per_unit": list(self.per_unit),
            "by_year": list(self.by_year),
            "units": self.units,
            "catalogue_licensing": self.catalogue_licensing,
            "catalogue_penalty": self.catalogue_penalty,
        }


def public_statistics(*, today: date | None = None) -> PublicStatistics:
    """The published records counted like the district reports them: by type, penalties by kind of party, per unit
    and per year — seven aggregate queries, whatever the number of records."""
    stats = PublicStatistics()
    lic = public_records(CatalogueKind.LICENSING, today=today)
    pen = public_records(CatalogueKind.PENALTY, today=today)
    stats.licensing = lic.count()
    party = {row["subject_category"]: row["n"] for row in pen.values("subject_category").annotate(n=Count("id"))}
    stats.penalties_by_party = {c: party.get(c, 0) for c in SubjectCategory.values}
    stats.penalty = sum(party.values())

    per_unit: dict[int, dict[str, int]] = {}
    for kind, qs in ((CatalogueKind.LICENSING, lic), (CatalogueKind.PENALTY, pen)):
        for row in qs.values("unit_id").annotate(n=Count("id")):
            per_unit.setdefault(row["unit_id"], {})[kind] = row["n"]
    units = list(reporting_units(active_only=False))
    stats.units = sum(1 for u in units if u.is_active)
    stats.per_unit = [
        {
            "unit_code": u.code,
            "unit_name": str(u),
            "licensing": per_unit.get(u.pk, {}).get(CatalogueKind.LICENSING, 0),
            "penalty": per_unit.get(u.pk, {}).get(CatalogueKind.PENALTY, 0),
        }
        for u in units
        if u.is_active or u.pk in per_unit
    ]

    years: dict[int, dict[str, int]] = {}
    for kind, qs in ((CatalogueKind.LICENSING, lic), (CatalogueKind.PENALTY, pen)):
        for row in qs.annotate(year=ExtractYear("decision_date")).values("year").annotate(n=Count("id")):
            years.setdefault(int(row["year"]), {})[kind] = row["n"]
    stats.by_year = [
        {
            "year": y,
            "licensing": years[y].get(CatalogueKind.LICENSING, 0),
            "penalty": years[y].get(CatalogueKind.PENALTY, 0),
        }
        for y in sorted(years)
    ]
    catalogue = {row["kind"]: row["n"] for row in CatalogueItem.objects.values("kind").annotate(n=Count("id"))}
    stats.catalogue_licensing = catalogue.get(CatalogueKind.LICENSING, 0)
    stats.catalogue_penalty = catalogue.get(CatalogueKind.PENALTY, 0)
    return stats


# --- timeliness (officers: their units; administrators: all) -----------------------------------------------------


@dataclass
class UnitTimeliness:
    unit: ReportingUnit
    records: int = 0
    late: int = 0
    total_delay: int = 0  # working days, summed over the records

    @property
    def on_time(self) -> int:
        return self.records - self.late

    @property
    def on_time_ratio(self) -> float | None:
        return self.on_time / self.records if self.records else None

    @property
    def average_delay(self) -> float | None:
        return self.total_delay / self.records if self.records else None


def _timeliness_base(kind: str, actor: Actor, *, unit, date_from, date_to) -> QuerySet:
    qs = record_model(kind).objects.all()
    if not can_manage_credit(actor):
        orgs = actor.organization_ids(Role.CREDIT_OFFICER)
        if not orgs:
            raise PermissionDenied()
        qs = qs.filter(unit__organization_id__in=sorted(orgs))
    if unit is not None:
        qs = qs.filter(unit=unit)
    if date_from is not None:
        qs = qs.filter(decision_date__gte=date_from)
    if date_to is not None:
        qs = qs.filter(decision_date__lte=date_to)
    return qs


def _late_aggregates() -> dict[str, Any]:
    return {
        "n": Count("id"),
        "late": Count("id", filter=Q(working_days_late__gt=LATE_AFTER_WORKING_DAYS)),
        "delay": Sum("working_days_late"),
    }


def timeliness_by_unit(
    *,
    actor: Actor,
    kinds: Iterable[str] = KINDS,
    unit: ReportingUnit | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[UnitTimeliness]:
    """Per reporting unit: records, late records (published more than 7 working days after the decision), the
    on-time ratio and the average delay in working days. Two aggregate queries."""
    totals: dict[int, UnitTimeliness] = {}
    units = {u.pk: u for u in units_for(actor)}
    for kind in kinds:
        qs = _timeliness_base(kind, actor, unit=unit, date_from=date_from, date_to=date_to)
        for row in qs.values("unit_id").annotate(**_late_aggregates()):
            u = units.get(row["unit_id"])
            if u is None:
                continue
            t = totals.setdefault(u.pk, UnitTimeliness(unit=u))
            t.records += row["n"]
            t.late += row["late"]
            t.total_delay += max(int(row["delay"] or 0), 0)
    if unit is None:
        for u in units.values():
            if u.is_active:
                totals.setdefault(u.pk, UnitTimeliness(unit=u))
    elif unit.pk in units:
        totals.setdefault(unit.pk, UnitTimeliness(unit=unit))
    return sorted(totals.values(), key=lambda t: t.unit.code)


def timeliness_by_month(
    *,
    actor: Actor,
    kinds: Iterable[str] = KINDS,
    unit: ReportingUnit | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> list[dict[str, Any]]:
    """Per month of decision: {month: date (first day), records, late}. Two aggregate queries."""
    months: dict[date, dict[str, int]] = {}
    for kind in kinds:
        qs = _timeliness_base(kind, actor, unit=unit, date_from=date_from, date_to=date_to)
        for row in qs.annotate(month=TruncMonth("decision_date")).values("month").annotate(**_late_aggregates()):
            month = row["month"]
            if hasattr(month, "date") and not isinstance(month, date):
                month = month.date()
            m = months.setdefault(month, {"records": 0, "late": 0})
            m["records"] += row["n"]
            m["late"] += row["late"]
    return [{"month": m, **months[m]} for m in sorted(months)]
