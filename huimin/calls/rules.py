"""The structured parts of a call (项目申报通知): typed shapes, defaults, validation and plain-language wording.

`Call` keeps four JSON fields. Read and write them only through this module, so that every context (proposals,
screening, review) sees one typed shape:

    from huimin.calls.rules import call_rules
    rules = call_rules(call)            # CallRules, parsed from the stored JSON
    rules.eligibility.min_grade         # 0 = no grade required, 3 = at least 3A
    rules.budget_rules.labour_share_ok(labour=Decimal("5000"), total=Decimal("10000"))   # True (50 % ≤ 50 %)
    rules.budget_rules.cap_for("training")                                              # UnitPriceCap | None
    [c.weight for c in rules.review_criteria]                                            # Decimals adding up to 100

| JSON field                | shape                           | stored as                                           |
|---------------------------|---------------------------------|-----------------------------------------------------|
| `Call.eligibility`        | `Eligibility`                   | object, every key of the dataclass                  |
| `Call.required_documents` | `tuple[RequiredDocument, ...]`  | array of objects                                    |
| `Call.budget_rules`       | `BudgetRules`                   | object; `unit_price_caps` an array of objects       |
| `Call.review_criteria`    | `tuple[ReviewCriterion, ...]`   | array of objects; weights add up to exactly 100     |

Decimals (percentages, amounts, weights) are stored as strings ("50", "500.00") so no float ever rounds them; the
parsers accept numbers or strings, full-width digits (５０) and a trailing % / ％ / 元.

Parsing (`parse_eligibility`, `parse_required_documents`, `parse_budget_rules`, `parse_review_criteria`,
`validate_call_rules`) takes the JSON value (a missing key takes its default; an unknown key is an error) and either
returns the shape or raises `ServiceError` (code `call_rules_invalid`) whose per-field messages are keyed by a
dotted path: `eligibility.min_grade`, `budget_rules.unit_price_caps.2.amount`, `review_criteria` (the total),
`review_criteria.1.weight`. `shape.to_json()` gives the value to store; `default_*()` the values of a new call.

Legal sources (docs/calls.md has the full table): eligibility follows 政府采购法 §22 and 102号令 Arts. 6–8
(REFERENCE §1.1) with the usual local 承接资质 list (民政登记, 上年度年检合格, 评估等级, 联合惩戒名单 — REFERENCE §1.4,
§3.5); budget rules follow REFERENCE §2.3 (劳务费+志愿者补贴 ≤ 50 %, 机构管理费 ≤ 10 %, 专家费 500 元/人天,
培训 ≤ 350 元/人/天, 会议 ≤ 400 元/人/天); review criteria follow the practice in REFERENCE §2.1 and §2.4.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, datetime, time
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from huimin.core.calendar import add_working_days, working_days_between
from huimin.core.cleaning import FieldErrors, nfkc, parse_decimal
from huimin.core.models import OrganizationType

from .error_codes import CallsError

if TYPE_CHECKING:
    from .models import Call

HUNDRED = Decimal(100)
MAX_AMOUNT = Decimal("100000000")  # 1 亿元: a unit price above it is a typing mistake
MAX_ROWS = 30
CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,31}$")

# Organizations registered with the civil affairs authority (民政登记).
CIVIL_AFFAIRS_TYPES: tuple[str, ...] = (
    OrganizationType.SOCIAL_GROUP,
    OrganizationType.SOCIAL_SERVICE,
    OrganizationType.FOUNDATION,
)
# 102号令 Art. 5/6: state organs buy, they never provide.
NEVER_PROVIDERS: tuple[str, ...] = (OrganizationType.GOVERNMENT,)


class AnnualInspection:
    """What the previous year's 年检 / 年报 conclusion must be (`Eligibility.annual_inspection`)."""

    PASSED = "passed"  # 合格 only
    BASIC = "basic"  # 合格 or 基本合格
    NONE = "none"  # not required

    values = (PASSED, BASIC, NONE)
    labels = {
        PASSED: gettext_lazy("Passed (合格)"),
        BASIC: gettext_lazy("Passed or basically passed (合格或基本合格)"),
        NONE: gettext_lazy("Not required"),
    }


class CriterionSource:
    """Who scores a review criterion (`ReviewCriterion.source`)."""

    EXPERTS = "experts"  # the expert reviewers score it on the rubric
    PAST_PERFORMANCE = "past_performance"  # taken from the organization's record in earlier rounds

    values = (EXPERTS, PAST_PERFORMANCE)
    labels = {
        EXPERTS: gettext_lazy("Scored by the experts"),
        PAST_PERFORMANCE: gettext_lazy("From the organization's past projects"),
    }


