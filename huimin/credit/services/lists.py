"""Joint-punishment memoranda (联合惩戒合作备忘录) and list entries (REFERENCE.md §3.5): create, remove, import.

Every write is the credit administrator's. An entry names its subject by unified social credit code, by resident
ID number (a natural person, e.g. a legal representative on the 失信被执行人 list) or at least by name; it is in
force from `start_date` to `end_date` (open when blank) unless removed earlier. Its effect on purchased services
(block or warn) defaults to LIST_DEFAULT_EFFECT of its list.

Imports take rows keyed by the Chinese headers of IMPORT_HEADERS (from `huimin.credit.listfiles.parse_list_file` for
.xlsx and .csv files). They are all-or-nothing: one bad row and nothing is imported, unless `valid_only` asks for the
good rows. Every bad row is reported with its row number, column and reason.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.core.validators import check_resident_id, check_uscc, normalize_identifier

from ..events import CreditEvent
from ..listfiles import (
    H_AUTHORITY,
    H_DOCUMENT,
    H_END,
    H_ID,
    H_LIST,
    H_NAME,
    H_REASON,
    H_START,
    H_USCC,
    LIST_TYPE_NAMES,
    REQUIRED_HEADERS,
    ROW_KEY,
    cell_text,
    normalize_header,
    parse_date,
    parse_list_type,
)
from ..models import ListEffect, ListEntry, ListType, Memorandum
from ..models.lists import LIST_DEFAULT_EFFECT
from ..permissions import can_manage_credit
from ..states import list_entry_require_removable

# --- permissions ---------------------------------------------------------------------------------------------------


def _require_manager(actor: Actor) -> None:
    if not can_manage_credit(actor):
        raise PermissionDenied(_("Only the credit administrator may manage joint-punishment memoranda and lists."))


# --- memoranda -----------------------------------------------------------------------------------------------------


@transaction.atomic
def memorandum_create(
    *,
    code: str,
    title: str,
    signed_on: date | None,
    forwarded_on: date | None,
    list_type: str,
    bars_purchased_services: bool,
    measures: str = "",
    actor: Actor,
) -> Memorandum:
    """Record a joint-punishment memorandum forwarded to the units (its document number is unique)."""
    _require_manager(actor)
    code = (code or "").strip()
    title = (title or "").strip()
    errors: dict[str, str] = {}
    if not code:
        errors["code"] = _("The memorandum's document number is required, e.g. 发改财金〔2018〕1614号.")
    elif Memorandum.objects.filter(code=code).exists():
        errors["code"] = _("A memorandum with the document number %(code)s is already recorded.") % {"code": code}
    if not title:
        errors["title"] = _("The memorandum's title is required.")
    if list_type not in ListType.values:
        errors["list_type"] = _("Unknown list “%(value)s”.") % {"value": list_type}
    if signed_on and forwarded_on and forwarded_on < signed_on:
        errors["forwarded_on"] = _(
            "The memorandum cannot be forwarded (%(forwarded)s) before it was signed (%(signed)s)."
        ) % {"forwarded": forwarded_on.isoformat(), "signed": signed_on.isoformat()}
    if errors:
        raise ServiceError.for_fields(errors)
    memo = Memorandum.objects.create(
        code=code,
        title=title,
        signed_on=signed_on,
        forwarded_on=forwarded_on,
        list_type=list_type,
        bars_purchased_services=bool(bars_purchased_services),
        measures=(measures or "").strip(),
    )
    audit_record(
        actor=actor,
        event_type=CreditEvent.MEMORANDUM_CREATED,
        target=memo,
        payload={
            "code": memo.code,
            "title": memo.title,
            "signed_on": memo.signed_on,
            "forwarded_on": memo.forwarded_on,
            "list_type": memo.list_type,
            "bars_purchased_services": memo.bars_purchased_services,
        },
    )
    return memo


# --- list entries --------------------------------------------------------------------------------------------------


@dataclass
class _EntryData:
    list_type: str
    subject_name: str
    subject_uscc: str
    person_id_number: str
    start_date: date | None
    end_date: date | None
    reason: str
    decided_by: str
    document_number: str
    memorandum: Memorandum | None
    effect: str


def _clean_entry(data: _EntryData) -> dict[str, list[str]]:
    """Normalize `data` in place; return the errors per field (model field names)."""
    errors: dict[str, list[str]] = {}

    def add(name: str, message: str) -> None:
        errors.setdefault(name, []).append(message)

    data.subject_name = (data.subject_name or "").strip()
    data.reason = (data.reason or "").strip()
    data.decided_by = (data.decided_by or "").strip()
    data.document_number = (data.document_number or "").strip()
    if data.list_type not in ListType.values:
        add("list_type", _("Unknown list “%(value)s”.") % {"value": data.list_type})
    if data.effect is None or data.effect == "":
        data.effect = LIST_DEFAULT_EFFECT.get(data.list_type, ListEffect.WARN)
    elif data.effect not in ListEffect.values:
        add("effect", _("Unknown effect “%(value)s”: use block or warn.") % {"value": data.effect})
    if data.subject_uscc:
        result = check_uscc(data.subject_uscc)
        if result.valid:
            data.subject_uscc = result.code
        else:
            for message in result.errors:
                add("subject_uscc", message)
    if data.person_id_number:
        id_result = check_resident_id(data.person_id_number)
        if id_result.valid:
            data.person_id_number = id_result.number
        else:
            for message in id_result.errors:
                add("person_id_number", message)
    if not (data.subject_name or data.subject_uscc or data.person_id_number) and not errors.get("subject_uscc"):
        add("subject_name", _("Give the listed subject's name, credit code or resident ID number."))
    if data.start_date is None:
        add("start_date", _("The listing date is required."))
    elif data.end_date is not None and data.end_date < data.start_date:
        add(
            "end_date",
            _("The end date %(end)s is before the listing date %(start)s.")
            % {"end": data.end_date.isoformat(), "start": data.start_date.isoformat()},
        )
    memo = data.memorandum
    if memo is not None and memo.list_type != data.list_type and data.list_type in ListType.values:
        add(
            "memorandum",
            _("Memorandum %(code)s acts on the list “%(memo_list)s”, not on “%(list)s”.")
            % {
                "code": memo.code,
                "memo_list": ListType(memo.list_type).label,
                "list": ListType(data.list_type).label,
            },
        )
    return errors


def _subject_key(list_type: str, uscc: str, person_id: str, name: str, start: date | None) -> tuple:
    """Identity of an entry for the duplicate rule: same list, same subject (code, else ID, else name), same start."""
    if uscc:
        return (list_type, "uscc", uscc, start)
    if person_id:
        return (list_type, "id", person_id, start)
    return (list_type, "name", name, start)


_IN_CHUNK = 500  # identifiers per IN (…) clause: well inside every database's parameter limit


def _active_duplicates(keys: Iterable[tuple]) -> set[tuple]:
    """Which of the keys already have an entry that is not removed (one query per 500 identifiers of each kind)."""
    wanted = set(keys)
    if not wanted:
        return set()
    by_kind: dict[str, set[str]] = {"uscc": set(), "id": set(), "name": set()}
    for _list_type, kind, value, _start in wanted:
        by_kind[kind].add(value)
    field_of = {"uscc": "subject_uscc", "id": "person_id_number", "name": "subject_name"}
    found: set[tuple] = set()
    for kind, values in by_kind.items():
        ordered = sorted(values)
        for i in range(0, len(ordered), _IN_CHUNK):
            rows = ListEntry.objects.filter(
                removed_on__isnull=True, **{f"{field_of[kind]}__in": ordered[i : i + _IN_CHUNK]}
            ).values_list("list_type", "subject_uscc", "person_id_number", "subject_name", "start_date")
            for list_type, uscc, person_id, name, start in rows:
                key = _subject_key(list_type, uscc, person_id, name, start)
                if key in wanted:
                    found.add(key)
    return found


def _duplicate_message(data: _EntryData) -> str:
    return _("%(name)s is already on the list “%(list)s” from %(start)s.") % {
        "name": data.subject_name or data.subject_uscc or data.person_id_number,
        "list": ListType(data.list_type).label,
        "start": data.start_date.isoformat() if data.start_date else "",
    }


def _snapshot(entry: ListEntry) -> dict[str, Any]:
    return {
        "list_type": entry.list_type,
        "effect": entry.effect,
        "subject_name": entry.subject_name,
        "subject_uscc": entry.subject_uscc,
        "person_id_number": _mask_id(entry.person_id_number),
        "start_date": entry.start_date,
        "end_date": entry.end_date,
        "decided_by": entry.decided_by,
        "document_number": entry.document_number,
        "memorandum": entry.memorandum.code if entry.memorandum else "",
    }


def _mask_id(number: str) -> str:
    """Keep the first 6 and last 4 characters of an ID number (REFERENCE.md §3.6): audit payloads are widely read."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


