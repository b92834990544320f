"""The credit check: may this organization receive purchased services on a given date, and what was seen.

For a subject (an organization by credit code or name, and its legal representative by ID number) as of date `on`
the check returns one of

- **blocked** — on a list whose effect bars purchased services (财库〔2016〕125号; 民政部令第60号 for the social
  organizations' serious dishonesty list), matched by the credit code, or by the legal representative's ID number;
- **warned** — on a warning list (活动异常名录); or an administrative penalty decided within the three years up to
  `on` (政府采购法第二十二条第一款第五项); a penalty that is a 重大违法记录 (责令停产停业 04, 吊销许可证件 05, 责令关闭
  14, or a fine of 200万元 or more, 财库〔2022〕3号) is reported as a major violation;
- **clear** — nothing found.

Rules of the check:

- A list entry is in force on `on` when start_date ≤ on, end_date is blank or ≥ on, and it was not removed on or
  before `on` (a removal dated `on` lifts it that day).
- A penalty counts when its decision date is between `on` minus three calendar years (inclusive; 29 February
  counts from 28 February) and `on`. The three-year test is about the penalty having been imposed, not about its
  publication: records whose publication period ended (expired) or that were never published (minor) still count.
  Records ended by credit repair or revoked are ignored.
- Subjects are matched by credit code; by name only when no credit code is known (a name match is weaker and the
  finding says so). Penalties are matched on the organization, not on its legal representative.

`credit_check_many` answers any number of subjects with one query for list entries and one for penalties (both use
the (subject_uscc, …) indexes), one bulk insert of the evidence and one audit event for the whole batch — per-check
audit events would serialize on the audit chain's head, three queries each. The batch event carries every check's
public id and digest, so the audit chain seals each check's findings all the same.

The saved evidence (CreditCheck) keeps the findings as JSON with their sources, the time of the check and a SHA-256
digest of the canonical JSON of {subject, as_of, findings}; `credit_check_verify` recomputes it.
"""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Organization, Role
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.core.validators import USCC_PLACEHOLDER, check_uscc, normalize_identifier

from .events import CreditEvent
from .models import (
    CreditCheck,
    CreditCheckResult,
    ListEffect,
    ListEntry,
    ListType,
    PenaltyCategory,
    PenaltyRecord,
    PublicationStatus,
)

# --- the rules -----------------------------------------------------------------------------------------------------

PENALTY_LOOKBACK_YEARS = 3  # 政府采购法 §22(5): 参加政府采购活动前三年内，在经营活动中没有重大违法记录
MAJOR_FINE_THRESHOLD = Decimal("200")  # 万元: 财库〔2022〕3号 — 较大数额罚款 = 200万元以上
MAJOR_CATEGORIES: dict[str, str] = {
    PenaltyCategory.SUSPEND_BUSINESS: "责令停产停业",
    PenaltyCategory.REVOKE_LICENCE: "吊销",
    PenaltyCategory.ORDER_CLOSURE: "责令关闭",
}
COUNTED_STATUSES = (PublicationStatus.PUBLISHED, PublicationStatus.NOT_PUBLISHED, PublicationStatus.EXPIRED)

KIND_LIST_BLOCK = "list_block"
KIND_LIST_WARN = "list_warn"
KIND_RECENT_PENALTY = "recent_penalty"
KIND_MAJOR_VIOLATION = "major_violation"
FINDING_KINDS = (KIND_LIST_BLOCK, KIND_LIST_WARN, KIND_MAJOR_VIOLATION, KIND_RECENT_PENALTY)

RULE_LIST_BLOCK = "list-bars-services"
RULE_LIST_WARN = "list-warning"
RULE_RECENT_PENALTY = "penalty-within-3-years"
RULE_MAJOR_VIOLATION = "major-violation-within-3-years"

CLAUSE_PROCUREMENT_LISTS = "财库〔2016〕125号"
CLAUSE_SOCIAL_ORG_LISTS = "民政部令第60号"
CLAUSE_RECENT_PENALTY = "政府采购法第二十二条第一款第五项"
CLAUSE_MAJOR_VIOLATION = "政府采购法实施条例第十九条；财库〔2022〕3号"

