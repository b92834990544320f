"""Builders for proposals tests (and for the screening tests, which import them).

    w = build_world()                    # divisions, call published with two intentions, two providers, staff
    p = make_complete_proposal(w)        # a draft that passes every completeness and budget rule
    receipt = submit(p, w.provider)      # submitted before the deadline (at NOW)

Time: nothing depends on the wall clock. `NOW` is a moment before the call's `DEADLINE`; `AFTER` is after it.
Services take `now=`; pass `NOW` (or `AFTER`) explicitly. `at(day, hour)` gives an aware moment in Asia/Shanghai.

Organizations, their providers and team members come from huimin.providers.tests.factories. The call,
intentions and divisions are written directly (the calls context tests its own services); proposals are
built through the proposals services, so a factory-made proposal is one a provider could have made.
"""

from __future__ import annotations

import hashlib
import itertools
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest

from huimin.calls.models import Call, CallAmendment, CallStatus
from huimin.calls.rules import default_rules_json
from huimin.core.models import (
    Division,
    DivisionLevel,
    Organization,
    Role,
)
from huimin.core.permissions import Actor
from huimin.files.models import Attachment
from huimin.needs.models import NeedCategory
from huimin.planning.models import Intention, IntentionStatus, Round, RoundStatus
from huimin.providers.models import Qualification
from huimin.providers.tests.factories import (
    NOW,
    at,
    make_actor,
    make_division,
    make_org,
    make_provider,
    make_team_member,
)

from ..models import Proposal, Receipt

_seq = itertools.count(1)


PUBLISHED = at(date(2030, 9, 2), 9)
# NOW (2030-09-10 10:00) is while the call is open.
DEADLINE = at(date(2030, 10, 12), 17)
AFTER = DEADLINE + timedelta(hours=1)  # the deadline has passed
PROJECT_START = date(2030, 11, 1)
PROJECT_END = date(2031, 10, 31)  # one year (102号令 Art. 24)


def make_attachment(
    org: Organization | None, name: str = "项目申报书.pdf", *, uploaded_by: Actor | None = None
) -> Attachment:
    """An attachment row (no bytes on disk: proposals only refer to it)."""
    n = next(_seq)
    return Attachment.objects.create(
        file=f"attachments/test/{n:08d}.pdf",
        original_name=name,
        kind="pdf",
        extension="pdf",
        content_type="application/pdf",
        size=1024,
        sha256=hashlib.sha256(f"{n}{name}".encode()).hexdigest(),
        purpose="proposal",
        organization=org,
        uploaded_by=uploaded_by.user if uploaded_by is not None else None,
    )


# --- divisions, round, intentions, call --------------------------------------------------------------------------


def make_category(code: str = "proposals_test_elderly", name: str = "为老服务（测试）") -> NeedCategory:
    category, _ = NeedCategory.objects.get_or_create(code=code, defaults={"name": name})
    return category


def make_intention(
    round_: Round,
    purchaser: Division,
    communities: list[Division],
    *,
    budget: str = "60000",
    title: str | None = None,
    category: NeedCategory | None = None,
) -> Intention:
    n = next(_seq)
    intention = Intention.objects.create(
        number=f"I-{purchaser.code}-{round_.code}-{n:03d}",
        round=round_,
        purchaser=purchaser,
        title=title or f"社区老年人太极拳培训{n}",
        category=category or make_category(),
        budget=Decimal(budget),
        status=IntentionStatus.CONFIRMED,
    )
    intention.communities.set(communities)
    return intention


def make_call(
    round_: Round,
    manager_org: Organization,
    intentions: list[Intention],
    *,
    deadline: datetime = DEADLINE,
    status: str = CallStatus.PUBLISHED,
    cap_per_project: str = "50000",
    max_proposals_per_organization: int = 3,
    opens_at: datetime | None = PUBLISHED,
    **rules: Any,
) -> Call:
    """A published call with the default rules (required documents, budget rules with the four unit-price caps);
    override `required_documents=[…]`, `budget_rules={…}`, `eligibility={…}` as JSON."""
    n = next(_seq)
    data = default_rules_json()
    data.update(rules)
    call = Call.objects.create(
        number=f"C-{round_.code}-{n:03d}",
        round=round_,
        manager=manager_org,
        title="平城区第二届政府向社会力量购买服务项目申报通知",
        cap_per_project=Decimal(cap_per_project),
        max_proposals_per_organization=max_proposals_per_organization,
        deadline=deadline,
        original_deadline=deadline,
        status=status,
        published_at=min(PUBLISHED, opens_at or PUBLISHED) if status != CallStatus.DRAFT else None,
        opens_at=opens_at,
        **data,
    )
    call.intentions.set(intentions)
    call.categories.set({i.category for i in intentions})
    return call


