"""Writes of 双公示 records: file, correct, re-import, revoke, and take expired penalties off public view.

Every write checks the actor's scope (huimin.credit.permissions), validates the whole record with
`huimin.credit.rules.validate_record`, computes the publication bookkeeping from `publication_plan`, and records an
audit event in the same transaction (one per record for single writes, one per batch for `records_bulk_upsert`, one per
run for `records_expire`).

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
import json
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

from ..bulk import (  # PostgreSQL: COPY (+ INSERT … ON CONFLICT)
    LOOKUP_CHUNK,
    AlreadyFiled,
    JSONEncoder,
    copy_upsert,
    new_public_ids,
)
from ..error_codes import CreditError
from ..events import CreditEvent, record_event, records_imported_event
from ..models import (
    CatalogueKind,
    LicensingRecord,
    PenaltyRecord,
    PublicationStatus,
    ReportingUnit,
)
from ..permissions import can_manage_credit, can_submit_records
from ..rules import FieldError, Plan, RegimeTable, publication_plan, record_fields, validate_record
from ..states import EXPIRE, FINAL_STATUSES, PUBLICATION_MACHINE, REVOKE, planned_status

RecordModel = type[LicensingRecord] | type[PenaltyRecord]
Record = LicensingRecord | PenaltyRecord

LATE_AFTER_WORKING_DAYS = 7  # 国发〔2016〕33号 §17, 国办发〔2019〕35号 §15
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


def _record_model(kind: str) -> RecordModel:
    if kind == CatalogueKind.LICENSING:
        return LicensingRecord
    if kind == CatalogueKind.PENALTY:
        return PenaltyRecord
    raise ServiceError.for_fields(
        {"kind": _("“%(kind)s” is not a kind of record; use licensing or penalty.") % {"kind": kind}},
        code=CreditError.INVALID,
    )


def _record_kind(record: Record) -> str:
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
    model = _record_model(kind)
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
    if previous_status in FINAL_STATUSES:  # repaired, revoked: kept as they are
        book.update(status=previous_status, is_public=False, publication_start=previous_start)
        return book
    if not plan.published:
        planned, start = PublicationStatus.NOT_PUBLISHED, None
    elif plan.deadline is not None and plan.deadline < today:
        # Past its 公示截止期: kept, off public view. It was public from its first report if that came in time.
        planned = PublicationStatus.EXPIRED
        start = previous_start or (reported_date if reported_date <= plan.deadline else None)
    else:
        planned, start = PublicationStatus.PUBLISHED, previous_start or reported_date
    status = planned_status(previous_status, planned)
    book.update(status=status, is_public=status == PublicationStatus.PUBLISHED, publication_start=start)
    return book


def _record_as_data(record: Record) -> dict[str, Any]:
    """The record's current values in the shape validate_record reads (to validate a correction as a whole)."""
    kind = _record_kind(record)
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
    model = _record_model(kind)
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
        event_type=record_event(kind, "created"),
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
    kind = _record_kind(record)
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
            event_type=record_event(kind, "updated"),
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
    model = _record_model(kind)
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
        event_type=record_event(kind, "reimported"),
        target=existing,
        target_label=existing.decision_number,
        payload={**_audit_payload(existing, kind), "changed": changed, "status_before": before["status"]},
    )
    return existing, False


@transaction.atomic
def record_revoke(*, record: Record, reason: str, actor: Actor) -> Record:
    """The decision was revoked (撤销): the record leaves public view for good (kept internally, with the reason
    in the audit trail). 行政处罚结果信息网上公示暂行办法: revoked decisions are removed within 5 working days."""
    kind = _record_kind(record)
    record = _lock(record)
    _require_submit(actor, record.unit)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.for_fields({"reason": _("Say why the decision was revoked.")}, code=CreditError.INVALID)
    previous = PUBLICATION_MACHINE.apply(record, REVOKE, number=record.decision_number)
    record.is_public = False
    record.save(update_fields=["status", "is_public", "updated_at"])
    audit_record(
        actor=actor,
        event_type=record_event(kind, "revoked"),
        target=record,
        target_label=record.decision_number,
        payload={**_audit_payload(record, kind), "reason": reason, "status_before": previous},
    )
    return record