LIST_CLAUSE: dict[str, str] = {
    ListType.SOCIAL_ORG_SERIOUS: CLAUSE_SOCIAL_ORG_LISTS,
    ListType.SOCIAL_ORG_ABNORMAL: CLAUSE_SOCIAL_ORG_LISTS,
}

# Roles that screen providers (and the credit staff); the check also records who looked.
CHECK_ROLES = (
    Role.DISTRICT_ADMIN,
    Role.CREDIT_ADMIN,
    Role.CREDIT_OFFICER,
    Role.PURCHASER,
    Role.PROJECT_MANAGER,
)


def can_run_credit_check(actor: Actor) -> bool:
    return actor.has_role(*CHECK_ROLES)


def years_before(day: date, years: int) -> date:
    """The same calendar day `years` earlier; 29 February falls back to 28 February."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)


def penalty_window(on: date) -> tuple[date, date]:
    """The decision dates that count on `on`: from three years before `on` (inclusive) to `on`."""
    return years_before(on, PENALTY_LOOKBACK_YEARS), on


def mask_id_number(number: str) -> str:
    """First 6 and last 4 characters kept, the birth date hidden (REFERENCE.md §3.6): 110105********1234."""
    if len(number) <= 10:
        return "*" * len(number)
    return number[:6] + "*" * (len(number) - 10) + number[-4:]


# --- results -------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class CheckSubject:
    """Who is checked: an organization (credit code and/or name) and optionally its legal representative."""

    name: str = ""
    uscc: str = ""
    legal_rep: str = ""
    legal_rep_id: str = ""
    organization: Organization | None = None

    @classmethod
    def of(cls, organization: Organization, *, legal_rep: str | None = None, legal_rep_id: str = "") -> CheckSubject:
        return cls(
            name=organization.name,
            uscc=_identifier(organization.uscc),
            legal_rep=organization.legal_representative if legal_rep is None else legal_rep,
            legal_rep_id=_identifier(legal_rep_id),
            organization=organization,
        )

    def as_json(self) -> dict[str, str]:
        return {
            "name": self.name,
            "uscc": self.uscc,
            "legal_rep": self.legal_rep,
            "organization": str(self.organization.public_id) if self.organization else "",
        }


@dataclass(frozen=True)
class Finding:
    kind: str  # list_block | list_warn | recent_penalty | major_violation
    rule: str  # a stable code, e.g. "list-bars-services"
    clause: str  # the rule's legal source, e.g. "财库〔2016〕125号"
    message: str  # translated, for people
    source: dict[str, Any]  # model, label, public_id, document/decision number and dates of the record seen

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "rule": self.rule,
            "clause": self.clause,
            "message": self.message,
            "source": self.source,
        }


@dataclass
class CheckOutcome:
    subject: CheckSubject
    as_of: date
    result: str  # CreditCheckResult value
    findings: list[Finding] = field(default_factory=list)
    digest: str = ""
    check: CreditCheck | None = None  # the saved evidence (save=True)

    @property
    def blocked(self) -> bool:
        return self.result == CreditCheckResult.BLOCKED

    @property
    def warned(self) -> bool:
        return self.result == CreditCheckResult.WARNED

    @property
    def clear(self) -> bool:
        return self.result == CreditCheckResult.CLEAR

    def findings_json(self) -> list[dict[str, Any]]:
        return [f.as_json() for f in self.findings]


def canonical_json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def evidence_digest(*, subject: dict[str, Any], as_of: date | str, findings: list[dict[str, Any]]) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of {subject, as_of, findings}."""
    as_of_text = as_of.isoformat() if isinstance(as_of, date) else str(as_of)
    body = canonical_json({"subject": subject, "as_of": as_of_text, "findings": findings})
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def _result_of(findings: Sequence[Finding]) -> str:
    if any(f.kind == KIND_LIST_BLOCK for f in findings):
        return CreditCheckResult.BLOCKED
    if findings:
        return CreditCheckResult.WARNED
    return CreditCheckResult.CLEAR