# --- the shapes -----------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Eligibility:
    """Who may submit a proposal (申报条件). Screening checks each criterion against the organization's file.

    civil_affairs_registration  registered with the civil affairs authority (民政登记: 社会团体, 民办非企业单位 /
                                社会服务机构, 基金会). When True, `allowed_org_types` may hold only those three.
    annual_inspection           previous year's 年检 conclusion: "passed" (合格), "basic" (合格 or 基本合格), "none".
    min_grade                   0 = no evaluation grade needed; 1–5 = at least that many A (民政部令第39号), valid
                                on the deadline.
    credit_check                not on a joint-punishment list (失信被执行人, 重大税收违法, 政府采购严重违法失信,
                                社会组织严重违法失信名单 — 财库〔2016〕125号, 民政部令第60号); screening runs the
                                credit check and keeps its evidence.
    no_major_violation_years    no 重大违法记录 in the last N years (政府采购法 §22(5): 3); 0 = not asked.
    min_years_operating         founded (成立日期) at least N full years before the deadline; 0 = any age.
    allowed_org_types           huimin.core.models.OrganizationType values that may apply (never "government").
    other_conditions            further conditions in words, one per entry (102号令 Art. 7: no discrimination).
    """

    civil_affairs_registration: bool = True
    annual_inspection: str = AnnualInspection.PASSED
    min_grade: int = 0
    credit_check: bool = True
    no_major_violation_years: int = 3
    min_years_operating: int = 1
    allowed_org_types: tuple[str, ...] = CIVIL_AFFAIRS_TYPES
    other_conditions: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "civil_affairs_registration": self.civil_affairs_registration,
            "annual_inspection": self.annual_inspection,
            "min_grade": self.min_grade,
            "credit_check": self.credit_check,
            "no_major_violation_years": self.no_major_violation_years,
            "min_years_operating": self.min_years_operating,
            "allowed_org_types": list(self.allowed_org_types),
            "other_conditions": list(self.other_conditions),
        }

    def describe(self) -> list[str]:
        """The criteria in words, for the public page and the printed call."""
        labels = dict(OrganizationType.choices)
        lines = [_("Open to: %(types)s.") % {"types": "、".join(str(labels.get(t, t)) for t in self.allowed_org_types)}]
        if self.civil_affairs_registration:
            lines.append(_("Registered with the civil affairs authority (民政登记)."))
        if self.annual_inspection == AnnualInspection.PASSED:
            lines.append(_("Passed the previous year's annual inspection (上年度年检合格)."))
        elif self.annual_inspection == AnnualInspection.BASIC:
            lines.append(
                _("Passed or basically passed the previous year's annual inspection (上年度年检合格或基本合格).")
            )
        if self.min_grade:
            lines.append(
                _("Holds an evaluation grade of at least %(grade)dA (社会组织评估等级), valid on the deadline.")
                % {"grade": self.min_grade}
            )
        if self.credit_check:
            lines.append(
                _(
                    "Not on any joint-punishment list (失信被执行人, 重大税收违法, 政府采购严重违法失信, "
                    "社会组织严重违法失信名单); the credit check is run and kept at screening."
                )
            )
        if self.no_major_violation_years:
            lines.append(
                ngettext(
                    "No major violation of law (重大违法记录) in the last year.",
                    "No major violation of law (重大违法记录) in the last %(years)d years.",
                    self.no_major_violation_years,
                )
                % {"years": self.no_major_violation_years}
            )
        if self.min_years_operating:
            lines.append(
                ngettext(
                    "Founded at least %(years)d full year before the deadline.",
                    "Founded at least %(years)d full years before the deadline.",
                    self.min_years_operating,
                )
                % {"years": self.min_years_operating}
            )
        lines.extend(self.other_conditions)
        return lines


@dataclass(frozen=True)
class RequiredDocument:
    """One document a proposal must (or may) carry (申报材料).

    code         stable slug within the call (a-z, 0-9, _), e.g. "application_form"; proposals refer to it.
    name         what it is, e.g. 项目申报书.
    required     False for documents that are welcome but optional (e.g. 评估等级证书).
    description  what exactly is expected (copies, stamps, format).
    """

    code: str
    name: str
    required: bool = True
    description: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "name": self.name, "required": self.required, "description": self.description}


@dataclass(frozen=True)
class UnitPriceCap:
    """A ceiling on the unit price of one kind of budget line (单价上限), e.g. 培训费 350 元/人/天.

    code    stable slug within the call ("expert_senior", "training", "meeting"); a proposal's budget line names
            the cap it falls under by this code.
    item    the kind of expense in words.
    unit    the unit the amount is per, in words (元/人天, 元/人/天).
    amount  the ceiling in 元 per unit, > 0, two decimals.
    """

    code: str
    item: str
    unit: str
    amount: Decimal

    def to_json(self) -> dict[str, Any]:
        return {"code": self.code, "item": self.item, "unit": self.unit, "amount": _decimal_text(self.amount)}


