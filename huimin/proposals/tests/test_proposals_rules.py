"""The budget rules and the completeness rules, each at its boundary: exactly the limit passes, one fen more fails."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from huimin.calls.models import Call
from huimin.calls.rules import call_rules, default_rules_json
from huimin.providers.models import Qualification

from .. import services as s
from ..models import IndicatorKind
from ..rules import budget_problems, budget_summary, forbidden_matches, line_total, missing, text_length
from .factories import (
    NOW,
    PROJECT_START,
    World,
    make_attachment,
    make_budget_proposal,
    make_complete_proposal,
    make_draft,
    make_team_member,
    world,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def codes(problems) -> list[str]:
    return sorted(p.code for p in problems)


def problems_of(w: World, proposal) -> list:
    call = Call.objects.get(pk=w.call.pk)
    return budget_problems(proposal, call_rules=call_rules(call), cap=call.cap_per_project)


def blocking(problems) -> list[str]:
    return sorted(p.code for p in problems if p.blocking)


# --- totals -------------------------------------------------------------------------------------------------------


def test_line_total_is_rounded_to_the_fen_half_up():
    assert line_total(Decimal("33.33"), Decimal("0.5")) == Decimal("16.67")  # 16.665 → 16.67 (not banker's 16.66)
    assert line_total(Decimal("0.01"), Decimal("0.5")) == Decimal("0.01")
    assert line_total(Decimal("350"), Decimal("20")) == Decimal("7000.00")


def test_complete_proposal_has_no_problem(world):
    p = make_complete_proposal(world)
    assert missing(p) == []
    assert problems_of(world, p) == []
    summary = budget_summary(p)
    assert summary.total == Decimal("50000.00")
    assert summary.labour_share == Decimal("40.00")
    assert summary.management_share == Decimal("8.00")
    assert summary.self_funded == Decimal("0.00")


# --- unit-price caps ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("category", "cap", "price", "expected"),
    [
        ("training", "", "350.00", []),
        ("training", "", "350.01", ["unit_price_over_cap"]),
        ("meeting", "", "400.00", []),
        ("meeting", "", "400.01", ["unit_price_over_cap"]),
        ("expert", "expert_senior", "500.00", []),
        ("expert", "expert_senior", "500.01", ["unit_price_over_cap"]),
        ("expert", "expert_other", "300.00", []),
        ("expert", "expert_other", "300.01", ["unit_price_over_cap"]),
        ("activity", "training", "350.01", ["unit_price_over_cap"]),  # a line may name a cap explicitly
        ("expert", "", "100.00", ["cap_code_required"]),  # the call has two expert rates: say which
    ],
)
def test_unit_price_cap_boundaries(world, category, cap, price, expected):
    lines = [(category, "授课", price, "人天", "1", cap), ("activity", "活动物资", "5000", "批", "1", "")]
    p = make_budget_proposal(world, lines)
    assert blocking(problems_of(world, p)) == expected


def test_expert_line_uses_the_only_expert_cap_when_the_call_has_one(world):
    rules = default_rules_json()["budget_rules"]
    rules["unit_price_caps"] = [c for c in rules["unit_price_caps"] if c["code"] != "expert_other"]
    Call.objects.filter(pk=world.call.pk).update(budget_rules=rules)
    p = make_budget_proposal(
        world, [("expert", "专家授课", "500.01", "人天", "1", ""), ("activity", "物资", "5000", "批", "1", "")]
    )
    assert blocking(problems_of(world, p)) == ["unit_price_over_cap"]


def test_cap_removed_by_an_amendment_is_reported_unknown(world):
    p = make_budget_proposal(
        world, [("training", "培训", "300", "人/天", "1", "training"), ("activity", "物资", "5000", "批", "1", "")]
    )
    rules = default_rules_json()["budget_rules"]
    rules["unit_price_caps"] = [c for c in rules["unit_price_caps"] if c["code"] != "training"]
    Call.objects.filter(pk=world.call.pk).update(budget_rules=rules)
    assert blocking(problems_of(world, p)) == ["cap_code_unknown"]


# --- shares -------------------------------------------------------------------------------------------------------


def test_labour_share_exactly_50_percent_passes(world):
    p = make_budget_proposal(
        world, [("labour", "社工补贴", "5000", "项", "1", ""), ("activity", "物资", "5000", "批", "1", "")]
    )
    assert blocking(problems_of(world, p)) == []
    assert budget_summary(p).labour_share == Decimal("50.00")


def test_labour_share_50_percent_plus_one_fen_fails(world):
    p = make_budget_proposal(
        world, [("labour", "社工补贴", "5000.01", "项", "1", ""), ("activity", "物资", "5000", "批", "1", "")]
    )
    assert blocking(problems_of(world, p)) == ["labour_share_over"]


def test_management_fee_exactly_at_the_limit_passes_one_fen_more_fails(world):
    at_limit = make_budget_proposal(
        world, [("management", "管理费", "1000", "项", "1", ""), ("activity", "物资", "9000", "批", "1", "")]
    )
    assert blocking(problems_of(world, at_limit)) == []
    over = make_budget_proposal(
        world, [("management", "管理费", "1000.01", "项", "1", ""), ("activity", "物资", "9000", "批", "1", "")]
    )
    assert blocking(problems_of(world, over)) == ["management_fee_over"]


def test_no_management_fee_when_the_call_allows_none(world):
    rules = default_rules_json()["budget_rules"]
    rules["management_fee_max"] = "0"
    Call.objects.filter(pk=world.call.pk).update(budget_rules=rules)
    p = make_budget_proposal(
        world, [("management", "管理费", "0.01", "项", "1", ""), ("activity", "物资", "9000", "批", "1", "")]
    )
    assert blocking(problems_of(world, p)) == ["management_fee_over"]


# --- amounts ------------------------------------------------------------------------------------------------------


def test_applied_amount_exactly_at_the_cap_passes(world):
    p = make_budget_proposal(world, [("activity", "物资", "50000", "批", "1", "")], applied="50000.00")
    assert blocking(problems_of(world, p)) == []


def test_applied_amount_one_fen_over_the_cap_fails(world):
    p = make_budget_proposal(world, [("activity", "物资", "50000.01", "批", "1", "")], applied="50000.01")
    assert blocking(problems_of(world, p)) == ["applied_over_cap"]


def test_cap_not_checked_when_the_call_does_not_ask(world):
    rules = default_rules_json()["budget_rules"]
    rules["total_within_cap"] = False
    Call.objects.filter(pk=world.call.pk).update(budget_rules=rules)
    p = make_budget_proposal(world, [("activity", "物资", "60000", "批", "1", "")], applied="60000")
    assert blocking(problems_of(world, p)) == []


def test_applied_amount_below_the_total_is_self_funded(world):
    p = make_budget_proposal(world, [("activity", "物资", "60000", "批", "1", "")], applied="45000")
    assert blocking(problems_of(world, p)) == []
    assert budget_summary(p).self_funded == Decimal("15000.00")


def test_applied_amount_above_the_total_fails(world):
    p = make_budget_proposal(world, [("activity", "物资", "40000", "批", "1", "")], applied="40000.01")
    assert blocking(problems_of(world, p)) == ["applied_over_total"]


def test_budget_total_must_be_positive(world):
    p = make_budget_proposal(world, [], applied="0")
    assert "total_not_positive" in blocking(problems_of(world, p))
    assert "applied_not_positive" in blocking(problems_of(world, p))
    assert "budget_lines_required" in codes(missing(p))


# --- forbidden expenses -------------------------------------------------------------------------------------------


def test_forbidden_expense_is_flagged_for_review_not_blocking(world):
    p = make_budget_proposal(
        world, [("other", "购置车辆一台", "1000", "台", "1", ""), ("activity", "物资", "9000", "批", "1", "")]
    )
    problems = problems_of(world, p)
    assert [(x.code, x.blocking) for x in problems] == [("forbidden_expense", False)]
    assert problems[0].field == "budget_lines.1.item"


def test_forbidden_expense_matching_uses_parts_and_full_width():
    forbidden = ["直接向服务对象发放现金或礼品", "罚款"]
    assert forbidden_matches("节日礼品", forbidden) == ["直接向服务对象发放现金或礼品"]
    assert forbidden_matches("交通 罚款", forbidden) == ["罚款"]
    assert forbidden_matches("活动物资", forbidden) == []


# --- completeness -------------------------------------------------------------------------------------------------


def test_a_new_draft_lacks_every_section(world):
    p = make_draft(world)
    found = {(x.section, x.code) for x in missing(p)}
    for expected in [
        ("basics", "required"),
        ("basics", "intention_required"),
        ("basics", "community_required"),
        ("beneficiaries", "required"),
        ("narrative", "required"),
        ("activities", "activity_required"),
        ("indicators", "output_indicator_required"),
        ("indicators", "outcome_indicator_required"),
        ("team", "team_required"),
        ("budget", "budget_lines_required"),
        ("budget", "required"),
        ("documents", "document_required"),
        ("commitment", "commitment_required"),
    ]:
        assert expected in found
    assert all(x.blocking for x in missing(p))
    required_docs = [d.code for d in call_rules(world.call).required_documents if d.required]
    assert sorted(x.field for x in missing(p) if x.code == "document_required") == sorted(
        f"documents.{c}" for c in required_docs
    )


def test_summary_of_500_chinese_characters_passes_501_fails(world):
    p = make_complete_proposal(world, summary="字" * 500)
    assert missing(p) == []
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW, summary="字" * 501)
    assert codes(missing(p)) == ["summary_too_long"]


def test_text_length_counts_characters_not_line_breaks():
    assert text_length("  社区\n太极拳\r\n ") == 5
    assert text_length("ＡＢ，c") == 4


def test_project_period_of_exactly_one_year_passes_one_day_more_fails(world):
    p = make_complete_proposal(world, start_date=date(2030, 11, 1), end_date=date(2031, 10, 31))
    assert missing(p) == []
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW, end_date=date(2031, 11, 1))
    assert codes(missing(p)) == ["period_too_long"]


def test_project_period_must_not_end_before_it_starts(world):
    p = make_complete_proposal(world)
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW, end_date=date(2030, 10, 1))
    assert "period_invalid" in codes(missing(p))


def test_activity_dates_inside_the_project_period(world):
    p = make_complete_proposal(world)
    s.activity_add(
        proposal=p,
        actor=world.provider,
        now=NOW,
        name="提前开展的活动",
        start_date=date(2030, 10, 31),
        end_date=PROJECT_START,
    )
    s.activity_add(proposal=p, actor=world.provider, now=NOW, name="没有日期的活动")
    assert codes(missing(p)) == ["activity_dates_required", "activity_outside_period"]


def test_both_an_output_and_an_outcome_indicator(world):
    p = make_complete_proposal(world)
    for indicator in list(p.indicators.filter(kind=IndicatorKind.OUTCOME)):
        s.indicator_remove(indicator=indicator, actor=world.provider, now=NOW)
    assert codes(missing(p)) == ["outcome_indicator_required"]


def test_team_needs_a_lead_and_active_members(world):
    p = make_complete_proposal(world)
    lead = p.team.get(is_lead=True)
    s.proposal_team_member_update(row=lead, actor=world.provider, now=NOW, is_lead=False)
    assert codes(missing(p)) == ["team_lead_required"]
    s.proposal_team_member_update(row=lead, actor=world.provider, now=NOW, is_lead=True)
    lead.member.is_active = False
    lead.member.save()
    assert codes(missing(p)) == ["team_member_inactive"]


def test_one_lead_at_most(world):
    p = make_complete_proposal(world)
    other = make_team_member(world.provider_org, "赵敏", qualification=Qualification.ASSISTANT_SOCIAL_WORKER)
    s.proposal_team_member_add(proposal=p, member=other, role="副负责人", is_lead=True, actor=world.provider, now=NOW)
    assert list(p.team.filter(is_lead=True).values_list("member__name", flat=True)) == ["赵敏"]


def test_each_required_document_of_the_call(world):
    p = make_complete_proposal(world)
    s.proposal_document_remove(proposal=p, code="credit_commitment", actor=world.provider, now=NOW)
    problems = missing(p)
    assert [(x.code, x.field) for x in problems] == [("document_required", "documents.credit_commitment")]
    # optional documents are not required
    s.proposal_document_attach(
        proposal=p,
        code="credit_commitment",
        attachment=make_attachment(world.provider_org),
        actor=world.provider,
        now=NOW,
    )
    assert missing(p) == []


def test_commitment_must_be_accepted(world):
    p = make_complete_proposal(world)
    p = s.proposal_accept_commitment(proposal=p, actor=world.provider, now=NOW, accepted=False)
    assert codes(missing(p)) == ["commitment_required"]


def test_communities_must_stay_covered_by_the_intentions(world):
    p = make_complete_proposal(world)
    # the call lists the other intention; a community it covers is not covered by the chosen one
    p.communities.add(world.far_community)
    assert codes(missing(p)) == ["community_not_covered"]


def test_intention_dropped_from_the_call_is_reported(world):
    p = make_complete_proposal(world)
    world.call.intentions.remove(world.intention)
    assert "intention_not_in_call" in codes(missing(p))


def test_zero_direct_beneficiaries_is_not_complete(world):
    p = make_complete_proposal(world, direct_beneficiaries=0)
    assert codes(missing(p)) == ["direct_beneficiaries_zero"]