# --- findings ------------------------------------------------------------------------------------------------------


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


_CATEGORY_CODES = frozenset(PenaltyCategory.values)
_LIST_TYPES = frozenset(ListType.values)


class _Texts:
    """The human text of one check run, translated once (in the active language) rather than per finding."""

    def __init__(self) -> None:
        self.list_names = {value: str(label) for value, label in ListType.choices}
        self.category_names = {value: str(label) for value, label in PenaltyCategory.choices}
        self.list_label = str(ListEntry._meta.verbose_name)
        self.penalty_label = str(PenaltyRecord._meta.verbose_name)
        self.no_end = _("no end date")
        self.no_document = _("no document number")
        self.no_authority = _("authority not recorded")
        self.the_rep = _("the legal representative")
        self.no_category = _("category not recorded")
        self.by_name = " " + _("Matched by name only; confirm the identity.")
        self.rep_block = _(
            "The legal representative %(rep)s is on the list “%(list)s” from %(start)s until %(end)s "
            "(%(authority)s, %(document)s): barred from purchased services."
        )
        self.rep_warn = _(
            "The legal representative %(rep)s is on the list “%(list)s” from %(start)s until %(end)s "
            "(%(authority)s, %(document)s): a warning."
        )
        self.block = _(
            "On the list “%(list)s” from %(start)s until %(end)s (%(authority)s, %(document)s): barred from "
            "purchased services."
        )
        self.warn = _("On the list “%(list)s” from %(start)s until %(end)s (%(authority)s, %(document)s): a warning.")
        self.major = _(
            "Major violation record (重大违法记录) within the three years before %(on)s: penalty %(number)s of "
            "%(date)s by %(authority)s — %(why)s."
        )
        self.penalty = _(
            "Administrative penalty %(number)s of %(date)s by %(authority)s (%(categories)s), within the three "
            "years before %(on)s."
        )
        self.expired = " " + _("Its publication period has ended; it still counts for the three years.")
        self.not_published = " " + _("It is not published (minor); it still counts for the three years.")


def _list_finding(entry: dict[str, Any], matched_by: str, subject: CheckSubject, texts: _Texts) -> Finding:
    list_type = entry["list_type"]
    memo_code = entry["memorandum__code"] or ""
    clause = LIST_CLAUSE.get(list_type, CLAUSE_PROCUREMENT_LISTS)
    if memo_code:
        clause = f"{clause}；{memo_code}"
    start, end = _iso(entry["start_date"]), _iso(entry["end_date"])
    params = {
        "list": texts.list_names.get(list_type, list_type),
        "start": start,
        "end": end or texts.no_end,
        "document": entry["document_number"] or texts.no_document,
        "authority": entry["decided_by"] or texts.no_authority,
        "rep": subject.legal_rep or texts.the_rep,
    }
    blocks = entry["effect"] == ListEffect.BLOCK
    if matched_by == "legal_rep_id":
        message = (texts.rep_block if blocks else texts.rep_warn) % params
    else:
        message = (texts.block if blocks else texts.warn) % params
    if matched_by == "name":
        message += texts.by_name
    source = {
        "model": "credit.listentry",
        "label": texts.list_label,
        "public_id": str(entry["public_id"]),
        "list_type": list_type,
        "effect": entry["effect"],
        "document_number": entry["document_number"],
        "decided_by": entry["decided_by"],
        "memorandum": memo_code,
        "start_date": start,
        "end_date": end,
        "matched_by": matched_by,
    }
    if matched_by == "legal_rep_id":
        source["person_id_number"] = mask_id_number(entry["person_id_number"])
    return Finding(
        kind=KIND_LIST_BLOCK if blocks else KIND_LIST_WARN,
        rule=RULE_LIST_BLOCK if blocks else RULE_LIST_WARN,
        clause=clause,
        message=message,
        source=source,
    )


