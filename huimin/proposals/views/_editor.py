"""What the editor shows: which sections may be changed now (all of them on a draft before the deadline, only the
sections asked in an open fix window, none otherwise), the problems per section (what is missing and the budget
rules broken), the budget summary against the call's limits, unconfirmed amendments, and the choices of the pickers.

This module only reads: the services decide whether a change is allowed (the same rules, checked again on write).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from huimin.calls import selectors as call_selectors
from huimin.calls.rules import CallRules, call_deadline_passed, call_rules
from huimin.calls.states import CallStatus
from huimin.core.models import Division
from huimin.core.viewkit import time_left
from huimin.providers.selectors import document_label, reusable_profile_documents

from .. import selectors
from ..models import BudgetCategory, IndicatorKind, Proposal, ProposalStatus
from ..permissions import can_edit_proposal
from ..rules import SUMMARY_MAX_CHARS, BudgetSummary, Problem, budget_problems, missing, text_length
from ..sections import SECTION_CODES, SECTIONS, Section
from ..states import EDITABLE_STATUSES

# The editor's modes.
DRAFT = "draft"  # before the deadline, draft or withdrawn: everything editable
SEALED = "sealed"  # submitted, before the deadline: read-only, may be withdrawn
FIX = "fix"  # after the deadline, a fix window is open: the sections asked only
CLOSED = "closed"  # after the deadline (or the call is no longer open): read-only


@dataclass(frozen=True)
class SectionView:
    section: Section
    editable: bool
    problems: list[Problem]
    asked: bool  # named by the fix window

    @property
    def code(self) -> str:
        return self.section.code

    @property
    def label(self) -> str:
        return str(self.section.label)

    @property
    def blocking(self) -> int:
        return sum(1 for p in self.problems if p.blocking)


@dataclass(frozen=True)
class ShareView:
    label: str
    value: Decimal | None
    limit: Decimal
    ok: bool


@dataclass
class EditorState:
    proposal: Proposal
    rules: CallRules
    now: datetime
    mode: str
    editable_sections: set[str]
    problems: list[Problem]
    sections: list[SectionView]
    summary: BudgetSummary
    shares: list[ShareView]
    applied_ok: bool
    amendments_pending: int
    amendments: list[Any] = field(default_factory=list)
    fix_reason: str = ""
    fix_time_left: str = ""
    is_member: bool = False

    @property
    def blocking_count(self) -> int:
        return sum(1 for p in self.problems if p.blocking)

    @property
    def editable(self) -> bool:
        return bool(self.editable_sections)

    def can_edit(self, section: str) -> bool:
        return section in self.editable_sections

    @property
    def editable_map(self) -> dict[str, bool]:
        """{section code: editable now}, for templates."""
        return {code: code in self.editable_sections for code in SECTION_CODES}

    @property
    def sections_by_code(self) -> dict[str, SectionView]:
        return {s.code: s for s in self.sections}

    @property
    def can_submit(self) -> bool:
        return self.mode == DRAFT and self.is_member

    @property
    def can_withdraw(self) -> bool:
        return self.mode == SEALED and self.is_member

    @property
    def can_submit_fix(self) -> bool:
        return self.mode == FIX and self.is_member


def fix_request_reason(proposal: Proposal) -> str:
    """The reason the screening gave when it asked for the fix (the screening context keeps it on its own record,
    reached through the reverse relation without importing that context)."""
    screening = getattr(proposal, "screening", None)  # None when there is no screening yet
    return str(getattr(screening, "reason", "") or "")


def _mode(proposal: Proposal, now: datetime) -> tuple[str, set[str]]:
    call = proposal.call
    if call_deadline_passed(call, now):
        if selectors.fix_open(proposal, now):
            return FIX, set(proposal.fix_sections)
        return CLOSED, set()
    if call.status != CallStatus.PUBLISHED:
        return CLOSED, set()
    if proposal.status in EDITABLE_STATUSES:
        return DRAFT, set(SECTION_CODES)
    return SEALED, set()


def editor_state(proposal: Proposal, *, actor: Any, now: datetime) -> EditorState:
    rules = call_rules(proposal.call)
    mode, editable = _mode(proposal, now)
    member = can_edit_proposal(actor, proposal)
    if not member:
        editable = set()
    problems = [
        *missing(proposal, rules=rules),
        *budget_problems(proposal, call_rules=rules, cap=proposal.call.cap_per_project),
    ]
    by_section: dict[str, list[Problem]] = {}
    for p in problems:
        by_section.setdefault(p.section, []).append(p)
    asked = set(proposal.fix_sections) if mode == FIX else set()
    sections = [
        SectionView(section=s, editable=s.code in editable, problems=by_section.get(s.code, []), asked=s.code in asked)
        for s in SECTIONS
    ]
    summary = selectors.proposal_budget(proposal)
    b = rules.budget_rules
    shares = [
        ShareView(
            label="labour",
            value=summary.labour_share,
            limit=b.labour_share_max,
            ok=b.labour_share_ok(labour=summary.labour_total, total=summary.total),
        ),
        ShareView(
            label="management",
            value=summary.management_share,
            limit=b.management_fee_max,
            ok=b.management_fee_ok(fee=summary.management_total, total=summary.total),
        ),
    ]
    applied = proposal.applied_amount
    applied_ok = applied is None or (
        applied > 0
        and (not b.total_within_cap or applied <= proposal.call.cap_per_project)
        and applied <= summary.total
    )
    pending = selectors.amendments_to_confirm(proposal) if mode in (DRAFT, SEALED) else 0
    amendments = []
    if pending:
        for amendment in call_selectors.call_amendments(proposal.call):
            if amendment.sequence > proposal.confirmed_amendment:
                amendments.append((amendment, call_selectors.change_rows(amendment.changes)))
    state = EditorState(
        proposal=proposal,
        rules=rules,
        now=now,
        mode=mode,
        editable_sections=editable,
        problems=problems,
        sections=sections,
        summary=summary,
        shares=shares,
        applied_ok=applied_ok,
        amendments_pending=pending,
        amendments=amendments,
        is_member=member,
    )
    if mode == FIX and proposal.fix_until is not None:
        state.fix_reason = fix_request_reason(proposal)
        state.fix_time_left = time_left(proposal.fix_until, now)
    return state


# --- the pickers ----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Choice:
    value: str
    label: str
    selected: bool
    hint: str = ""


def intention_choices(proposal: Proposal) -> list[Choice]:
    chosen = {i.pk for i in proposal.intentions.all()}
    return [
        Choice(
            value=str(i.public_id),
            label=f"{i.number} {i.title}",
            selected=i.pk in chosen,
            hint=f"{i.purchaser.name} · {i.category.name} · {i.budget:,.2f} 元",
        )
        for i in call_selectors.call_intentions(proposal.call)
    ]


def covered_communities(proposal: Proposal) -> list[Division]:
    """Communities covered by the chosen intentions (what may be served)."""
    seen: dict[int, Division] = {}
    for intention in proposal.intentions.all():
        for community in intention.communities.all():
            seen.setdefault(community.pk, community)
    return sorted(seen.values(), key=lambda c: c.code)


def community_choices(proposal: Proposal) -> list[Choice]:
    chosen = {c.pk for c in proposal.communities.all()}
    return [Choice(value=c.code, label=c.name, selected=c.pk in chosen) for c in covered_communities(proposal)]


def category_choices(proposal: Proposal) -> list[Choice]:
    seen: dict[int, Any] = {c.pk: c for c in proposal.call.categories.all()}
    for intention in call_selectors.call_intentions(proposal.call):
        seen.setdefault(intention.category_id, intention.category)
    return [
        Choice(value=c.code, label=c.name, selected=c.pk == proposal.category_id)
        for c in sorted(seen.values(), key=lambda c: c.name)
    ]


def team_member_choices(proposal: Proposal) -> list[Any]:
    on_team = {t.member_id for t in proposal.team.all()}
    return [m for m in selectors.team_choices(proposal) if m.pk not in on_team]


@dataclass(frozen=True)
class DocumentSlot:
    code: str
    name: str
    required: bool
    description: str
    attached: Any  # ProposalDocument | None
    profile_document: Any  # ProfileDocument of the same code, offered for reuse
    profile_label: str


def document_slots(proposal: Proposal, rules: CallRules, *, actor: Any) -> list[DocumentSlot]:
    attached = {d.code: d for d in proposal.documents.all()}
    standing = reusable_profile_documents(actor=actor, organization=proposal.organization)
    slots = []
    for doc in rules.required_documents:
        reusable = standing.get(doc.code)
        if (
            reusable is not None
            and attached.get(doc.code)
            and attached[doc.code].attachment_id == reusable.attachment_id
        ):
            reusable = None  # already attached
        slots.append(
            DocumentSlot(
                code=doc.code,
                name=doc.name,
                required=doc.required,
                description=doc.description,
                attached=attached.get(doc.code),
                profile_document=reusable,
                profile_label=document_label(doc.code),
            )
        )
    return slots


def editor_context(proposal: Proposal, *, actor: Any, now: datetime) -> dict[str, Any]:
    state = editor_state(proposal, actor=actor, now=now)
    return {
        "proposal": proposal,
        "call": proposal.call,
        "state": state,
        "rules": state.rules,
        "summary": state.summary,
        "intentions": intention_choices(proposal),
        "communities": community_choices(proposal),
        "categories": category_choices(proposal),
        "team_rows": sorted(proposal.team.all(), key=lambda t: (not t.is_lead, t.member.name)),
        "team_choices": team_member_choices(proposal),
        "activities": sorted(proposal.activities.all(), key=lambda a: a.position),
        "indicators": sorted(proposal.indicators.all(), key=lambda i: i.position),
        "budget_lines": sorted(proposal.budget_lines.all(), key=lambda b: b.position),
        "documents": document_slots(proposal, state.rules, actor=actor),
        "budget_categories": BudgetCategory.choices,
        "indicator_kinds": IndicatorKind.choices,
        "caps": state.rules.budget_rules.unit_price_caps,
        "cap_choices": [
            (c.code, f"{c.item} ≤ {c.amount.normalize():f} {c.unit}") for c in state.rules.budget_rules.unit_price_caps
        ],
        "summary_max": SUMMARY_MAX_CHARS,
        "summary_length": text_length(proposal.summary),
        "deadline_left": time_left(proposal.call.deadline, now),
        "local_now": timezone.localtime(now),
        "is_submitted": proposal.status == ProposalStatus.SUBMITTED,
    }