@dataclass(frozen=True)
class BudgetRules:
    """Rules every proposal's budget must keep (预算编制要求), checked at screening.

    labour_share_max    劳务费 + 志愿者补贴 as a percentage of the project total, at most this (0–100; 50 by
                        default). A budget with exactly this share passes: see `labour_share_ok`.
    management_fee_max  机构管理费 as a percentage of the project total, at most this (0–100; 10 by default; 0 means
                        no management fee may be charged).
    unit_price_caps     ceilings per unit for kinds of lines (codes unique).
    total_within_cap    the proposal's requested amount may not exceed the call's cap per project.
    forbidden_expenses  expenses that may not be budgeted at all, in words.
    """

    labour_share_max: Decimal = Decimal(50)
    management_fee_max: Decimal = Decimal(10)
    unit_price_caps: tuple[UnitPriceCap, ...] = ()
    total_within_cap: bool = True
    forbidden_expenses: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "labour_share_max": _decimal_text(self.labour_share_max),
            "management_fee_max": _decimal_text(self.management_fee_max),
            "unit_price_caps": [c.to_json() for c in self.unit_price_caps],
            "total_within_cap": self.total_within_cap,
            "forbidden_expenses": list(self.forbidden_expenses),
        }

    @staticmethod
    def _share_ok(part: Decimal, total: Decimal, limit: Decimal) -> bool:
        if total <= 0:
            return part <= 0
        return part * HUNDRED <= limit * total  # exact: no division, no rounding

    def labour_share_ok(self, *, labour: Decimal, total: Decimal) -> bool:
        """True when labour / total ≤ labour_share_max % (exactly the limit passes)."""
        return self._share_ok(labour, total, self.labour_share_max)

    def management_fee_ok(self, *, fee: Decimal, total: Decimal) -> bool:
        """True when fee / total ≤ management_fee_max % (exactly the limit passes)."""
        return self._share_ok(fee, total, self.management_fee_max)

    def cap_for(self, code: str) -> UnitPriceCap | None:
        return next((c for c in self.unit_price_caps if c.code == code), None)

    def describe(self, *, cap_per_project: Decimal | None = None) -> list[str]:
        lines = [
            _("Labour costs and volunteer allowances at most %(share)s %% of the project total.")
            % {"share": _decimal_text(self.labour_share_max)},
        ]
        if self.management_fee_max:
            lines.append(
                _("Management fee at most %(share)s %% of the project total.")
                % {"share": _decimal_text(self.management_fee_max)}
            )
        else:
            lines.append(_("No management fee may be charged."))
        for cap in self.unit_price_caps:
            lines.append(
                _("%(item)s: at most %(amount)s %(unit)s.")
                % {"item": cap.item, "amount": _decimal_text(cap.amount), "unit": cap.unit}
            )
        if self.total_within_cap:
            if cap_per_project:
                lines.append(
                    _("The amount requested may not exceed the cap per project (%(cap)s 元).")
                    % {"cap": _decimal_text(cap_per_project)}
                )
            else:
                lines.append(_("The amount requested may not exceed the cap per project."))
        if self.forbidden_expenses:
            lines.append(_("Not allowed: %(items)s.") % {"items": "、".join(self.forbidden_expenses)})
        return lines


@dataclass(frozen=True)
class ReviewCriterion:
    """One line of the review rubric (评审标准). The weights of a call's criteria add up to exactly 100.

    code         stable slug within the call; the review context stores scores per code.
    name         the criterion in words, e.g. 项目实施方案的科学性.
    weight       points out of 100 (> 0, two decimals at most).
    description  what the experts look at.
    source       "experts" (scored by the reviewers) or "past_performance" (taken from the organization's projects
                 in earlier rounds: 项目实施情况、开展成效及资金使用情况); at most one criterion of that source.
    """

    code: str
    name: str
    weight: Decimal
    description: str = ""
    source: str = CriterionSource.EXPERTS

    def to_json(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "weight": _decimal_text(self.weight),
            "description": self.description,
            "source": self.source,
        }


@dataclass(frozen=True)
class CallRules:
    """All four structured parts of one call, typed."""

    eligibility: Eligibility = field(default_factory=Eligibility)
    required_documents: tuple[RequiredDocument, ...] = ()
    budget_rules: BudgetRules = field(default_factory=BudgetRules)
    review_criteria: tuple[ReviewCriterion, ...] = ()


# --- defaults of a new call -----------------------------------------------------------------------------------------


def default_eligibility() -> Eligibility:
    return Eligibility()


def default_required_documents() -> tuple[RequiredDocument, ...]:
    """The usual 申报材料 (REFERENCE §2.2): the application with its budget, the registration certificate, the annual
    inspection conclusion, the community's seal, the credit commitment; the grade certificate when the organization
    has one."""
    return (
        RequiredDocument("application_form", "项目申报书（含项目预算表）", True, "按通知所附模板填写，加盖单位公章。"),
        RequiredDocument("registration_certificate", "登记证书副本复印件", True, "加盖单位公章。"),
        RequiredDocument("annual_inspection", "上年度年检（年报）结论", True, ""),
        RequiredDocument("community_opinion", "项目实施所在社区意见", True, "社区居委会签章。"),
        RequiredDocument("credit_commitment", "信用承诺书", True, "法定代表人签字并加盖公章。"),
        RequiredDocument("grade_certificate", "社会组织评估等级证书", False, "有等级的组织提供。"),
    )