def publish_amendment(call: Call, *, when: datetime, reason: str = "调整申报材料要求") -> CallAmendment:
    """A published amendment (the next sequence), written directly."""
    sequence = (call.amendments.order_by("-sequence").values_list("sequence", flat=True).first() or 0) + 1
    return CallAmendment.objects.create(
        call=call,
        sequence=sequence,
        reason=reason,
        changes={},
        deadline_before=call.deadline,
        deadline_after=call.deadline,
        published_at=when,
    )


@dataclass
class World:
    district: Division
    street: Division  # 东街街道 — purchaser of `intention`
    other_street: Division  # 西街街道 — purchaser of `other_intention`
    community: Division  # 龙园社区 (东街), covered by `intention`
    community2: Division  # 迎春里社区 (东街), covered by `intention`
    far_community: Division  # 柳园巷社区 (西街), covered by `other_intention` only
    category: NeedCategory
    round: Round
    intention: Intention
    other_intention: Intention
    manager_org: Organization
    call: Call  # published, deadline DEADLINE, cap 50000, at most 3 per organization, default rules
    provider_org: Organization
    provider: Actor
    other_provider_org: Organization
    other_provider: Actor
    manager: Actor  # project manager of the call
    other_manager: Actor  # project manager of another intermediary
    admin: Actor  # district admin
    purchaser: Actor  # 东街 (answers `intention`)
    other_purchaser: Actor  # 西街
    reviewer: Actor  # expert reviewer
    nobody: Actor  # signed in, no role


def build_world(**call_fields: Any) -> World:
    """Everything a proposal needs; `call_fields` go to `make_call` (deadline=, cap_per_project=, …)."""
    n = next(_seq)
    district = make_division(f"16{n:04d}", "平城区", DivisionLevel.DISTRICT)
    street = make_division(f"16{n:04d}001", "东街街道", DivisionLevel.STREET, district)
    other_street = make_division(f"16{n:04d}002", "西街街道", DivisionLevel.STREET, district)
    community = make_division(f"16{n:04d}001001", "水泉湾龙园社区", DivisionLevel.COMMUNITY, street)
    community2 = make_division(f"16{n:04d}001002", "迎春里社区", DivisionLevel.COMMUNITY, street)
    far_community = make_division(f"16{n:04d}002001", "柳园巷社区", DivisionLevel.COMMUNITY, other_street)
    category = make_category()
    round_ = Round.objects.create(
        code=f"p{n}", name="平城区第二届政府向社会力量购买服务", year=2030, status=RoundStatus.OPEN
    )
    intention = make_intention(round_, street, [community, community2], title="龙园、迎春里社区老年人太极拳培训")
    other_intention = make_intention(round_, other_street, [far_community], budget="40000", title="柳园巷社区书画班")
    manager_org = make_org("大同市毅源力社会组织发展中心", grade=None)
    call = make_call(round_, manager_org, [intention, other_intention], **call_fields)
    provider_org, provider = make_provider(name="大同市平城区阳光社会工作服务中心")
    other_provider_org, other_provider = make_provider(name="大同市平城区雅韵书画艺术研究会")
    other_manager_org = make_org("大同市另一家项目管理中心", grade=None)
    return World(
        district=district,
        street=street,
        other_street=other_street,
        community=community,
        community2=community2,
        far_community=far_community,
        category=category,
        round=round_,
        intention=intention,
        other_intention=other_intention,
        manager_org=manager_org,
        call=call,
        provider_org=provider_org,
        provider=provider,
        other_provider_org=other_provider_org,
        other_provider=other_provider,
        manager=make_actor(Role.PROJECT_MANAGER, organization=manager_org),
        other_manager=make_actor(Role.PROJECT_MANAGER, organization=other_manager_org),
        admin=make_actor(Role.DISTRICT_ADMIN),
        purchaser=make_actor(Role.PURCHASER, division=street),
        other_purchaser=make_actor(Role.PURCHASER, division=other_street),
        reviewer=make_actor(Role.EXPERT_REVIEWER),
        nobody=make_actor(None),
    )


