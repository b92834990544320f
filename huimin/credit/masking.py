"""What the public may see of a 双公示 record (REFERENCE.md §3.6; 行政处罚结果信息网上公示暂行办法).

One place for the records, used by the public pages and the API alike; the generic rules (names, ID numbers, free
text) are huimin.core.masking's:

- natural persons: the name keeps the surname only (张三丰 → 张**, 欧阳修 → 欧阳*); the ID number keeps the first 6
  and last 4 characters of a resident ID (the birth date is hidden: 140213********1233), the first 2 and last 2 of
  any other document;
- the legal representative's ID number is never shown in full (masked the same way);
- free text (facts, content, basis …) of every record is scrubbed of anything that reads as a resident ID, mobile or
  landline number however it is written, and of a natural person's own name and ID number (huimin.core.masking);
- remarks are shown for legal persons only (for people they may hold personal data);
- addresses, phone numbers and bank accounts are not held by the records and never published.

`public_record_dict(record)` is the only way a record leaves for the public; `public_row(values)` does the same for
the narrow rows of a search result.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from huimin.core.masking import mask_id_number as _core_mask_id_number
from huimin.core.masking import mask_person_name, mask_text

from .models import (
    LicenceCategory,
    LicensingRecord,
    PenaltyCategory,
    PenaltyRecord,
    SubjectCategory,
)
from .models.records import LONG_TERM_DATE, PersonIdType
from .rules import PARTY_CODE_FIELDS


def mask_id_number(number: str | None, id_type: str | None = None) -> str:
    """Hide the middle of an ID number of a record (huimin.core.masking.mask_id_number), by its document type: a
    resident ID (type 01, or a number of that shape when the type is blank) keeps its first 6 and last 4 characters,
    any other document its first 2 and last 2."""
    resident = None if id_type in (None, "") else id_type == PersonIdType.RESIDENT_ID
    return _core_mask_id_number(number, resident=resident)


def scrub_text(text: str | None, *, names: tuple[str, ...] = (), numbers: tuple[str, ...] = ()) -> str:
    """Free text of a record as the public may see it (huimin.core.masking.mask_text): resident ID, mobile and
    landline numbers masked wherever and however written, and the person's own names and ID numbers masked."""
    return mask_text(text, names=names, numbers=numbers)


def is_natural_person(category: str | None) -> bool:
    return category == SubjectCategory.NATURAL_PERSON


def public_subject_name(name: str, category: str | None) -> str:
    """The party's name as published: masked for a natural person, as filed otherwise."""
    return mask_person_name(name) if is_natural_person(category) else (name or "")


def record_kind(record: Any) -> str:
    return "licensing" if isinstance(record, LicensingRecord) else "penalty"


def _label(choices: Any, value: str) -> str:
    if value in choices.values:
        return str(choices(value).label)
    return value or ""


def category_labels(codes: list[str] | None) -> list[str]:
    """The penalty categories (codes 01–14) as their translated names; unknown values as written."""
    labels = []
    for raw in codes or []:
        text = str(raw).strip()
        labels.append(str(PenaltyCategory(text).label) if text in PenaltyCategory.values else text)
    return labels


PENALTY_TEXT_FIELDS = ("violation_type", "facts", "basis", "content", "licence_affected")
LICENSING_TEXT_FIELDS = ("document_name", "certificate_name", "licence_number", "content")


