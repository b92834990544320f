"""Reads of planning (rounds, purchasers' budgets, intentions), scoped to the actor, and the trace from intentions
back to residents' needs and supports.

Later contexts (proposal → award → contract) reach an intention and call `intention_trace` / `trace_to_needs` to
walk back to the needs behind it; the trace carries no personal data (supports by date and channel only).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, DecimalField, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce

from huimin.core.models import Division, DivisionLevel, Role
from huimin.core.permissions import Actor
from huimin.needs import selectors as needs_selectors
from huimin.needs.models import Need, NeedCategory, Support, SupportChannel

from .models import Intention, IntentionListing, IntentionStatus, Round, RoundBudget, RoundStatus
from .permissions import intentions_scope_q, rounds_scope_q
from .states import INTENTION_COUNTED, INTENTION_LISTABLE, ROUND_PLANNING

ZERO = Decimal("0.00")
_MONEY = DecimalField(max_digits=14, decimal_places=2)

# --- purchasers and communities ------------------------------------------------------------------------------------


def eligible_purchasers() -> QuerySet[Division]:
    """Streets and townships that may hold a budget: active and taking part."""
    return Division.objects.filter(
        level__in=[DivisionLevel.STREET, DivisionLevel.TOWNSHIP], takes_part=True, is_active=True
    ).order_by("code")


def planning_purchasers(*, actor: Actor) -> QuerySet[Division]:
    """The purchasers whose intentions this actor writes (all of them for the district administrator)."""
    if actor.is_district_admin:
        return eligible_purchasers()
    return Division.objects.filter(pk__in=sorted(actor.division_ids(Role.PURCHASER))).order_by("code")


def purchaser_get(*, code: str) -> Division:
    """A street or township by its code (raises Division.DoesNotExist)."""
    return Division.objects.get(code=code.strip(), level__in=[DivisionLevel.STREET, DivisionLevel.TOWNSHIP])


def communities_of(purchaser: Division) -> QuerySet[Division]:
    """The communities (and villages) under a purchaser: what its intentions may cover."""
    return Division.objects.filter(
        parent=purchaser, level__in=[DivisionLevel.COMMUNITY, DivisionLevel.VILLAGE], is_active=True
    ).order_by("code")


def linkable_needs(*, purchaser: Division) -> QuerySet[Need]:
    """Accepted needs of the purchaser's communities: the needs its intentions may answer."""
    return needs_selectors.needs_for_consolidation(purchaser=purchaser)


def need_choices(*, purchaser: Division, intention: Intention | None = None) -> QuerySet[Need]:
    """What an intention form offers: the linkable needs, plus those the intention already links (so that a need no
    longer accepted shows, and the service can say why it cannot stay)."""
    q = Q(pk__in=linkable_needs(purchaser=purchaser).values("pk"))
    if intention is not None:
        q |= Q(pk__in=intention.needs.values("pk"))
    return (
        Need.objects.filter(q)
        .select_related("community", "category")
        .order_by("community__code", "-support_count", "number")
    )


def divisions_by_codes(codes: Iterable[str]) -> dict[str, Division]:
    """Divisions named by code (those that exist), for resolving references in requests."""
    wanted = {c.strip() for c in codes}
    return {d.code: d for d in Division.objects.filter(code__in=sorted(wanted))}


def needs_by_public_ids(public_ids: Iterable[UUID | str]) -> dict[str, Need]:
    """Needs named by public_id (those that exist), keyed by the id's text; the services judge whether they fit."""
    wanted = {str(p) for p in public_ids}
    return {str(n.public_id): n for n in Need.objects.filter(public_id__in=sorted(wanted)).select_related("community")}


def categories() -> QuerySet[NeedCategory]:
    return needs_selectors.categories()


def category_get(*, code: str) -> NeedCategory:
    return needs_selectors.categories(active_only=False).get(code=code.strip())


# --- rounds and budgets --------------------------------------------------------------------------------------------


