"""The checks over the proposal and the call: credit (with its saved evidence), budget, completeness, the limit of
proposals per organization, near-duplicate narratives and the confirmation of amendments."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.utils import translation

from huimin.core.models import Role
from huimin.credit.check import credit_check_verify
from huimin.credit.models import CreditCheck, ListType
from huimin.credit.services.lists import list_entry_add
from huimin.proposals.models import BudgetLine

from ..models import ScreeningCheck
from .factories import (
    AFTER,
    build_world,
    make_actor,
    make_org,
    make_submitted_proposal,
    publish_amendment,
    screen,
    sealed,
)
from .factories import screening_of as screening_for

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def w():
    return build_world()


def check_of(proposal, code: str) -> ScreeningCheck:
    return screening_for(proposal).checks.get(code=code)


# --- credit ---------------------------------------------------------------------------------------------------------


def _listed(org, list_type: str):
    admin = make_actor(Role.CREDIT_ADMIN)
    return list_entry_add(
        list_type=list_type,
        subject_name=org.name,
        subject_uscc=org.uscc,
        start_date=date(2030, 1, 1),
        decided_by="大同市中级人民法院",
        document_number="(2030)晋02执7号",
        reason="未按时报送年度工作报告",
        actor=admin,
    )


def test_a_blocked_organization_fails_with_the_saved_evidence(w):
    p = sealed(w)
    _listed(w.provider_org, ListType.DISHONEST_JUDGMENT_DEBTOR)
    screen(w)
    screening = screening_for(p)
    check = check_of(p, "credit")
    assert check.result == "fail"
    assert "Blocked by the credit check as of 2030-10-12" in check.reason
    assert "(2030)晋02执7号" in check.reason
    evidence = screening.credit_check
    assert evidence is not None
    assert check.details["credit_check"] == str(evidence.public_id)
    assert check.details["digest"] == evidence.digest and len(evidence.digest) == 64
    assert evidence.result == "blocked" and evidence.as_of == date(2030, 10, 12)
    assert w.call.number in evidence.purpose and p.receipt_number in evidence.purpose
    assert credit_check_verify(evidence)
    assert check.details["findings"][0]["kind"] == "list_block"
    assert screening.automatic_result == "fail"


def test_a_warned_organization_needs_review(w):
    p = sealed(w)
    _listed(w.provider_org, ListType.SOCIAL_ORG_ABNORMAL)
    screen(w)
    check = check_of(p, "credit")
    assert check.result == "review"
    assert screening_for(p).credit_check.result == "warned"


def test_a_clear_organization_passes_and_its_check_is_kept_as_evidence(w):
    p = sealed(w)
    screen(w)
    check = check_of(p, "credit")
    assert check.result == "pass"
    evidence = CreditCheck.objects.get(public_id=check.details["credit_check"])
    assert evidence.result == "clear" and evidence.findings == []
    assert evidence.checked_by == w.manager.audit_label


def test_without_a_usable_credit_code_the_credit_check_searches_by_name(w):
    p = sealed(w)
    w.provider_org.uscc = None
    w.provider_org.save()
    screen(w)
    check = check_of(p, "credit")
    assert check.details["matched_by"] == "name"
    assert check.result == "pass"
    assert check_of(p, "uscc").result == "fail"


def test_the_credit_check_is_skipped_when_the_call_does_not_ask(w):
    w.call.eligibility = {**w.call.eligibility, "credit_check": False}
    w.call.save()
    p = sealed(w)
    screen(w)
    assert check_of(p, "credit").result == "pass"
    assert screening_for(p).credit_check is None


# --- budget and completeness ---------------------------------------------------------------------------------------


def test_a_complete_proposal_within_every_budget_rule_passes(w):
    p = make_submitted_proposal(w)
    screen(w)
    assert check_of(p, "budget").result == "pass"
    assert check_of(p, "completeness").result == "pass"


def test_a_unit_price_one_fen_over_its_cap_fails_the_budget(w):
    p = make_submitted_proposal(w)
    BudgetLine.objects.filter(proposal=p, category="training").update(unit_price=Decimal("350.01"))
    screen(w)
    check = check_of(p, "budget")
    assert check.result == "fail"
    assert [x["code"] for x in check.details["problems"]] == ["unit_price_over_cap"]


def test_a_possible_forbidden_expense_needs_review(w):
    w.call.budget_rules = {**w.call.budget_rules, "forbidden_expenses": ["购置车辆"]}
    w.call.save()
    p = make_submitted_proposal(w)
    BudgetLine.objects.filter(proposal=p, category="activity").update(item="购置车辆一台")
    screen(w)
    check = check_of(p, "budget")
    assert check.result == "review"
    assert check.details["problems"][0]["code"] == "forbidden_expense"


def test_anything_missing_fails_completeness_and_is_listed(w):
    p = sealed(w)  # no activities, indicators, team, budget, documents nor commitment
    screen(w)
    check = check_of(p, "completeness")
    assert check.result == "fail"
    codes = {x["code"] for x in check.details["missing"]}
    assert {"activity_required", "team_required", "budget_lines_required", "commitment_required"} <= codes
    assert "things are missing" in check.reason


# --- limit per organization -----------------------------------------------------------------------------------------


def test_exactly_the_maximum_of_proposals_per_organization_passes(w):
    w.call.max_proposals_per_organization = 2
    w.call.save()
    a, b = sealed(w), sealed(w)
    screen(w)
    assert check_of(a, "proposal_limit").result == "pass"
    assert check_of(b, "proposal_limit").details == {
        "count": 2,
        "max": 2,
        "receipts": sorted([a.receipt_number, b.receipt_number]),
    }


def test_one_more_than_the_maximum_puts_all_of_them_to_review(w):
    w.call.max_proposals_per_organization = 2
    w.call.save()
    mine = [sealed(w) for _ in range(3)]
    other = sealed(w, org=w.other_provider_org)
    screen(w)
    for p in mine:
        check = check_of(p, "proposal_limit")
        assert check.result == "review"
        assert all(q.receipt_number in check.reason for q in mine)
    assert check_of(other, "proposal_limit").result == "pass"


def test_withdrawn_proposals_do_not_count_nor_get_screened(w):
    w.call.max_proposals_per_organization = 1
    w.call.save()
    kept = sealed(w)
    sealed(w, status="withdrawn")
    screen(w)
    assert check_of(kept, "proposal_limit").result == "pass"
    assert w.call.screenings.count() == 1


# --- near-duplicate narratives --------------------------------------------------------------------------------------

DISTINCT = "".join(chr(0x4E00 + i * 7) for i in range(102))  # 102 different characters → 100 distinct 3-grams


def _text(n: int) -> dict[str, str]:
    return {"summary": DISTINCT[:n], "need_analysis": "", "objectives": ""}


def test_a_narrative_exactly_at_the_threshold_of_another_organizations_needs_review(w):
    a = sealed(w, **_text(102))
    b = sealed(w, org=w.other_provider_org, **_text(82))  # 80 of 100 shingles shared: Jaccard exactly 0.8
    screen(w)
    check = check_of(a, "duplicate_text")
    assert check.result == "review"
    assert b.receipt_number in check.reason
    assert check.details["matches"][0]["organization"] == w.other_provider_org.name
    assert check.details["matches"][0]["similarity"] == "80%"
    assert check_of(b, "duplicate_text").result == "review"


def test_a_narrative_just_below_the_threshold_passes(w):
    a = sealed(w, **_text(102))
    sealed(w, org=w.other_provider_org, **_text(81))  # 79 of 100: below 0.8
    screen(w)
    assert check_of(a, "duplicate_text").result == "pass"


def test_punctuation_spaces_and_full_width_forms_do_not_hide_a_copy(w):
    text = "面向社区老年人开展太极拳培训，每周两次，提升老年人身体素质，培育社区太极拳队。" * 3
    a = sealed(w, summary=text, need_analysis="问需调查收回问卷86份。", objectives="培训120名老年人。")
    b = sealed(
        w,
        org=w.other_provider_org,
        summary=text.replace("，", " , ").replace("。", "!"),
        need_analysis="问需调查收回问卷８６份",
        objectives="培训１２０名老年人",
    )
    screen(w)
    check = check_of(a, "duplicate_text")
    assert check.result == "review"
    assert check.details["matches"][0]["similarity"] == "100%"
    assert b.receipt_number in check.reason


def test_two_near_identical_proposals_of_the_same_organization_need_review_too(w):
    text = "面向社区老年人开展太极拳培训，每周两次，提升老年人身体素质，培育社区太极拳队。" * 2
    a = sealed(w, summary=text)
    b = sealed(w, summary=text)
    screen(w)
    check = check_of(a, "duplicate_text")
    assert check.result == "review"
    assert "same organization" in check.reason
    assert b.receipt_number in check.details["reason_for_provider"]


def test_different_narratives_pass(w):
    a = sealed(w, summary="面向社区老年人开展太极拳培训，每周两次，提升老年人身体素质，培育社区太极拳队。")
    sealed(
        w,
        org=w.other_provider_org,
        summary="为辖区困境儿童提供课后托管与学业辅导，链接高校志愿者资源，每周开展三次小组活动。",
        need_analysis="走访困境儿童家庭42户，家长普遍反映放学后无人看护。",
        objectives="服务困境儿童40名，学业成绩提升，形成志愿者长效服务机制。",
    )
    screen(w)
    assert check_of(a, "duplicate_text").result == "pass"


def test_proposals_of_another_call_are_not_compared(w):
    from huimin.proposals.tests.factories import make_call

    text = "面向社区老年人开展太极拳培训，每周两次，提升老年人身体素质，培育社区太极拳队。" * 2
    a = sealed(w, summary=text)
    other_call = make_call(w.round, w.manager_org, [w.intention])
    sealed(w, call=other_call, org=w.other_provider_org, summary=text)
    screen(w)
    assert check_of(a, "duplicate_text").result == "pass"


# --- amendments -----------------------------------------------------------------------------------------------------


def test_a_proposal_that_confirmed_the_latest_amendment_passes_and_one_that_did_not_needs_review(w):
    publish_amendment(w.call, when=AFTER.replace(month=9))
    publish_amendment(w.call, when=AFTER.replace(month=9, day=20))
    confirmed = sealed(w, confirmed_amendment=2)
    behind = sealed(w, org=w.other_provider_org, confirmed_amendment=1)
    screen(w)
    assert check_of(confirmed, "amendments_confirmed").result == "pass"
    check = check_of(behind, "amendments_confirmed")
    assert check.result == "review"
    assert check.details == {"latest": 2, "confirmed": 1}


def test_a_call_without_amendments_passes(w):
    p = sealed(w)
    screen(w)
    assert check_of(p, "amendments_confirmed").result == "pass"


# --- the whole -------------------------------------------------------------------------------------------------------


def test_every_check_is_recorded_and_the_overall_result_is_the_worst(w):
    p = make_submitted_proposal(w)
    screen(w)
    screening = screening_for(p)
    assert screening.checks.count() == 12
    assert screening.automatic_result == "pass"
    org = make_org(grade=None)
    q = sealed(w, org=org)
    screen(w)
    assert screening_for(q).automatic_result == "fail"  # incomplete


# --- one batched credit check per run -------------------------------------------------------------------------------


def _counting_credit_checks(monkeypatch):
    from huimin.screening import checks

    calls = []
    real = checks.credit_check_many

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(checks, "credit_check_many", counting)
    return calls


def test_a_run_over_many_proposals_checks_credit_once_and_keeps_the_evidence_of_each(w, monkeypatch):
    from huimin.screening.checks import credit_purpose

    calls = _counting_credit_checks(monkeypatch)
    proposals = [sealed(w) for _ in range(3)] + [sealed(w, org=w.other_provider_org) for _ in range(2)]
    before = CreditCheck.objects.count()
    screen(w)
    assert len(calls) == 1
    assert len(list(calls[0]["organizations"])) == 5
    assert CreditCheck.objects.count() == before + 5
    for p in proposals:
        evidence = screening_for(p).credit_check
        assert evidence is not None and credit_check_verify(evidence)
        assert evidence.purpose == credit_purpose(p, w.call)
        assert evidence.organization_id == p.organization_id
        assert check_of(p, "credit").details["credit_check"] == str(evidence.public_id)


def test_a_run_checks_credit_only_for_the_proposals_it_screens_again(w, monkeypatch):
    from huimin.screening.services import screening_decide

    decided, waiting = sealed(w), sealed(w, org=w.other_provider_org)
    screen(w)
    screening_decide(screening=screening_for(decided), decision="pass", actor=w.manager, now=AFTER)
    calls = _counting_credit_checks(monkeypatch)
    screen(w)
    assert len(calls) == 1
    assert [o.pk for o in calls[0]["organizations"]] == [waiting.organization_id]


def test_a_placeholder_credit_code_is_checked_by_name_inside_the_batch(w):
    from huimin.core.validators import USCC_PLACEHOLDER

    w.other_provider_org.uscc = USCC_PLACEHOLDER
    w.other_provider_org.save()
    named, coded = sealed(w, org=w.other_provider_org), sealed(w)
    screen(w)
    by_name = screening_for(named).credit_check
    assert by_name.subject_uscc == "" and by_name.organization_id is None
    assert by_name.subject_name == w.other_provider_org.name and by_name.legal_rep == ""
    assert check_of(named, "credit").details["matched_by"] == "name"
    assert screening_for(coded).credit_check.organization_id == w.provider_org.pk
    assert check_of(coded, "credit").details["matched_by"] == "uscc"


def test_a_failing_credit_check_is_reported_for_the_run_and_not_retried(w, monkeypatch):
    from huimin.audit.models import AuditEvent
    from huimin.core.services.errors import ServiceError
    from huimin.screening import checks
    from huimin.screening.events import ScreeningEvent

    calls = []

    def failing(**kwargs):
        calls.append(kwargs)
        raise ServiceError("信用信息库暂不可用")

    monkeypatch.setattr(checks, "credit_check_many", failing)
    a, b = sealed(w), sealed(w, org=w.other_provider_org)
    screen(w)
    assert len(calls) == 1
    for p in (a, b):
        check = check_of(p, "credit")
        assert check.result == "review"
        assert check.reason == "The credit check of this run could not be made (信用信息库暂不可用): check by hand."
        assert screening_for(p).credit_check is None
    event = AuditEvent.objects.filter(event_type=ScreeningEvent.SCREENING_RUN).latest("pk")
    assert event.payload["credit_check_error"] == "信用信息库暂不可用"
    assert event.payload["credit_checks"] == 0