def default_unit_price_caps() -> tuple[UnitPriceCap, ...]:
    """REFERENCE §2.3 (national-style 社会服务项目 budget template)."""
    return (
        UnitPriceCap("expert_senior", "专家费（高级职称）", "元/人天", Decimal(500)),
        UnitPriceCap("expert_other", "专家费（其他人员）", "元/人天", Decimal(300)),
        UnitPriceCap("training", "培训费", "元/人/天", Decimal(350)),
        UnitPriceCap("meeting", "会议费", "元/人/天", Decimal(400)),
    )


def default_budget_rules() -> BudgetRules:
    return BudgetRules(
        labour_share_max=Decimal(50),
        management_fee_max=Decimal(10),
        unit_price_caps=default_unit_price_caps(),
        total_within_cap=True,
        forbidden_expenses=(
            "楼堂馆所建设",
            "罚款",
            "偿还债务",
            "对外投资",
            "购置车辆",
            "与项目无关的捐赠",
            "直接向服务对象发放现金或礼品",
        ),
    )


def default_review_criteria() -> tuple[ReviewCriterion, ...]:
    """The rubric of the Pingcheng rounds (REFERENCE §2.1, §2.4) plus past performance (the 2020 article)."""
    return (
        ReviewCriterion(
            "need_and_public_benefit", "需求的迫切性与目标的公益性", Decimal(20), "需求调研是否充分、受益群体是否明确。"
        ),
        ReviewCriterion("plan", "实施方案的科学性与可行性", Decimal(25), "活动设计、进度安排、风险应对。"),
        ReviewCriterion("team", "团队的专业性", Decimal(15), "人员资质、分工、社会工作职业资格。"),
        ReviewCriterion("budget", "预算的合理性", Decimal(15), "预算与活动匹配，符合预算编制要求。"),
        ReviewCriterion("innovation_sustainability", "项目的创新性与可持续性", Decimal(10), ""),
        ReviewCriterion(
            "past_performance",
            "以往项目实施情况",
            Decimal(15),
            "往届项目的实施情况、开展成效及资金使用情况。",
            CriterionSource.PAST_PERFORMANCE,
        ),
    )


def default_rules() -> CallRules:
    return CallRules(
        eligibility=default_eligibility(),
        required_documents=default_required_documents(),
        budget_rules=default_budget_rules(),
        review_criteria=default_review_criteria(),
    )


# --- parsing --------------------------------------------------------------------------------------------------------


def rule_errors() -> FieldErrors:
    """An empty collection of messages per dotted path, raised as `call_rules_invalid`."""
    return FieldErrors(code=CallsError.RULES_INVALID)


def _decimal_text(value: Decimal) -> str:
    """50.00 → "50", 12.5 → "12.5", 500 → "500" (no exponent)."""
    text = format(value.normalize(), "f")
    return text


def _text(errors: FieldErrors, path: str, value: Any, *, label: str, max_length: int, required: bool) -> str:
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors.add(path, _("%(label)s must be text.") % {"label": label})
        return ""
    text = " ".join(unicodedata.normalize("NFC", value).split())
    if required and not text:
        errors.add(path, _("%(label)s is required.") % {"label": label})
    elif len(text) > max_length:
        errors.add(
            path,
            _("%(label)s has %(length)d characters; at most %(max)d are allowed.")
            % {"label": label, "length": len(text), "max": max_length},
        )
    return text


def _bool(errors: FieldErrors, path: str, value: Any, *, label: str) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        word = nfkc(value).lower()
        if word in ("true", "1", "yes", "on"):
            return True
        if word in ("false", "0", "no", "off", ""):
            return False
    if isinstance(value, int) and value in (0, 1):
        return bool(value)
    errors.add(path, _("%(label)s must be true or false.") % {"label": label})
    return False


def _int(errors: FieldErrors, path: str, value: Any, *, label: str, low: int, high: int) -> int:
    number: int | None = None
    if isinstance(value, bool):
        number = None
    elif isinstance(value, int):
        number = value
    elif isinstance(value, str) and re.fullmatch(r"[+-]?\d+", nfkc(value)):
        number = int(nfkc(value))
    elif isinstance(value, float) and value.is_integer():
        number = int(value)
    if number is None:
        errors.add(path, _("%(label)s must be a whole number.") % {"label": label})
        return low
    if not low <= number <= high:
        errors.add(
            path,
            _("%(label)s must be between %(low)d and %(high)d (got %(value)d).")
            % {"label": label, "low": low, "high": high, "value": number},
        )
    return number


