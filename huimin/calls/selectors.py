"""Reads of calls, amendments and clarification questions, scoped to the actor (huimin.calls.permissions).

Views and the API read only through here. Anything not visible to the actor raises `Call.DoesNotExist` /
`CallQuestion.DoesNotExist`, so a draft's existence is never revealed.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.selectors import audit_events_for
from huimin.core.masking import mask_text
from huimin.core.models import Division, Organization, Role
from huimin.core.permissions import Actor
from huimin.needs import selectors as needs_selectors
from huimin.planning import selectors as planning_selectors
from huimin.planning.presenters import public_intentions

from . import presenters
from .events import CallsEvent
from .models import Call, CallAmendment, CallQuestion, CallStatus, QuestionStatus
from .permissions import (
    calls_scope_q,
    can_manage_call,
    can_view_question,
    provider_organizations,
)
from .rules import Eligibility, call_rules, criteria_total, decimal_text, parse_budget_rules, parse_eligibility

if TYPE_CHECKING:
    from huimin.needs.models import NeedCategory
    from huimin.planning.models import Intention, Round


def _scoped(qs: QuerySet, q: Q | None) -> QuerySet:
    return qs if q is None else qs.filter(q)


def calls_visible(
    *, actor: Actor, status: str | None = None, round: Round | None = None, q: str = ""
) -> QuerySet[Call]:
    """Every call the actor may see (public ones, plus the drafts of its own organization), newest deadline first.

    `q` matches the number or the title; words with a digit match a title only as the public reads it (masked),
    unless the actor manages the call, so that no one finds a hidden phone or ID number by trying its digits."""
    qs = _scoped(Call.objects.all(), calls_scope_q(actor)).select_related("round", "manager")
    if status:
        qs = qs.filter(status=status)
    if round is not None:
        qs = qs.filter(round=round)
    if q:
        in_title = Q(title__icontains=q)
        if any(ch.isdigit() for ch in q):
            managed = actor.organization_ids(Role.PROJECT_MANAGER)
            needle = q.casefold()
            in_title = Q(
                pk__in=[
                    pk
                    for pk, title, manager_id in qs.filter(in_title).values_list("pk", "title", "manager_id")
                    if actor.is_district_admin or manager_id in managed or needle in mask_text(title).casefold()
                ]
            )
        qs = qs.filter(in_title | Q(number__icontains=q))
    return qs.order_by("-deadline", "-pk")


def calls_open(*, now: datetime | None = None) -> QuerySet[Call]:
    """Published calls still open for proposals, the nearest deadline first."""
    now = now or timezone.now()
    return (
        Call.objects.filter(status=CallStatus.PUBLISHED, deadline__gt=now)
        .select_related("round", "manager")
        .annotate(intention_count=Count("intentions", distinct=True))
        .order_by("deadline", "pk")
    )


def calls_past(*, now: datetime | None = None) -> QuerySet[Call]:
    """Public calls that are no longer open: closed, cancelled after publication, or past the deadline."""
    now = now or timezone.now()
    return (
        Call.objects.filter(
            Q(status=CallStatus.CLOSED)
            | Q(status=CallStatus.CANCELLED, published_at__isnull=False)
            | Q(status=CallStatus.PUBLISHED, deadline__lte=now)
        )
        .select_related("round", "manager")
        .annotate(intention_count=Count("intentions", distinct=True))
        .order_by("-deadline", "-pk")
    )


def call_get(*, actor: Actor, public_id: UUID | str) -> Call:
    try:
        return (
            _scoped(Call.objects.all(), calls_scope_q(actor))
            .select_related("round", "manager", "created_by")
            .get(public_id=public_id)
        )
    except (ValueError, ValidationError):
        raise Call.DoesNotExist(_("No call has the id %(id)s.") % {"id": public_id}) from None


def call_locked(call: Call) -> Call:
    """The call's row, locked for the caller's transaction (unscoped: the services of later contexts serialize on
    it, e.g. the receipt numbers of its proposals)."""
    return Call.objects.select_for_update().get(pk=call.pk)


def calls_managed(*, actor: Actor, status: str | None = None) -> QuerySet[Call]:
    """The desk: calls run by the actor's organizations (every call for the district administrator)."""
    qs = Call.objects.all()
    if not actor.is_district_admin:
        qs = qs.filter(manager_id__in=sorted(actor.organization_ids(Role.PROJECT_MANAGER)))
    if status:
        qs = qs.filter(status=status)
    return (
        qs.select_related("round", "manager")
        .annotate(
            pending_questions=Count("questions", filter=Q(questions__status=QuestionStatus.PENDING), distinct=True),
            amendment_count=Count("amendments", distinct=True),
        )
        .order_by("status", "-deadline", "-pk")
    )