def _scoped(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def round_list(*, actor: Actor, status: str | None = None) -> QuerySet[Round]:
    """Rounds the actor sees (the public: opened ones), each with `total_budget` and `purchaser_count`."""
    qs = _scoped(Round.objects.all(), rounds_scope_q(actor))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        total_budget=Coalesce(Sum("budgets__amount"), Value(ZERO), output_field=_MONEY),
        purchaser_count=Count("budgets"),
    ).order_by("-year", "code")


def round_get(*, actor: Actor, code: str) -> Round:
    """One round by code, if the actor sees it (raises Round.DoesNotExist otherwise)."""
    return _scoped(Round.objects.all(), rounds_scope_q(actor)).get(code=code)


def round_total_budget(round_: Round) -> Decimal:
    """The round's total budget: the sum of its purchasers' budgets."""
    total = RoundBudget.objects.filter(round=round_).aggregate(total=Sum("amount"))["total"]
    return total if total is not None else ZERO


def planning_rounds(*, actor: Actor) -> QuerySet[Round]:
    """Open rounds in which one of the actor's purchasers holds a budget (every open round for the administrator)."""
    qs = Round.objects.filter(status__in=sorted(ROUND_PLANNING))
    if not actor.is_district_admin:
        qs = qs.filter(budgets__purchaser_id__in=sorted(actor.division_ids(Role.PURCHASER))).distinct()
    return qs.order_by("-year", "code")


def committed_budget(*, round: Round, purchaser: Division, exclude: Intention | None = None) -> Decimal:
    """What the purchaser's draft and confirmed intentions in the round commit, in 元."""
    qs = Intention.objects.filter(round=round, purchaser=purchaser, status__in=sorted(INTENTION_COUNTED))
    if exclude is not None and exclude.pk is not None:
        qs = qs.exclude(pk=exclude.pk)
    total = qs.aggregate(total=Sum("budget"))["total"]
    return total if total is not None else ZERO


@dataclass(frozen=True)
class BudgetUsage:
    """One purchaser's budget in a round and how much of it its intentions use."""

    budget: RoundBudget
    committed: Decimal  # draft + confirmed intentions
    confirmed: Decimal  # confirmed intentions only
    intentions: int  # draft + confirmed intentions
    confirmed_intentions: int = 0

    @property
    def purchaser(self) -> Division:
        return self.budget.purchaser

    @property
    def amount(self) -> Decimal:
        return self.budget.amount

    @property
    def remaining(self) -> Decimal:
        return self.budget.amount - self.committed

    @property
    def percent_used(self) -> int:
        """0–100, rounded down (a full budget shows 100)."""
        if self.budget.amount <= 0:
            return 100 if self.committed > 0 else 0
        return min(100, int(self.committed * 100 / self.budget.amount))


def round_budget_usage(*, round: Round) -> list[BudgetUsage]:
    """Every purchaser budget of the round with what its intentions use, by purchaser code."""
    budgets = list(RoundBudget.objects.filter(round=round).select_related("purchaser").order_by("purchaser__code"))
    sums = (
        Intention.objects.filter(round=round, status__in=sorted(INTENTION_COUNTED))
        .values("purchaser_id")
        .annotate(
            committed=Sum("budget"),
            confirmed=Sum("budget", filter=Q(status=IntentionStatus.CONFIRMED)),
            n=Count("pk"),
            n_confirmed=Count("pk", filter=Q(status=IntentionStatus.CONFIRMED)),
        )
    )
    by_purchaser: dict[int, dict[str, Any]] = {row["purchaser_id"]: dict(row) for row in sums}
    usage = []
    for b in budgets:
        row: dict[str, Any] = by_purchaser.get(b.purchaser_id) or {}
        usage.append(
            BudgetUsage(
                budget=b,
                committed=row.get("committed") or ZERO,
                confirmed=row.get("confirmed") or ZERO,
                intentions=row.get("n") or 0,
                confirmed_intentions=row.get("n_confirmed") or 0,
            )
        )
    return usage


