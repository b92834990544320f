"""What a proposal still lacks and which budget rules of its call it breaks — pure functions over a proposal.

    from huimin.proposals.rules import missing, budget_problems, budget_summary
    missing(proposal)                                              # [Problem, …] completeness (every section)
    budget_problems(proposal, call_rules=call_rules(call), cap=call.cap_per_project)
    budget_summary(proposal)                                       # BudgetSummary (totals and shares)

Each `Problem` names its section (huimin.proposals.sections), the field (dotted for rows: `budget_lines.3.unit_price`,
`documents.application_form`, `activities.2.start_date`), a stable `code` (below), a translated message and whether
it blocks submission. Everything returned by `missing` blocks; budget problems block except `forbidden_expense`,
which is a flag for the screening to review (a phrase such as “购置车辆” in an item's name is a strong hint, not a
proof: “车辆租赁” for an outing is allowed).

Boundaries: a share exactly at the limit passes, one fen more fails; an applied amount exactly at the cap passes.

Completeness codes (`missing`):
    required                      a field of the section is empty
    intention_required            no intention of the call chosen
    intention_not_in_call         a chosen intention is no longer listed by the call (amendment)
    community_required            no community chosen
    community_not_covered         a community is not covered by the chosen intentions
    category_not_in_call          the category is not one of the call's
    period_invalid                the project ends before it starts
    period_too_long               the project period is longer than the call allows (102号令 Art. 24: one year)
    direct_beneficiaries_zero     fewer than one direct beneficiary
    summary_too_long              the summary (项目简介) has more than 500 characters
    activity_required             no activity
    activity_dates_required       an activity has no start or end date
    activity_dates_invalid        an activity ends before it starts
    activity_outside_period       an activity's dates are not inside the project period
    output_indicator_required     no output indicator
    outcome_indicator_required    no outcome indicator
    team_required                 no team member
    team_lead_required            no team member is the project lead
    team_member_inactive          a team member has left the organization's team
    budget_lines_required         no budget line
    document_required             a document the call requires is not attached
    commitment_required           the organization's commitment is not accepted

Budget codes (`budget_problems`):
    unit_price_over_cap           a line's unit price is above the call's cap for its kind
    cap_code_required             an expert line does not say which expert rate applies (the call has several)
    cap_code_unknown              a line names a cap the call does not have
    labour_share_over             labour lines / total > labour_share_max %
    management_fee_over           management lines / total > management_fee_max %
    total_not_positive            the budget total is 0
    applied_not_positive          the applied amount is 0
    applied_over_cap              the applied amount is above the call's cap per project
    applied_over_total            the applied amount is above the budget total (the rest may be self-funded, not more)
    forbidden_expense             (not blocking) an item names an expense the call does not allow
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from huimin.calls.rules import BudgetRules, CallRules, call_rules, decimal_text

from .models import BudgetCategory, IndicatorKind, Proposal

if TYPE_CHECKING:
    from huimin.calls.models import Call

FEN = Decimal("0.01")
HUNDRED = Decimal(100)
SUMMARY_MAX_CHARS = 500  # 项目简介 ≤ 500 字
PERIOD_MAX_YEARS = 1  # 102号令 Art. 24: a purchase contract runs at most one year, as a rule

# Budget categories whose lines fall under a unit-price cap of the same code when they name none.
CATEGORY_CAP: dict[str, str] = {BudgetCategory.TRAINING: "training", BudgetCategory.MEETING: "meeting"}
# Expert lines choose among the call's caps whose code starts with this (expert_senior, expert_other).
EXPERT_CAP_PREFIX = "expert"


@dataclass(frozen=True)
class Problem:
    section: str
    field: str
    code: str
    message: str
    blocking: bool = True

    @property
    def key(self) -> str:
        """The key of the submission's error dictionary: `section.field` (basics.title,
        budget.budget_lines.3.unit_price), or the field alone when it already starts with its section
        (activities.2.start_date, documents.<code>, team)."""
        if self.field == self.section or self.field.startswith(f"{self.section}."):
            return self.field
        return f"{self.section}.{self.field}"

    def to_json(self) -> dict[str, Any]:
        return {
            "section": self.section,
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "blocking": self.blocking,
        }


@dataclass(frozen=True)
class BudgetSummary:
    total: Decimal
    labour_total: Decimal
    labour_share: Decimal | None  # percent, two decimals (display only: the rules compare exactly)
    management_total: Decimal
    management_share: Decimal | None
    applied_amount: Decimal | None
    self_funded: Decimal  # total − applied amount (0 when nothing is applied for or more is applied than budgeted)
    by_category: dict[str, Decimal] = field(default_factory=dict)
    lines: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "total": self.total,
            "labour_total": self.labour_total,
            "labour_share": self.labour_share,
            "management_total": self.management_total,
            "management_share": self.management_share,
            "applied_amount": self.applied_amount,
            "self_funded": self.self_funded,
            "by_category": dict(self.by_category),
            "lines": self.lines,
        }


# --- arithmetic -------------------------------------------------------------------------------------------------


def line_total(unit_price: Decimal, quantity: Decimal) -> Decimal:
    """unit price × quantity, rounded to the fen (half up). The only way a budget line's total is computed."""
    return (Decimal(unit_price) * Decimal(quantity)).quantize(FEN, rounding=ROUND_HALF_UP)