def rounds_for_new_call() -> QuerySet[Round]:
    return planning_selectors.rounds_taking_calls()


def round_get(*, code: str) -> Round:
    return planning_selectors.round_by_code(code=code)


def categories_available() -> QuerySet[NeedCategory]:
    return needs_selectors.categories().order_by("position", "code")


def categories_by_codes(codes: Iterable[str]) -> tuple[list[NeedCategory], list[str]]:
    """(the categories found, the codes not found)."""
    wanted = [c.strip() for c in codes if c and c.strip()]
    found = {c.code: c for c in needs_selectors.categories(active_only=False).filter(code__in=wanted)}
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]


def listable_intentions(*, round: Round, call: Call | None = None) -> QuerySet[Intention]:
    """Confirmed intentions of a round that no other published or closed call lists: the ones `call` may list."""
    taken = Call.objects.filter(status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED])
    if call is not None:
        taken = taken.exclude(pk=call.pk)
    return planning_selectors.listable_intentions(round=round).exclude(calls__in=taken)


def intentions_by_public_ids(*, round: Round, public_ids: Iterable[UUID | str]) -> tuple[list[Intention], list[str]]:
    """(the intentions of the round found, the ids not found). Any status: the service says what is wrong."""
    wanted = [str(p) for p in public_ids]
    found = planning_selectors.intentions_of_round(round=round, public_ids=wanted)
    return [found[p] for p in wanted if p in found], [p for p in wanted if p not in found]


@dataclass
class PurchaserGroup:
    """The intentions of one purchaser (street / township), with their budget total."""

    purchaser: Division
    intentions: list[Intention] = field(default_factory=list)

    @property
    def total(self) -> Decimal:
        return sum((i.budget for i in self.intentions), Decimal(0))


def group_by_purchaser(intentions: Iterable[Intention]) -> list[PurchaserGroup]:
    groups: dict[int, PurchaserGroup] = {}
    for intention in sorted(intentions, key=lambda i: (i.purchaser.code, i.number)):
        groups.setdefault(intention.purchaser_id, PurchaserGroup(intention.purchaser)).intentions.append(intention)
    return list(groups.values())


def call_intentions(call: Call) -> list[Intention]:
    return list(call.intentions.select_related("purchaser", "category").order_by("purchaser__code", "number"))


def call_amendments(call: Call) -> QuerySet[CallAmendment]:
    return call.amendments.select_related("published_by").order_by("sequence")


def call_documents(call: Call) -> QuerySet[Any]:
    return call.documents.order_by("pk")


def organization_by_public_id(public_id: UUID | str) -> Organization | None:
    try:
        return Organization.objects.filter(public_id=public_id).first()
    except (ValueError, ValidationError):
        return None


def manager_choices(actor: Actor) -> list[Organization]:
    """Organizations the actor may draft calls for: its own intermediaries; for the district administrator, every
    organization with a project manager."""
    if actor.is_district_admin:
        return list(
            Organization.objects.filter(
                role_assignments__role=Role.PROJECT_MANAGER, role_assignments__is_active=True
            ).distinct()
        )
    return list(Organization.objects.filter(pk__in=sorted(actor.organization_ids(Role.PROJECT_MANAGER))))


# --- questions ------------------------------------------------------------------------------------------------------


def questions_public(call: Call) -> QuerySet[CallQuestion]:
    """Answered questions, as the public sees them (the asking organization is never shown)."""
    return call.questions.filter(status=QuestionStatus.ANSWERED).order_by("asked_at", "pk")


def questions_of_asker(*, actor: Actor, call: Call) -> QuerySet[CallQuestion]:
    """The questions the actor's provider organizations asked on this call, whatever their status."""
    orgs = [o.pk for o in provider_organizations(actor)]
    return call.questions.filter(organization_id__in=orgs).order_by("-asked_at", "-pk")