def major_violation_reasons(categories: Iterable[Any] | None, fine_amount: Decimal | None) -> list[str]:
    """Why a penalty is a 重大违法记录 (empty when it is not): 责令停产停业 / 吊销 / 责令关闭 among its categories
    (codes or names), or a fine of 200万元 or more (政府采购法实施条例第十九条; 财库〔2022〕3号)."""
    reasons: list[str] = []
    for raw in categories or []:
        text = str(raw).strip()
        for code, name in MAJOR_CATEGORIES.items():
            if (text == code or name in text) and name not in reasons:
                reasons.append(name)
    if fine_amount is not None and Decimal(fine_amount) >= MAJOR_FINE_THRESHOLD:
        reasons.append(_("fine of %(amount)s万元 (200万元 or more)") % {"amount": _fmt_amount(fine_amount)})
    return reasons


def _fmt_amount(amount: Decimal) -> str:
    return format(Decimal(amount).normalize(), "f")


def _category_names(categories: Iterable[Any], texts: _Texts) -> str:
    names = []
    for raw in categories or []:
        text = str(raw).strip()
        if text in _CATEGORY_CODES:
            names.append(texts.category_names[text])
        elif text:
            names.append(text)
    return "; ".join(names)


def _penalty_finding(record: dict[str, Any], on: date, matched_by: str, texts: _Texts) -> Finding:
    categories = record["categories"] or []
    fine = record["fine_amount"]
    reasons = major_violation_reasons(categories, fine)
    decided = _iso(record["decision_date"])
    params = {
        "number": record["decision_number"],
        "date": decided,
        "authority": record["authority"],
        "on": on.isoformat(),
    }
    if reasons:
        params["why"] = "、".join(reasons)
        message = texts.major % params
    else:
        params["categories"] = _category_names(categories, texts) or texts.no_category
        message = texts.penalty % params
    status = record["status"]
    if status == PublicationStatus.EXPIRED:
        message += texts.expired
    elif status == PublicationStatus.NOT_PUBLISHED:
        message += texts.not_published
    if matched_by == "name":
        message += texts.by_name
    source = {
        "model": "credit.penaltyrecord",
        "label": texts.penalty_label,
        "public_id": str(record["public_id"]),
        "decision_number": record["decision_number"],
        "decision_date": decided,
        "authority": record["authority"],
        "categories": [str(c) for c in categories],
        "fine_amount": _fmt_amount(fine) if fine is not None else "",
        "status": status,
        "publication_deadline": _iso(record["publication_deadline"]),
        "matched_by": matched_by,
    }
    return Finding(
        kind=KIND_MAJOR_VIOLATION if reasons else KIND_RECENT_PENALTY,
        rule=RULE_MAJOR_VIOLATION if reasons else RULE_RECENT_PENALTY,
        clause=CLAUSE_MAJOR_VIOLATION if reasons else CLAUSE_RECENT_PENALTY,
        message=message,
        source=source,
    )


_KIND_ORDER = {kind: i for i, kind in enumerate(FINDING_KINDS)}


def _ordered(findings: list[Finding]) -> list[Finding]:
    """Kind (blocks first), then newest first, then the record's id: deterministic, so the digest is stable."""
    if len(findings) < 2:
        return findings
    findings = sorted(findings, key=lambda f: f.source.get("public_id", ""))
    findings.sort(key=lambda f: f.source.get("start_date") or f.source.get("decision_date") or "", reverse=True)
    findings.sort(key=lambda f: _KIND_ORDER[f.kind])
    return findings


# --- the check -----------------------------------------------------------------------------------------------------

_LIST_FIELDS = (
    "public_id",
    "list_type",
    "effect",
    "memorandum__code",
    "subject_name",
    "subject_uscc",
    "person_id_number",
    "decided_by",
    "document_number",
    "start_date",
    "end_date",
)
_PENALTY_FIELDS = (
    "public_id",
    "subject_name",
    "subject_uscc",
    "decision_number",
    "decision_date",
    "authority",
    "categories",
    "fine_amount",
    "status",
    "publication_deadline",
)