@pytest.fixture
def world(db) -> World:
    return build_world()


# --- proposals ------------------------------------------------------------------------------------------------


COMPLETE_FIELDS: dict[str, Any] = {
    "title": "龙园社区老年人太极拳健身培训项目",
    "target_group": "龙园、迎春里社区60岁以上老年人",
    "direct_beneficiaries": 120,
    "indirect_beneficiaries": 360,
    "summary": "面向社区老年人开展太极拳培训，每周两次，提升老年人身体素质，培育社区太极拳队。",
    "need_analysis": "问需调查收回问卷86份，七成老年人希望学习太极拳。",
    "objectives": "培训120名老年人掌握24式太极拳，组建2支社区太极拳队。",
    "risks": "天气原因改为室内活动；老年人运动安全由专业教练和志愿者保障。",
    "sustainability": "培育社区骨干担任带操员，项目结束后由社区继续组织。",
    "start_date": PROJECT_START,
    "end_date": PROJECT_END,
    "contact_name": "李晓红",
    "contact_phone": "13903520001",
}

# (category, item, unit price, unit, quantity, cap code) — total 50000.00: labour 20000 (40 %), management 4000 (8 %)
COMPLETE_BUDGET: list[tuple[str, str, str, str, str, str]] = [
    ("labour", "社工人员补贴", "2000", "人月", "10", ""),
    ("expert", "太极拳专家授课", "500", "人天", "20", "expert_senior"),
    ("training", "骨干带操员培训", "350", "人/天", "20", "training"),
    ("activity", "活动物资（太极服、音箱）", "8000", "批", "1", ""),
    ("publicity", "宣传海报与展板", "1000", "项", "1", ""),
    ("management", "机构管理费", "4000", "项", "1", ""),
]


def make_draft(
    w: World, *, org: Organization | None = None, actor: Actor | None = None, now: datetime = NOW
) -> Proposal:
    """An empty draft of the world's provider (or `org`/`actor`) on the world's call."""
    from ..services import proposal_create

    return proposal_create(call=w.call, organization=org or w.provider_org, actor=actor or w.provider, now=now)