def public_record_dict(record: LicensingRecord | PenaltyRecord) -> dict[str, Any]:
    """The published fields of a record, as the public may see them (see the module's docstring).

    Keys are the model field names (plus `kind`, labels and the unit's and catalogue item's names); values keep their
    Python types (date, Decimal). The caller must only pass records that are on public view; this function decides
    *what* of a record is shown, the selectors decide *which* records.
    """
    natural = is_natural_person(record.subject_category)
    legal = record.subject_category == SubjectCategory.LEGAL_PERSON
    names: tuple[str, ...] = (record.subject_name,) if natural else ()
    numbers = tuple(n for n in (record.person_id_number, record.legal_rep_id_number) if n)
    if natural and record.legal_rep:
        names += (record.legal_rep,)

    def text(value: str | None) -> str:
        return scrub_text(value, names=names, numbers=numbers)

    unit = record.unit
    item = record.catalogue_item
    data: dict[str, Any] = {
        "public_id": record.public_id,
        "kind": record_kind(record),
        "unit_code": unit.code,
        "unit_name": str(unit),
        "catalogue_item_code": item.code,
        "catalogue_item_name": item.name,
        "subject_name": public_subject_name(record.subject_name, record.subject_category),
        "subject_category": record.subject_category,
        "subject_category_label": _label(SubjectCategory, record.subject_category),
        # the party's codes are those of an organization: a natural person has none to show
        **{name: ("" if natural else getattr(record, name) or "") for name in PARTY_CODE_FIELDS},
        "legal_rep": "" if natural else (record.legal_rep or ""),
        "legal_rep_id_type": "" if natural else (record.legal_rep_id_type or ""),
        "legal_rep_id_number": mask_id_number(record.legal_rep_id_number) if not natural else "",
        "person_id_type": record.person_id_type or "",
        "person_id_type_label": _label(PersonIdType, record.person_id_type) if record.person_id_type else "",
        "person_id_number": mask_id_number(record.person_id_number, record.person_id_type or None),
        "decision_number": record.decision_number,
        "decision_date": record.decision_date,
        "authority": record.authority,
        "authority_uscc": record.authority_uscc,
        "source_unit": record.source_unit,
        "source_unit_uscc": record.source_unit_uscc,
        "remarks": text(record.remarks) if legal else "",
        "publication_start": record.publication_start,
    }
    if isinstance(record, LicensingRecord):
        data.update({name: text(getattr(record, name)) for name in LICENSING_TEXT_FIELDS})
        data.update(
            {
                "licence_category": record.licence_category,
                "licence_category_label": _label(LicenceCategory, record.licence_category),
                "licence_category_other": text(record.licence_category_other),
                "valid_from": record.valid_from,
                "valid_to": record.valid_to,
                "is_long_term": record.valid_to.isoformat() == LONG_TERM_DATE,
                "current_status": record.current_status,
                "current_status_label": str(record.get_current_status_display()),
            }
        )
    else:
        data.update({name: text(getattr(record, name)) for name in PENALTY_TEXT_FIELDS})
        data.update(
            {
                "categories": [str(c) for c in record.categories or []],
                "category_labels": category_labels(record.categories),
                "fine_amount": record.fine_amount,
                "confiscated_amount": record.confiscated_amount,
                "penalty_valid_until": record.penalty_valid_until,
                "publication_deadline": record.publication_deadline,
            }
        )
    return data


def public_row(values: Mapping[str, Any]) -> dict[str, Any]:
    """A row of a public list (a `values()` dict with subject_name, subject_category, subject_uscc …), masked."""
    row = dict(values)
    natural = is_natural_person(row.get("subject_category"))
    names = (row.get("subject_name") or "",) if natural else ()
    if "title" in row:  # the document name or violation type: free text
        row["title"] = scrub_text(row["title"], names=names)
    row["subject_name"] = public_subject_name(row.get("subject_name") or "", row.get("subject_category"))
    if natural:
        row["subject_uscc"] = ""
    for key in ("person_id_number", "legal_rep_id_number"):
        if key in row:
            row[key] = mask_id_number(row[key])
    for key in ("legal_rep", "remarks"):
        if key in row and natural:
            row[key] = ""
    return row


def list_entry_is_person(entry: Any) -> bool:
    """A list entry names a natural person when it carries an ID number and no credit code."""
    return bool(getattr(entry, "person_id_number", "")) and not getattr(entry, "subject_uscc", "")


def public_list_entry_dict(entry: Any) -> dict[str, Any]:
    """A joint-punishment list entry as the public may see it: a natural person's name masked, ID numbers masked,
    free text scrubbed."""
    person = list_entry_is_person(entry)
    names = (entry.subject_name,) if person else ()
    numbers = (entry.person_id_number,) if entry.person_id_number else ()
    return {
        "public_id": entry.public_id,
        "list_type": entry.list_type,
        "list_label": str(entry.get_list_type_display()),
        "effect": entry.effect,
        "effect_label": str(entry.get_effect_display()),
        "memorandum": entry.memorandum.code if entry.memorandum_id and entry.memorandum else "",
        "subject_name": mask_person_name(entry.subject_name) if person else entry.subject_name,
        "subject_uscc": entry.subject_uscc,
        "person_id_number": mask_id_number(entry.person_id_number),
        "is_person": person,
        "reason": scrub_text(entry.reason, names=names, numbers=numbers),
        "decided_by": entry.decided_by,
        "document_number": entry.document_number,
        "start_date": entry.start_date,
        "end_date": entry.end_date,
        "removed_on": entry.removed_on,
    }