def _find(subjects: Sequence[CheckSubject], on: date) -> list[list[Finding]]:
    """Findings per subject (same order), with one query for list entries and one for penalties."""
    usccs = sorted({s.uscc for s in subjects if s.uscc})
    rep_ids = sorted({s.legal_rep_id for s in subjects if s.legal_rep_id})
    names = sorted({s.name for s in subjects if not s.uscc and s.name})

    entries: list[dict[str, Any]] = []
    if usccs or rep_ids or names:
        list_q = Q(pk__in=[])
        if usccs:
            list_q |= Q(subject_uscc__in=usccs)
        if rep_ids:
            list_q |= Q(person_id_number__in=rep_ids)
        if names:
            list_q |= Q(subject_name__in=names)
        entries = list(
            ListEntry.objects.filter(list_q, start_date__lte=on)
            .filter(Q(end_date__isnull=True) | Q(end_date__gte=on))
            .filter(Q(removed_on__isnull=True) | Q(removed_on__gt=on))
            .order_by()
            .values(*_LIST_FIELDS)
        )

    penalties: list[dict[str, Any]] = []
    if usccs or names:
        start, end = penalty_window(on)
        penalty_q = Q(pk__in=[])
        if usccs:
            penalty_q |= Q(subject_uscc__in=usccs)
        if names:
            penalty_q |= Q(subject_name__in=names)
        penalties = list(
            PenaltyRecord.objects.filter(
                penalty_q, decision_date__gte=start, decision_date__lte=end, status__in=COUNTED_STATUSES
            )
            .order_by()
            .values(*_PENALTY_FIELDS)
        )

    entries_by_uscc: dict[str, list[dict[str, Any]]] = {}
    entries_by_id: dict[str, list[dict[str, Any]]] = {}
    entries_by_name: dict[str, list[dict[str, Any]]] = {}
    for entry in entries:
        if entry["subject_uscc"]:
            entries_by_uscc.setdefault(entry["subject_uscc"], []).append(entry)
        if entry["person_id_number"]:
            entries_by_id.setdefault(entry["person_id_number"], []).append(entry)
        entries_by_name.setdefault(entry["subject_name"], []).append(entry)
    penalties_by_uscc: dict[str, list[dict[str, Any]]] = {}
    penalties_by_name: dict[str, list[dict[str, Any]]] = {}
    for record in penalties:
        if record["subject_uscc"]:
            penalties_by_uscc.setdefault(record["subject_uscc"], []).append(record)
        penalties_by_name.setdefault(record["subject_name"], []).append(record)

    texts = _Texts() if entries or penalties else None
    results: list[list[Finding]] = []
    for subject in subjects:
        matches: list[tuple[dict[str, Any], str]] = []
        subject_penalties: list[tuple[dict[str, Any], str]] = []
        if subject.uscc:
            matches += [(e, "uscc") for e in entries_by_uscc.get(subject.uscc, ())]
            subject_penalties = [(r, "uscc") for r in penalties_by_uscc.get(subject.uscc, ())]
        elif subject.name:
            matches += [(e, "name") for e in entries_by_name.get(subject.name, ())]
            subject_penalties = [(r, "name") for r in penalties_by_name.get(subject.name, ())]
        if subject.legal_rep_id:
            matches += [(e, "legal_rep_id") for e in entries_by_id.get(subject.legal_rep_id, ())]
        if texts is None or not (matches or subject_penalties):
            results.append([])
            continue
        findings: list[Finding] = []
        seen: set[Any] = set()
        for entry, matched_by in matches:
            if entry["public_id"] not in seen:
                seen.add(entry["public_id"])
                findings.append(_list_finding(entry, matched_by, subject, texts))
        findings += [_penalty_finding(record, on, matched_by, texts) for record, matched_by in subject_penalties]
        results.append(_ordered(findings))
    return results


