"""The checks over the organization's file, each at its boundaries, as of the call's deadline date (2030-10-12):
credit code, registration, type, last year's annual inspection, evaluation grade (five years), years of operation."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import translation

from huimin.calls.rules import default_rules_json
from huimin.core.models import AnnualInspection, AnnualInspectionResult, EvaluationGrade, OrganizationType
from huimin.core.validators import USCC_PLACEHOLDER, generate_uscc
from huimin.proposals.selectors import submitted_proposals

from ..checks import CHECK_CODES, CHECKS, ScreeningContext, deadline_date, worst
from .factories import build_world, sealed

pytestmark = pytest.mark.django_db

ON = date(2030, 10, 12)  # the deadline's date
LAST_YEAR = 2029


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def w():
    return build_world()


def evaluate(w, proposal, code: str, **eligibility):
    if eligibility:
        data = default_rules_json()["eligibility"]
        data.update(eligibility)
        w.call.eligibility = data
        w.call.save(update_fields=["eligibility"])
    proposal.organization.refresh_from_db()
    ctx = ScreeningContext.build(w.call, list(submitted_proposals(w.call)), actor=w.manager)
    target = next(p for p in ctx.proposals if p.pk == proposal.pk)
    return CHECKS[code](target, ctx)


def set_org(org, **fields):
    for name, value in fields.items():
        setattr(org, name, value)
    org.save()


def test_the_checks_are_judged_on_the_deadlines_local_date(w):
    assert deadline_date(w.call) == ON
    assert CHECK_CODES == (
        "uscc",
        "registration",
        "org_type",
        "annual_inspection",
        "grade",
        "operating_years",
        "credit",
        "budget",
        "completeness",
        "proposal_limit",
        "duplicate_text",
        "amendments_confirmed",
    )


def test_worst_result_wins():
    assert worst(["pass", "review", "pass"]) == "review"
    assert worst(["pass", "fail", "review"]) == "fail"
    assert worst([]) == "pass"


# --- credit code ----------------------------------------------------------------------------------------------------


def test_a_valid_credit_code_passes(w):
    p = sealed(w)
    assert evaluate(w, p, "uscc").result == "pass"


def test_a_credit_code_with_a_wrong_check_character_fails_with_the_reason(w):
    p = sealed(w)
    code = w.provider_org.uscc
    wrong = code[:-1] + ("0" if code[-1] != "0" else "1")
    set_org(w.provider_org, uscc=wrong)
    outcome = evaluate(w, p, "uscc")
    assert outcome.result == "fail"
    assert "check character" in outcome.reason
    assert outcome.details["errors"]


def test_the_individual_business_placeholder_needs_review(w):
    p = sealed(w)
    set_org(w.provider_org, uscc=USCC_PLACEHOLDER, org_type=OrganizationType.INDIVIDUAL_BUSINESS)
    outcome = evaluate(w, p, "uscc")
    assert outcome.result == "review"
    assert USCC_PLACEHOLDER in outcome.reason


def test_no_credit_code_fails(w):
    p = sealed(w)
    set_org(w.provider_org, uscc=None)
    assert evaluate(w, p, "uscc").result == "fail"


# --- registration and type ------------------------------------------------------------------------------------------


def test_a_registered_social_organization_passes_registration(w):
    p = sealed(w)
    outcome = evaluate(w, p, "registration")
    assert outcome.result == "pass"
    assert w.provider_org.registration_number in outcome.reason


def test_a_missing_registration_number_fails(w):
    p = sealed(w)
    set_org(w.provider_org, registration_number="")
    outcome = evaluate(w, p, "registration")
    assert outcome.result == "fail"
    assert "registration certificate number" in outcome.reason


def test_an_enterprise_fails_registration_when_the_call_requires_civil_affairs(w):
    p = sealed(w)
    set_org(w.provider_org, org_type=OrganizationType.ENTERPRISE)
    assert evaluate(w, p, "registration").result == "fail"


def test_a_credit_code_not_issued_by_civil_affairs_needs_review(w):
    p = sealed(w)
    set_org(w.provider_org, uscc=generate_uscc("9", "1", "140213", "MJQ00001"))
    outcome = evaluate(w, p, "registration")
    assert outcome.result == "review"
    assert "civil affairs" in outcome.reason


def test_registration_is_not_checked_when_the_call_does_not_ask(w):
    p = sealed(w)
    set_org(w.provider_org, org_type=OrganizationType.ENTERPRISE, registration_number="")
    outcome = evaluate(
        w, p, "registration", civil_affairs_registration=False, allowed_org_types=["social_service", "enterprise"]
    )
    assert outcome.result == "pass"


def test_a_type_the_call_admits_passes_and_another_fails(w):
    p = sealed(w)
    assert evaluate(w, p, "org_type").result == "pass"
    set_org(w.provider_org, org_type=OrganizationType.ENTERPRISE)
    outcome = evaluate(w, p, "org_type")
    assert outcome.result == "fail"
    assert "admits only" in outcome.reason


def test_a_government_body_never_provides(w):
    p = sealed(w)
    set_org(w.provider_org, org_type=OrganizationType.GOVERNMENT)
    assert evaluate(w, p, "org_type").result == "fail"


# --- annual inspection ----------------------------------------------------------------------------------------------


def test_last_years_inspection_passed_passes(w):
    p = sealed(w)
    outcome = evaluate(w, p, "annual_inspection")
    assert outcome.result == "pass"
    assert outcome.details["year"] == LAST_YEAR


def test_last_years_inspection_missing_fails_even_with_an_older_one(w):
    p = sealed(w)
    AnnualInspection.objects.filter(organization=w.provider_org).update(year=LAST_YEAR - 1)
    outcome = evaluate(w, p, "annual_inspection")
    assert outcome.result == "fail"
    assert str(LAST_YEAR) in outcome.reason
    assert outcome.details["latest"] == {"year": LAST_YEAR - 1, "result": "passed"}


def test_last_years_inspection_missing_for_an_organization_founded_last_year_needs_review(w):
    p = sealed(w)
    AnnualInspection.objects.filter(organization=w.provider_org).delete()
    set_org(w.provider_org, founded_on=date(LAST_YEAR, 3, 1))
    outcome = evaluate(w, p, "annual_inspection", min_years_operating=0)
    assert outcome.result == "review"


def test_basically_passed_fails_when_the_call_wants_passed_and_passes_when_it_accepts_basic(w):
    p = sealed(w)
    AnnualInspection.objects.filter(organization=w.provider_org).update(result=AnnualInspectionResult.BASIC)
    assert evaluate(w, p, "annual_inspection", annual_inspection="passed").result == "fail"
    assert evaluate(w, p, "annual_inspection", annual_inspection="basic").result == "pass"


def test_a_failed_inspection_fails_and_none_required_passes(w):
    p = sealed(w)
    AnnualInspection.objects.filter(organization=w.provider_org).update(result=AnnualInspectionResult.FAILED)
    assert evaluate(w, p, "annual_inspection", annual_inspection="basic").result == "fail"
    assert evaluate(w, p, "annual_inspection", annual_inspection="none").result == "pass"


# --- evaluation grade -----------------------------------------------------------------------------------------------


def _grade(org, grade: int, *, awarded: date, until: date | None = None):
    EvaluationGrade.objects.filter(organization=org).delete()
    return EvaluationGrade.objects.create(
        organization=org, grade=grade, awarded_on=awarded, valid_until=until or (awarded + timedelta(days=5 * 365))
    )


def test_a_grade_expiring_exactly_on_the_deadline_date_passes(w):
    p = sealed(w)
    _grade(w.provider_org, 3, awarded=date(2025, 10, 13), until=ON)
    outcome = evaluate(w, p, "grade", min_grade=3)
    assert outcome.result == "pass"
    assert outcome.details["grade"] == 3


def test_a_grade_expired_the_day_before_the_deadline_date_fails(w):
    p = sealed(w)
    _grade(w.provider_org, 4, awarded=date(2025, 10, 12), until=ON - timedelta(days=1))
    outcome = evaluate(w, p, "grade", min_grade=3)
    assert outcome.result == "fail"
    assert "expired on 2030-10-11" in outcome.reason


def test_a_grade_counts_five_years_at_most_whatever_its_recorded_end(w):
    p = sealed(w)
    # awarded 2025-10-12: the fifth anniversary is the deadline date itself, so the last valid day was 2030-10-11
    _grade(w.provider_org, 5, awarded=date(2025, 10, 12), until=date(2031, 1, 1))
    assert evaluate(w, p, "grade", min_grade=3).result == "fail"


def test_a_grade_below_the_minimum_fails(w):
    p = sealed(w)
    _grade(w.provider_org, 2, awarded=date(2028, 1, 1))
    outcome = evaluate(w, p, "grade", min_grade=3)
    assert outcome.result == "fail"
    assert "below" in outcome.reason


def test_no_grade_fails_when_one_is_required_and_passes_with_a_note_when_not(w):
    p = sealed(w)
    EvaluationGrade.objects.filter(organization=w.provider_org).delete()
    assert evaluate(w, p, "grade", min_grade=1).result == "fail"
    outcome = evaluate(w, p, "grade", min_grade=0)
    assert outcome.result == "pass"
    assert "requires no evaluation grade" in outcome.reason


def test_a_grade_awarded_after_the_deadline_does_not_count(w):
    p = sealed(w)
    _grade(w.provider_org, 4, awarded=ON + timedelta(days=1))
    assert evaluate(w, p, "grade", min_grade=3).result == "fail"


# --- years of operation ---------------------------------------------------------------------------------------------


def test_founded_exactly_n_years_before_the_deadline_date_passes(w):
    p = sealed(w)
    set_org(w.provider_org, founded_on=date(2027, 10, 12))
    assert evaluate(w, p, "operating_years", min_years_operating=3).result == "pass"


def test_founded_one_day_later_fails(w):
    p = sealed(w)
    set_org(w.provider_org, founded_on=date(2027, 10, 13))
    outcome = evaluate(w, p, "operating_years", min_years_operating=3)
    assert outcome.result == "fail"
    assert "2027-10-12 or earlier" in outcome.reason


def test_an_unknown_founding_date_fails_and_no_minimum_passes(w):
    p = sealed(w)
    set_org(w.provider_org, founded_on=None)
    assert evaluate(w, p, "operating_years", min_years_operating=1).result == "fail"
    assert evaluate(w, p, "operating_years", min_years_operating=0).result == "pass"
