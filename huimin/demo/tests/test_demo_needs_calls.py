"""The demo's needs and calls: the seed's round (62 intentions, 东街 13, 水泉湾龙园 围棋·手工·英语, call of
mid-October 2020 expecting 155 proposals), budgets that add up, and the chain back to residents' supports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from huimin.audit.services import audit_verify
from huimin.calls.models import Call, CallStatus, Intention, IntentionStatus, Round, RoundBudget
from huimin.calls.selectors_planning import intention_trace
from huimin.core.models import Division, DivisionLevel
from huimin.core.permissions import SystemActor
from huimin.demo import needs_data as nd
from huimin.demo.pingcheng import load_pingcheng
from huimin.needs.models import Need, NeedStatus, Support
from huimin.surveys.models import Questionnaire, QuestionnaireStatus

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            world = load_pingcheng(actor=SystemActor("demo"))
            yield world
            transaction.set_rollback(True)
    ContentType.objects.clear_cache()


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
