"""Reads of the screening context, scoped to the actor (huimin.screening.permissions). Views, the API and the export
read only through here; what the actor may not see raises `Screening.DoesNotExist` / `Call.DoesNotExist`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.calls.selectors import call_ids_of_purchasers, calls_past_deadline
from huimin.core.models import Role
from huimin.core.permissions import Actor
from huimin.proposals.sections import SECTIONS, SECTIONS_BY_CODE
from huimin.proposals.selectors import proposal_ids_answering, proposals_with_ids, purchaser_counts

from .checks import CHECK_CODES, CHECK_LABELS, check_label
from .models import CheckResult, Screening, ScreeningCheck, ScreeningDecision, ScreeningRun, ScreeningStatus
from .permissions import (
    can_screen_call,
    is_own_screening,
    screenings_scope_q,
    sees_check_details,
)
from .states import fix_window_expired

if TYPE_CHECKING:
    from huimin.calls.models import Call
    from huimin.credit.models import CreditCheck
    from huimin.proposals.models import Proposal

EXPIRED = "expired"  # a pseudo-status of the board: fix_requested whose window ended without a fix


def _valid_uuid(value: UUID | str) -> bool:
    try:
        UUID(str(value))
    except ValueError:
        return False
    return True


def _scoped(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def _with_rows(qs: QuerySet[Screening]) -> QuerySet[Screening]:
    return qs.select_related(
        "call", "proposal", "proposal__organization", "proposal__category", "credit_check", "decided_by"
    ).prefetch_related(
        Prefetch("checks", queryset=ScreeningCheck.objects.order_by("id")),
        "proposal__intentions__purchaser",
        "proposal__intentions__category",
    )


# --- calls ----------------------------------------------------------------------------------------------------------


def calls_for_screening(*, actor: Actor, now: datetime | None = None) -> QuerySet[Call]:
    """The desk: calls whose deadline has passed that the actor screens (its organization's as project manager,
    all for the district administrator) or whose screenings it may read (a purchaser's intentions)."""
    now = now or timezone.now()
    qs = calls_past_deadline(now=now)
    if not actor.is_district_admin:
        scope = Q(pk__in=[])
        managed = actor.organization_ids(Role.PROJECT_MANAGER)
        if managed:
            scope |= Q(manager_id__in=sorted(managed))
        divisions = actor.division_ids(Role.PURCHASER)
        if divisions:
            scope |= Q(pk__in=call_ids_of_purchasers(divisions))
        qs = qs.filter(scope)
    return (
        qs.select_related("round", "manager")
        .annotate(
            screening_count=Count("screenings", distinct=True),
            awaiting_count=Count(
                "screenings",
                filter=Q(screenings__status__in=[ScreeningStatus.AWAITING_DECISION, ScreeningStatus.FIX_SUBMITTED]),
                distinct=True,
            ),
            screened=Exists(ScreeningRun.objects.filter(call=OuterRef("pk"))),
        )
        .order_by("-deadline", "-pk")
    )


def board_call_get(*, actor: Actor, public_id: UUID | str, now: datetime | None = None) -> Call:
    """A call whose screening board the actor may open (Call.DoesNotExist otherwise)."""
    calls = calls_for_screening(actor=actor, now=now)
    if not _valid_uuid(public_id):
        raise calls.model.DoesNotExist(_("No call has the id %(id)s.") % {"id": public_id})
    return calls.get(public_id=public_id)


def call_runs(call: Call) -> QuerySet[ScreeningRun]:
    return call.screening_runs.order_by("-started_at", "-pk")


def call_screenable_by(actor: Actor, call: Call) -> bool:
    return can_screen_call(actor, call)


# --- screenings -----------------------------------------------------------------------------------------------------


@dataclass
class BoardFilters:
    status: str = ""  # a ScreeningStatus value or "expired"
    result: str = ""  # a CheckResult value
    purchaser: str = ""  # Division code
    category: str = ""  # NeedCategory code
    q: str = ""

    @classmethod
    def from_query(cls, data: Any) -> BoardFilters:
        status = (data.get("status") or "").strip()
        result = (data.get("result") or "").strip()
        return cls(
            status=status if status in (*ScreeningStatus.values, EXPIRED) else "",
            result=result if result in CheckResult.values else "",
            purchaser=(data.get("purchaser") or "").strip()[:12],
            category=(data.get("category") or "").strip()[:40],
            q=(data.get("q") or "").strip()[:100],
        )

    def as_query(self) -> dict[str, str]:
        return {k: v for k, v in self.__dict__.items() if v}

    @property
    def any(self) -> bool:
        return bool(self.as_query())


def _filtered(qs: QuerySet[Screening], filters: BoardFilters, now: datetime) -> QuerySet[Screening]:
    if filters.status == EXPIRED:
        qs = qs.filter(status=ScreeningStatus.FIX_REQUESTED).filter(
            Q(fix_expired_at__isnull=False) | Q(fix_until__lte=now)
        )
    elif filters.status:
        qs = qs.filter(status=filters.status)
    if filters.result:
        qs = qs.filter(automatic_result=filters.result)
    if filters.purchaser:
        qs = qs.filter(proposal_id__in=proposal_ids_answering(purchaser_code=filters.purchaser))
    if filters.category:
        qs = qs.filter(proposal__category__code=filters.category)
    if filters.q:
        qs = qs.filter(
            Q(proposal__title__icontains=filters.q)
            | Q(proposal__organization__name__icontains=filters.q)
            | Q(proposal__receipt_number__icontains=filters.q)
            | Q(proposal__organization__uscc__icontains=filters.q)
        )
    return qs


def screenings_visible(
    *,
    actor: Actor,
    call: Call | None = None,
    call_public_id: UUID | str | None = None,
    status: str | None = None,
    result: str | None = None,
    q: str = "",
    filters: BoardFilters | None = None,
    now: datetime | None = None,
) -> QuerySet[Screening]:
    """Every screening the actor may see, in the order of the receipts."""
    now = now or timezone.now()
    ids = _scoped(Screening.objects.all(), screenings_scope_q(actor)).values("pk")
    qs = Screening.objects.filter(pk__in=ids)
    if call is not None:
        qs = qs.filter(call=call)
    if call_public_id is not None:
        qs = qs.filter(call__public_id=call_public_id) if _valid_uuid(call_public_id) else qs.none()
    filters = filters or BoardFilters(status=status or "", result=result or "", q=(q or "").strip()[:100])
    qs = _filtered(qs, filters, now)
    return _with_rows(qs).order_by("call_id", "proposal__receipt_number", "pk")


def screening_get(*, actor: Actor, public_id: UUID | str) -> Screening:
    if not _valid_uuid(public_id):
        raise Screening.DoesNotExist(_("No screening has the id %(id)s.") % {"id": public_id})
    ids = _scoped(Screening.objects.all(), screenings_scope_q(actor)).values("pk")
    return _with_rows(Screening.objects.filter(pk__in=ids)).get(public_id=public_id)


def screenings_by_public_ids(*, actor: Actor, public_ids: list[UUID | str]) -> tuple[list[Screening], list[str]]:
    """(the visible screenings found, the ids not found or not visible)."""
    wanted = [str(p) for p in public_ids if _valid_uuid(p)]
    ids = _scoped(Screening.objects.all(), screenings_scope_q(actor)).values("pk")
    found = {
        str(s.public_id): s
        for s in Screening.objects.filter(pk__in=ids, public_id__in=wanted).select_related("call", "proposal")
    }
    missing = [str(p) for p in public_ids if str(p) not in found]
    return [found[p] for p in wanted if p in found], missing


def screening_decisions(screening: Screening) -> QuerySet[ScreeningDecision]:
    return screening.decisions.select_related("decided_by").order_by("decided_at", "pk")


def screenings_mine(*, actor: Actor) -> QuerySet[Screening]:
    """The provider's own screenings it may see (those decided at least once)."""

    own = sorted(actor.organization_ids(Role.PROVIDER))
    return screenings_visible(actor=actor).filter(proposal__organization_id__in=own)


def proposals_under_screening(*, actor: Actor) -> QuerySet[Proposal]:
    """The provider's submitted proposals screened but not yet decided (shown as “being screened”)."""

    own = sorted(actor.organization_ids(Role.PROVIDER))
    waiting = Screening.objects.filter(proposal__organization_id__in=own, status=ScreeningStatus.AWAITING_DECISION)
    return proposals_with_ids(waiting.values("proposal_id"))


# --- the board ------------------------------------------------------------------------------------------------------


@dataclass
class Tally:
    key: str
    label: str
    count: int


@dataclass
class BoardSummary:
    total: int = 0
    by_status: list[Tally] = field(default_factory=list)
    by_result: list[Tally] = field(default_factory=list)
    by_purchaser: list[Tally] = field(default_factory=list)
    by_category: list[Tally] = field(default_factory=list)


def board_summary(*, actor: Actor, call: Call, now: datetime | None = None) -> BoardSummary:
    """Counts over every screening of the call the actor sees: per status (and expired fixes), per automatic result,
    per purchaser (a proposal answering intentions of two purchasers counts for both) and per category."""
    now = now or timezone.now()
    base = screenings_visible(actor=actor, call=call, now=now)
    ids = base.values("pk")
    plain = Screening.objects.filter(pk__in=ids)
    status_counts = dict(plain.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    expired = _filtered(plain, BoardFilters(status=EXPIRED), now).count()
    by_status = [Tally(value, str(label), status_counts.get(value, 0)) for value, label in ScreeningStatus.choices]
    by_status.append(Tally(EXPIRED, _("Fix window expired"), expired))
    result_counts = dict(
        plain.values_list("automatic_result").annotate(n=Count("pk")).values_list("automatic_result", "n")
    )
    by_result = [Tally(value, str(label), result_counts.get(value, 0)) for value, label in CheckResult.choices]
    purchasers = purchaser_counts(plain.values("proposal_id"))
    by_purchaser = [
        Tally(row["intention__purchaser__code"], row["intention__purchaser__name"], row["n"]) for row in purchasers
    ]
    categories = (
        plain.values("proposal__category__code", "proposal__category__name")
        .annotate(n=Count("pk"))
        .order_by("proposal__category__code")
    )
    by_category = [
        Tally(row["proposal__category__code"] or "", row["proposal__category__name"] or _("No category"), row["n"])
        for row in categories
    ]
    return BoardSummary(
        total=sum(status_counts.values()),
        by_status=by_status,
        by_result=by_result,
        by_purchaser=by_purchaser,
        by_category=by_category,
    )


# --- presentation of one screening ----------------------------------------------------------------------------------


@dataclass
class CheckView:
    code: str
    label: str
    result: str
    result_label: str
    reason: str
    details: dict[str, Any]
    lines: list[str] = field(default_factory=list)  # the details in words, for the staff


# Lines the organization may read about its own proposal (nothing about any other proposal or organization).
OWN_LINES = frozenset({"uscc", "budget", "completeness"})


def detail_lines(code: str, details: dict[str, Any]) -> list[str]:
    """What a check looked at, line by line (staff only)."""
    if code == "duplicate_text":
        return [
            f"{m.get('receipt', '')} · {m.get('organization', '')} · {m.get('title', '')} · {m.get('similarity', '')}"
            for m in details.get("matches", [])
        ]
    if code in ("budget", "completeness"):
        problems = details.get("problems", details.get("missing", []))
        # The reason names the first five; the whole list is given when there are more.
        return [str(p.get("message", "")) for p in problems] if len(problems) > 5 else []
    if code == "credit":
        return [f"{f.get('clause', '')} · {f.get('message', '')}" for f in details.get("findings", [])]
    if code == "proposal_limit":
        return ["、".join(details.get("receipts", []))] if details.get("receipts") else []
    if code == "uscc":
        return [str(e) for e in details.get("errors", [])]
    return []


def checks_for(actor: Actor, screening: Screening) -> list[CheckView]:
    """The checks as the actor may read them: staff see everything; the organization sees the result and the reason
    of each check of its own proposal, never the details, and a near-duplicate flag that names no one else."""
    staff = sees_check_details(actor, screening)
    labels = dict(CheckResult.choices)
    rows = sorted(screening.checks.all(), key=lambda c: CHECK_CODES.index(c.code) if c.code in CHECK_CODES else 99)
    out = []
    for check in rows:
        reason = check.reason
        if not staff and check.code == "duplicate_text" and check.details.get("reason_for_provider"):
            reason = check.details["reason_for_provider"]
        out.append(
            CheckView(
                code=check.code,
                label=check_label(check.code),
                result=check.result,
                result_label=str(labels.get(check.result, check.result)),
                reason=reason,
                details=check.details if staff else {},
                lines=detail_lines(check.code, check.details) if staff or check.code in OWN_LINES else [],
            )
        )
    return out


def credit_evidence_for(actor: Actor, screening: Screening) -> CreditCheck | None:
    """The saved credit check, for the staff."""
    if screening.credit_check_id is None or not sees_check_details(actor, screening):
        return None
    return screening.credit_check


def is_expired(screening: Screening, now: datetime | None = None) -> bool:
    return fix_window_expired(screening, now or timezone.now())


def status_label(screening: Screening, now: datetime | None = None) -> str:
    if is_expired(screening, now):
        return _("Fix window expired")
    return str(screening.get_status_display())


def section_choices() -> list[tuple[str, str]]:
    return [(s.code, str(s.label)) for s in SECTIONS]


def section_names(codes: Iterable[str]) -> list[str]:
    return [str(SECTIONS_BY_CODE[c].label) for c in codes if c in SECTIONS_BY_CODE]


def purchasers_of(screening: Screening) -> list[str]:
    names = []
    for intention in screening.proposal.intentions.all():
        if intention.purchaser.name not in names:
            names.append(intention.purchaser.name)
    return names


def check_icons(screening: Screening) -> list[tuple[str, str, str]]:
    """(code, label, result) per check in the registry's order, for the board's row of icons."""
    by_code = {c.code: c.result for c in screening.checks.all()}
    return [(code, str(CHECK_LABELS[code]), by_code[code]) for code in CHECK_CODES if code in by_code]


@dataclass
class BoardRow:
    screening: Screening
    proposal: Proposal
    icons: list[tuple[str, str, str]]
    purchasers: list[str]
    status_label: str
    expired: bool


def board_rows(screenings: Iterable[Screening], now: datetime | None = None) -> list[BoardRow]:
    now = now or timezone.now()
    return [
        BoardRow(
            screening=s,
            proposal=s.proposal,
            icons=check_icons(s),
            purchasers=purchasers_of(s),
            status_label=status_label(s, now),
            expired=is_expired(s, now),
        )
        for s in screenings
    ]


def counts_by_status() -> dict[str, int]:
    """Unscoped counters for `huimin stats`."""
    counts = Counter(dict(Screening.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n")))
    return {value: counts.get(value, 0) for value in ScreeningStatus.values}


__all__ = [
    "EXPIRED",
    "BoardFilters",
    "BoardRow",
    "BoardSummary",
    "CheckView",
    "Tally",
    "board_call_get",
    "board_rows",
    "board_summary",
    "call_runs",
    "calls_for_screening",
    "check_icons",
    "checks_for",
    "counts_by_status",
    "credit_evidence_for",
    "is_expired",
    "is_own_screening",
    "proposals_under_screening",
    "purchasers_of",
    "screening_decisions",
    "screening_get",
    "screenings_by_public_ids",
    "screenings_mine",
    "screenings_visible",
    "section_choices",
    "section_names",
    "status_label",
]