def _subject_from_arguments(
    *,
    organization: Organization | None,
    uscc: str | None,
    name: str | None,
    legal_rep: str | None,
    legal_rep_id: str | None,
) -> CheckSubject:
    if organization is not None:
        subject = CheckSubject.of(organization, legal_rep=legal_rep, legal_rep_id=legal_rep_id or "")
        if uscc:
            subject = CheckSubject(
                name=name or subject.name,
                uscc=_identifier(uscc),
                legal_rep=subject.legal_rep,
                legal_rep_id=subject.legal_rep_id,
                organization=organization,
            )
    else:
        subject = CheckSubject(
            name=(name or "").strip(),
            uscc=_identifier(uscc),
            legal_rep=(legal_rep or "").strip(),
            legal_rep_id=_identifier(legal_rep_id),
        )
    return _validated(subject)


def _identifier(value: str | None) -> str:
    """normalize_identifier, with a fast path for what is already clean (codes read from the database)."""
    if not value:
        return ""
    if value.isascii() and value.isalnum():
        return value.upper()
    return normalize_identifier(value)


@functools.lru_cache(maxsize=65536)  # a batch checks the same providers again and again
def _uscc_errors(code: str, language: str | None) -> tuple[str, ...]:
    return tuple(check_uscc(code).errors)


def _validated(subject: CheckSubject) -> CheckSubject:
    if subject.uscc:
        if subject.uscc == USCC_PLACEHOLDER:
            raise ServiceError.for_fields(
                {"uscc": _("%(code)s is a placeholder, not a credit code; check by name.") % {"code": USCC_PLACEHOLDER}}
            )
        errors = _uscc_errors(subject.uscc, get_language())
        if errors:
            raise ServiceError.for_fields({"uscc": list(errors)}, code="uscc_invalid")
    if not subject.uscc and not subject.name:
        raise ServiceError.for_fields({"uscc": _("Give the credit code or the name of the organization to check.")})
    return subject


def _as_subject(item: Organization | CheckSubject) -> CheckSubject:
    if isinstance(item, CheckSubject):
        return _validated(
            CheckSubject(
                name=item.name.strip(),
                uscc=_identifier(item.uscc),
                legal_rep=item.legal_rep.strip(),
                legal_rep_id=_identifier(item.legal_rep_id),
                organization=item.organization,
            )
        )
    return _validated(CheckSubject.of(item))


def _require_checker(actor: Actor) -> None:
    if not can_run_credit_check(actor):
        raise PermissionDenied(_("You may not run credit checks."))


def _outcomes(subjects: Sequence[CheckSubject], on: date) -> list[CheckOutcome]:
    outcomes = []
    for subject, findings in zip(subjects, _find(subjects, on), strict=True):
        outcome = CheckOutcome(subject=subject, as_of=on, result=_result_of(findings), findings=findings)
        outcome.digest = evidence_digest(subject=subject.as_json(), as_of=on, findings=outcome.findings_json())
        outcomes.append(outcome)
    return outcomes


def _evidence(outcome: CheckOutcome, *, purpose: str, actor: Actor, checked_at) -> CreditCheck:
    subject = outcome.subject
    return CreditCheck(
        organization=subject.organization,
        subject_name=subject.name[:200],
        subject_uscc=subject.uscc,
        legal_rep=subject.legal_rep[:64],
        as_of=outcome.as_of,
        result=outcome.result,
        findings=outcome.findings_json(),
        purpose=purpose[:200],
        checked_at=checked_at,
        checked_by=actor.audit_label[:150],
        digest=outcome.digest,
    )


def _audit_entry(outcome: CheckOutcome) -> dict[str, Any]:
    return {
        "check": str(outcome.check.public_id) if outcome.check else "",
        "uscc": outcome.subject.uscc,
        "name": outcome.subject.name,
        "result": outcome.result,
        "findings": len(outcome.findings),
        "digest": outcome.digest,
    }


