"""The needs and calls of the demonstration round (平城区第二届政府向社会力量购买服务, 2020), built through services.

August–September 2020: each taking-part street's and the township's communities ask residents (a 问需 questionnaire
in one community per purchaser, online and on paper) and record needs, which residents support by verified phone;
the purchasers accept, merge or decline them with an answer. Late September the district opens the round with each
purchaser's budget; early October the 13 purchasers consolidate the accepted needs into 62 intentions (东街街道 13,
its 水泉湾龙园社区 围棋·手工·英语) whose budgets add up to the round's budget; on 2020-10-15 the project manager
publishes the call (155 proposals expected), answers providers' questions and publishes one amendment; the call
is closed at its deadline (2020-11-06 17:00) by the proposals' builder (proposals.py). Facts and texts: needs_data.py.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import datetime, timedelta
from decimal import Decimal
from typing import TYPE_CHECKING

from huimin.calls.rules import default_rules_json
from huimin.calls.services import (
    call_amend,
    call_create,
    call_publish,
    call_question_answer,
    call_question_ask,
    call_update,
)
from huimin.core.models import Division
from huimin.core.permissions import Actor
from huimin.core.residents import resident_key_for_phone
from huimin.needs.defaults import CATEGORIES
from huimin.needs.models import Need, NeedCategory
from huimin.needs.services import need_accept, need_category_create, need_create, need_decline, need_merge, need_support
from huimin.planning.services import intention_confirm, intention_create, round_budget_set, round_create, round_open
from huimin.surveys.services import (
    questionnaire_close,
    questionnaire_create,
    questionnaire_open,
    response_enter_paper,
    response_submit,
)

from . import data
from . import needs_data as nd

if TYPE_CHECKING:
    from .pingcheng import DemoWorld, Progress


def rng_for(part: str) -> random.Random:
    return random.Random(f"{data.SEED}/{part}")  # nosec B311


def needs_calls_steps() -> int:
    purchasers = len(nd.INTENTIONS_PER_PURCHASER)
    return purchasers * 3 + 2  # questionnaires, needs, intentions per purchaser; round, call


def _mobile(rng: random.Random) -> str:
    return f"1{rng.choice('3456789')}{rng.randrange(10)}{rng.randrange(10**8):08d}"


def _at(rng: random.Random, start: datetime, end: datetime) -> datetime:
    span = int((end - start).total_seconds())
    moment = start + timedelta(seconds=rng.randrange(span))
    # office hours, so that the pages read plausibly
    return moment.replace(hour=9 + rng.randrange(8), minute=rng.randrange(60), second=0)


def _actor_of(world: DemoWorld, username: str) -> Actor:
    return Actor.for_user(world.users[username])


def _unit_login(unit_name: str) -> str:
    for unit in data.STREETS + data.TOWNSHIPS:
        if unit.name == unit_name:
            return unit.login
    raise KeyError(unit_name)


def _templates_by_kind() -> dict[str, nd.NeedTemplate]:
    return {t.kind: t for t in nd.NEED_TEMPLATES}


def _plan_kinds(unit: Division, communities: list[Division], rng: random.Random) -> list[tuple[str, list[Division]]]:
    """What each intention of a purchaser buys and which communities it covers."""
    count = nd.INTENTIONS_PER_PURCHASER[unit.name]
    by_name = {c.name: c for c in communities}
    plan: list[tuple[str, list[Division]]] = []
    if unit.name == nd.DONGJIE:
        longyuan = by_name[nd.LONGYUAN]
        plan += [(kind, [longyuan]) for kind in nd.LONGYUAN_KINDS]
        kinds = list(nd.DONGJIE_KINDS)
    else:
        kinds = [t.kind for t in nd.NEED_TEMPLATES if t.kind not in ("手工",)]
        rng.shuffle(kinds)
        for place, kind in nd.PLACES.items():  # the article's places keep their activity
            if place in by_name and kind in kinds:
                kinds.remove(kind)
                plan.append((kind, [by_name[place]]))
    others = [c for c in communities if unit.name != nd.DONGJIE or c.name != nd.LONGYUAN]
    for kind in kinds:
        if len(plan) >= count:
            break
        plan.append(
            (kind, sorted(rng.sample(others, k=min(len(others), rng.choice((1, 1, 2, 3)))), key=lambda d: d.code))
        )
    return plan[:count]


def _ensure_categories(actor: Actor) -> dict[str, NeedCategory]:
    """The catalogue seeded by migration, restored through the service when a fresh load emptied the tables."""
    existing = {c.code: c for c in NeedCategory.objects.all()}
    for position, (code, name, description) in enumerate(CATEGORIES, start=1):
        if code not in existing:
            existing[code] = need_category_create(
                code=code, name=name, description=description, position=position * 10, actor=actor
            )
    return existing


def build_needs_and_calls(*, actor: Actor, world: DemoWorld, progress: Progress) -> None:
    rng = rng_for("needs")
    categories = _ensure_categories(actor)
    templates = _templates_by_kind()
    purchasers = [u for u in world.participating_units if u.name in nd.INTENTIONS_PER_PURCHASER]
    communities_of: dict[str, list[Division]] = {
        u.name: sorted((c for c in world.communities.values() if c.parent_id == u.pk), key=lambda d: d.code)
        for u in purchasers
    }
    phones = (resident_key_for_phone(_mobile(rng)) for _ in iter(int, 1))

    # --- 问需: one questionnaire per purchaser, in the community the article names where it names one ----------------
    questionnaires = {}
    for unit in purchasers:
        communities = communities_of[unit.name]
        preferred = [c for c in communities if c.name in (nd.LONGYUAN, *nd.PLACES)]
        community = (preferred or communities)[0]
        worker = _actor_of(world, "longyuan") if community.name == nd.LONGYUAN else actor
        questionnaire = questionnaire_create(
            division=community,
            title=f"{community.name}2020年居民服务需求调查",
            description="为做好平城区第二届政府向社会力量购买服务项目的需求征集，请居民朋友们花两分钟填写。",
            opens_at=nd.QUESTIONNAIRE_OPEN,
            closes_at=nd.QUESTIONNAIRE_CLOSE,
            questions=[
                {"kind": kind, "text": text, "required": kind != "text", "choices": choices}
                for kind, text, choices in nd.QUESTIONS
            ],
            actor=worker,
        )
        questionnaire_open(questionnaire=questionnaire, actor=worker, now=nd.QUESTIONNAIRE_OPEN)
        questions = list(questionnaire.questions.order_by("position"))
        for index in range(rng.randrange(50, 70)):
            answers: dict[str, object] = {
                f"q{questions[0].pk}": rng.choices(range(4), weights=(5, 20, 35, 40))[0],
                f"q{questions[1].pk}": sorted(rng.sample(range(7), k=rng.randrange(1, 4))),
                f"q{questions[2].pk}": rng.randrange(4),
                f"q{questions[3].pk}": rng.choice(nd.FREE_TEXT_ANSWERS),
            }
            moment = _at(rng, nd.QUESTIONNAIRE_OPEN, nd.QUESTIONNAIRE_CLOSE - timedelta(days=1))
            if index % 3 == 2:  # a third on paper, entered by the community
                response_enter_paper(
                    questionnaire=questionnaire,
                    answers=answers,
                    actor=worker,
                    paper_number=f"{index + 1:03d}",
                    now=moment,
                )
            else:
                response_submit(
                    questionnaire=questionnaire,
                    answers=answers,
                    actor=Actor.anonymous(),
                    resident_key=next(phones),
                    now=moment,
                )
        questionnaire_close(questionnaire=questionnaire, actor=worker, now=nd.QUESTIONNAIRE_CLOSE)
        questionnaire.refresh_from_db()
        questionnaires[community.pk] = questionnaire
        progress.update(1)

    # --- needs: those the intentions answer, and others merged, declined or still waiting ----------------------------
    plans: dict[str, list[tuple[str, list[Division], list[Need]]]] = defaultdict(list)
    for unit in purchasers:
        purchaser = _actor_of(world, _unit_login(unit.name))
        communities = communities_of[unit.name]
        for kind, covered in _plan_kinds(unit, communities, rng):
            template = templates[kind]
            needs = []
            for community in covered:
                need = _need(world, actor, rng, community, template, categories, questionnaires, phones)
                need_accept(
                    need=need,
                    actor=purchaser,
                    answer="已纳入街道（乡）项目意向，将通过政府向社会力量购买服务实施。",
                    now=nd.NEEDS_DECIDED,
                )
                needs.append(need)
                if rng.random() < 0.3:  # residents asked the same thing twice: merged into the first
                    twin = _need(world, actor, rng, community, template, categories, questionnaires, phones)
                    need_merge(
                        need=twin, into=need, answer="与本社区同类需求合并办理。", actor=purchaser, now=nd.NEEDS_DECIDED
                    )
            plans[unit.name].append((kind, covered, needs))
        covered_now = {c.pk for _kind, covered, _needs in plans[unit.name] for c in covered}
        for community in communities:  # a need outside what can be bought, and one still waiting
            if community.pk not in covered_now:  # accepted, kept for the communities' next round
                template = rng.choice(nd.NEED_TEMPLATES)
                need = _need(world, actor, rng, community, template, categories, questionnaires, phones)
                need_accept(need=need, actor=purchaser, answer=nd.KEPT_FOR_LATER, now=nd.NEEDS_DECIDED)
            if rng.random() < 0.5:
                template = rng.choice(nd.NEED_TEMPLATES)
                need = _need(world, actor, rng, community, template, categories, questionnaires, phones)
                need_decline(
                    need=need,
                    answer="该需求已由社区日常工作解决（或不属于本轮购买服务范围），已转交社区居委会跟进。",
                    actor=purchaser,
                    now=nd.NEEDS_DECIDED,
                )
            if rng.random() < 0.25:
                template = rng.choice(nd.NEED_TEMPLATES)
                _need(world, actor, rng, community, template, categories, questionnaires, phones)
        progress.update(1)

    # Communities of the townships that do not take part in the round ask too; their needs wait for a later round.
    taking_part = {u.pk for u in purchasers}
    for community in sorted(world.communities.values(), key=lambda d: d.code):
        if community.parent_id not in taking_part:
            _need(world, actor, rng, community, rng.choice(nd.NEED_TEMPLATES), categories, questionnaires, phones)

    # --- the round and the purchasers' budgets, then the intentions --------------------------------------------------
    admin = _actor_of(world, "admin")
    budgets: dict[str, list[Decimal]] = {
        name: [rng.choice(nd.INTENTION_BUDGETS) for _ in plan] for name, plan in plans.items()
    }
    the_round = round_create(
        code=nd.ROUND_CODE,
        name=nd.ROUND_NAME,
        year=nd.ROUND_YEAR,
        description="平城区政府购买服务组委会组织，区民政局牵头；12个街道和水泊寺乡作为购买主体。",
        actor=admin,
    )
    for unit in purchasers:
        round_budget_set(round=the_round, purchaser=unit, amount=sum(budgets[unit.name], Decimal(0)), actor=admin)
    round_open(round=the_round, actor=admin, now=nd.ROUND_OPENED)
    progress.update(1)

    intentions = []
    for unit in purchasers:
        purchaser = _actor_of(world, _unit_login(unit.name))
        for (kind, covered, needs), budget in zip(plans[unit.name], budgets[unit.name], strict=True):
            template = templates[kind]
            names = "、".join(c.name.removesuffix("社区") for c in covered)
            intention = intention_create(
                round=the_round,
                purchaser=unit,
                title=f"{names}{template.title}项目",
                category=categories[template.category],
                communities=covered,
                needs=needs,
                budget=budget,
                expected_beneficiaries=sum(n.estimated_beneficiaries for n in needs),
                description=template.description,
                actor=purchaser,
                now=nd.INTENTIONS_AT,
            )
            intention_confirm(intention=intention, actor=purchaser, now=nd.INTENTIONS_AT)
            intentions.append(intention)
        progress.update(1)

    # --- the call ----------------------------------------------------------------------------------------------------
    manager = _actor_of(world, "yiyuanli")
    call = call_create(round=the_round, title=nd.CALL_TITLE, actor=manager, now=nd.CALL_DRAFTED)
    rules = default_rules_json()
    call_update(
        call=call,
        actor=manager,
        now=nd.CALL_DRAFTED,
        body=nd.CALL_BODY,
        intentions=intentions,
        categories=sorted({i.category for i in intentions}, key=lambda c: c.position),
        cap_per_project=nd.CALL_CAP,
        max_proposals_per_organization=3,
        expected_proposals=nd.CALL_NUMBER_EXPECTED,
        opens_at=nd.CALL_PUBLISHED,
        deadline=nd.CALL_DEADLINE,
        **rules,
    )
    call_publish(call=call, actor=manager, now=nd.CALL_PUBLISHED)
    askers = [world.users[f"provider{i}"] for i in range(1, 5)]
    for index, (question, answer) in enumerate(nd.ANSWER_QUESTIONS):
        asked = nd.CALL_PUBLISHED + timedelta(days=1 + index, hours=2)
        asker = Actor.for_user(askers[index % len(askers)])
        q = call_question_ask(call=call, question=question, actor=asker, now=asked)
        call_question_answer(question=q, answer=answer, actor=manager, now=asked + timedelta(hours=20))
    documents = [dict(d) for d in rules["required_documents"]]
    for d in documents:
        if d.get("code") == "community_opinion":
            d["description"] = "项目书须加盖项目实施所在社区居委会公章；跨社区实施的，须加盖每个服务社区的公章。"
    call_amend(
        call=call,
        changes={"required_documents": documents},
        reason=nd.AMENDMENT_REASON,
        actor=manager,
        now=nd.CALL_AMENDED,
    )
    progress.update(1)
    # The call closes at its deadline after the proposals arrive (huimin/demo/proposals.py).


def _need(world, actor, rng, community, template, categories, questionnaires, phones) -> Need:
    worker = _actor_of(world, "longyuan") if community.name == nd.LONGYUAN else actor
    low, high = template.beneficiaries
    asking = rng.randrange(8, 40)
    questionnaire = questionnaires.get(community.pk)
    need = need_create(
        community=community,
        title=template.title,
        category=categories[template.category],
        target_group=template.target_group,
        description=template.description,
        estimated_beneficiaries=rng.randrange(low, high + 1),
        residents_asking=asking,
        evidence_note=f"入户走访和居民议事会上共有{asking}位居民提出。",
        questionnaires=[questionnaire] if questionnaire is not None else [],
        actor=worker,
        now=_at(rng, nd.NEEDS_FROM, nd.NEEDS_UNTIL),
    )
    for _ in range(rng.randrange(1, 9)):
        need_support(
            need=need,
            actor=Actor.anonymous(),
            resident_key=next(phones),
            now=_at(rng, need.submitted_at + timedelta(days=1), nd.NEEDS_DECIDED - timedelta(days=1)),
        )
    return need