def _share(part: Decimal, total: Decimal) -> Decimal | None:
    if total <= 0:
        return None
    return (part * HUNDRED / total).quantize(FEN, rounding=ROUND_HALF_UP)


def _lines(proposal: Proposal) -> list[Any]:
    return sorted(proposal.budget_lines.all(), key=lambda line: line.position)


def budget_summary(proposal: Proposal) -> BudgetSummary:
    lines = _lines(proposal)
    by_category: dict[str, Decimal] = {}
    for line in lines:
        by_category[line.category] = by_category.get(line.category, Decimal(0)) + line.total
    total = sum((line.total for line in lines), Decimal(0))
    labour = by_category.get(BudgetCategory.LABOUR, Decimal(0))
    management = by_category.get(BudgetCategory.MANAGEMENT, Decimal(0))
    applied = proposal.applied_amount
    self_funded = total - applied if applied is not None and applied <= total else Decimal(0)
    return BudgetSummary(
        total=total.quantize(FEN),
        labour_total=labour.quantize(FEN),
        labour_share=_share(labour, total),
        management_total=management.quantize(FEN),
        management_share=_share(management, total),
        applied_amount=applied,
        self_funded=self_funded.quantize(FEN),
        by_category={k: v.quantize(FEN) for k, v in sorted(by_category.items())},
        lines=len(lines),
    )


# --- budget rules -----------------------------------------------------------------------------------------------


