"""The proposals and their screening in the demonstration round (autumn 2020), built through the services.

Every provider organization that applies has a provider account (provider1 … provider10 as printed; the others
provider11 …), a team and its standing documents; those selected in 2018 have that project on their record. 155
proposals answer the call's 62 intentions (one to four each), each with its activities, indicators, team, a budget
within the call's rules and the required documents, submitted between 10-16 and 11-06 (those submitted before the
amendment of 10-22 confirm it afterwards; a few withdraw and resubmit). The call closes at its deadline; the project
manager runs the screening on 11-09 and decides: the blocked organizations and those failing the eligibility rules
are rejected with the reason, warned ones passed after checking, a copied proposal rejected, four asked to fix a
document (three do within the window; the fourth is rejected when it expires), the rest passed. Texts and dates:
proposals_data.py.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING

from django.core.files.base import ContentFile

from huimin.calls.models import Call
from huimin.calls.rules import call_rules
from huimin.calls.services import call_close_due
from huimin.core.models import Organization, OrganizationType, Role
from huimin.core.permissions import Actor
from huimin.core.services import user_create
from huimin.credit.models import CreditCheckResult
from huimin.files.services import attachment_create
from huimin.planning.models import Intention
from huimin.proposals import services as ps
from huimin.proposals.content import document_purpose
from huimin.proposals.models import IndicatorKind, Proposal
from huimin.providers import services as provider_services
from huimin.screening.models import CheckResult, Screening, ScreeningStatus
from huimin.screening.services import (
    screening_decide,
    screening_decide_batch,
    screening_expire_fixes,
    screening_run,
)

from . import credit_data as cd
from . import data
from . import needs_data as nd
from . import proposals_data as pd

if TYPE_CHECKING:
    from .pingcheng import DemoWorld, Progress


SOCIAL_TYPES = (OrganizationType.SOCIAL_GROUP, OrganizationType.SOCIAL_SERVICE, OrganizationType.FOUNDATION)


def rng_for(part: str) -> random.Random:
    return random.Random(f"{data.SEED}/{part}")  # nosec B311


def proposals_steps() -> int:
    return 1 + 16 + 2  # organizations; proposals in tenths (and the rest); closing; screening


def _pdf(title: str) -> bytes:
    """A small, valid one-page PDF standing for a scanned document."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
        b"% " + title.encode("utf-8") + b"\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def _upload(actor: Actor, org: Organization, name: str, purpose: str):
    return attachment_create(
        uploaded_file=ContentFile(_pdf(f"{org.name} {name}"), name=f"{name}.pdf"),
        purpose=purpose,
        actor=actor,
        organization=org,
    )


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _budget(rng: random.Random, total: Decimal) -> list[tuple[str, str, Decimal, str, Decimal, str]]:
    """Budget lines adding up to `total` exactly, within the call's rules (labour 30–48 %, management 4–8 %,
    experts ≈ 8 %, training ≈ 6 %, publicity ≈ 3 %, the rest activity materials)."""
    labour = (total * Decimal(rng.randrange(30, 49)) / 100).quantize(Decimal(100))
    months = 10
    management = (total * Decimal(rng.randrange(4, 9)) / 100).quantize(Decimal(100))
    expert_price = rng.choice((Decimal(300), Decimal(500)))
    expert_days = max(Decimal(2), (total * Decimal("0.08") / expert_price).quantize(Decimal(1), rounding="ROUND_DOWN"))
    training_price = rng.choice((Decimal(200), Decimal(300), Decimal(350)))
    training_days = max(
        Decimal(2), (total * Decimal("0.06") / training_price).quantize(Decimal(1), rounding="ROUND_DOWN")
    )
    publicity = max(Decimal(300), (total * Decimal("0.03")).quantize(Decimal(100)))
    lines = [
        ("labour", "项目人员劳务补贴", _money(labour / months), "人月", Decimal(months), ""),
        (
            "expert",
            "专家授课费",
            expert_price,
            "人天",
            expert_days,
            "expert_senior" if expert_price == 500 else "expert_other",
        ),
        ("training", "骨干志愿者培训", training_price, "人/天", training_days, "training"),
        ("publicity", "宣传海报与展板", publicity, "项", Decimal(1), ""),
        ("management", "机构管理费", management, "项", Decimal(1), ""),
    ]
    used = sum((price * qty for _c, _i, price, _u, qty, _cap in lines), Decimal(0))
    lines.append(("activity", "活动物资与耗材", total - used, "批", Decimal(1), ""))
    return lines


