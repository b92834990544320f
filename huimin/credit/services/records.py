"""Writes of 双公示 records: file, correct, re-import, revoke, and take expired penalties off public view.

Every write checks the actor's scope (huimin.credit.permissions), validates the whole record with
`huimin.credit.rules.validate_record`, computes the publication bookkeeping from `publication_plan`, and records an
audit event in the same transaction (one per record for single writes, one per batch for `bulk_upsert`, one per run
for `records_expire`).

Publication bookkeeping of a record:
- `reported_at`: when it was filed here (now, unless the credit administrator gives the historical time);
  re-imports and corrections keep the first one.
- `working_days_late`: working days from the decision date to the reported date (Asia/Shanghai), counted on the
  working-day calendar (国发〔2016〕33号 §17: within 7 working days; more is late).
- Licensing: `published` and public from entry; never expires (also when its current status is 2 无效).
- Penalty: the plan's severity, regime, periods and 公示截止期; `not_published` (not public) when the regime does
  not publish its severity (36号令: minor); `expired` (not public, kept) once the deadline has passed; otherwise
  `published` and public. `revoked` and `repaired` are final: corrections and re-imports keep them.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from itertools import islice
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.calendar import working_days_between
from huimin.core.models import CalendarDay
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..bulk import copy_upsert  # PostgreSQL: COPY + INSERT … ON CONFLICT
from ..error_codes import CreditError
from ..models import (
    CatalogueKind,
    LicensingRecord,
    PenaltyRecord,
    PublicationStatus,
    ReportingUnit,
)
from ..permissions import can_manage_credit, can_submit_records
from ..rules import FieldError, Plan, RegimeTable, publication_plan, record_fields, validate_record

RecordModel = type[LicensingRecord] | type[PenaltyRecord]
Record = LicensingRecord | PenaltyRecord

LATE_AFTER_WORKING_DAYS = 7  # 国发〔2016〕33号 §17, 国办发〔2019〕35号 §15
FINAL_STATUSES = frozenset({PublicationStatus.REVOKED, PublicationStatus.REPAIRED})
LOOKUP_CHUNK = 900  # decision numbers per IN (...) query (SQLite allows 999 parameters)
CREATE_BATCH = 1000
UPDATE_BATCH = 500

BOOKKEEPING_FIELDS: dict[str, tuple[str, ...]] = {
    CatalogueKind.LICENSING: ("status", "is_public", "reported_at", "publication_start", "working_days_late"),
    CatalogueKind.PENALTY: (
        "status",
        "is_public",
        "reported_at",
        "publication_start",
        "working_days_late",
        "publication_deadline",
        "severity",
        "regime",
        "min_period_end",
        "max_period_end",
        "repairable",
    ),
}


def record_model(kind: str) -> RecordModel:
    if kind == CatalogueKind.LICENSING:
        return LicensingRecord
    if kind == CatalogueKind.PENALTY:
        return PenaltyRecord
    raise ServiceError.for_fields(
        {"kind": _("“%(kind)s” is not a kind of record; use licensing or penalty.") % {"kind": kind}},
        code=CreditError.INVALID,
    )


def record_kind(record: Record) -> str:
    return CatalogueKind.LICENSING if isinstance(record, LicensingRecord) else CatalogueKind.PENALTY


# --- helpers -------------------------------------------------------------------------------------------------------


def _fail(errors: Iterable[FieldError], code: str = CreditError.RECORD_INVALID) -> ServiceError:
    grouped: dict[str, list[str]] = {}
    for e in errors:
        grouped.setdefault(e.field, []).append(e.message)
    return ServiceError.for_fields(grouped, code=code)


def _unit_from(value: Any) -> ReportingUnit:
    if isinstance(value, ReportingUnit):
        return value
    code = str(value or "").strip()
    if not code:
        raise ServiceError.for_fields({"unit": _("Choose the reporting unit.")}, code=CreditError.UNIT_UNKNOWN)
    unit = ReportingUnit.objects.select_related("organization").filter(code=code).first()
    if unit is None:
        raise ServiceError.for_fields(
            {"unit": _("There is no reporting unit with the code “%(code)s”.") % {"code": code}},
            code=CreditError.UNIT_UNKNOWN,
        )
    return unit


def _require_submit(actor: Actor, unit: ReportingUnit) -> None:
    require(
        can_submit_records(actor, unit),
        _("You may file and change records of your own reporting unit only; %(unit)s is not yours.")
        % {"unit": unit.code},
    )


def _check_reported_at(data: Mapping[str, Any], actor: Actor) -> None:
    if data.get("reported_at") not in (None, "") and not can_manage_credit(actor):
        raise ServiceError.for_fields(
            {"reported_at": _("Only the credit administrator may set when a record was reported.")},
            code=CreditError.FORBIDDEN,
        )


def _validated(kind: str, data: Mapping[str, Any], unit: ReportingUnit, today: date) -> dict[str, Any]:
    if not unit.is_active:
        raise ServiceError.for_fields(
            {"unit": _("The reporting unit %(unit)s is no longer active.") % {"unit": unit.code}},
            code=CreditError.UNIT_UNKNOWN,
        )
    cleaned, errors = validate_record(kind, data, unit=unit, today=today)
    if errors:
        raise _fail(errors)
    return cleaned


def _model_values(kind: str, cleaned: Mapping[str, Any], unit: ReportingUnit) -> dict[str, Any]:
    names, texts = _value_fields(kind)
    get = cleaned.get
    values = {name: get(name) for name in names}
    for name in texts:
        if values[name] is None:
            values[name] = ""
    values["unit"] = unit
    return values


@functools.cache
def _value_fields(kind: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The fields a record's values hold, and those of them that are text (blank is "", never None)."""
    names = tuple(record_fields(kind))
    return names, tuple(name for name in names if name in _text_fields(kind))


