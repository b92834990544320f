"""What the public may see of a 双公示 record (REFERENCE.md §3.6; 行政处罚结果信息网上公示暂行办法).

One place, used by the public pages and the API alike:

- natural persons: the name keeps the surname only (张三丰 → 张**, 欧阳修 → 欧阳*); the ID number keeps the first 6
  and last 4 characters of a resident ID (the birth date is hidden: 140213********1233), the first 2 and last 2 of
  any other document;
- the legal representative's ID number is never shown in full (masked the same way);
- free text (facts, content, basis …) of every record is scrubbed of anything that looks like a resident ID number or
  a mobile phone number, and of a natural person's own name and ID number;
- remarks are shown for legal persons only (for people they may hold personal data);
- addresses, phone numbers and bank accounts are not held by the records and never published.

`public_record_dict(record)` is the only way a record leaves for the public; `public_row(values)` does the same for
the narrow rows of a search result.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .models import (
    LicenceCategory,
    LicensingRecord,
    PenaltyCategory,
    PenaltyRecord,
    SubjectCategory,
)
from .models.records import LONG_TERM_DATE, PersonIdType

MASK = "*"

# 复姓: the compound surnames a masked name keeps whole (the common ones of 百家姓 and today's registers).
COMPOUND_SURNAMES = frozenset(
    """
    欧阳 司马 上官 诸葛 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 闻人 澹台 公冶 太史 申屠 端木 西门
    南宫 百里 呼延 赫连 独孤 万俟 司空 拓跋 第五 濮阳 单于 东郭 仲孙 淳于 公羊 梁丘 左丘 东门 羊舌 微生 谷梁 宰父
    乐正 漆雕 壤驷 公良 拓拔 夹谷 段干 巫马 亓官 司寇 公西 子车 颛孙 鲜于 闾丘 呼衍 叱干 贺兰 完颜 纳兰 耶律 乌孙
    """.split()
)

_RESIDENT_ID = re.compile(r"^[1-8]\d{16}[0-9Xx]$|^[1-8]\d{14}$")
# In free text: an 18-character resident ID (or a legacy 15-digit one) not glued to other digits or letters.
_RESIDENT_ID_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])[1-8]\d{16}[0-9Xx](?![0-9A-Za-z])|(?<!\d)[1-8]\d{14}(?!\d)")
# A mainland mobile phone number (11 digits starting 1[3-9]) not glued to other digits.
_MOBILE_IN_TEXT = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" or "\U00020000" <= ch <= "\U0002ffff"


def mask_id_number(number: str | None, id_type: str | None = None) -> str:
    """Hide the middle of an ID number.

    A resident ID (type 01, or any 18/15-character number of that shape) keeps its first 6 and last 4 characters,
    hiding the birth date: 140213199001011233 → 140213********1233. Other documents keep the first 2 and last 2
    characters: E12345678 → E1*****78. Numbers of 4 characters or fewer are hidden entirely. Blank stays blank.
    """
    text = "".join((number or "").split())
    if not text:
        return ""
    is_resident = id_type == PersonIdType.RESIDENT_ID or (id_type in (None, "") and bool(_RESIDENT_ID.match(text)))
    if is_resident and len(text) > 10:
        return text[:6] + MASK * (len(text) - 10) + text[-4:]
    if len(text) <= 4:
        return MASK * len(text)
    if len(text) <= 6:
        return text[0] + MASK * (len(text) - 2) + text[-1]
    return text[:2] + MASK * (len(text) - 4) + text[-2:]


def mask_person_name(name: str | None) -> str:
    """Keep the surname, hide the given name, one mark per character: 张三 → 张*, 张三丰 → 张**, 欧阳修 → 欧阳*,
    欧阳明月 → 欧阳**. A name of one character is hidden entirely; a two-character name keeps its first character
    even when it reads as a compound surname (欧阳 → 欧*). Names in Latin letters keep their first letter
    (John Smith → J*********); minority names with a middle dot keep their first character."""
    text = (name or "").strip()
    if not text:
        return ""
    if len(text) == 1:
        return MASK
    if all(_is_cjk(ch) for ch in text) and len(text) > 2 and text[:2] in COMPOUND_SURNAMES:
        keep = 2
    else:
        keep = 1
    return text[:keep] + MASK * (len(text) - keep)


def scrub_text(text: str | None, *, names: tuple[str, ...] = (), numbers: tuple[str, ...] = ()) -> str:
    """Free text as the public may see it: resident ID numbers and mobile numbers masked wherever they appear, and
    the given personal names and ID numbers (a natural person's own) replaced by their masked forms."""
    if not text:
        return ""
    out = str(text)
    for number in sorted({n for n in numbers if n and len(n) >= 5}, key=len, reverse=True):
        out = out.replace(number, mask_id_number(number))
        out = out.replace(number.lower(), mask_id_number(number))
    for name in sorted({n.strip() for n in names if n and len(n.strip()) >= 2}, key=len, reverse=True):
        out = out.replace(name, mask_person_name(name))
    out = _RESIDENT_ID_IN_TEXT.sub(lambda m: mask_id_number(m.group(0)), out)
    out = _MOBILE_IN_TEXT.sub(lambda m: m.group(0)[:3] + MASK * 4 + m.group(0)[-4:], out)
    return out


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


PARTY_CODE_FIELDS = (
    "subject_uscc",
    "subject_business_reg_no",
    "subject_org_code",
    "subject_tax_no",
    "subject_institution_no",
    "subject_social_org_no",
)
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