@transaction.atomic
def records_expire(*, today: date, actor: Actor, now: datetime | None = None) -> int:
    """Take published penalties whose 公示截止期 is before `today` off public view (status expired; the rows are
    kept; `now` is when they changed). Idempotent: a second run on the same day changes nothing. Returns the number
    of records expired. Licensing records never expire. Run daily by `expire_records_task` (huimin.credit.tasks)."""
    require(can_manage_credit(actor), _("Only the credit administrator may end publication periods."))
    expire = PUBLICATION_MACHINE[EXPIRE]
    due = PenaltyRecord.objects.select_for_update().filter(status__in=expire.sources, publication_deadline__lt=today)
    numbers = list(due.order_by("decision_number").values_list("decision_number", flat=True))
    if not numbers:
        return 0
    count = 0
    stamp = now or timezone.now()
    for chunk in _chunks(numbers, LOOKUP_CHUNK):
        count += PenaltyRecord.objects.filter(decision_number__in=chunk, status__in=expire.sources).update(
            status=expire.target, is_public=False, updated_at=stamp
        )
    audit_record(
        actor=actor,
        event_type=CreditEvent.PENALTY_RECORDS_EXPIRED,
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


@transaction.atomic
def records_bulk_upsert(
    *,
    kind: str,
    cleaned_rows: list[dict[str, Any]],
    unit: ReportingUnit,
    actor: Actor,
    now: datetime | None = None,
) -> tuple[int, int]:
    """File many validated records of one unit at once (the importer's fast path): new decision numbers are
    created, known ones replaced as record_upsert would. `cleaned_rows` are the cleaned dicts `validate_record`
    returned without errors (for this unit). Returns (created, updated). One audit event for the batch names the
    decision numbers. Refuses the whole batch when a decision number repeats in it or belongs to another unit."""
    model = _record_model(kind)
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
        if ((given := row.get("unit")) is not None and given is not unit and given != unit)
        or ((item := row.get("catalogue_item")) is not None and item.unit_id != unit.pk)
    ]
    if foreign:
        raise ServiceError.for_fields(
            {"unit": _("Rows of another unit are in the batch: %(numbers)s.") % {"numbers": ", ".join(foreign[:20])}},
            code=CreditError.RECORD_OTHER_UNIT,
        )

    if connection.vendor == "postgresql":
        try:
            # Most batches of an import are all new: written by a plain COPY without looking anything up first.
            columns, rows, created_numbers, updated_numbers = _copy_rows(
                kind, cleaned_rows, {}, unit=unit, moment=moment, today=today
            )
            copy_upsert(kind, rows, unit=unit, now=moment, columns=columns, fresh=True)
        except AlreadyFiled:
            existing = _existing_records(model, numbers)
            _refuse_elsewhere(existing, unit)
            columns, rows, created_numbers, updated_numbers = _copy_rows(
                kind, cleaned_rows, existing, unit=unit, moment=moment, today=today
            )
            copy_upsert(kind, rows, unit=unit, now=moment, columns=columns)
    else:
        existing = _existing_records(model, numbers)
        _refuse_elsewhere(existing, unit)
        created_numbers, updated_numbers = _orm_batch(
            kind, model, cleaned_rows, existing, unit=unit, moment=moment, today=today
        )
    audit_record(
        actor=actor,
        event_type=records_imported_event(kind),
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


def _refuse_elsewhere(existing: Mapping[str, _Existing], unit: ReportingUnit) -> None:
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


def _existing_records(model: RecordModel, numbers: list[str]) -> dict[str, _Existing]:
    """The records already filed under these decision numbers, by number."""
    existing: dict[str, _Existing] = {}
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                'SELECT r."id", r."public_id", r."decision_number", r."unit_id", u."code", r."status", '  # nosec B608 # noqa: S608
                'r."reported_at", r."publication_start", r."created_at" '
                f'FROM "{model._meta.db_table}" r '
                f'JOIN "{ReportingUnit._meta.db_table}" u ON u."id" = r."unit_id" '
                'WHERE r."decision_number" = ANY(%s)',
                [numbers],
            )
            for pk, public_id, number, unit_id, code, status, reported_at, start, created_at in cursor.fetchall():
                existing[number] = _Existing(pk, public_id, unit_id, code, status, reported_at, start, created_at)
        return existing
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
    return existing