def budget_usage(*, round: Round, purchaser: Division) -> BudgetUsage | None:
    """The purchaser's budget in the round and its use, or None when it has no budget there."""
    return next((u for u in round_budget_usage(round=round) if u.budget.purchaser_id == purchaser.pk), None)


# --- intentions ----------------------------------------------------------------------------------------------------


def intention_list(
    *,
    actor: Actor,
    round: Round | None = None,
    purchaser: Division | None = None,
    category: NeedCategory | None = None,
    status: str | None = None,
) -> QuerySet[Intention]:
    """Intentions the actor sees (the public: confirmed ones of opened rounds; a purchaser also all of its own)."""
    qs = _scoped(Intention.objects.all(), intentions_scope_q(actor))
    if round is not None:
        qs = qs.filter(round=round)
    if purchaser is not None:
        qs = qs.filter(purchaser=purchaser)
    if category is not None:
        qs = qs.filter(category=category)
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("round", "purchaser", "category")
        .prefetch_related("communities")
        .annotate(need_count=Count("needs", distinct=True))
        .order_by("round__code", "purchaser__code", "number")
    )


def intention_get(*, actor: Actor, public_id: UUID | str) -> Intention:
    """One intention the actor sees (raises Intention.DoesNotExist otherwise)."""
    return (
        _scoped(Intention.objects.all(), intentions_scope_q(actor))
        .select_related("round", "purchaser", "category")
        .prefetch_related("communities")
        .get(public_id=public_id)
    )


def public_intentions(*, round: Round) -> QuerySet[Intention]:
    """The confirmed intentions of a round, as the public sees them."""
    return intention_list(actor=Actor.anonymous(), round=round)


def intention_listings(intention: Intention) -> QuerySet[IntentionListing]:
    """The published (or closed) calls listing the intention, as the calls context reported them
    (`intention_listing_set`): while there is one, the intention can be neither changed nor withdrawn."""
    return IntentionListing.objects.filter(intention=intention).order_by("call_number")


def intention_is_frozen(intention: Intention) -> bool:
    return intention_listings(intention).exists()


def listable_intentions(*, round: Round) -> QuerySet[Intention]:
    """Confirmed intentions of a round: the only ones a call may list."""
    return (
        Intention.objects.filter(round=round, status__in=sorted(INTENTION_LISTABLE))
        .select_related("purchaser", "category")
        .order_by("purchaser__code", "number")
    )


# --- traceability --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SupportTrace:
    """One resident's support, without who: when and through which channel."""

    supported_at: datetime
    channel: str

    @property
    def channel_label(self) -> str:
        return str(SupportChannel(self.channel).label) if self.channel in SupportChannel.values else self.channel


@dataclass
class NeedTrace:
    """A need behind one or more intentions, with its supports and the needs merged into it (recursively)."""

    need: Need
    supports: list[SupportTrace] = field(default_factory=list)
    merged: list[NeedTrace] = field(default_factory=list)
    intention_numbers: list[str] = field(default_factory=list)
    # Distinct residents supporting this need or a need merged into it (a resident who supported both counts once).
    resident_count: int = 0

    @property
    def community(self) -> Division:
        return self.need.community

    @property
    def support_count(self) -> int:
        """Supports of this need itself."""
        return len(self.supports)

    @property
    def total_support_count(self) -> int:
        """Supports of this need and of every need merged into it."""
        return self.support_count + sum(m.total_support_count for m in self.merged)


@dataclass
class IntentionTrace:
    intention: Intention
    needs: list[NeedTrace]
    communities: list[Division]

    @property
    def need_count(self) -> int:
        return len(self.needs)

    @property
    def support_count(self) -> int:
        """Every support behind the intention (linked needs and the needs merged into them)."""
        return sum(n.total_support_count for n in self.needs)


