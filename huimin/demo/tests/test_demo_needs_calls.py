"""The demo's needs and calls: the seed's round (62 intentions, 东街 13, 水泉湾龙园 围棋·手工·英语, call of
mid-October 2020 expecting 155 proposals), budgets that add up, and the chain back to residents' supports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.db.models import Sum
from django.utils import timezone

from huimin.audit.chain import audit_verify
from huimin.calls.models import Call, CallStatus
from huimin.core.models import Division, DivisionLevel
from huimin.demo import needs_data as nd
from huimin.needs.models import Need, NeedStatus, Support
from huimin.planning.models import Intention, IntentionStatus, Round, RoundBudget
from huimin.planning.selectors import intention_trace
from huimin.surveys.models import Questionnaire, QuestionnaireStatus

pytestmark = pytest.mark.slow


def test_the_round_has_62_intentions_by_13_purchasers_and_dongjie_has_13(demo, db):
    the_round = Round.objects.get(code=nd.ROUND_CODE)
    assert the_round.name == "平城区第二届政府向社会力量购买服务"
    intentions = Intention.objects.filter(round=the_round, status=IntentionStatus.CONFIRMED)
    assert intentions.count() == 62
    assert intentions.values("purchaser").distinct().count() == 13
    assert intentions.filter(purchaser__name="东街街道").count() == 13
    assert intentions.filter(purchaser__name="水泊寺乡").exists()


def test_longyuan_community_bought_go_handcraft_and_english(demo, db):
    longyuan = Division.objects.get(name=nd.LONGYUAN)
    titles = list(Intention.objects.filter(communities=longyuan).values_list("title", flat=True))
    assert len(titles) == 3
    for word in ("围棋", "手工", "英语"):
        assert any(word in t for t in titles), (word, titles)


def test_intentions_add_up_to_each_purchasers_budget_and_to_the_round(demo, db):
    the_round = Round.objects.get(code=nd.ROUND_CODE)
    for budget in RoundBudget.objects.filter(round=the_round):
        used = Intention.objects.filter(round=the_round, purchaser=budget.purchaser).aggregate(s=Sum("budget"))["s"]
        assert used == budget.amount, budget.purchaser.name
    total = RoundBudget.objects.filter(round=the_round).aggregate(s=Sum("amount"))["s"]
    assert total == Intention.objects.filter(round=the_round).aggregate(s=Sum("budget"))["s"]
    for intention in Intention.objects.filter(round=the_round):
        assert Decimal(20000) <= intention.budget <= Decimal(50000)  # community micro-projects of a few 万元


def test_every_community_has_needs_and_supports(demo, db):
    for community in Division.objects.filter(level__in=[DivisionLevel.COMMUNITY, DivisionLevel.VILLAGE]):
        needs = Need.objects.filter(community=community)
        assert needs.exists(), community.name
        assert Support.objects.filter(need__in=needs).exists(), community.name
    statuses = set(Need.objects.values_list("status", flat=True))
    assert statuses == {NeedStatus.ACCEPTED, NeedStatus.MERGED, NeedStatus.DECLINED, NeedStatus.SUBMITTED}
    for need in Need.objects.filter(status__in=[NeedStatus.DECLINED, NeedStatus.MERGED]):
        assert need.answer, need.number  # a public answer for every decision but acceptance


def test_each_purchaser_asked_residents_with_a_questionnaire_answered_online_and_on_paper(demo, db):
    questionnaires = Questionnaire.objects.all()
    assert questionnaires.count() == 13
    for q in questionnaires:
        assert q.status == QuestionnaireStatus.CLOSED
        assert q.response_count >= 50  # 问需表 ≥ 50 (REFERENCE.md §2.2)
        assert q.responses.filter(channel="paper").exists() and q.responses.filter(channel="online").exists()
        assert q.needs.exists()  # attached as evidence


def test_the_call_was_published_mid_october_2020_expecting_155_proposals_and_is_closed(demo, db):
    call = Call.objects.get(round__code=nd.ROUND_CODE)
    local = timezone.localtime(call.published_at)
    assert date(2020, 10, 10) <= local.date() <= date(2020, 10, 20)
    assert call.expected_proposals == 155
    assert call.manager.name == "大同市毅源力社会组织发展中心"
    assert call.intentions.count() == 62
    assert call.status == CallStatus.CLOSED
    assert call.amendments.count() == 1 and not call.amendments.get().extended  # not a late one
    assert call.questions.filter(status="answered").count() == len(nd.ANSWER_QUESTIONS)


def test_from_the_call_one_walks_back_to_the_needs_and_supports_of_every_intention(demo, db):
    call = Call.objects.get(round__code=nd.ROUND_CODE)
    for intention in call.intentions.all():
        trace = intention_trace(intention)
        assert trace.needs, intention.number
        assert trace.support_count > 0
        for need_trace in trace.needs:
            assert need_trace.need.status == NeedStatus.ACCEPTED
            assert need_trace.need.community in trace.communities


def test_the_audit_chain_verifies_after_the_round_is_built(demo, db):
    assert audit_verify().ok


# --- proposals and screening (autumn 2020) ------------------------------------------------------------------------


def test_155_proposals_were_submitted_with_receipts_for_every_intention(demo, db):
    from django.db.models import Count

    from huimin.proposals.models import Proposal, ProposalStatus

    call = Call.objects.get(round__code=nd.ROUND_CODE)
    proposals = Proposal.objects.filter(call=call)
    assert proposals.count() == 155
    assert set(proposals.values_list("status", flat=True)) == {ProposalStatus.SUBMITTED}
    for p in proposals:
        assert p.receipt_number and p.receipts.exists()
        assert p.submitted_at <= call.deadline
    assert not call.intentions.annotate(n=Count("proposals")).filter(n=0).exists()
    per_org = proposals.values("organization").annotate(n=Count("id"))
    assert max(row["n"] for row in per_org) <= call.max_proposals_per_organization


def test_every_submitted_budget_keeps_the_calls_rules(demo, db):
    from huimin.calls.rules import call_rules
    from huimin.proposals.models import Proposal
    from huimin.proposals.rules import budget_problems, budget_summary

    call = Call.objects.get(round__code=nd.ROUND_CODE)
    rules = call_rules(call)
    for p in Proposal.objects.filter(call=call):
        summary = budget_summary(p)
        assert p.applied_amount <= call.cap_per_project
        assert summary.total >= p.applied_amount
        assert not [x for x in budget_problems(p, call_rules=rules, cap=call.cap_per_project) if x.blocking]


def test_screening_blocks_the_listed_warns_the_penalized_and_leaves_a_plausible_set(demo, db):
    from huimin.credit.models import CreditCheckResult
    from huimin.demo import credit_data as cd
    from huimin.screening.models import Screening, ScreeningStatus

    screenings = Screening.objects.filter(call__round__code=nd.ROUND_CODE).select_related(
        "proposal__organization", "credit_check"
    )
    assert screenings.count() == 155
    passed = screenings.filter(status=ScreeningStatus.PASSED).count()
    assert 100 <= passed <= 140
    assert not screenings.filter(status=ScreeningStatus.AWAITING_DECISION).exists()
    for s in screenings:
        name = s.proposal.organization.name
        if cd.SCREENED.get(name) == "blocked":
            assert s.credit_check.result == CreditCheckResult.BLOCKED and s.status == ScreeningStatus.REJECTED
            assert s.credit_check.digest and s.reason
        if s.status == ScreeningStatus.REJECTED:
            assert s.reason
    warned = [s for s in screenings if s.credit_check and s.credit_check.result == CreditCheckResult.WARNED]
    assert warned


def test_a_fix_window_was_used_and_one_copied_proposal_rejected(demo, db):
    from huimin.proposals.models import Receipt
    from huimin.screening.models import Screening, ScreeningDecision

    fixes = Receipt.objects.filter(proposal__call__round__code=nd.ROUND_CODE, kind="fix")
    assert fixes.count() == 3
    assert ScreeningDecision.objects.filter(decision="fix").count() == 4
    copied = Screening.objects.filter(checks__code="duplicate_text", checks__result="review", status="rejected")
    assert copied.count() == 1


def test_the_2018_round_is_on_the_record_of_25_organizations(demo, db):
    from huimin.providers.models import PastProject, PastProjectSource

    past = PastProject.objects.filter(source=PastProjectSource.PLATFORM, year=2018)
    assert past.count() == 25
    assert past.values("organization").distinct().count() == 25