def _build(data: _EntryData) -> ListEntry:
    if data.start_date is None:  # pragma: no cover - _clean_entry refuses it
        raise ValueError("a list entry needs its start date")
    return ListEntry(
        list_type=data.list_type,
        effect=data.effect,
        memorandum=data.memorandum,
        subject_name=data.subject_name,
        subject_uscc=data.subject_uscc,
        person_id_number=data.person_id_number,
        reason=data.reason,
        decided_by=data.decided_by,
        document_number=data.document_number,
        start_date=data.start_date,
        end_date=data.end_date,
    )


@transaction.atomic
def list_entry_add(
    *,
    list_type: str,
    subject_name: str,
    subject_uscc: str = "",
    person_id_number: str = "",
    start_date: date,
    end_date: date | None = None,
    reason: str = "",
    decided_by: str = "",
    document_number: str = "",
    memorandum: Memorandum | None = None,
    effect: str | None = None,
    actor: Actor,
) -> ListEntry:
    """Put a subject on a list. The credit code and resident ID are checked (GB 32100 / GB 11643); an entry for the
    same list, subject and start date that is not removed is refused."""
    _require_manager(actor)
    data = _EntryData(
        list_type=list_type,
        subject_name=subject_name,
        subject_uscc=normalize_identifier(subject_uscc),
        person_id_number=normalize_identifier(person_id_number),
        start_date=start_date,
        end_date=end_date,
        reason=reason,
        decided_by=decided_by,
        document_number=document_number,
        memorandum=memorandum,
        effect=effect or "",
    )
    errors = _clean_entry(data)
    if errors:
        raise ServiceError.for_fields(errors)
    key = _subject_key(data.list_type, data.subject_uscc, data.person_id_number, data.subject_name, data.start_date)
    if _active_duplicates([key]):
        raise ServiceError(_duplicate_message(data), code="list_entry_duplicate")
    entry = _build(data)
    entry.save()
    audit_record(actor=actor, event_type=CreditEvent.LIST_ENTRY_ADDED, target=entry, payload=_snapshot(entry))
    return entry