class _LocalDates(dict[datetime, date]):
    """Local dates of report times: most rows share one, converted once."""

    def __missing__(self, moment: datetime) -> date:
        found = self[moment] = _local_date(moment)
        return found


def _plan_key(row: Mapping[str, Any]) -> tuple[Any, ...]:
    """What a record's publication periods depend on (the plan's start, from reported_at, is not used here)."""
    get = row.get
    return (
        get("decision_date"),
        get("sector") or getattr(get("catalogue_item"), "sector", ""),
        tuple(get("categories") or ()),
        get("procedure"),
        get("fine_amount"),
        get("publication_deadline"),
    )


def _working_days(
    rows: list[dict[str, Any]], existing: Mapping[str, _Existing], moment: datetime, local: _LocalDates
) -> WorkingDayCounter:
    reported = {row.get("reported_at") or moment for row in rows} | {e.reported_at for e in existing.values()}
    return WorkingDayCounter(min(row["decision_date"] for row in rows), max(local[r] for r in reported))


@functools.cache
def _copy_layout(kind: str) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """The COPY columns records_bulk_upsert writes, as groups in this order: text fields of the record (blank is ""),
    its other plain fields, its JSON fields, then catalogue_item, the bookkeeping fields, unit, created_at and
    updated_at, public_id."""
    model = _record_model(kind)
    names, texts = _value_fields(kind)
    book = BOOKKEEPING_FIELDS[kind]
    jsons = tuple(f.name for f in model._meta.concrete_fields if isinstance(f, models.JSONField) and f.name in names)
    own = [n for n in names if n not in book and n != "catalogue_item"]
    plain = tuple(n for n in own if n not in texts and n not in jsons)
    text = tuple(n for n in own if n in texts)
    return text, plain, jsons, book


