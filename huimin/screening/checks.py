"""The automatic checks of preliminary screening (初筛), one function per check code.

Every check takes the proposal and the `ScreeningContext` of its call and returns a `CheckOutcome` — the tuple
(result, reason, details): `pass`, `review` (a person must look) or `fail`; the reason in words (gettext, in the
language active when the check ran) and a JSON-able dict of what was looked at. Everything is judged as of the
call's deadline date (its local date in Asia/Shanghai), `ctx.on`.

- `uscc`: the organization's 统一社会信用代码 is valid (GB 32100-2015, REFERENCE §4.1); the individual-business
  placeholder 00000000000000000X → review; none → fail.
- `registration`: when the call asks for 民政登记, a civil-affairs type with its certificate number and authority on
  file (else fail); a credit code not issued by civil affairs (not starting with 5) → review.
- `org_type`: the type is one the call admits (a state organ never provides: 102号令 Arts. 5–6).
- `annual_inspection`: last year's 年检 passed (or basically passed, when the call accepts it); none on file → fail,
  or review when the organization was founded last year or later (REFERENCE §1.4).
- `grade`: a grade of at least the minimum valid on the deadline date (a grade counts five years at most,
  民政部令第39号); an expired one → fail; minimum 0 → pass with a note.
- `operating_years`: founded at least N full years before the deadline date (exactly N years passes).
- `credit`: the credit check of huimin.credit.check, saved as evidence (财库〔2016〕125号): clear → pass,
  warned → review, blocked → fail.
- `budget`: the proposals context's budget rules (REFERENCE §2.3): a blocking problem → fail, flags → review.
- `completeness`: anything missing → fail, listed.
- `proposal_limit`: more submitted proposals of the organization than the call allows → all of them review
  (exactly the maximum passes).
- `duplicate_text`: another proposal of the call with a narrative (summary + need analysis + objectives) of
  Jaccard similarity ≥ 0.8 on character 3-grams → review, naming its receipt number (huimin.screening.similarity).
- `amendments_confirmed`: the organization confirmed the call's latest amendment (else review).

The overall automatic result is the worst of the checks (fail > review > pass). A check that breaks on unexpected
data gives `review` with the error, so one odd proposal never stops the screening of the others.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction
from typing import TYPE_CHECKING, Any, NamedTuple

from django.db import DatabaseError
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from huimin.calls.rules import CIVIL_AFFAIRS_TYPES, NEVER_PROVIDERS, AnnualInspection, CallRules, call_rules
from huimin.core.models import AnnualInspectionResult, EvaluationGrade, OrganizationType
from huimin.core.permissions import Actor
from huimin.core.validators import USCC_PLACEHOLDER, normalize_identifier
from huimin.core.validators import check_uscc as check_credit_code
from huimin.credit.check import CheckOutcome as CreditOutcome
from huimin.credit.check import credit_check_many, years_before
from huimin.proposals.rules import Problem, budget_problems, budget_summary, missing

from .models import CheckResult

if TYPE_CHECKING:
    from huimin.calls.models import Call
    from huimin.credit.models import CreditCheck
    from huimin.proposals.models import Proposal
from .similarity import DEFAULT_THRESHOLD, MIN_SHINGLES, normalize, shingles, similar_pairs

log = logging.getLogger(__name__)

PASS = CheckResult.PASS.value
REVIEW = CheckResult.REVIEW.value
FAIL = CheckResult.FAIL.value
SEVERITY: dict[str, int] = {PASS: 0, REVIEW: 1, FAIL: 2}

CIVIL_AFFAIRS_AUTHORITY_CODE = "5"  # 登记管理部门代码 of 民政 (GB 32100-2015, position 1)
DUPLICATE_THRESHOLD = DEFAULT_THRESHOLD  # 0.8
NARRATIVE_FIELDS = ("summary", "need_analysis", "objectives")


class CheckOutcome(NamedTuple):
    result: str  # CheckResult value
    reason: str
    details: dict[str, Any]


def worst(results: Iterable[str]) -> str:
    """fail > review > pass; no results at all is a pass."""
    return max(results, key=SEVERITY.__getitem__, default=PASS)


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day else None


# --- the context of one call ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DuplicateMatch:
    proposal: Proposal
    similarity: Fraction
    same_organization: bool


@dataclass
class ScreeningContext:
    """What every check of one call needs, computed once: the rules, the deadline date, all submitted proposals
    (for the limit per organization and the near-duplicate comparison) and the actor the credit checks are run as."""

    call: Call
    rules: CallRules
    on: date
    actor: Actor
    latest_amendment: int
    proposals: list[Proposal]
    by_organization: dict[int, list[Proposal]]
    duplicates: dict[int, list[DuplicateMatch]]
    compared: set[int]  # proposals whose narrative was long enough to compare
    credit_evidence: dict[int, CreditCheck] = field(default_factory=dict)  # filled by check_credit_of
    credit_outcomes: dict[int, CreditOutcome] = field(default_factory=dict)
    credit_error: str | None = None  # why the batched credit check of this run failed

    @classmethod
    def build(cls, call: Call, proposals: Sequence[Proposal], *, actor: Actor) -> ScreeningContext:
        proposals = list(proposals)
        by_organization: dict[int, list[Proposal]] = defaultdict(list)
        for p in proposals:
            by_organization[p.organization_id].append(p)
        latest = max((a.sequence for a in call.amendments.all()), default=0)
        duplicates, compared = find_duplicates(proposals)
        return cls(
            call=call,
            rules=call_rules(call),
            on=deadline_date(call),
            actor=actor,
            latest_amendment=latest,
            proposals=proposals,
            by_organization=dict(by_organization),
            duplicates=duplicates,
            compared=compared,
        )

    def check_credit_of(self, proposals: Sequence[Proposal]) -> None:
        """The credit check of `proposals` (those not checked yet in this context) as one batch
        (`credit_check_many`): each proposal gets its own saved evidence with its own purpose; an organization
        without a usable credit code is checked by name. When the batch fails, the failure is kept in
        `credit_error` and reported on every proposal's credit check (and in the run's audit event), not retried."""
        if not self.rules.eligibility.credit_check or self.credit_error is not None:
            return
        todo = [p for p in proposals if p.pk not in self.credit_outcomes]
        if not todo:
            return
        try:
            outcomes = credit_check_many(
                organizations=[p.organization for p in todo],
                on=self.on,
                actor=self.actor,
                purpose=_("Screening of call %(call)s") % {"call": self.call.number},
                purposes=[credit_purpose(p, self.call) for p in todo],
                by_name_when_code_unusable=True,
                save=True,
            )
        except DatabaseError:
            raise
        except Exception as exc:
            log.exception("the credit check of call %s could not be made", self.call.number)
            self.credit_error = " ".join(getattr(exc, "messages", None) or [exc.__class__.__name__])[:500]
            return
        for proposal, outcome in zip(todo, outcomes, strict=True):
            self.credit_outcomes[proposal.pk] = outcome
            if outcome.check is not None:
                self.credit_evidence[proposal.pk] = outcome.check


def deadline_date(call: Call) -> date:
    return timezone.localdate(call.deadline)


def narrative(proposal: Proposal) -> str:
    return "\n".join(getattr(proposal, name) or "" for name in NARRATIVE_FIELDS)


def find_duplicates(
    proposals: Sequence[Proposal], threshold: Fraction = DUPLICATE_THRESHOLD
) -> tuple[dict[int, list[DuplicateMatch]], set[int]]:
    """{proposal pk: its near-duplicates, most similar first}, and the pks whose narrative was compared."""
    by_pk = {p.pk: p for p in proposals}
    documents = {}
    for p in proposals:
        tokens = shingles(normalize(narrative(p)))
        if len(tokens) >= MIN_SHINGLES:
            documents[p.pk] = tokens
    matches: dict[int, list[DuplicateMatch]] = defaultdict(list)
    for a, b, similarity in similar_pairs(documents, threshold):
        same = by_pk[a].organization_id == by_pk[b].organization_id
        matches[a].append(DuplicateMatch(by_pk[b], similarity, same))
        matches[b].append(DuplicateMatch(by_pk[a], similarity, same))
    for found in matches.values():
        found.sort(key=lambda m: (-m.similarity, m.proposal.receipt_number, m.proposal.pk))
    return dict(matches), set(documents)


# --- organization ---------------------------------------------------------------------------------------------------


def check_uscc(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    org = proposal.organization
    code = normalize_identifier(org.uscc or "")
    if not code:
        if org.org_type == OrganizationType.INDIVIDUAL_BUSINESS:
            return CheckOutcome(
                REVIEW,
                _("An individual business without a unified social credit code: check its business licence by hand."),
                {"uscc": ""},
            )
        return CheckOutcome(FAIL, _("The organization has no unified social credit code on file."), {"uscc": ""})
    if code == USCC_PLACEHOLDER:
        return CheckOutcome(
            REVIEW,
            _(
                "The credit code is the placeholder %(code)s used for individual businesses without one: check the "
                "business licence by hand."
            )
            % {"code": code},
            {"uscc": code, "placeholder": True},
        )
    found = check_credit_code(code)
    details: dict[str, Any] = {
        "uscc": code,
        "authority": found.authority,
        "category": found.category,
        "region": found.region,
    }
    if found.valid:
        return CheckOutcome(PASS, _("The credit code %(code)s is valid (GB 32100-2015).") % {"code": code}, details)
    details["errors"] = list(found.errors)
    return CheckOutcome(
        FAIL,
        _("The credit code %(code)s is not valid: %(errors)s") % {"code": code, "errors": " ".join(found.errors)},
        details,
    )


def _type_label(org_type: str) -> str:
    return str(dict(OrganizationType.choices).get(org_type, org_type))


def check_registration(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    org = proposal.organization
    details: dict[str, Any] = {
        "required": ctx.rules.eligibility.civil_affairs_registration,
        "org_type": org.org_type,
        "registration_number": org.registration_number,
        "registration_authority": org.registration_authority,
    }
    if not ctx.rules.eligibility.civil_affairs_registration:
        reason = _("The call does not require registration with the civil affairs authority.")
        return CheckOutcome(PASS, reason, details)
    if org.org_type not in CIVIL_AFFAIRS_TYPES:
        return CheckOutcome(
            FAIL,
            _(
                "The call requires registration with the civil affairs authority (民政登记); the organization is "
                "registered as %(type)s."
            )
            % {"type": _type_label(org.org_type)},
            details,
        )
    absent = []
    if not (org.registration_number or "").strip():
        absent.append(_("registration certificate number"))
    if not (org.registration_authority or "").strip():
        absent.append(_("registration authority"))
    if absent:
        details["missing"] = absent
        return CheckOutcome(
            FAIL,
            _("The registration with the civil affairs authority is not on file: %(missing)s missing.")
            % {"missing": "、".join(absent)},
            details,
        )
    code = normalize_identifier(org.uscc or "")
    if code and check_credit_code(code).valid and code[0] != CIVIL_AFFAIRS_AUTHORITY_CODE:
        return CheckOutcome(
            REVIEW,
            _(
                "Registered by %(authority)s under number %(number)s, but the credit code %(code)s was not issued by "
                "a civil affairs authority (it starts with %(first)s, not 5): check the registration certificate."
            )
            % {
                "authority": org.registration_authority,
                "number": org.registration_number,
                "code": code,
                "first": code[0],
            },
            details,
        )
    return CheckOutcome(
        PASS,
        _("Registered with %(authority)s, certificate number %(number)s.")
        % {"authority": org.registration_authority, "number": org.registration_number},
        details,
    )


def check_org_type(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    org = proposal.organization
    allowed = ctx.rules.eligibility.allowed_org_types
    details = {"org_type": org.org_type, "allowed": list(allowed)}
    label = _type_label(org.org_type)
    if org.org_type in NEVER_PROVIDERS:
        return CheckOutcome(
            FAIL,
            _("The organization is %(type)s: state organs buy services, they never provide them (102号令 Arts. 5–6).")
            % {"type": label},
            details,
        )
    if org.org_type in allowed:
        return CheckOutcome(PASS, _("The organization is %(type)s, which the call admits.") % {"type": label}, details)
    return CheckOutcome(
        FAIL,
        _("The organization is %(type)s; the call admits only %(allowed)s.")
        % {"type": label, "allowed": "、".join(_type_label(t) for t in allowed)},
        details,
    )


def check_annual_inspection(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    org = proposal.organization
    mode = ctx.rules.eligibility.annual_inspection
    year = ctx.on.year - 1
    inspections = list(org.inspections.all())
    found = next((i for i in inspections if i.year == year), None)
    latest = max(inspections, key=lambda i: i.year, default=None)
    details: dict[str, Any] = {
        "required": mode,
        "year": year,
        "result": found.result if found else None,
        "latest": {"year": latest.year, "result": latest.result} if latest else None,
    }
    if mode == AnnualInspection.NONE:
        return CheckOutcome(PASS, _("The call does not require an annual inspection."), details)
    if found is None:
        if org.founded_on is not None and org.founded_on.year >= year:
            return CheckOutcome(
                REVIEW,
                _(
                    "No annual inspection of %(year)d is on file; the organization was founded on %(founded)s, so its "
                    "first inspection may not be due yet: check by hand."
                )
                % {"year": year, "founded": org.founded_on.isoformat()},
                details,
            )
        return CheckOutcome(
            FAIL,
            _("No annual inspection of %(year)d is on file; the call requires last year's inspection (上年度年检).")
            % {"year": year},
            details,
        )
    result_label = found.get_result_display()
    if found.result == AnnualInspectionResult.PASSED:
        return CheckOutcome(
            PASS, _("Annual inspection of %(year)d: %(result)s.") % {"year": year, "result": result_label}, details
        )
    if found.result == AnnualInspectionResult.BASIC and mode == AnnualInspection.BASIC:
        return CheckOutcome(
            PASS,
            _("Annual inspection of %(year)d: %(result)s, which the call accepts.")
            % {"year": year, "result": result_label},
            details,
        )
    if found.result == AnnualInspectionResult.BASIC:
        return CheckOutcome(
            FAIL,
            _("Annual inspection of %(year)d: %(result)s; the call requires it passed (合格).")
            % {"year": year, "result": result_label},
            details,
        )
    return CheckOutcome(
        FAIL, _("Annual inspection of %(year)d: %(result)s.") % {"year": year, "result": result_label}, details
    )


def grade_until(grade: EvaluationGrade) -> date:
    """The last day a grade counts: its recorded end, never more than five years after the award."""
    return min(grade.valid_until, EvaluationGrade.valid_until_for(grade.awarded_on))


def check_grade(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    org = proposal.organization
    minimum = ctx.rules.eligibility.min_grade
    on = ctx.on
    grades = list(org.grades.all())
    valid = sorted((g for g in grades if g.awarded_on <= on <= grade_until(g)), key=lambda g: (g.grade, g.awarded_on))
    best = valid[-1] if valid else None
    details: dict[str, Any] = {
        "min_grade": minimum,
        "on": on.isoformat(),
        "grades": [
            {"grade": g.grade, "awarded_on": g.awarded_on.isoformat(), "valid_until": grade_until(g).isoformat()}
            for g in sorted(grades, key=lambda g: g.awarded_on)
        ],
        "grade": best.grade if best else None,
    }
    if minimum == 0:
        if best:
            return CheckOutcome(
                PASS,
                _("The call requires no evaluation grade (the organization holds %(grade)dA, valid until %(until)s).")
                % {"grade": best.grade, "until": grade_until(best).isoformat()},
                details,
            )
        return CheckOutcome(PASS, _("The call requires no evaluation grade."), details)
    if best is not None and best.grade >= minimum:
        return CheckOutcome(
            PASS,
            _("Evaluation grade %(grade)dA (at least %(min)dA required), valid until %(until)s, on the deadline date.")
            % {"grade": best.grade, "min": minimum, "until": grade_until(best).isoformat()},
            details,
        )
    expired = sorted((g for g in grades if g.grade >= minimum and grade_until(g) < on), key=grade_until)
    if expired:
        last = expired[-1]
        return CheckOutcome(
            FAIL,
            _(
                "The evaluation grade %(grade)dA expired on %(until)s, before the deadline date %(on)s (grades are "
                "valid five years, 民政部令第39号)."
            )
            % {"grade": last.grade, "until": grade_until(last).isoformat(), "on": on.isoformat()},
            details,
        )
    if best is not None:
        return CheckOutcome(
            FAIL,
            _("The evaluation grade %(grade)dA is below the %(min)dA the call requires.")
            % {"grade": best.grade, "min": minimum},
            details,
        )
    return CheckOutcome(
        FAIL,
        _("No evaluation grade valid on the deadline date %(on)s is on file; the call requires at least %(min)dA.")
        % {"on": on.isoformat(), "min": minimum},
        details,
    )


def check_operating_years(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    org = proposal.organization
    years = ctx.rules.eligibility.min_years_operating
    founded = org.founded_on
    details: dict[str, Any] = {"min_years": years, "founded_on": _iso(founded), "on": ctx.on.isoformat()}
    if years == 0:
        return CheckOutcome(PASS, _("The call sets no minimum time of operation."), details)
    if founded is None:
        return CheckOutcome(
            FAIL,
            ngettext(
                "The date the organization was founded is not on file; the call requires %(years)d full year of "
                "operation.",
                "The date the organization was founded is not on file; the call requires %(years)d full years of "
                "operation.",
                years,
            )
            % {"years": years},
            details,
        )
    latest = years_before(ctx.on, years)
    details["founded_by"] = latest.isoformat()
    params = {"founded": founded.isoformat(), "years": years, "on": ctx.on.isoformat(), "latest": latest.isoformat()}
    if founded <= latest:
        return CheckOutcome(
            PASS,
            ngettext(
                "Founded on %(founded)s: at least %(years)d full year before the deadline date %(on)s.",
                "Founded on %(founded)s: at least %(years)d full years before the deadline date %(on)s.",
                years,
            )
            % params,
            details,
        )
    return CheckOutcome(
        FAIL,
        ngettext(
            "Founded on %(founded)s: less than %(years)d full year before the deadline date %(on)s (the call needs "
            "%(latest)s or earlier).",
            "Founded on %(founded)s: less than %(years)d full years before the deadline date %(on)s (the call needs "
            "%(latest)s or earlier).",
            years,
        )
        % params,
        details,
    )


# --- credit ---------------------------------------------------------------------------------------------------------


def credit_purpose(proposal: Proposal, call: Call) -> str:
    return _("Screening of proposal %(receipt)s for call %(call)s") % {
        "receipt": proposal.receipt_number or proposal.public_id,
        "call": call.number,
    }


def _findings_text(findings: list[dict[str, Any]], limit: int = 3) -> str:
    texts = [str(f.get("message", "")) for f in findings[:limit]]
    if len(findings) > limit:
        texts.append(
            ngettext("and %(count)d more finding", "and %(count)d more findings", len(findings) - limit)
            % {"count": len(findings) - limit}
        )
    return "；".join(texts)


def check_credit(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    if not ctx.rules.eligibility.credit_check:
        return CheckOutcome(PASS, _("The call does not ask for a credit check."), {"required": False})
    ctx.check_credit_of([proposal])  # nothing to do when the run checked them all at once
    outcome = ctx.credit_outcomes.get(proposal.pk)
    if outcome is None:
        return CheckOutcome(
            REVIEW,
            _("The credit check of this run could not be made (%(error)s): check by hand.")
            % {"error": ctx.credit_error},
            {"required": True, "error": ctx.credit_error},
        )
    matched_by = "uscc" if outcome.subject.uscc else "name"
    evidence = outcome.check
    findings = outcome.findings_json()
    details: dict[str, Any] = {
        "required": True,
        "credit_check": str(evidence.public_id) if evidence else None,
        "result": outcome.result,
        "as_of": ctx.on.isoformat(),
        "checked_at": evidence.checked_at.isoformat() if evidence else None,
        "digest": outcome.digest,
        "matched_by": matched_by,
        "findings": [
            {"kind": f["kind"], "rule": f["rule"], "clause": f["clause"], "message": f["message"]} for f in findings
        ],
    }
    params = {"on": ctx.on.isoformat(), "count": len(findings), "findings": _findings_text(findings)}
    if outcome.blocked:
        reason = (
            ngettext(
                "Blocked by the credit check as of %(on)s (%(count)d finding): %(findings)s",
                "Blocked by the credit check as of %(on)s (%(count)d findings): %(findings)s",
                len(findings),
            )
            % params
        )
        return CheckOutcome(FAIL, reason, details)
    if outcome.warned:
        reason = (
            ngettext(
                "The credit check as of %(on)s gave a warning to review (%(count)d finding): %(findings)s",
                "The credit check as of %(on)s gave warnings to review (%(count)d findings): %(findings)s",
                len(findings),
            )
            % params
        )
        return CheckOutcome(REVIEW, reason, details)
    if matched_by == "name":
        return CheckOutcome(
            PASS,
            _("The credit check as of %(on)s found nothing, searching by name (no usable credit code).") % params,
            details,
        )
    return CheckOutcome(PASS, _("The credit check as of %(on)s found nothing.") % params, details)


# --- the proposal ---------------------------------------------------------------------------------------------------


def _problems_json(problems: list[Problem]) -> list[dict[str, Any]]:
    return [p.to_json() for p in problems]


def _listed(problems: list[Problem], limit: int = 5) -> str:
    texts = [p.message for p in problems[:limit]]
    if len(problems) > limit:
        texts.append(
            ngettext("and %(count)d more", "and %(count)d more", len(problems) - limit)
            % {"count": len(problems) - limit}
        )
    return " ".join(texts)


def check_budget(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    problems = budget_problems(proposal, call_rules=ctx.rules, cap=ctx.call.cap_per_project)
    summary = budget_summary(proposal)
    details: dict[str, Any] = {
        "problems": _problems_json(problems),
        "total": str(summary.total),
        "applied_amount": str(summary.applied_amount) if summary.applied_amount is not None else None,
        "labour_share": str(summary.labour_share) if summary.labour_share is not None else None,
        "management_share": str(summary.management_share) if summary.management_share is not None else None,
        "cap_per_project": str(ctx.call.cap_per_project),
    }
    blocking = [p for p in problems if p.blocking]
    if blocking:
        return CheckOutcome(
            FAIL,
            ngettext(
                "The budget breaks %(count)d rule of the call: %(problems)s",
                "The budget breaks %(count)d rules of the call: %(problems)s",
                len(blocking),
            )
            % {"count": len(blocking), "problems": _listed(blocking)},
            details,
        )
    if problems:
        reason = _("The budget needs a look: %(problems)s") % {"problems": _listed(problems)}
        return CheckOutcome(REVIEW, reason, details)
    return CheckOutcome(PASS, _("The budget keeps every rule of the call."), details)


def check_completeness(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    problems = missing(proposal, rules=ctx.rules)
    details = {"missing": _problems_json(problems)}
    if problems:
        return CheckOutcome(
            FAIL,
            ngettext(
                "%(count)d thing is missing: %(problems)s", "%(count)d things are missing: %(problems)s", len(problems)
            )
            % {"count": len(problems), "problems": _listed(problems)},
            details,
        )
    return CheckOutcome(PASS, _("Every section and every required document is there."), details)


def check_proposal_limit(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    siblings = ctx.by_organization.get(proposal.organization_id, [proposal])
    count = len(siblings)
    maximum = ctx.call.max_proposals_per_organization
    receipts = sorted(p.receipt_number for p in siblings)
    details = {"count": count, "max": maximum, "receipts": receipts}
    if maximum and count > maximum:
        return CheckOutcome(
            REVIEW,
            ngettext(
                "The organization submitted %(count)d proposals to this call; at most %(max)d is allowed: decide "
                "which to keep (%(receipts)s).",
                "The organization submitted %(count)d proposals to this call; at most %(max)d are allowed: decide "
                "which to keep (%(receipts)s).",
                maximum,
            )
            % {"count": count, "max": maximum, "receipts": "、".join(receipts)},
            details,
        )
    return CheckOutcome(
        PASS,
        ngettext(
            "The organization submitted %(count)d proposal to this call (at most %(max)d allowed).",
            "The organization submitted %(count)d proposals to this call (at most %(max)d allowed).",
            count,
        )
        % {"count": count, "max": maximum},
        details,
    )


def _percent(value: Fraction) -> str:
    return f"{float(value) * 100:.0f}%"


def check_duplicate_text(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    threshold = _percent(DUPLICATE_THRESHOLD)
    if proposal.pk not in ctx.compared:
        return CheckOutcome(
            PASS,
            _("The narrative is too short to compare with the other proposals."),
            {"threshold": threshold, "matches": []},
        )
    matches = ctx.duplicates.get(proposal.pk, [])
    details: dict[str, Any] = {
        "threshold": threshold,
        "matches": [
            {
                "proposal": str(m.proposal.public_id),
                "receipt": m.proposal.receipt_number,
                "title": m.proposal.title,
                "organization": m.proposal.organization.name,
                "same_organization": m.same_organization,
                "similarity": _percent(m.similarity),
            }
            for m in matches
        ],
    }
    if not matches:
        return CheckOutcome(
            PASS,
            _("No other proposal of the call has a nearly identical narrative (similarity below %(threshold)s).")
            % {"threshold": threshold},
            details,
        )
    receipts = "、".join(f"{m.proposal.receipt_number}（{_percent(m.similarity)}）" for m in matches)
    own = [m for m in matches if m.same_organization]
    others = [m for m in matches if not m.same_organization]
    if others:
        reason = _(
            "The narrative (summary, need analysis, objectives) is nearly identical to that of %(receipts)s "
            "(similarity at least %(threshold)s): check whether it was copied."
        ) % {"receipts": receipts, "threshold": threshold}
        for_provider = _(
            "The narrative is nearly identical to that of another proposal of this call (similarity at least "
            "%(threshold)s)."
        ) % {"threshold": threshold}
    else:
        reason = _(
            "The narrative is nearly identical to that of the same organization's proposal %(receipts)s (similarity "
            "at least %(threshold)s): check whether it is the same project twice."
        ) % {"receipts": receipts, "threshold": threshold}
        for_provider = _(
            "The narrative is nearly identical to that of your organization's proposal %(receipts)s (similarity at "
            "least %(threshold)s)."
        ) % {"receipts": "、".join(m.proposal.receipt_number for m in own), "threshold": threshold}
    details["reason_for_provider"] = for_provider
    return CheckOutcome(REVIEW, reason, details)


def check_amendments_confirmed(proposal: Proposal, ctx: ScreeningContext) -> CheckOutcome:
    latest = ctx.latest_amendment
    confirmed = proposal.confirmed_amendment
    details = {"latest": latest, "confirmed": confirmed}
    if latest == 0:
        return CheckOutcome(PASS, _("The call has no amendment to confirm."), details)
    if confirmed >= latest:
        return CheckOutcome(
            PASS,
            _("The organization confirmed the call's amendments up to the latest (number %(latest)d).")
            % {"latest": latest},
            details,
        )
    return CheckOutcome(
        REVIEW,
        _(
            "The organization did not confirm the call's latest amendment (number %(latest)d; confirmed: "
            "%(confirmed)d): check that the proposal follows the amended call."
        )
        % {"latest": latest, "confirmed": confirmed},
        details,
    )


# --- the registry ---------------------------------------------------------------------------------------------------

CheckFunction = Callable[["Proposal", ScreeningContext], CheckOutcome]

CHECKS: dict[str, CheckFunction] = {
    "uscc": check_uscc,
    "registration": check_registration,
    "org_type": check_org_type,
    "annual_inspection": check_annual_inspection,
    "grade": check_grade,
    "operating_years": check_operating_years,
    "credit": check_credit,
    "budget": check_budget,
    "completeness": check_completeness,
    "proposal_limit": check_proposal_limit,
    "duplicate_text": check_duplicate_text,
    "amendments_confirmed": check_amendments_confirmed,
}
CHECK_CODES: tuple[str, ...] = tuple(CHECKS)

CHECK_LABELS: dict[str, str | Promise] = {
    "uscc": gettext_lazy("Credit code"),
    "registration": gettext_lazy("Registration"),
    "org_type": gettext_lazy("Type of organization"),
    "annual_inspection": gettext_lazy("Annual inspection"),
    "grade": gettext_lazy("Evaluation grade"),
    "operating_years": gettext_lazy("Years of operation"),
    "credit": gettext_lazy("Credit check"),
    "budget": gettext_lazy("Budget rules"),
    "completeness": gettext_lazy("Completeness"),
    "proposal_limit": gettext_lazy("Proposals per organization"),
    "duplicate_text": gettext_lazy("Near-duplicate text"),
    "amendments_confirmed": gettext_lazy("Amendments confirmed"),
}


def check_label(code: str) -> str:
    return str(CHECK_LABELS.get(code, code))


def run_checks(proposal: Proposal, ctx: ScreeningContext) -> dict[str, CheckOutcome]:
    """Every check of the proposal, in the registry's order."""
    out: dict[str, CheckOutcome] = {}
    for code, fn in CHECKS.items():
        try:
            out[code] = fn(proposal, ctx)
        except DatabaseError:
            raise
        except Exception as exc:  # one odd proposal must not stop the screening of 155
            log.exception("screening check %s failed for proposal %s", code, proposal.public_id)
            out[code] = CheckOutcome(
                REVIEW,
                _("The check could not be run (%(error)s): check by hand.") % {"error": exc.__class__.__name__},
                {"error": str(exc)[:500]},
            )
    return out