@transaction.atomic
def list_entry_remove(*, entry: ListEntry, on: date, reason: str, actor: Actor) -> ListEntry:
    """Take a subject off a list as of `on` (no longer in force from that day). A reason is required."""
    _require_manager(actor)
    entry = ListEntry.objects.select_for_update().get(pk=entry.pk)
    reason = (reason or "").strip()
    errors: dict[str, str] = {}
    list_entry_require_removable(entry)
    if not reason:
        errors["reason"] = _("Give the reason for the removal.")
    if on is None:
        errors["on"] = _("Give the date of the removal.")
    elif on < entry.start_date:
        errors["on"] = _("The removal date %(on)s is before the listing date %(start)s.") % {
            "on": on.isoformat(),
            "start": entry.start_date.isoformat(),
        }
    if errors:
        raise ServiceError.for_fields(errors)
    entry.removed_on = on
    entry.removal_reason = reason
    entry.save(update_fields=["removed_on", "removal_reason"])
    audit_record(
        actor=actor,
        event_type=CreditEvent.LIST_ENTRY_REMOVED,
        target=entry,
        payload={"removed_on": on, "reason": reason, "list_type": entry.list_type},
    )
    return entry


# --- import --------------------------------------------------------------------------------------------------------

_FIELD_HEADER = {
    "list_type": H_LIST,
    "subject_name": H_NAME,
    "subject_uscc": H_USCC,
    "person_id_number": H_ID,
    "start_date": H_START,
    "end_date": H_END,
    "reason": H_REASON,
    "decided_by": H_AUTHORITY,
    "document_number": H_DOCUMENT,
    "effect": H_LIST,
    "memorandum": H_LIST,
}


@dataclass(frozen=True)
class RowError:
    row: int  # the row number in the file (the header is row 1)
    column: str  # the Chinese header
    message: str


@dataclass
class ImportReport:
    total: int = 0  # data rows read (blank rows are not counted)
    imported: int = 0
    rejected_rows: int = 0
    errors: list[RowError] = field(default_factory=list)
    entries: list[str] = field(default_factory=list)  # public ids of the imported entries

    @property
    def ok(self) -> bool:
        return not self.errors


def _row_to_data(row: Mapping[str, Any], errors: list[tuple[str, str]]) -> _EntryData:
    def text(header: str) -> str:
        return cell_text(row.get(header))

    list_text = text(H_LIST)
    list_type = ""
    if not list_text:
        errors.append((H_LIST, _("The list type is required.")))
    else:
        parsed = parse_list_type(list_text)
        if parsed is None:
            errors.append(
                (
                    H_LIST,
                    _("Unknown list “%(value)s”; use one of: %(names)s.")
                    % {"value": list_text, "names": "、".join(sorted(set(LIST_TYPE_NAMES) - {"其他"})) + "、其他"},
                )
            )
        else:
            list_type = parsed
    dates: dict[str, date | None] = {}
    for header in (H_START, H_END):
        raw = row.get(header)
        try:
            dates[header] = parse_date(raw)
        except (ValueError, OverflowError):
            dates[header] = None
            errors.append(
                (
                    header,
                    _("“%(value)s” is not a date; write it as YYYY-MM-DD or YYYY/MM/DD.") % {"value": cell_text(raw)},
                )
            )
    return _EntryData(
        list_type=list_type,
        subject_name=text(H_NAME),
        subject_uscc=normalize_identifier(text(H_USCC)),
        person_id_number=normalize_identifier(text(H_ID)),
        start_date=dates[H_START],
        end_date=dates[H_END],
        reason=text(H_REASON),
        decided_by=text(H_AUTHORITY),
        document_number=text(H_DOCUMENT),
        memorandum=None,
        effect="",
    )