def questions_inbox(*, actor: Actor, call: Call, status: str | None = None) -> QuerySet[CallQuestion]:
    """Every question of the call, pending first (the call's managers only; empty for anyone else)."""
    if not can_manage_call(actor, call):
        return call.questions.none()
    qs = call.questions.select_related("organization", "answered_by")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("status", "asked_at", "pk")


def question_get(*, actor: Actor, public_id: UUID | str, call: Call | None = None) -> CallQuestion:
    try:
        question = CallQuestion.objects.select_related("call", "organization").get(public_id=public_id)
    except (ValueError, ValidationError):
        raise CallQuestion.DoesNotExist(_("No question has the id %(id)s.") % {"id": public_id}) from None
    if (call is not None and question.call_id != call.pk) or not can_view_question(actor, question):
        raise CallQuestion.DoesNotExist(_("No question has the id %(id)s.") % {"id": public_id})
    return question


def question_corrections(questions: Iterable[CallQuestion]) -> dict[int, datetime]:
    """{question pk: when its answer was last corrected} for the questions whose answer was corrected."""
    out: dict[int, datetime] = {}
    for question in questions:
        event = audit_events_for(target=question).filter(event_type=CallsEvent.CALL_QUESTION_CORRECTED).first()
        if event is not None:
            out[question.pk] = event.occurred_at
    return out


# --- presentation ---------------------------------------------------------------------------------------------------


FIELD_LABELS = {
    "title": lambda: _("Title"),
    "body": lambda: _("Text of the call"),
    "cap_per_project": lambda: _("Cap per project (yuan)"),
    "max_proposals_per_organization": lambda: _("Proposals per organization at most"),
    "expected_proposals": lambda: _("Proposals expected"),
    "opens_at": lambda: _("Opens at"),
    "deadline": lambda: _("Deadline for proposals"),
    "late_amendment_working_days": lambda: _("Late amendment window (working days)"),
    "extension_working_days": lambda: _("Deadline extension (working days)"),
    "eligibility": lambda: _("Eligibility criteria"),
    "required_documents": lambda: _("Required documents"),
    "budget_rules": lambda: _("Budget rules"),
    "review_criteria": lambda: _("Review criteria"),
    "intentions": lambda: _("Project intentions"),
    "categories": lambda: _("Categories"),
    "documents": lambda: _("Documents"),
    "status": lambda: _("Status"),
}


def field_label(name: str) -> str:
    label = FIELD_LABELS.get(name)
    return label() if label else name