def trace_to_needs(intentions: Iterable[Intention]) -> list[NeedTrace]:
    """The needs behind a set of intentions (each once, with the numbers of the intentions it is behind), their
    supports and the needs merged into them with their supports; by community code and need number."""
    intention_numbers = {i.pk: i.number for i in intentions}
    if not intention_numbers:
        return []
    links = Intention.needs.through.objects.filter(intention_id__in=list(intention_numbers)).values_list(
        "intention_id", "need_id"
    )
    behind: dict[int, list[str]] = defaultdict(list)
    for intention_id, need_id in links:
        behind[need_id].append(intention_numbers[intention_id])
    if not behind:
        return []
    needs = {n.pk: n for n in Need.objects.filter(pk__in=list(behind)).select_related("community", "category")}
    merged_into: dict[int, list[int]] = defaultdict(list)
    frontier = set(needs)
    while frontier:
        found = list(
            Need.objects.filter(merged_into_id__in=sorted(frontier))
            .exclude(pk__in=list(needs))
            .select_related("community", "category")
            .order_by("number")
        )
        frontier = set()
        for n in found:
            needs[n.pk] = n
            merged_into[n.merged_into_id].append(n.pk)  # type: ignore[index]
            frontier.add(n.pk)
    supports: dict[int, list[SupportTrace]] = defaultdict(list)
    keys: dict[int, set[str]] = defaultdict(set)  # only counted, never returned
    rows = Support.objects.filter(need_id__in=list(needs)).order_by("created_at", "pk")
    for need_id, created_at, channel, key in rows.values_list("need_id", "created_at", "channel", "supporter_key"):
        supports[need_id].append(SupportTrace(supported_at=created_at, channel=channel))
        keys[need_id].add(key)

    def build(pk: int, seen: frozenset[int]) -> tuple[NeedTrace, set[str]]:
        children: list[NeedTrace] = []
        residents = set(keys.get(pk, ()))
        for child in merged_into.get(pk, []):
            if child not in seen:
                trace, child_residents = build(child, seen | {pk})
                children.append(trace)
                residents |= child_residents
        trace = NeedTrace(need=needs[pk], supports=supports.get(pk, []), merged=children, resident_count=len(residents))
        return trace, residents

    traces = []
    for pk in behind:
        trace, _residents = build(pk, frozenset())
        trace.intention_numbers = sorted(behind[pk])
        traces.append(trace)
    traces.sort(key=lambda t: (t.need.community.code, t.need.number))
    return traces


def intention_trace(intention: Intention) -> IntentionTrace:
    """Walk back from an intention to the needs it answers, their communities, supports and merged needs."""
    return IntentionTrace(
        intention=intention,
        needs=trace_to_needs([intention]),
        communities=list(intention.communities.order_by("code")),
    )


# --- for the calls context -----------------------------------------------------------------------------------------


def rounds_taking_calls() -> QuerySet[Round]:
    """Rounds a new call may be drafted in: every round not yet closed, newest first."""
    return Round.objects.exclude(status=RoundStatus.CLOSED).order_by("-year", "code")


def round_by_code(*, code: str) -> Round:
    """The round with `code` (Round.DoesNotExist otherwise); a call's round is named by its code."""
    return Round.objects.get(code=code)


def round_lock(*, round: Round) -> None:
    """Hold the round's row until the transaction ends (a round's calls are numbered one at a time)."""
    Round.objects.select_for_update().filter(pk=round.pk).first()


def intentions_of_round(*, round: Round, public_ids: Iterable[UUID | str]) -> dict[str, Intention]:
    """The intentions of `round` among `public_ids`, by public id (any status); none for a malformed id."""
    wanted = [str(p) for p in public_ids]
    try:
        return {
            str(i.public_id): i
            for i in Intention.objects.filter(round=round, public_id__in=wanted).select_related("purchaser")
        }
    except ValidationError:
        return {}