def make_complete_proposal(
    w: World,
    *,
    org: Organization | None = None,
    actor: Actor | None = None,
    now: datetime = NOW,
    call: Call | None = None,
    **overrides: Any,
) -> Proposal:
    """A draft with every section complete and a budget within every rule (applied amount 50000 = the cap).
    `overrides` are scalar fields passed to proposal_update (e.g. applied_amount=Decimal("40000"))."""
    from huimin.calls.rules import call_rules

    from .. import services as s
    from ..models import IndicatorKind

    org = org or w.provider_org
    actor = actor or w.provider
    call = call or w.call
    proposal = s.proposal_create(call=call, organization=org, actor=actor, now=now)
    intention = next(i for i in call.intentions.all() if i.pk == w.intention.pk) if call == w.call else None
    intention = intention or call.intentions.order_by("pk").first()
    assert intention is not None, "the call lists no intention"
    s.proposal_set_intentions(proposal=proposal, intentions=[intention], actor=actor, now=now)
    s.proposal_set_communities(proposal=proposal, communities=list(intention.communities.all()), actor=actor, now=now)
    fields = {**COMPLETE_FIELDS, "category": intention.category, "applied_amount": Decimal("50000")}
    fields.update(overrides)
    s.proposal_update(proposal=proposal, actor=actor, now=now, **fields)
    s.activity_add(
        proposal=proposal,
        actor=actor,
        now=now,
        name="太极拳基础班",
        description="每周二、四上午教授24式太极拳",
        sessions=80,
        start_date=PROJECT_START,
        end_date=date(2031, 6, 30),
        place="龙园社区活动室",
        participants=30,
    )
    s.activity_add(
        proposal=proposal,
        actor=actor,
        now=now,
        name="社区太极拳展演",
        sessions=2,
        start_date=date(2031, 9, 1),
        end_date=date(2031, 9, 30),
        place="迎春里社区广场",
        participants=100,
    )
    s.indicator_add(
        proposal=proposal, actor=actor, now=now, kind=IndicatorKind.OUTPUT, name="培训场次", target_value=80, unit="场"
    )
    s.indicator_add(
        proposal=proposal,
        actor=actor,
        now=now,
        kind=IndicatorKind.OUTCOME,
        name="掌握24式太极拳的老年人",
        target_value=100,
        unit="人",
    )
    lead = make_team_member(org, "李晓红")
    coach = make_team_member(
        org, "王志强", qualification=Qualification.OTHER, qualification_note="国家二级社会体育指导员"
    )
    s.proposal_team_member_add(proposal=proposal, member=lead, role="项目负责人", is_lead=True, actor=actor, now=now)
    s.proposal_team_member_add(proposal=proposal, member=coach, role="太极拳教练", actor=actor, now=now)
    add_budget_lines(proposal, actor, COMPLETE_BUDGET, now=now)
    for doc in call_rules(call).required_documents:
        if doc.required:
            s.proposal_document_attach(
                proposal=proposal,
                code=doc.code,
                attachment=make_attachment(org, f"{doc.name}.pdf"),
                actor=actor,
                now=now,
            )
    s.proposal_accept_commitment(proposal=proposal, actor=actor, now=now)
    proposal.refresh_from_db()
    return proposal


def submit(proposal: Proposal, actor: Actor, *, now: datetime = NOW) -> Receipt:
    from ..services import proposal_submit

    return proposal_submit(proposal=proposal, actor=actor, now=now)


def make_submitted_proposal(
    w: World, *, org: Organization | None = None, actor: Actor | None = None, now: datetime = NOW, **overrides: Any
) -> Proposal:
    """A complete proposal submitted at `now` (before the deadline)."""
    actor = actor or w.provider
    proposal = make_complete_proposal(w, org=org, actor=actor, now=now, **overrides)
    submit(proposal, actor, now=now)
    proposal.refresh_from_db()
    return proposal


Line = tuple[str, str, str, str, str, str]  # (category, item, unit price, unit, quantity, cap code)


def add_budget_lines(proposal: Proposal, actor: Actor, lines: list[Line], *, now: datetime = NOW) -> None:
    """Add budget lines to the proposal through the service."""
    from .. import services as s

    for category, item, price, unit, qty, cap in lines:
        s.budget_line_add(
            proposal=proposal,
            actor=actor,
            now=now,
            category=category,
            item=item,
            unit_price=Decimal(price),
            unit=unit,
            quantity=Decimal(qty),
            cap_code=cap,
        )


def set_budget(
    proposal: Proposal, actor: Actor, lines: list[Line], *, applied: Any = None, now: datetime = NOW
) -> Proposal:
    """Replace the proposal's budget lines (and the applied amount when given) through the services."""
    from .. import services as s

    for line in list(proposal.budget_lines.all()):
        s.budget_line_remove(line=line, actor=actor, now=now)
    add_budget_lines(proposal, actor, lines, now=now)
    if applied is not None:
        s.proposal_update(proposal=proposal, actor=actor, now=now, applied_amount=Decimal(str(applied)))
    proposal.refresh_from_db()
    return proposal


def make_budget_proposal(w: World, lines: list[Line], *, applied: Any = None, **kwargs: Any) -> Proposal:
    """A complete proposal whose budget is exactly `lines` (applied amount: `applied`, else the lines' total)."""
    from ..rules import line_total

    proposal = make_complete_proposal(w, **kwargs)
    if applied is None:
        applied = sum((line_total(Decimal(p), Decimal(q)) for _c, _i, p, _u, q, _k in lines), Decimal(0))
    return set_budget(proposal, kwargs.get("actor") or w.provider, lines, applied=applied)