@functools.cache
def _text_fields(kind: str) -> frozenset[str]:
    model = record_model(kind)
    return frozenset(f.name for f in model._meta.get_fields() if isinstance(f, models.CharField | models.TextField))


def _local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date() if timezone.is_aware(moment) else moment.date()


def _bookkeeping(
    kind: str,
    values: Mapping[str, Any],
    *,
    plan: Plan,
    reported_at: datetime,
    today: date,
    late: int,
    previous_status: str | None = None,
    previous_start: date | None = None,
    reported_date: date | None = None,
) -> dict[str, Any]:
    reported_date = reported_date or _local_date(reported_at)
    book: dict[str, Any] = {"reported_at": reported_at, "working_days_late": late}
    if kind == CatalogueKind.PENALTY:
        book.update(
            severity=plan.severity,
            regime=plan.regime,
            min_period_end=plan.min_end,
            max_period_end=plan.max_end,
            publication_deadline=plan.deadline,
            repairable=plan.repairable,
        )
    if previous_status in FINAL_STATUSES:
        book.update(status=previous_status, is_public=False, publication_start=previous_start)
    elif not plan.published:
        book.update(status=PublicationStatus.NOT_PUBLISHED, is_public=False, publication_start=None)
    elif plan.deadline is not None and plan.deadline < today:
        # Past its 公示截止期: kept, off public view. It was public from its first report if that came in time.
        start = previous_start or (reported_date if reported_date <= plan.deadline else None)
        book.update(status=PublicationStatus.EXPIRED, is_public=False, publication_start=start)
    else:
        book.update(
            status=PublicationStatus.PUBLISHED, is_public=True, publication_start=previous_start or reported_date
        )
    return book


def _record_as_data(record: Record) -> dict[str, Any]:
    """The record's current values in the shape validate_record reads (to validate a correction as a whole)."""
    kind = record_kind(record)
    data: dict[str, Any] = {name: getattr(record, name) for name in record_fields(kind)}
    data["catalogue_item"] = record.catalogue_item
    if isinstance(record, PenaltyRecord):
        # A 公示截止期 equal to the end of the maximum period is the computed default, not one the unit gave.
        if record.publication_deadline == record.max_period_end:
            data["publication_deadline"] = None
    return data


def _audit_payload(record: Record, kind: str) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "kind": kind,
        "decision_number": record.decision_number,
        "unit": record.unit.code,
        "status": record.status,
        "is_public": record.is_public,
        "working_days_late": record.working_days_late,
    }
    if isinstance(record, PenaltyRecord):
        payload.update(
            severity=record.severity,
            regime=record.regime.code if record.regime else None,
            publication_deadline=record.publication_deadline,
        )
    return payload


def _now_and_today(now: datetime | None) -> tuple[datetime, date]:
    moment = now or timezone.now()
    return moment, _local_date(moment)