def _assign(
    rng: random.Random, intentions: list[Intention], providers: list[Organization], *, must: list[Organization]
) -> list[tuple]:
    """(organization, intention) pairs: 155 in all, each intention 1–4, each organization at most 3, mostly by kind."""
    kind_of = {spec.name: spec.kind for spec in data.PROVIDERS}
    templates = {t.title: t.kind for t in nd.NEED_TEMPLATES}
    load: dict[int, int] = defaultdict(int)
    pairs: list[tuple[Organization, Intention]] = []

    def intention_kind(i: Intention) -> str:
        for title, kind in templates.items():
            if title in i.title:
                return kind
        return ""

    def pick(intention: Intention, exclude: set[int]) -> Organization | None:
        kind = intention_kind(intention)
        fitting = [o for o in providers if load[o.pk] < 3 and o.pk not in exclude and kind_of.get(o.name) == kind]
        others = [o for o in providers if load[o.pk] < 3 and o.pk not in exclude]
        pool = fitting or others
        return rng.choice(pool) if pool else None

    for applicant in must:  # these apply at least once
        intention = rng.choice(intentions)
        pairs.append((applicant, intention))
        load[applicant.pk] += 1
    for intention in intentions:  # every intention gets one
        first = pick(intention, set())
        if first is not None:
            pairs.append((first, intention))
            load[first.pk] += 1
    while len(pairs) < pd.PROPOSALS:
        intention = rng.choice(intentions)
        taken = {o.pk for o, i in pairs if i.pk == intention.pk}
        if len(taken) >= 4:
            continue
        chosen = pick(intention, taken)
        if chosen is None:
            break
        pairs.append((chosen, intention))
        load[chosen.pk] += 1
    return pairs