def _decimal(
    errors: FieldErrors,
    path: str,
    value: Any,
    *,
    label: str,
    low: Decimal,
    high: Decimal,
    low_inclusive: bool = True,
    strip: Iterable[str] = (),
    percent: bool = False,
) -> Decimal:
    number = parse_decimal(value, strip=strip)
    if number is None:
        errors.add(path, _("%(label)s must be a number.") % {"label": label})
        return low
    exponent = number.normalize().as_tuple().exponent
    if isinstance(exponent, int) and exponent < -2:
        errors.add(
            path,
            _("%(label)s may have at most two decimal places (got %(value)s).")
            % {"label": label, "value": _decimal_text(number)},
        )
        return number
    too_low = number < low if low_inclusive else number <= low
    if too_low or number > high:
        values = {
            "label": label,
            "low": _decimal_text(low),
            "high": _decimal_text(high),
            "value": _decimal_text(number),
        }
        if percent:
            message = _("%(label)s must be between %(low)s %% and %(high)s %% (got %(value)s %%).") % values
        elif low_inclusive:
            message = _("%(label)s must be between %(low)s and %(high)s (got %(value)s).") % values
        else:
            message = _("%(label)s must be more than %(low)s and at most %(high)s (got %(value)s).") % values
        errors.add(path, message)
    return number


def _mapping(errors: FieldErrors, path: str, value: Any, *, label: str, allowed: Iterable[str]) -> Mapping[str, Any]:
    if value is None:
        return {}
    if not isinstance(value, Mapping):
        errors.add(path, _("%(label)s must be an object with named fields.") % {"label": label})
        return {}
    for key in value:
        if key not in allowed:
            errors.add(f"{path}.{key}", _("Unknown field “%(key)s” in %(label)s.") % {"key": key, "label": label})
    return value


def _rows(errors: FieldErrors, path: str, value: Any, *, label: str) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, (str, bytes, Mapping)) or not isinstance(value, Iterable):
        errors.add(path, _("%(label)s must be a list.") % {"label": label})
        return []
    rows = list(value)
    if len(rows) > MAX_ROWS:
        errors.add(
            path,
            _("%(label)s has %(count)d rows; at most %(max)d.") % {"label": label, "count": len(rows), "max": MAX_ROWS},
        )
    return rows


def _texts(errors: FieldErrors, path: str, value: Any, *, label: str, max_length: int) -> tuple[str, ...]:
    if isinstance(value, str):  # one per line, as typed in a text area
        value = value.splitlines()
    out: list[str] = []
    for i, item in enumerate(_rows(errors, path, value, label=label)):
        text = _text(errors, f"{path}.{i}", item, label=label, max_length=max_length, required=False)
        if text and text not in out:
            out.append(text)
    return tuple(out)


def _code(errors: FieldErrors, path: str, value: Any, *, seen: set[str], fallback: str, label: str) -> str:
    code = nfkc(value).lower() if isinstance(value, str) else ""
    if not code:
        n = 1
        while f"{fallback}_{n}" in seen:
            n += 1
        code = f"{fallback}_{n}"
    elif not CODE_RE.match(code):
        errors.add(
            path,
            _(
                "The code “%(code)s” of %(label)s may hold only lower-case letters, digits and _, start with a "
                "letter and have at most 32 characters."
            )
            % {"code": code, "label": label},
        )
    elif code in seen:
        errors.add(path, _("The code “%(code)s” is used twice in %(label)s.") % {"code": code, "label": label})
    seen.add(code)
    return code