def _changed(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    return sorted(k for k in after if before.get(k) != after.get(k))


def _snapshot(record: Record, kind: str) -> dict[str, Any]:
    names = [*record_fields(kind), *BOOKKEEPING_FIELDS[kind]]
    return {n: getattr(record, f"{n}_id" if n in ("catalogue_item", "regime") else n) for n in names}


def _apply(
    record: Record, kind: str, cleaned: Mapping[str, Any], unit: ReportingUnit, now: datetime, today: date
) -> None:
    """Set the cleaned values and recompute the bookkeeping of an existing record (reported_at kept)."""
    reported_at = cleaned.get("reported_at") or record.reported_at
    values = _model_values(kind, cleaned, unit)
    plan = publication_plan({**cleaned, "reported_at": reported_at}, kind=kind)
    late = working_days_between(values["decision_date"], _local_date(reported_at))
    book = _bookkeeping(
        kind,
        values,
        plan=plan,
        reported_at=reported_at,
        today=today,
        late=late,
        previous_status=record.status,
        previous_start=record.publication_start if record.status != PublicationStatus.NOT_PUBLISHED else None,
    )
    for name, value in {**values, **book}.items():
        setattr(record, name, value)


def _refuse_other_unit(number: str, owner: ReportingUnit | str, unit: ReportingUnit) -> ServiceError:
    owner_code = owner.code if isinstance(owner, ReportingUnit) else owner
    return ServiceError.for_fields(
        {
            "decision_number": _(
                "The decision %(number)s is already filed by unit %(owner)s; a record cannot move to unit %(unit)s."
            )
            % {"number": number, "owner": owner_code, "unit": unit.code}
        },
        code=CreditError.RECORD_OTHER_UNIT,
    )


# --- single writes -------------------------------------------------------------------------------------------------


@transaction.atomic
def record_create(*, kind: str, data: Mapping[str, Any], actor: Actor, now: datetime | None = None) -> Record:
    """File one record. `data["unit"]` is the ReportingUnit (or its code); the rest as `validate_record` reads it.
    Refuses a decision number already filed (use record_upsert to re-import)."""
    model = record_model(kind)
    unit = _unit_from(data.get("unit"))
    _require_submit(actor, unit)
    _check_reported_at(data, actor)
    moment, today = _now_and_today(now)
    cleaned = _validated(kind, data, unit, today)
    number = cleaned["decision_number"]
    existing = model.objects.filter(decision_number=number).select_related("unit").first()
    if existing is not None:
        if existing.unit_id != unit.pk:
            raise _refuse_other_unit(number, existing.unit, unit)
        raise ServiceError.for_fields(
            {"decision_number": _("The decision %(number)s is already filed.") % {"number": number}},
            code=CreditError.RECORD_DUPLICATE,
        )
    reported_at = cleaned.get("reported_at") or moment
    values = _model_values(kind, cleaned, unit)
    plan = publication_plan({**cleaned, "reported_at": reported_at}, kind=kind)
    late = working_days_between(values["decision_date"], _local_date(reported_at))
    book = _bookkeeping(kind, values, plan=plan, reported_at=reported_at, today=today, late=late)
    record = model(**{**values, **book})
    record.save()
    audit_record(
        actor=actor,
        event_type=f"credit.{kind}_record.created",
        target=record,
        target_label=record.decision_number,
        payload=_audit_payload(record, kind),
    )
    return record


def _lock(record: Record) -> Record:
    return type(record).objects.select_for_update().select_related("unit", "catalogue_item").get(pk=record.pk)


@transaction.atomic
def record_update(*, record: Record, data: Mapping[str, Any], actor: Actor, now: datetime | None = None) -> Record:
    """Correct a record: `data` holds the fields that change; the record is validated as a whole again and its
    publication plan recomputed (its first report time is kept). A record cannot move to another unit."""
    kind = record_kind(record)
    record = _lock(record)
    unit = record.unit
    _require_submit(actor, unit)
    if data.get("unit") not in (None, "") and _unit_from(data["unit"]).pk != unit.pk:
        raise _refuse_other_unit(record.decision_number, unit, _unit_from(data["unit"]))
    _check_reported_at(data, actor)
    moment, today = _now_and_today(now)
    merged = {**_record_as_data(record), **{k: v for k, v in data.items() if k != "unit"}}
    cleaned = _validated(kind, merged, unit, today)
    number = cleaned["decision_number"]
    if number != record.decision_number:
        clash = type(record).objects.filter(decision_number=number).exclude(pk=record.pk).exists()
        if clash:
            raise ServiceError.for_fields(
                {"decision_number": _("The decision %(number)s is already filed.") % {"number": number}},
                code=CreditError.RECORD_DUPLICATE,
            )
    before = _snapshot(record, kind)
    _apply(record, kind, cleaned, unit, moment, today)
    record.save()
    after = _snapshot(record, kind)
    changed = _changed(before, after)
    if changed:
        audit_record(
            actor=actor,
            event_type=f"credit.{kind}_record.updated",
            target=record,
            target_label=record.decision_number,
            payload={**_audit_payload(record, kind), "changed": changed, "status_before": before["status"]},
        )
    return record


@transaction.atomic
def record_upsert(
    *, kind: str, data: Mapping[str, Any], actor: Actor, now: datetime | None = None
) -> tuple[Record, bool]:
    """File a record, or replace the one with the same decision number (a re-import): returns (record, created).
    The replacement is the whole record as given; the first report time and a final status (revoked, repaired)
    are kept. A decision number filed by another unit is refused."""
    model = record_model(kind)
    unit = _unit_from(data.get("unit"))
    _require_submit(actor, unit)
    _check_reported_at(data, actor)
    moment, today = _now_and_today(now)
    cleaned = _validated(kind, data, unit, today)
    number = cleaned["decision_number"]
    existing = model.objects.select_for_update().select_related("unit").filter(decision_number=number).first()
    if existing is None:
        return record_create(kind=kind, data=data, actor=actor, now=now), True
    if existing.unit_id != unit.pk:
        raise _refuse_other_unit(number, existing.unit, unit)
    before = _snapshot(existing, kind)
    _apply(existing, kind, cleaned, unit, moment, today)
    existing.save()
    changed = _changed(before, _snapshot(existing, kind))
    audit_record(
        actor=actor,
        event_type=f"credit.{kind}_record.reimported",
        target=existing,
        target_label=existing.decision_number,
        payload={**_audit_payload(existing, kind), "changed": changed, "status_before": before["status"]},
    )
    return existing, False


@transaction.atomic
def record_revoke(*, record: Record, reason: str, actor: Actor) -> Record:
    """The decision was revoked (撤销): the record leaves public view for good (kept internally, with the reason
    in the audit trail). 行政处罚结果信息网上公示暂行办法: revoked decisions are removed within 5 working days."""
    kind = record_kind(record)
    record = _lock(record)
    _require_submit(actor, record.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.for_fields({"reason": _("Say why the decision was revoked.")}, code=CreditError.INVALID)
    if record.status == PublicationStatus.REVOKED:
        raise ServiceError(
            _("The decision %(number)s is already revoked.") % {"number": record.decision_number},
            code=CreditError.RECORD_ALREADY_REVOKED,
        )
    previous = record.status
    record.status = PublicationStatus.REVOKED
    record.is_public = False
    record.save(update_fields=["status", "is_public", "updated_at"])
    audit_record(
        actor=actor,
        event_type=f"credit.{kind}_record.revoked",
        target=record,
        target_label=record.decision_number,
        payload={**_audit_payload(record, kind), "reason": reason, "status_before": previous},
    )
    return record


@transaction.atomic
def records_expire(*, today: date, actor: Actor) -> int:
    """Take published penalties whose 公示截止期 is before `today` off public view (status expired; the rows are
    kept). Idempotent: a second run on the same day changes nothing. Returns the number of records expired.
    Licensing records never expire. Run daily by `expire_records_task` (huimin.credit.tasks)."""
    require(can_manage_credit(actor), _("Only the credit administrator may end publication periods."))
    due = PenaltyRecord.objects.select_for_update().filter(
        status=PublicationStatus.PUBLISHED, publication_deadline__lt=today
    )
    numbers = list(due.order_by("decision_number").values_list("decision_number", flat=True))
    if not numbers:
        return 0
    count = 0
    stamp = timezone.now()
    for chunk in _chunks(numbers, LOOKUP_CHUNK):
        count += PenaltyRecord.objects.filter(decision_number__in=chunk, status=PublicationStatus.PUBLISHED).update(
            status=PublicationStatus.EXPIRED, is_public=False, updated_at=stamp
        )
    audit_record(
        actor=actor,
        event_type="credit.penalty_records.expired",
        target_type="credit.penaltyrecord",
        target_label=_("publication periods ended on %(date)s") % {"date": today.isoformat()},
        payload={"today": today, "count": count, "decision_numbers": numbers},
    )
    return count


# --- the import fast path ------------------------------------------------------------------------------------------


def _chunks(items: list[Any], size: int) -> Iterable[list[Any]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


class WorkingDayCounter:
    """working_days_between for many pairs of dates: the calendar rows of the whole span are read once.

    Same rule as huimin.core.calendar: Monday–Friday, unless a CalendarDay row says holiday or workday."""

    def __init__(self, start: date, end: date):
        self.start = start
        self.end = max(start, end)
        overrides = dict(
            CalendarDay.objects.filter(date__gte=self.start, date__lte=self.end).values_list("date", "kind")
        )
        days = (self.end - self.start).days + 1
        cumulative = [0] * (days + 1)  # cumulative[i] = working days in [start, start + i)
        for i in range(days):
            d = self.start + timedelta(days=i)
            kind = overrides.get(d)
            working = kind == CalendarDay.Kind.WORKDAY or (kind != CalendarDay.Kind.HOLIDAY and d.weekday() < 5)
            cumulative[i + 1] = cumulative[i] + (1 if working else 0)
        self._cumulative = cumulative

    def between(self, start: date, end: date) -> int:
        """Working days in (start, end]; negative when end is before start."""
        if not (self.start <= start <= self.end and self.start <= end <= self.end):
            return working_days_between(start, end)
        i, j = (start - self.start).days, (end - self.start).days
        return self._cumulative[j + 1] - self._cumulative[i + 1]


@dataclass
class _Existing:
    pk: int
    public_id: Any
    unit_id: int
    unit_code: str
    status: str
    reported_at: datetime
    publication_start: date | None
    created_at: datetime


def decision_numbers_elsewhere(kind: str, numbers: Iterable[str], *, unit: ReportingUnit) -> dict[str, str]:
    """Of these decision numbers, those already filed by another unit: {number: that unit's code}. An importer
    reports them as bad rows before calling bulk_upsert, which refuses them."""
    model = record_model(kind)
    found: dict[str, str] = {}
    for chunk in _chunks(list(dict.fromkeys(numbers)), LOOKUP_CHUNK):
        rows = (
            model.objects.filter(decision_number__in=chunk)
            .exclude(unit=unit)
            .values_list("decision_number", "unit__code")
        )
        found.update(dict(rows))
    return found


@transaction.atomic
def bulk_upsert(
    kind: str,
    cleaned_rows: list[dict[str, Any]],
    *,
    unit: ReportingUnit,
    actor: Actor,
    now: datetime | None = None,
) -> tuple[int, int]:
    """File many validated records of one unit at once (the importer's fast path): new decision numbers are
    created, known ones replaced as record_upsert would. `cleaned_rows` are the cleaned dicts `validate_record`
    returned without errors (for this unit). Returns (created, updated). One audit event for the batch names the
    decision numbers. Refuses the whole batch when a decision number repeats in it or belongs to another unit."""
    model = record_model(kind)
    _require_submit(actor, unit)
    if not cleaned_rows:
        return 0, 0
    moment, today = _now_and_today(now)
    numbers = [row["decision_number"] for row in cleaned_rows]
    repeated = sorted(n for n, times in Counter(numbers).items() if times > 1)
    if repeated:
        raise ServiceError.for_fields(
            {
                "decision_number": _("These decision numbers appear more than once in the batch: %(numbers)s.")
                % {"numbers": ", ".join(repeated[:20])}
            },
            code=CreditError.RECORD_BATCH_DUPLICATE,
        )
    if not can_manage_credit(actor) and any(row.get("reported_at") for row in cleaned_rows):
        raise ServiceError.for_fields(
            {"reported_at": _("Only the credit administrator may set when a record was reported.")},
            code=CreditError.FORBIDDEN,
        )
    foreign = [
        row["decision_number"]
        for row in cleaned_rows
        if (row.get("unit") not in (None, unit))
        or (row.get("catalogue_item") is not None and row["catalogue_item"].unit_id != unit.pk)
    ]
    if foreign:
        raise ServiceError.for_fields(
            {"unit": _("Rows of another unit are in the batch: %(numbers)s.") % {"numbers": ", ".join(foreign[:20])}},
            code=CreditError.RECORD_OTHER_UNIT,
        )

    existing: dict[str, _Existing] = {}
    for chunk in _chunks(numbers, LOOKUP_CHUNK):
        for found in model.objects.filter(decision_number__in=chunk).values(
            "pk",
            "public_id",
            "decision_number",
            "unit_id",
            "unit__code",
            "status",
            "reported_at",
            "publication_start",
            "created_at",
        ):
            existing[found["decision_number"]] = _Existing(
                found["pk"],
                found["public_id"],
                found["unit_id"],
                found["unit__code"],
                found["status"],
                found["reported_at"],
                found["publication_start"],
                found["created_at"],
            )
    elsewhere = sorted(n for n, e in existing.items() if e.unit_id != unit.pk)
    if elsewhere:
        raise ServiceError.for_fields(
            {
                "decision_number": _(
                    "These decisions are already filed by another unit and cannot move to %(unit)s: %(numbers)s."
                )
                % {"unit": unit.code, "numbers": ", ".join(f"{n} ({existing[n].unit_code})" for n in elsewhere[:20])}
            },
            code=CreditError.RECORD_OTHER_UNIT,
        )

    regimes = RegimeTable.load() if kind == CatalogueKind.PENALTY else None
    local_dates: dict[datetime, date] = {}  # most rows share one report time: convert each distinct one once

    def local_date(moment_: datetime) -> date:
        found = local_dates.get(moment_)
        if found is None:
            found = local_dates[moment_] = _local_date(moment_)
        return found

    reported_dates = [local_date(row.get("reported_at") or moment) for row in cleaned_rows]
    reported_dates += [local_date(e.reported_at) for e in existing.values()]
    counter = WorkingDayCounter(min(row["decision_date"] for row in cleaned_rows), max(reported_dates))
    to_create: list[Record] = []
    to_update: list[Record] = []
    fast = connection.vendor == "postgresql"  # COPY path: plain dicts, no model instances
    plans: dict[tuple[Any, ...], Plan] = {}
    copy_rows: list[dict[str, Any]] = []
    created_numbers: list[str] = []
    updated_numbers: list[str] = []
    for row in cleaned_rows:
        number = row["decision_number"]
        ex = existing.get(number)
        reported_at = row.get("reported_at") or (ex.reported_at if ex else moment)
        values = _model_values(kind, row, unit)
        # The plan's periods depend only on these values (its start, from reported_at, is not used here).
        item = row.get("catalogue_item")
        plan_key = (
            row.get("decision_date"),
            row.get("sector") or getattr(item, "sector", ""),
            tuple(row.get("categories") or ()),
            row.get("procedure"),
            row.get("fine_amount"),
            row.get("publication_deadline"),
        )
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = publication_plan({**row, "reported_at": reported_at}, kind=kind, regimes=regimes)
        reported_date = local_date(reported_at)
        late = counter.between(values["decision_date"], reported_date)
        book = _bookkeeping(
            kind,
            values,
            plan=plan,
            reported_at=reported_at,
            today=today,
            late=late,
            previous_status=ex.status if ex else None,
            previous_start=ex.publication_start if ex and ex.status != PublicationStatus.NOT_PUBLISHED else None,
            reported_date=reported_date,
        )
        if fast:
            copy_rows.append({**values, **book})  # a replaced record keeps id, public_id, created_at (bulk.py)
            (created_numbers if ex is None else updated_numbers).append(number)
            continue
        obj = model(**{**values, **book})
        if ex is None:
            to_create.append(obj)
        else:
            obj.pk = ex.pk
            obj.public_id = ex.public_id
            obj.created_at = ex.created_at
            obj.updated_at = moment
            to_update.append(obj)
    if fast:
        copy_upsert(kind, copy_rows, unit=unit, now=moment)
    else:
        created_numbers = [o.decision_number for o in to_create]
        updated_numbers = [o.decision_number for o in to_update]
    if to_create:
        model.objects.bulk_create(to_create, batch_size=CREATE_BATCH)  # type: ignore[arg-type]
    if to_update:
        fields = [f for f in (*record_fields(kind), *BOOKKEEPING_FIELDS[kind], "updated_at")]
        model.objects.bulk_update(to_update, fields=fields, batch_size=UPDATE_BATCH)  # type: ignore[arg-type]
    audit_record(
        actor=actor,
        event_type=f"credit.{kind}_records.imported",
        target=unit,
        target_label=unit.code,
        payload={
            "kind": kind,
            "unit": unit.code,
            "created": created_numbers,
            "updated": updated_numbers,
        },
    )
    return len(created_numbers), len(updated_numbers)