def _copy_rows(
    kind: str,
    cleaned_rows: list[dict[str, Any]],
    existing: Mapping[str, _Existing],
    *,
    unit: ReportingUnit,
    moment: datetime,
    today: date,
) -> tuple[list[str], list[list[Any]], list[str], list[str]]:
    """records_bulk_upsert on PostgreSQL: (columns, rows, created numbers, updated numbers), every row one list of COPY
    values in column order (no model instance, no dict per row); the bookkeeping is computed once per distinct
    (plan, report time, previous status and start)."""
    texts, plains, jsons, book_names = _copy_layout(kind)
    columns = [*texts, *plains, *jsons, "catalogue_item", *book_names, "unit", "created_at", "updated_at", "public_id"]
    regime_at = book_names.index("regime") if "regime" in book_names else None
    regimes = RegimeTable.load() if kind == CatalogueKind.PENALTY else None
    local = _LocalDates()
    counter = _working_days(cleaned_rows, existing, moment, local)
    plans: dict[tuple[Any, ...], Plan] = {}
    books: dict[tuple[Any, ...], list[Any]] = {}
    json_texts: dict[tuple[Any, ...], str] = {}
    tail = [unit.pk, moment, moment]
    created_numbers: list[str] = []
    updated_numbers: list[str] = []
    out_rows: list[list[Any]] = []
    # A new record's public_id (a replaced one keeps its own: copy_upsert never updates it).
    public_ids = iter(new_public_ids(len(cleaned_rows)))
    for row in cleaned_rows:
        get = row.get
        number = row["decision_number"]
        ex = existing.get(number)
        if ex is None:
            reported_at = get("reported_at") or moment
            previous_status = previous_start = None
            created_numbers.append(number)
        else:
            reported_at = get("reported_at") or ex.reported_at
            previous_status = ex.status
            previous_start = ex.publication_start if ex.status != PublicationStatus.NOT_PUBLISHED else None
            updated_numbers.append(number)
        plan_key = _plan_key(row)
        book_key = (plan_key, reported_at, previous_status, previous_start)
        book = books.get(book_key)
        if book is None:
            plan = plans.get(plan_key)
            if plan is None:
                plan = plans[plan_key] = publication_plan(
                    {**row, "reported_at": reported_at}, kind=kind, regimes=regimes
                )
            reported_date = local[reported_at]
            values = _bookkeeping(
                kind,
                row,
                plan=plan,
                reported_at=reported_at,
                today=today,
                late=counter.between(row["decision_date"], reported_date),
                previous_status=previous_status,
                previous_start=previous_start,
                reported_date=reported_date,
            )
            book = books[book_key] = [values[name] for name in book_names]
            if regime_at is not None and book[regime_at] is not None:
                book[regime_at] = book[regime_at].pk
        out = [("" if (v := get(n)) is None else v) for n in texts]
        out += [get(n) for n in plains]
        for name in jsons:
            value = get(name)
            if value is not None:
                key = tuple(value) if isinstance(value, list) else None
                text = json_texts.get(key) if key is not None else None
                if text is None:
                    text = json.dumps(value, ensure_ascii=False, cls=JSONEncoder)
                    if key is not None:
                        json_texts[key] = text
                value = text
            out.append(value)
        item = get("catalogue_item")
        if isinstance(item, models.Model):
            item = item.pk
        elif item is None:
            item = get("catalogue_item_id")
        out.append(item)
        out += book
        out += tail
        out.append(next(public_ids))
        out_rows.append(out)
    return columns, out_rows, created_numbers, updated_numbers


def _orm_batch(
    kind: str,
    model: RecordModel,
    cleaned_rows: list[dict[str, Any]],
    existing: Mapping[str, _Existing],
    *,
    unit: ReportingUnit,
    moment: datetime,
    today: date,
) -> tuple[list[str], list[str]]:
    """records_bulk_upsert elsewhere: model instances through bulk_create / bulk_update."""
    regimes = RegimeTable.load() if kind == CatalogueKind.PENALTY else None
    local = _LocalDates()
    counter = _working_days(cleaned_rows, existing, moment, local)
    to_create: list[Record] = []
    to_update: list[Record] = []
    plans: dict[tuple[Any, ...], Plan] = {}
    for row in cleaned_rows:
        number = row["decision_number"]
        ex = existing.get(number)
        reported_at = row.get("reported_at") or (ex.reported_at if ex else moment)
        values = _model_values(kind, row, unit)
        plan_key = _plan_key(row)
        plan = plans.get(plan_key)
        if plan is None:
            plan = plans[plan_key] = publication_plan({**row, "reported_at": reported_at}, kind=kind, regimes=regimes)
        reported_date = local[reported_at]
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
        obj = model(**{**values, **book})
        if ex is None:
            to_create.append(obj)
        else:
            obj.pk = ex.pk
            obj.public_id = ex.public_id
            obj.created_at = ex.created_at
            obj.updated_at = moment
            to_update.append(obj)
    if to_create:
        model.objects.bulk_create(to_create, batch_size=CREATE_BATCH)  # type: ignore[arg-type]
    if to_update:
        fields = [f for f in (*record_fields(kind), *BOOKKEEPING_FIELDS[kind], "updated_at")]
        model.objects.bulk_update(to_update, fields=fields, batch_size=UPDATE_BATCH)  # type: ignore[arg-type]
    return [o.decision_number for o in to_create], [o.decision_number for o in to_update]