def read_eligibility(errors: FieldErrors, data: Any, path: str = "eligibility") -> Eligibility:
    names = [f.name for f in fields(Eligibility)]
    data = _mapping(errors, path, data, label=_("the eligibility criteria"), allowed=names)
    base = Eligibility()
    get: Callable[[str], Any] = lambda key: data.get(key, getattr(base, key))  # noqa: E731
    registration = _bool(
        errors,
        f"{path}.civil_affairs_registration",
        get("civil_affairs_registration"),
        label=_("Civil affairs registration"),
    )
    inspection = get("annual_inspection")
    inspection = nfkc(inspection).lower() if isinstance(inspection, str) else inspection
    if inspection not in AnnualInspection.values:
        errors.add(
            f"{path}.annual_inspection",
            _("The annual inspection requirement must be one of %(values)s (got “%(value)s”).")
            % {"values": "、".join(AnnualInspection.values), "value": inspection},
        )
        inspection = base.annual_inspection
    grade = _int(errors, f"{path}.min_grade", get("min_grade"), label=_("The minimum evaluation grade"), low=0, high=5)
    credit = _bool(errors, f"{path}.credit_check", get("credit_check"), label=_("The credit check"))
    violations = _int(
        errors,
        f"{path}.no_major_violation_years",
        get("no_major_violation_years"),
        label=_("The years without major violations"),
        low=0,
        high=10,
    )
    years = _int(
        errors,
        f"{path}.min_years_operating",
        get("min_years_operating"),
        label=_("The years of operation"),
        low=0,
        high=50,
    )
    raw_types = get("allowed_org_types")
    types: list[str] = []
    for i, value in enumerate(_rows(errors, f"{path}.allowed_org_types", raw_types, label=_("The organization types"))):
        kind = nfkc(value) if isinstance(value, str) else value
        if kind not in OrganizationType.values:
            errors.add(
                f"{path}.allowed_org_types.{i}",
                _("Unknown organization type “%(type)s”.") % {"type": value},
            )
        elif kind in NEVER_PROVIDERS:
            errors.add(
                f"{path}.allowed_org_types.{i}",
                _("Government bodies buy services; they cannot provide them (102号令 Arts. 5–6)."),
            )
        elif kind not in types:
            types.append(kind)
    if not types and f"{path}.allowed_org_types" not in errors.by_field:
        errors.add(f"{path}.allowed_org_types", _("Allow at least one type of organization."))
    if registration:
        outside = [t for t in types if t not in CIVIL_AFFAIRS_TYPES]
        if outside:
            labels = dict(OrganizationType.choices)
            errors.add(
                f"{path}.allowed_org_types",
                _(
                    "Civil affairs registration (民政登记) is required, but %(types)s are not registered with "
                    "the civil affairs authority: allow only social groups, private non-enterprise units and "
                    "foundations, or do not require the registration."
                )
                % {"types": "、".join(str(labels[t]) for t in outside)},
            )
    others = _texts(
        errors, f"{path}.other_conditions", get("other_conditions"), label=_("Other conditions"), max_length=200
    )
    return Eligibility(
        civil_affairs_registration=registration,
        annual_inspection=inspection,
        min_grade=grade,
        credit_check=credit,
        no_major_violation_years=violations,
        min_years_operating=years,
        allowed_org_types=tuple(types),
        other_conditions=others,
    )


def read_required_documents(
    errors: FieldErrors, data: Any, path: str = "required_documents"
) -> tuple[RequiredDocument, ...]:
    out: list[RequiredDocument] = []
    seen: set[str] = set()
    allowed = [f.name for f in fields(RequiredDocument)]
    for i, row in enumerate(_rows(errors, path, data, label=_("The required documents"))):
        p = f"{path}.{i}"
        row = _mapping(errors, p, row, label=_("document %(n)d") % {"n": i + 1}, allowed=allowed)
        name = _text(
            errors, f"{p}.name", row.get("name"), label=_("The document's name"), max_length=100, required=True
        )
        code = _code(errors, f"{p}.code", row.get("code"), seen=seen, fallback="doc", label=_("the required documents"))
        required = _bool(errors, f"{p}.required", row.get("required", True), label=_("Required"))
        description = _text(
            errors,
            f"{p}.description",
            row.get("description"),
            label=_("The description"),
            max_length=300,
            required=False,
        )
        out.append(RequiredDocument(code=code, name=name, required=required, description=description))
    names = [d.name for d in out if d.name]
    for i, doc in enumerate(out):
        if doc.name and names.count(doc.name) > 1 and names.index(doc.name) != i:
            errors.add(f"{path}.{i}.name", _("The document “%(name)s” is listed twice.") % {"name": doc.name})
    return tuple(out)


def read_budget_rules(errors: FieldErrors, data: Any, path: str = "budget_rules") -> BudgetRules:
    names = [f.name for f in fields(BudgetRules)]
    data = _mapping(errors, path, data, label=_("the budget rules"), allowed=names)
    base = default_budget_rules()
    get: Callable[[str], Any] = lambda key: data.get(key, getattr(base, key))  # noqa: E731
    percent_suffixes = ("%", "％")
    labour = _decimal(
        errors,
        f"{path}.labour_share_max",
        get("labour_share_max"),
        label=_("The labour share limit"),
        low=Decimal(0),
        high=HUNDRED,
        strip=percent_suffixes,
        percent=True,
    )
    management = _decimal(
        errors,
        f"{path}.management_fee_max",
        get("management_fee_max"),
        label=_("The management fee limit"),
        low=Decimal(0),
        high=HUNDRED,
        strip=percent_suffixes,
        percent=True,
    )
    caps: list[UnitPriceCap] = []
    seen: set[str] = set()
    raw_caps = data.get("unit_price_caps", [c.to_json() for c in base.unit_price_caps])
    cap_fields = [f.name for f in fields(UnitPriceCap)]
    for i, row in enumerate(_rows(errors, f"{path}.unit_price_caps", raw_caps, label=_("The unit-price caps"))):
        p = f"{path}.unit_price_caps.{i}"
        row = _mapping(errors, p, row, label=_("cap %(n)d") % {"n": i + 1}, allowed=cap_fields)
        item = _text(errors, f"{p}.item", row.get("item"), label=_("The expense"), max_length=60, required=True)
        code = _code(errors, f"{p}.code", row.get("code"), seen=seen, fallback="cap", label=_("the unit-price caps"))
        unit = _text(errors, f"{p}.unit", row.get("unit"), label=_("The unit"), max_length=20, required=True)
        amount = _decimal(
            errors,
            f"{p}.amount",
            row.get("amount"),
            label=_("The cap of “%(item)s”") % {"item": item or code},
            low=Decimal(0),
            high=MAX_AMOUNT,
            low_inclusive=False,
            strip=("元",),
        )
        caps.append(UnitPriceCap(code=code, item=item, unit=unit, amount=amount))
    items = [c.item for c in caps if c.item]
    for i, cap in enumerate(caps):
        if cap.item and items.count(cap.item) > 1 and items.index(cap.item) != i:
            errors.add(
                f"{path}.unit_price_caps.{i}.item", _("The expense “%(item)s” has two caps.") % {"item": cap.item}
            )
    within = _bool(errors, f"{path}.total_within_cap", get("total_within_cap"), label=_("Total within the cap"))
    forbidden = _texts(
        errors, f"{path}.forbidden_expenses", get("forbidden_expenses"), label=_("Forbidden expenses"), max_length=100
    )
    return BudgetRules(
        labour_share_max=labour,
        management_fee_max=management,
        unit_price_caps=tuple(caps),
        total_within_cap=within,
        forbidden_expenses=forbidden,
    )