def _squash(text: str) -> str:
    """NFKC, lower case, without spaces and punctuation: what forbidden-expense phrases are compared on."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    return "".join(ch for ch in text if not (ch.isspace() or unicodedata.category(ch).startswith("P")))


_SPLIT = re.compile(r"[、，,;；/／和或及与]+")


def forbidden_matches(text: str, forbidden: Iterable[str]) -> list[str]:
    """The forbidden expenses `text` names: the whole phrase, or one of its parts (the phrase split at 、，;/和或及与,
    parts of two characters or more), appears in the text. “直接向服务对象发放现金或礼品” is named by the item
    “节日礼品” through its part “礼品”; “购置车辆” by “购置车辆一台”."""
    squashed = _squash(text)
    if not squashed:
        return []
    found = []
    for phrase in forbidden:
        whole = _squash(phrase)
        parts = [_squash(p) for p in _SPLIT.split(unicodedata.normalize("NFKC", phrase))]
        candidates = [whole, *[p for p in parts if len(p) >= 2]]
        if any(c and c in squashed for c in candidates):
            found.append(phrase)
    return found


def _budget_rules_of(rules: CallRules | BudgetRules) -> BudgetRules:
    return rules.budget_rules if isinstance(rules, CallRules) else rules


def budget_problems(proposal: Proposal, *, call_rules: CallRules | BudgetRules, cap: Decimal | None) -> list[Problem]:
    """Every budget rule of the call the proposal breaks (see the module's codes). `cap` is the call's cap per
    project (None: no cap)."""
    rules = _budget_rules_of(call_rules)
    lines = _lines(proposal)
    problems: list[Problem] = []

    def add(field_name: str, code: str, message: str, blocking: bool = True) -> None:
        problems.append(Problem("budget", field_name, code, message, blocking))

    expert_caps = [c for c in rules.unit_price_caps if c.code.startswith(EXPERT_CAP_PREFIX)]
    for line in lines:
        prefix = f"budget_lines.{line.position}"
        cap_code = line.cap_code or CATEGORY_CAP.get(line.category, "")
        if not line.cap_code and line.category == BudgetCategory.EXPERT and expert_caps:
            if len(expert_caps) == 1:
                cap_code = expert_caps[0].code
            else:
                add(
                    f"{prefix}.cap_code",
                    "cap_code_required",
                    _("Line %(n)s (%(item)s): choose which expert rate applies (%(caps)s).")
                    % {"n": line.position, "item": line.item, "caps": "、".join(c.item for c in expert_caps)},
                )
                cap_code = ""
        if cap_code:
            unit_cap = rules.cap_for(cap_code)
            if unit_cap is None:
                if line.cap_code:  # named explicitly but unknown to the call (e.g. removed by an amendment)
                    add(
                        f"{prefix}.cap_code",
                        "cap_code_unknown",
                        _("Line %(n)s (%(item)s): the call has no unit-price cap “%(code)s”.")
                        % {"n": line.position, "item": line.item, "code": line.cap_code},
                    )
            elif line.unit_price > unit_cap.amount:
                add(
                    f"{prefix}.unit_price",
                    "unit_price_over_cap",
                    _(
                        "Line %(n)s (%(item)s): the unit price %(price)s 元 is above the cap of %(cap)s %(unit)s "
                        "(%(kind)s)."
                    )
                    % {
                        "n": line.position,
                        "item": line.item,
                        "price": decimal_text(line.unit_price),
                        "cap": decimal_text(unit_cap.amount),
                        "unit": unit_cap.unit,
                        "kind": unit_cap.item,
                    },
                )
        matched = forbidden_matches(f"{line.item} {line.note}", rules.forbidden_expenses)
        if matched:
            add(
                f"{prefix}.item",
                "forbidden_expense",
                _("Line %(n)s (%(item)s) may be an expense the call does not allow: %(what)s. To be reviewed.")
                % {"n": line.position, "item": line.item, "what": "、".join(matched)},
                blocking=False,
            )

    summary = budget_summary(proposal)
    total = summary.total
    if total <= 0:
        add("budget_lines", "total_not_positive", _("The budget total must be more than 0 元."))
    else:
        if not rules.labour_share_ok(labour=summary.labour_total, total=total):
            add(
                "budget_lines",
                "labour_share_over",
                _(
                    "Labour costs are %(share)s %% of the total (%(labour)s of %(total)s 元); at most %(max)s %% is "
                    "allowed."
                )
                % {
                    "share": summary.labour_share,
                    "labour": summary.labour_total,
                    "total": total,
                    "max": decimal_text(rules.labour_share_max),
                },
            )
        if not rules.management_fee_ok(fee=summary.management_total, total=total):
            if rules.management_fee_max == 0:
                message = _("The call allows no management fee (%(fee)s 元 budgeted).") % {
                    "fee": summary.management_total
                }
            else:
                message = _(
                    "The management fee is %(share)s %% of the total (%(fee)s of %(total)s 元); at most %(max)s %% is "
                    "allowed."
                ) % {
                    "share": summary.management_share,
                    "fee": summary.management_total,
                    "total": total,
                    "max": decimal_text(rules.management_fee_max),
                }
            add("budget_lines", "management_fee_over", message)
    applied = proposal.applied_amount
    if applied is not None:
        if applied <= 0:
            add("applied_amount", "applied_not_positive", _("The amount applied for must be more than 0 元."))
        else:
            if rules.total_within_cap and cap is not None and applied > cap:
                add(
                    "applied_amount",
                    "applied_over_cap",
                    _("The amount applied for (%(applied)s 元) is above the call's cap per project (%(cap)s 元).")
                    % {"applied": applied, "cap": cap},
                )
            if applied > total:
                add(
                    "applied_amount",
                    "applied_over_total",
                    _(
                        "The amount applied for (%(applied)s 元) is above the budget total (%(total)s 元); the "
                        "amount applied for may be less than the total (the rest self-funded), never more."
                    )
                    % {"applied": applied, "total": total},
                )
    return problems


# --- completeness -----------------------------------------------------------------------------------------------


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def period_limit_years(call: Call) -> int:
    """How long a project of this call may run, in years. Calls carry no field for a longer period yet: one year
    (102号令 Art. 24)."""
    return PERIOD_MAX_YEARS


def period_end_limit(start: date, years: int = PERIOD_MAX_YEARS) -> date:
    """The last day a project starting on `start` may end: 2030-11-01 → 2031-10-31."""
    return date.fromordinal(add_years(start, years).toordinal() - 1)


def text_length(text: str) -> int:
    """Characters as people count them (字数): Chinese characters, letters, digits and punctuation count one each;
    line breaks and surrounding whitespace do not."""
    normalized = unicodedata.normalize("NFC", text or "").strip()
    return sum(1 for ch in normalized if ch not in "\r\n")


def _label(name: str) -> str:
    return str(getattr(Proposal._meta.get_field(name), "verbose_name", name))


def _required(section: str, name: str) -> Problem:
    return Problem(section, name, "required", _("%(field)s is required.") % {"field": _label(name).capitalize()})


def missing(proposal: Proposal, *, rules: CallRules | None = None) -> list[Problem]:
    """Everything the proposal still lacks before it can be submitted, section by section (all blocking)."""
    call = proposal.call
    rules = rules or call_rules(call)
    out: list[Problem] = []

    # basics
    for name in ("title", "category", "start_date", "end_date", "contact_name", "contact_phone"):
        value = getattr(proposal, f"{name}_id" if name == "category" else name)
        if value in (None, ""):
            out.append(_required("basics", name))
    intentions = list(proposal.intentions.all())
    call_intentions = {i.pk: i for i in call.intentions.all()}
    if not intentions:
        out.append(Problem("basics", "intentions", "intention_required", _("Choose the call's intention(s) answered.")))
    for intention in intentions:
        if intention.pk not in call_intentions:
            out.append(
                Problem(
                    "basics",
                    "intentions",
                    "intention_not_in_call",
                    _("The intention %(number)s is not listed by the call.") % {"number": intention.number},
                )
            )
    communities = list(proposal.communities.all())
    if not communities:
        out.append(Problem("basics", "communities", "community_required", _("Choose the communities served.")))
    covered = {c.pk for i in intentions for c in i.communities.all()}
    for community in communities:
        if community.pk not in covered:
            out.append(
                Problem(
                    "basics",
                    "communities",
                    "community_not_covered",
                    _("%(community)s is not covered by the intentions chosen.") % {"community": community.name},
                )
            )
    if proposal.category_id is not None:
        allowed = {c.pk for c in call.categories.all()} | {i.category_id for i in call_intentions.values()}
        if proposal.category_id not in allowed:
            out.append(
                Problem("basics", "category", "category_not_in_call", _("The category is not one of the call's."))
            )
    start, end = proposal.start_date, proposal.end_date
    period_ok = start is not None and end is not None
    if start is not None and end is not None:
        if end < start:
            period_ok = False
            out.append(Problem("basics", "end_date", "period_invalid", _("The project ends before it starts.")))
        else:
            years = period_limit_years(call)
            limit = period_end_limit(start, years)
            if end > limit:
                out.append(
                    Problem(
                        "basics",
                        "end_date",
                        "period_too_long",
                        _("A project may run at most one year: starting on %(start)s it must end by %(limit)s.")
                        % {"start": start.isoformat(), "limit": limit.isoformat()},
                    )
                )

    # beneficiaries
    if not proposal.target_group:
        out.append(_required("beneficiaries", "target_group"))
    if proposal.direct_beneficiaries is None:
        out.append(_required("beneficiaries", "direct_beneficiaries"))
    elif proposal.direct_beneficiaries < 1:
        out.append(
            Problem(
                "beneficiaries",
                "direct_beneficiaries",
                "direct_beneficiaries_zero",
                _("A project serves at least one direct beneficiary."),
            )
        )
    if proposal.indirect_beneficiaries is None:
        out.append(_required("beneficiaries", "indirect_beneficiaries"))

    # narrative
    for name in ("summary", "need_analysis", "objectives", "risks", "sustainability"):
        if not (getattr(proposal, name) or "").strip():
            out.append(_required("narrative", name))
    length = text_length(proposal.summary)
    if length > SUMMARY_MAX_CHARS:
        out.append(
            Problem(
                "narrative",
                "summary",
                "summary_too_long",
                _("The summary has %(length)d characters; at most %(max)d are allowed.")
                % {"length": length, "max": SUMMARY_MAX_CHARS},
            )
        )

    # activities
    activities = sorted(proposal.activities.all(), key=lambda a: a.position)
    if not activities:
        out.append(Problem("activities", "activities", "activity_required", _("Plan at least one activity.")))
    for a in activities:
        where = f"activities.{a.position}"
        if a.start_date is None or a.end_date is None:
            out.append(
                Problem(
                    "activities",
                    f"{where}.start_date",
                    "activity_dates_required",
                    _("Activity “%(name)s”: give its start and end dates.") % {"name": a.name},
                )
            )
        elif a.end_date < a.start_date:
            out.append(
                Problem(
                    "activities",
                    f"{where}.end_date",
                    "activity_dates_invalid",
                    _("Activity “%(name)s” ends before it starts.") % {"name": a.name},
                )
            )
        elif period_ok and (a.start_date < start or a.end_date > end):  # type: ignore[operator]
            out.append(
                Problem(
                    "activities",
                    f"{where}.start_date",
                    "activity_outside_period",
                    _("Activity “%(name)s” (%(from)s – %(to)s) is outside the project period.")
                    % {"name": a.name, "from": a.start_date.isoformat(), "to": a.end_date.isoformat()},
                )
            )

    # indicators
    kinds = {i.kind for i in proposal.indicators.all()}
    if IndicatorKind.OUTPUT not in kinds:
        out.append(
            Problem("indicators", "indicators", "output_indicator_required", _("Give at least one output indicator."))
        )
    if IndicatorKind.OUTCOME not in kinds:
        out.append(
            Problem("indicators", "indicators", "outcome_indicator_required", _("Give at least one outcome indicator."))
        )

    # team
    team = list(proposal.team.all())
    if not team:
        out.append(Problem("team", "team", "team_required", _("Name the project team.")))
    elif not any(t.is_lead for t in team):
        out.append(Problem("team", "team", "team_lead_required", _("Name the project lead among the team.")))
    for t in team:
        if not t.member.is_active:
            out.append(
                Problem(
                    "team",
                    f"team.{t.member.public_id}",
                    "team_member_inactive",
                    _("%(name)s is no longer on the organization's team.") % {"name": t.member.name},
                )
            )

    # budget
    if not list(proposal.budget_lines.all()):
        out.append(Problem("budget", "budget_lines", "budget_lines_required", _("Add the budget lines.")))
    if proposal.applied_amount is None:
        out.append(_required("budget", "applied_amount"))

    # documents
    attached = {d.code for d in proposal.documents.all()}
    for doc in rules.required_documents:
        if doc.required and doc.code not in attached:
            out.append(
                Problem(
                    "documents",
                    f"documents.{doc.code}",
                    "document_required",
                    _("Attach “%(name)s”.") % {"name": doc.name},
                )
            )

    # commitment
    if proposal.commitment_accepted_at is None:
        out.append(
            Problem(
                "commitment",
                "commitment_accepted_at",
                "commitment_required",
                _("Accept the organization's commitment."),
            )
        )
    return out


def submission_problems(proposal: Proposal, *, rules: CallRules | None = None) -> list[Problem]:
    """What stops a submission: everything missing and every blocking budget problem."""
    call = proposal.call
    rules = rules or call_rules(call)
    budget = [p for p in budget_problems(proposal, call_rules=rules, cap=call.cap_per_project) if p.blocking]
    return [*missing(proposal, rules=rules), *budget]


def problems_by_key(problems: Iterable[Problem]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for p in problems:
        out.setdefault(p.key, []).append(p.message)
    return out