def build_proposals(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    rng = rng_for("proposals")
    call = Call.objects.get(round__code=nd.ROUND_CODE)
    intentions = list(call.intentions.select_related("purchaser", "category").order_by("number"))
    social = [o for o in world.providers if o.org_type in SOCIAL_TYPES]
    others = sorted((o for o in world.providers if o.org_type not in SOCIAL_TYPES), key=lambda o: o.name)
    # The organizations the credit demo screens apply (two of them enterprises, whom the call does not admit).
    screened = [o for o in world.providers if o.name in cd.SCREENED]
    providers = sorted({o.pk: o for o in social + screened}.values(), key=lambda o: o.name)
    del others
    pairs = _assign(rng, intentions, providers, must=sorted(screened, key=lambda o: o.name))
    applying = sorted({o.pk: o for o, _i in pairs}.values(), key=lambda o: o.name)

    # --- accounts, teams, standing documents and the 2018 record of the applying organizations -------------------
    accounts = _provider_accounts(world, applying, actor)
    teams: dict[int, list] = {}
    standing: dict[int, dict[str, object]] = {}
    from .pingcheng import NamePool

    new_name = NamePool(rng_for("proposals/team"))
    for index, org in enumerate(applying):
        member_actor = accounts[org.pk]
        teams[org.pk] = [
            provider_services.team_member_create(
                organization=org,
                actor=member_actor,
                name=new_name(),
                position=position,
                education=education,
                qualification=qualification,
                qualification_note=note,
                phone=f"139{rng.randrange(10**8):08d}",
            )
            for position, education, qualification, note in pd.TEAM_ROLES[: rng.choice((2, 3, 4))]
        ]
        standing[org.pk] = {
            code: provider_services.profile_document_upload(
                organization=org,
                code=code,
                uploaded_file=ContentFile(_pdf(f"{org.name} {code}"), name=f"{code}.pdf"),
                actor=member_actor,
                now=pd.SUBMIT_FROM - timedelta(days=3),
            ).attachment
            for code in ("registration_certificate", "annual_inspection")
        }
        if index % 2 == 0 and index // 2 < len(pd.PROJECTS_2018):  # 25 of them were selected in 2018
            title = pd.PROJECTS_2018[index // 2]
            provider_services.past_project_record(
                organization=org,
                year=2018,
                title=title,
                round_name=pd.ROUND_2018,
                purchaser_name="平城区人民政府",
                amount=Decimal(rng.choice((20000, 30000, 40000))),
                beneficiaries=rng.randrange(40, 200),
                outcome="按计划完成全部活动，居民满意度较高。",
                evaluation_score=Decimal(rng.randrange(80, 97)),
                funds_use="资金使用规范，按预算执行。",
                actor=actor,
            )
    progress.update(1)

    # --- 155 proposals ------------------------------------------------------------------------------------------------
    rules = call_rules(call)
    amended = nd.CALL_AMENDED
    copied: tuple[int, str, str, str] | None = None
    copy_done = False
    proposals: list[Proposal] = []
    tenth = max(1, len(pairs) // 16)
    for n, (org, intention) in enumerate(pairs):
        member = accounts[org.pk]
        moment = pd.SUBMIT_FROM + timedelta(
            minutes=rng.randrange(int((pd.SUBMIT_UNTIL - pd.SUBMIT_FROM).total_seconds() // 60))
        )
        proposal = _proposal(rng, call, rules, org, intention, member, teams[org.pk], standing[org.pk], moment)
        if n == 40 and copied is None:
            copied = (org.pk, proposal.summary, proposal.need_analysis, proposal.objectives)
        elif n >= 97 and copied is not None and copied[0] != org.pk and not copy_done:
            # A copied proposal: the narrative of another organization's, nearly word for word.
            ps.proposal_update(
                proposal=proposal,
                actor=member,
                now=moment,
                summary=copied[1],
                need_analysis=copied[2],
                objectives=copied[3].replace("。", "！", 1),
            )
            copy_done = True
        if moment > amended:
            ps.proposal_confirm_amendments(proposal=proposal, actor=member, now=moment)
        ps.proposal_submit(proposal=proposal, actor=member, now=moment + timedelta(minutes=5))
        if moment < amended and n % 9 != 0:  # most of the early ones confirm the amendment afterwards
            ps.proposal_confirm_amendments(
                proposal=proposal, actor=member, now=amended + timedelta(days=1 + n % 5, hours=1)
            )
        later = max(moment, amended) + timedelta(days=2)
        if n % 37 == 5 and later < pd.SUBMIT_UNTIL:  # withdrawn to correct the contact, then submitted again
            ps.proposal_withdraw(proposal=proposal, actor=member, now=later)
            ps.proposal_update(proposal=proposal, actor=member, now=later, contact_phone=f"0352-{5000000 + n}")
            ps.proposal_confirm_amendments(proposal=proposal, actor=member, now=later)
            ps.proposal_submit(proposal=proposal, actor=member, now=later + timedelta(minutes=30))
        proposals.append(proposal)
        if (n + 1) % tenth == 0 and (n + 1) // tenth <= 16:
            progress.update(1)
    for _ in range(16 - min(16, len(pairs) // tenth)):
        progress.update(1)

    # --- the deadline, the automatic screening, the manager's decisions ---------------------------------------------
    call_close_due(now=nd.CALL_DEADLINE + timedelta(minutes=1), actor=actor)
    progress.update(1)
    manager = Actor.for_user(world.users["yiyuanli"])
    screening_run(call=call, actor=manager, now=pd.SCREENING_RUN)
    _decide(rng, call, manager, accounts, standing)
    progress.update(1)


def _decide(rng, call, manager, accounts, standing) -> None:
    screenings = list(
        Screening.objects.filter(call=call).select_related("proposal", "proposal__organization", "credit_check")
    )
    failed = [s for s in screenings if s.automatic_result == CheckResult.FAIL]
    by_reason: dict[str, list[Screening]] = defaultdict(list)
    for s in failed:
        codes = set(s.checks.filter(result=CheckResult.FAIL).values_list("code", flat=True))
        reason = (
            pd.REJECT_REASON_CREDIT
            if "credit" in codes
            else pd.REJECT_REASON_INSPECTION
            if "annual_inspection" in codes
            else pd.REJECT_REASON_OPERATING
            if "operating_years" in codes
            else "；".join(str(c.reason) for c in s.checks.filter(result=CheckResult.FAIL))[:500]
        )
        by_reason[reason].append(s)
    for reason, group in sorted(by_reason.items()):
        screening_decide_batch(screenings=group, decision="reject", reason=reason, actor=manager, now=pd.DECIDED)

    rest = [s for s in screenings if s.automatic_result != CheckResult.FAIL]
    duplicates = [s for s in rest if s.checks.filter(code="duplicate_text", result=CheckResult.REVIEW).exists()]
    copier = max(duplicates, key=lambda s: (s.proposal.submitted_at, s.pk)) if duplicates else None
    if copier is not None:
        screening_decide(
            screening=copier, decision="reject", reason=pd.REJECT_REASON_DUPLICATE, actor=manager, now=pd.DECIDED
        )
    multi = [
        s
        for s in rest
        if s is not copier and s.proposal.communities.count() > 1 and s.automatic_result == CheckResult.PASS
    ]
    to_fix = sorted(multi, key=lambda s: s.proposal.receipt_number)[:4]
    for s in to_fix:
        screening_decide(
            screening=s,
            decision="fix",
            reason=pd.FIX_REASON,
            fix_sections=["documents"],
            fix_working_days=3,
            actor=manager,
            now=pd.DECIDED,
        )
    warned = [
        s
        for s in rest
        if s is not copier and s not in to_fix and s.credit_check and s.credit_check.result == CreditCheckResult.WARNED
    ]
    for s in warned:
        screening_decide(screening=s, decision="pass", reason=pd.PASS_REASON_WARNED, actor=manager, now=pd.DECIDED)
    plain = [s for s in rest if s is not copier and s not in to_fix and s not in warned]
    screening_decide_batch(screenings=plain, decision="pass", reason=pd.PASS_REASON, actor=manager, now=pd.DECIDED)

    # Three of the four fix their document within the window; the fourth lets it expire.
    for s in to_fix[:3]:
        proposal = Proposal.objects.get(pk=s.proposal_id)
        member = accounts[proposal.organization_id]
        purpose = document_purpose("community_opinion")
        attachment = _upload(member, proposal.organization, "服务社区意见（补正）", purpose)
        ps.proposal_document_attach(
            proposal=proposal, code="community_opinion", attachment=attachment, actor=member, now=pd.FIXED
        )
        ps.proposal_submit_fix(proposal=proposal, actor=member, now=pd.FIXED + timedelta(minutes=10))
    screening_expire_fixes(now=pd.FINAL, actor=manager)
    for s in Screening.objects.filter(call=call, status=ScreeningStatus.FIX_SUBMITTED):
        screening_decide(screening=s, decision="pass", reason=pd.PASS_REASON, actor=manager, now=pd.FINAL)
    for s in Screening.objects.filter(call=call, status=ScreeningStatus.FIX_REQUESTED):
        screening_decide(
            screening=s, decision="reject", reason=pd.REJECT_REASON_FIX_EXPIRED, actor=manager, now=pd.FINAL
        )
    del rng, standing


def _proposal(rng, call, rules, org, intention, member, team, standing, moment) -> Proposal:
    template = next((t for t in nd.NEED_TEMPLATES if t.title in intention.title), nd.NEED_TEMPLATES[0])
    communities = list(intention.communities.order_by("code"))
    names = "、".join(c.name for c in communities)
    budget_cap = min(intention.budget, call.cap_per_project)
    applied = (budget_cap * Decimal(rng.randrange(85, 101)) / 100).quantize(Decimal(100))
    direct = rng.randrange(*template.beneficiaries) if template.beneficiaries[0] < template.beneficiaries[1] else 30
    sessions = rng.randrange(24, 80)
    proposal = ps.proposal_create(call=call, organization=org, actor=member, now=moment)
    ps.proposal_set_intentions(proposal=proposal, intentions=[intention], actor=member, now=moment)
    ps.proposal_set_communities(proposal=proposal, communities=communities, actor=member, now=moment)
    ps.proposal_update(
        proposal=proposal,
        actor=member,
        now=moment,
        title=f"{names.replace('社区', '')}{template.title}项目"[:120],
        category=intention.category,
        target_group=template.target_group,
        direct_beneficiaries=direct,
        indirect_beneficiaries=direct * rng.randrange(2, 4),
        summary=(
            rng.choice(pd.OPENINGS).format(communities=names, target=template.target_group)
            + template.description
            + rng.choice(pd.METHODS)
            + rng.choice(pd.GOALS)
        )[:500],
        need_analysis=rng.choice(pd.NEEDS).format(
            asking=rng.randrange(20, 60), kind=template.kind, supports=rng.randrange(5, 40)
        ),
        objectives=rng.choice(pd.OBJECTIVE_PARTS).format(direct=direct, sessions=sessions)
        + rng.choice(pd.LEADERS).format(leaders=rng.randrange(3, 10)),
        risks=pd.RISKS,
        sustainability=pd.SUSTAINABILITY,
        start_date=date(2020, 12, 15),
        end_date=date(2021, 11, 30),
        applied_amount=applied,
        contact_name=team[0].name,
        contact_phone=team[0].phone,
    )
    ps.activity_add(
        proposal=proposal,
        actor=member,
        now=moment,
        name=f"{template.kind}常规活动",
        description=template.description,
        sessions=sessions,
        start_date=date(2020, 12, 15),
        end_date=date(2021, 10, 31),
        place=f"{communities[0].name}活动室",
        participants=rng.randrange(15, 40),
    )
    ps.activity_add(
        proposal=proposal,
        actor=member,
        now=moment,
        name="成果展示与居民满意度调查",
        sessions=2,
        start_date=date(2021, 11, 1),
        end_date=date(2021, 11, 30),
        place=f"{communities[-1].name}广场",
        participants=rng.randrange(60, 150),
    )
    ps.indicator_add(
        proposal=proposal,
        actor=member,
        now=moment,
        kind=IndicatorKind.OUTPUT,
        name="活动场次",
        target_value=sessions,
        unit="场",
    )
    ps.indicator_add(
        proposal=proposal,
        actor=member,
        now=moment,
        kind=IndicatorKind.OUTPUT,
        name="服务人次",
        target_value=direct * 10,
        unit="人次",
    )
    ps.indicator_add(
        proposal=proposal,
        actor=member,
        now=moment,
        kind=IndicatorKind.OUTCOME,
        name="居民满意度",
        target_value=90,
        unit="%",
    )
    for position, member_row in enumerate(team):
        ps.proposal_team_member_add(
            proposal=proposal,
            member=member_row,
            role=member_row.position,
            is_lead=position == 0,
            actor=member,
            now=moment,
        )
    for category, item, price, unit, quantity, cap in _budget(rng, applied):
        ps.budget_line_add(
            proposal=proposal,
            actor=member,
            now=moment,
            category=category,
            item=item,
            unit_price=price,
            unit=unit,
            quantity=quantity,
            cap_code=cap,
        )
    for document in rules.required_documents:
        if not document.required:
            continue
        purpose = document_purpose(document.code)
        attachment = standing.get(document.code) or _upload(member, org, document.name, purpose)
        ps.proposal_document_attach(
            proposal=proposal, code=document.code, attachment=attachment, actor=member, now=moment
        )
    ps.proposal_accept_commitment(proposal=proposal, actor=member, now=moment)
    proposal.refresh_from_db()
    return proposal


def _provider_accounts(world: DemoWorld, orgs: list[Organization], actor: Actor) -> dict[int, Actor]:
    """A provider account for each applying organization: provider1 … provider10 exist; others get provider11 …"""
    by_org: dict[int, Actor] = {}
    for user in world.users.values():
        for assignment in user.role_assignments.filter(role=Role.PROVIDER, organization__isnull=False):
            if assignment.organization_id is not None:
                by_org[assignment.organization_id] = Actor.for_user(user)
    next_number = 11
    for org in orgs:
        if org.pk in by_org:
            continue
        username = f"provider{next_number}"
        next_number += 1
        user = user_create(
            username=username,
            password=None,
            password_hash=data.demo_password_hash(),
            actor=actor,
            full_name=f"{org.name}联系人",
            email=f"{username}@huimin.example",
            roles=[(Role.PROVIDER, None, org)],
        )
        world.users[username] = user
        by_org[org.pk] = Actor.for_user(user)
    return by_org