def read_review_criteria(
    errors: FieldErrors, data: Any, path: str = "review_criteria", *, complete: bool = True
) -> tuple[ReviewCriterion, ...]:
    out: list[ReviewCriterion] = []
    seen: set[str] = set()
    allowed = [f.name for f in fields(ReviewCriterion)]
    rows = _rows(errors, path, data, label=_("The review criteria"))
    for i, row in enumerate(rows):
        p = f"{path}.{i}"
        row = _mapping(errors, p, row, label=_("criterion %(n)d") % {"n": i + 1}, allowed=allowed)
        name = _text(errors, f"{p}.name", row.get("name"), label=_("The criterion"), max_length=100, required=True)
        code = _code(
            errors, f"{p}.code", row.get("code"), seen=seen, fallback="criterion", label=_("the review criteria")
        )
        weight = _decimal(
            errors,
            f"{p}.weight",
            row.get("weight"),
            label=_("The weight of “%(name)s”") % {"name": name or code},
            low=Decimal(0),
            high=HUNDRED,
            low_inclusive=False,
        )
        description = _text(
            errors,
            f"{p}.description",
            row.get("description"),
            label=_("The description"),
            max_length=500,
            required=False,
        )
        source = row.get("source") or CriterionSource.EXPERTS
        source = nfkc(source).lower() if isinstance(source, str) else source
        if source not in CriterionSource.values:
            errors.add(
                f"{p}.source",
                _("The source must be one of %(values)s (got “%(value)s”).")
                % {"values": "、".join(CriterionSource.values), "value": source},
            )
        out.append(ReviewCriterion(code=code, name=name, weight=weight, description=description, source=source))
    if sum(1 for c in out if c.source == CriterionSource.PAST_PERFORMANCE) > 1:
        errors.add(path, _("Only one criterion may be taken from past performance."))
    if complete and not any(k == path or k.startswith(f"{path}.") for k in errors.by_field):
        total = sum((c.weight for c in out), Decimal(0))
        if not out:
            errors.add(path, _("Give at least one review criterion."))
        elif total != HUNDRED:
            errors.add(
                path,
                _("The weights of the review criteria add up to %(total)s; they must add up to exactly 100.")
                % {"total": _decimal_text(total)},
            )
    return tuple(out)


def parse_eligibility(data: Any) -> Eligibility:
    errors = rule_errors()
    value = read_eligibility(errors, data)
    errors.raise_if_any()
    return value


def parse_required_documents(data: Any) -> tuple[RequiredDocument, ...]:
    errors = rule_errors()
    value = read_required_documents(errors, data)
    errors.raise_if_any()
    return value


def parse_budget_rules(data: Any) -> BudgetRules:
    errors = rule_errors()
    value = read_budget_rules(errors, data)
    errors.raise_if_any()
    return value


def parse_review_criteria(data: Any, *, complete: bool = True) -> tuple[ReviewCriterion, ...]:
    """`complete=False` skips the check that weights add up to 100 (for reading a draft being edited)."""
    errors = rule_errors()
    value = read_review_criteria(errors, data, complete=complete)
    errors.raise_if_any()
    return value


_UNSET: Any = object()


def validate_call_rules(
    *,
    eligibility: Any = _UNSET,
    required_documents: Any = _UNSET,
    budget_rules: Any = _UNSET,
    review_criteria: Any = _UNSET,
) -> dict[str, Any]:
    """Check the parts given (all errors of all parts at once) → {field name: JSON value to store}."""
    errors = rule_errors()
    out: dict[str, Any] = {}
    if eligibility is not _UNSET:
        out["eligibility"] = read_eligibility(errors, eligibility).to_json()
    if required_documents is not _UNSET:
        out["required_documents"] = [d.to_json() for d in read_required_documents(errors, required_documents)]
    if budget_rules is not _UNSET:
        out["budget_rules"] = read_budget_rules(errors, budget_rules).to_json()
    if review_criteria is not _UNSET:
        out["review_criteria"] = [c.to_json() for c in read_review_criteria(errors, review_criteria)]
    errors.raise_if_any()
    return out