def _lines(name: str, value: Any) -> list[str]:
    """A field's JSON value (as amendments record it) as lines of text."""
    if value is None or value == "":
        return []
    if name == "eligibility":
        try:
            return parse_eligibility(value).describe()
        except ValidationError:
            return [str(value)]
    if name == "budget_rules":
        try:
            return parse_budget_rules(value).describe()
        except ValidationError:
            return [str(value)]
    if name == "required_documents":
        return [f"{d.get('name', '')}{'' if d.get('required', True) else _(' (optional)')}" for d in value or []]
    if name == "review_criteria":
        return [f"{c.get('name', '')} {c.get('weight', '')}" for c in value or []]
    if name == "intentions":
        return [f"{i['number']} {i['title']} · {i['purchaser']} · {i['budget']} 元" for i in value or []]
    if name == "categories":
        return [c["name"] for c in value or []]
    if name == "documents":
        return [d["name"] for d in value or []]
    if name == "status":
        return [str(CallStatus(value).label) if value in CallStatus.values else str(value)]
    if name in ("deadline", "opens_at") and isinstance(value, str):
        try:
            return [timezone.localtime(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")]
        except ValueError:
            return [value]
    return [str(value)]


@dataclass(frozen=True)
class ChangeRow:
    """One changed field of an amendment, for people: lines removed and added (or before → after for one line)."""

    name: str
    label: str
    before: list[str]
    after: list[str]
    automatic: bool = False

    @property
    def removed(self) -> list[str]:
        return [line for line in self.before if line not in self.after]

    @property
    def added(self) -> list[str]:
        return [line for line in self.after if line not in self.before]

    @property
    def is_single(self) -> bool:
        return len(self.before) <= 1 and len(self.after) <= 1


def change_rows(changes: dict[str, Any]) -> list[ChangeRow]:
    order = list(FIELD_LABELS)
    rows = []
    for name in sorted(changes, key=lambda n: order.index(n) if n in order else len(order)):
        change = changes[name]
        rows.append(
            ChangeRow(
                name=name,
                label=field_label(name),
                before=_lines(name, change.get("before")),
                after=_lines(name, change.get("after")),
                automatic=bool(change.get("automatic")),
            )
        )
    return rows


@dataclass
class CallPage:
    """Everything the public call page shows, as the public reads it: the call, its intentions, rules, documents,
    amendments and answered questions come through huimin.calls.presenters (free text masked)."""

    call: Any  # presenters.PublicCall
    groups: list[PurchaserGroup]
    total_budget: Decimal
    categories: list[NeedCategory]
    eligibility: Eligibility
    eligibility_lines: list[str]
    budget_lines: list[str]
    required_documents: list[Any]
    review_criteria: list[Any]
    criteria_total: Decimal
    documents: list[Any]
    amendments: list[tuple[Any, list[ChangeRow]]]
    questions: list[Any]
    corrected: dict[int, datetime]
    is_open: bool
    seconds_left: int


def public_change_rows(changes: dict[str, Any]) -> list[ChangeRow]:
    """An amendment's changes in words, as the public reads them (every line masked)."""
    return [
        replace(row, before=presenters.public_lines(row.before), after=presenters.public_lines(row.after))
        for row in change_rows(changes)
    ]


def call_page(call: Call, *, now: datetime | None = None) -> CallPage:
    """The public page of a call (also the publication preview): every free text as the public reads it."""
    now = now or timezone.now()
    rules = call_rules(call)
    intentions = call_intentions(call)
    questions = list(questions_public(call))
    return CallPage(
        call=presenters.public_call(call),
        groups=[
            PurchaserGroup(g.purchaser, public_intentions(g.intentions))  # type: ignore[arg-type]
            for g in group_by_purchaser(intentions)
        ],
        total_budget=sum((i.budget for i in intentions), Decimal(0)),
        categories=list(call.categories.order_by("position", "code")),
        eligibility=rules.eligibility,
        eligibility_lines=presenters.public_lines(rules.eligibility.describe()),
        budget_lines=presenters.public_lines(rules.budget_rules.describe(cap_per_project=call.cap_per_project)),
        required_documents=presenters.public_rule_items(rules.required_documents),
        review_criteria=presenters.public_rule_items(rules.review_criteria),
        criteria_total=criteria_total(rules.review_criteria),
        documents=presenters.public_documents(call_documents(call)),
        amendments=[(presenters.public_amendment(a), public_change_rows(a.changes)) for a in call_amendments(call)],
        questions=presenters.public_questions(questions),
        corrected=question_corrections(questions),
        is_open=call.status == CallStatus.PUBLISHED and call.deadline > now,
        seconds_left=max(0, int((call.deadline - now).total_seconds())),
    )


def money(value: Decimal) -> str:
    return decimal_text(value)


# --- read by screening -----------------------------------------------------------------------------------------------


def calls_past_deadline(*, now: datetime | None = None) -> QuerySet[Call]:
    """Calls whose deadline has passed: closed, or published with the deadline at or before `now` (what screening
    works on). Neither ordered nor annotated: the caller adds its own."""
    now = now or timezone.now()
    return Call.objects.filter(Q(status=CallStatus.CLOSED) | Q(status=CallStatus.PUBLISHED, deadline__lte=now))


def call_ids_of_purchasers(purchaser_ids: Iterable[int]) -> QuerySet[Any]:
    """The ids of the calls listing an intention of these purchasers (a `call_id` values queryset for subqueries)."""
    through = Call.intentions.through.objects.filter(intention__purchaser_id__in=sorted(purchaser_ids))
    return through.values("call_id")


def call_for_update(call: Call) -> Call:
    """The call read again and locked for the rest of the transaction (a screening run holds it)."""
    return Call.objects.select_for_update().get(pk=call.pk)


def call_was_published(call: Call) -> bool:
    """Published or closed (not a draft, not cancelled): a call whose proposals may be screened."""
    return call.status in (CallStatus.PUBLISHED, CallStatus.CLOSED)