def credit_check(
    *,
    organization: Organization | None = None,
    uscc: str | None = None,
    name: str | None = None,
    legal_rep: str | None = None,
    legal_rep_id: str | None = None,
    on: date,
    actor: Actor,
    purpose: str = "",
    save: bool = True,
) -> CheckOutcome:
    """Check one organization (and its legal representative, by ID number) as of `on`: blocked, warned or clear,
    with every finding. With `save`, the evidence is stored (CreditCheck) and audited ('credit.checked')."""
    _require_checker(actor)
    subject = _subject_from_arguments(
        organization=organization, uscc=uscc, name=name, legal_rep=legal_rep, legal_rep_id=legal_rep_id
    )
    (outcome,) = _outcomes([subject], on)
    if save:
        with transaction.atomic():
            check = _evidence(outcome, purpose=purpose, actor=actor, checked_at=timezone.now())
            check.save()
            outcome.check = check
            audit_record(
                actor=actor,
                event_type=CreditEvent.CREDIT_CHECKED,
                target=check,
                payload={**_audit_entry(outcome), "as_of": on, "purpose": purpose},
            )
    return outcome


def _subject_or_by_name(item: Organization | CheckSubject) -> CheckSubject:
    """The organization's subject; when its credit code is a placeholder or invalid, the subject by name alone (what
    `credit_check(name=…)` checks: the organization's name, no code, no legal representative)."""
    try:
        return _as_subject(item)
    except ServiceError:
        if not isinstance(item, Organization):
            raise
        return _validated(CheckSubject(name=(item.name or "").strip()))


def credit_check_many(
    *,
    organizations: Iterable[Organization | CheckSubject],
    on: date,
    actor: Actor,
    purpose: str = "",
    purposes: Sequence[str] | None = None,
    by_name_when_code_unusable: bool = False,
    save: bool = True,
) -> list[CheckOutcome]:
    """Check many organizations at once (same order as given), in a constant number of queries: one for list
    entries, one for penalties and, with `save`, one bulk insert of the evidence and one audit event for the batch.
    Items are Organizations or CheckSubjects (to check a legal representative's ID number as well).

    `purposes` gives each check its own purpose (saved with its evidence; `purpose` then names the batch). With
    `by_name_when_code_unusable`, an organization whose credit code is a placeholder or invalid is checked by its
    name (the finding says the match is by name) instead of refusing the whole batch."""
    _require_checker(actor)
    items = list(organizations)
    if purposes is not None and len(purposes) != len(items):
        raise ValueError("one purpose per organization")
    subjects = [_subject_or_by_name(item) if by_name_when_code_unusable else _as_subject(item) for item in items]
    if not subjects:
        return []
    outcomes = _outcomes(subjects, on)
    if save:
        checked_at = timezone.now()
        each = list(purposes) if purposes is not None else [purpose] * len(outcomes)
        with transaction.atomic():
            checks = CreditCheck.objects.bulk_create(
                [
                    _evidence(o, purpose=p, actor=actor, checked_at=checked_at)
                    for o, p in zip(outcomes, each, strict=True)
                ],
                batch_size=500,
            )
            for outcome, check in zip(outcomes, checks, strict=True):
                outcome.check = check
            entries = [_audit_entry(o) for o in outcomes]
            if purposes is not None:
                for entry, own in zip(entries, each, strict=True):
                    entry["purpose"] = own
            audit_record(
                actor=actor,
                event_type=CreditEvent.CREDIT_CHECKED,
                target_type="credit.creditcheck",
                target_id="batch",
                target_label=_("%(count)d organizations") % {"count": len(outcomes)},
                payload={"as_of": on, "purpose": purpose, "checks": entries},
            )
    return outcomes


def credit_check_get(*, public_id: UUID | str, actor: Actor | None = None) -> CreditCheck:
    """The saved evidence of one check (raises CreditCheck.DoesNotExist). With an actor, it must be allowed to run
    credit checks."""
    if actor is not None:
        _require_checker(actor)
    return CreditCheck.objects.select_related("organization").get(public_id=public_id)


def credit_check_verify(check: CreditCheck) -> bool:
    """Whether the stored findings still match the digest taken when the check was made."""
    subject = {
        "name": check.subject_name,
        "uscc": check.subject_uscc,
        "legal_rep": check.legal_rep,
        "organization": str(check.organization.public_id) if check.organization_id and check.organization else "",
    }
    return evidence_digest(subject=subject, as_of=check.as_of, findings=check.findings) == check.digest