def call_rules(call: Call) -> CallRules:
    """The typed rules of a stored call. Empty JSON (a call not yet edited) reads as the defaults of a new call;
    review criteria are read without the total check, so a draft being edited can be shown."""
    return CallRules(
        eligibility=parse_eligibility(call.eligibility or {}),
        required_documents=parse_required_documents(call.required_documents or []),
        budget_rules=parse_budget_rules(call.budget_rules or {}),
        review_criteria=parse_review_criteria(call.review_criteria or [], complete=False),
    )


def default_rules_json() -> dict[str, Any]:
    """{field name: JSON} for the four fields of a new call."""
    rules = default_rules()
    return {
        "eligibility": rules.eligibility.to_json(),
        "required_documents": [d.to_json() for d in rules.required_documents],
        "budget_rules": rules.budget_rules.to_json(),
        "review_criteria": [c.to_json() for c in rules.review_criteria],
    }


def criteria_total(criteria: Iterable[ReviewCriterion]) -> Decimal:
    return sum((c.weight for c in criteria), Decimal(0))


def decimal_text(value: Decimal) -> str:
    """A Decimal as the rules store and show it: 50.00 → "50"."""
    return _decimal_text(value)


# --- the fields of a call that its services change ----------------------------------------------------------------

SCALAR_FIELDS = (
    "title",
    "body",
    "cap_per_project",
    "max_proposals_per_organization",
    "expected_proposals",
    "opens_at",
    "deadline",
    "late_amendment_working_days",
    "extension_working_days",
)
RULE_FIELDS = ("eligibility", "required_documents", "budget_rules", "review_criteria")
M2M_FIELDS = ("intentions", "categories", "documents")
EDITABLE_FIELDS = SCALAR_FIELDS + RULE_FIELDS + M2M_FIELDS
# After publication: everything but the amendment rules themselves and the opening moment (already past).
AMENDABLE_FIELDS = tuple(
    f for f in EDITABLE_FIELDS if f not in ("late_amendment_working_days", "extension_working_days", "opens_at")
)


# --- deadlines ------------------------------------------------------------------------------------------------------

DEFAULT_DEADLINE_TIME = time(17, 0)
DEFAULT_OPEN_WORKING_DAYS = 15


def min_open_working_days() -> int:
    """Working days a call stays open at least, from publication to deadline (settings.CALLS_MIN_OPEN_WORKING_DAYS,
    5 by default)."""
    return int(getattr(settings, "CALLS_MIN_OPEN_WORKING_DAYS", 5))


def local_date(moment: datetime) -> date:
    return timezone.localtime(moment).date()


def at_same_time(day: date, moment: datetime) -> datetime:
    """`day` at the local (Asia/Shanghai) time of day of `moment`."""
    local = timezone.localtime(moment)
    return datetime.combine(day, local.timetz().replace(tzinfo=None), tzinfo=local.tzinfo)


def earliest_deadline(published_on: datetime) -> date:
    """The first day a deadline may fall on for a call published at `published_on`."""
    return add_working_days(local_date(published_on), min_open_working_days())


def default_deadline(now: datetime) -> datetime:
    """The deadline a new draft starts with: 15 working days ahead at 17:00."""
    day = add_working_days(local_date(now), DEFAULT_OPEN_WORKING_DAYS)
    local = timezone.localtime(now)
    return datetime.combine(day, DEFAULT_DEADLINE_TIME, tzinfo=local.tzinfo)


def late_amendment_deadline(
    *, deadline: datetime, amended_at: datetime, late_window: int, extension: int
) -> tuple[datetime, bool, int]:
    """(the deadline after the late rule, whether the rule applies, working days remaining) for an amendment
    published at `amended_at` on a call whose deadline is `deadline`."""
    remaining = working_days_between(local_date(amended_at), local_date(deadline))
    late = remaining <= late_window
    if not late:
        return deadline, False, remaining
    target = at_same_time(add_working_days(local_date(amended_at), extension), deadline)
    return (target if target > deadline else deadline), True, remaining


def earliest_amended_deadline(call: Call, *, now: datetime) -> datetime:
    """The earliest deadline an amendment published at `now` may set explicitly."""
    return at_same_time(add_working_days(local_date(now), call.extension_working_days), now)


def call_deadline_passed(call: Call, now: datetime) -> bool:
    """Whether proposals are over for `call` at `now`: from the deadline itself on (exactly at the deadline counts as
    passed). A closed call has always passed it: only the deadline closes a call (`call_close_due`)."""
    return now >= call.deadline