@transaction.atomic
def list_entries_import(*, rows: list[dict], actor: Actor, valid_only: bool = False) -> ImportReport:
    """Import list entries from rows keyed by the Chinese headers (IMPORT_HEADERS; aliases accepted).

    Every bad row is reported (row number, column, reason). With any bad row nothing is imported, unless
    `valid_only`, which imports the good rows. Rows are numbered by their ROW_KEY (as `parse_list_file` gives
    them) or else by position, the header being row 1. Rows that repeat an active entry (same list, subject and
    start date) or an earlier row of the same file are bad rows. One audit event for the whole import.
    """
    _require_manager(actor)
    report = ImportReport()
    normalized_rows: list[tuple[int, dict[str, Any]]] = []
    headers_seen: set[str] = set()
    for index, raw in enumerate(rows):
        number = int(raw.get(ROW_KEY) or index + 2)
        row = {normalize_header(k): v for k, v in raw.items() if k != ROW_KEY}
        headers_seen.update(row)
        if all(cell_text(v) == "" for v in row.values()):
            continue
        normalized_rows.append((number, row))
    report.total = len(normalized_rows)
    if normalized_rows:
        missing = [h for h in REQUIRED_HEADERS if h not in headers_seen]
        identity = {H_NAME, H_USCC, H_ID}
        if not identity & headers_seen:
            missing.append(f"{H_NAME} / {H_USCC} / {H_ID}")
        if missing:
            for header in missing:
                message = _("The column “%(column)s” is missing.") % {"column": header}
                report.errors.append(RowError(row=1, column=header, message=message))
            report.rejected_rows = report.total
            return report

    candidates: list[tuple[int, _EntryData, tuple]] = []
    bad_rows: set[int] = set()
    seen_in_file: dict[tuple, int] = {}
    for number, row in normalized_rows:
        row_errors: list[tuple[str, str]] = []
        data = _row_to_data(row, row_errors)
        field_errors = _clean_entry(data)
        for field_name, messages in field_errors.items():
            if field_name == "list_type" and any(c == H_LIST for c, _m in row_errors):
                continue  # already reported from the cell text
            if field_name == "start_date" and any(c == H_START for c, _m in row_errors):
                continue  # the cell is not a date: reported above
            for message in messages:
                row_errors.append((_FIELD_HEADER.get(field_name, field_name), message))
        if row_errors:
            bad_rows.add(number)
            report.errors.extend(RowError(row=number, column=c, message=m) for c, m in row_errors)
            continue
        key = _subject_key(data.list_type, data.subject_uscc, data.person_id_number, data.subject_name, data.start_date)
        if key in seen_in_file:
            bad_rows.add(number)
            report.errors.append(
                RowError(
                    row=number,
                    column=_identity_header(data),
                    message=_("Row %(row)s already lists the same subject on the same list from the same date.")
                    % {"row": seen_in_file[key]},
                )
            )
            continue
        seen_in_file[key] = number
        candidates.append((number, data, key))

    existing = _active_duplicates(key for _n, _d, key in candidates)
    good: list[_EntryData] = []
    for number, data, key in candidates:
        if key in existing:
            bad_rows.add(number)
            report.errors.append(RowError(row=number, column=_identity_header(data), message=_duplicate_message(data)))
        else:
            good.append(data)
    report.errors.sort(key=lambda e: e.row)
    report.rejected_rows = len(bad_rows)
    if report.errors and not valid_only:
        return report
    if not good:
        return report
    entries = ListEntry.objects.bulk_create([_build(d) for d in good], batch_size=1000)
    report.imported = len(entries)
    report.entries = [str(e.public_id) for e in entries]
    counts: dict[str, int] = {}
    for e in entries:
        counts[e.list_type] = counts.get(e.list_type, 0) + 1
    audit_record(
        actor=actor,
        event_type=CreditEvent.LIST_ENTRIES_IMPORTED,
        target_type="credit.listentry",
        target_label=_("%(count)d list entries") % {"count": len(entries)},
        payload={
            "imported": len(entries),
            "rejected_rows": sorted(bad_rows),
            "valid_only": valid_only,
            "per_list": counts,
            "entries": report.entries,
        },
    )
    return report


def _identity_header(data: _EntryData) -> str:
    if data.subject_uscc:
        return H_USCC
    if data.person_id_number:
        return H_ID
    return H_NAME
