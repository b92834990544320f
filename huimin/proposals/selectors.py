"""Reads of proposals, scoped by huimin.proposals.permissions (sealing included).

    proposals_of_organization(actor, call=None)       the actor's own organizations' proposals (every status)
    proposals_visible(actor, call=None, status=None, now=None)   what the actor may see (sealed ones hidden)
    proposal_get_for_actor(actor, public_id, now=None)          one proposal, or Proposal.DoesNotExist
    submitted_proposals(call)                          unscoped: the screening engine and system jobs only
    submission_count(actor, call)                      how many are submitted (the call's managers, any time)
    amendments_unconfirmed(proposal)                   True when the call published amendments not yet confirmed
    proposal_missing(proposal) / proposal_budget(proposal)      the problems and the budget summary, for display
    document_attachment_visible(actor, attachment, now=None)    may the actor fetch a proposal's document

Sealing: before the call's deadline only the organization's members see a proposal. After it, submitted proposals
are also seen by the call's project managers, the district administrator and the purchasers whose intentions they
answer. Nobody else, ever.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.db.models import Count, Max, Prefetch, QuerySet
from django.utils import timezone

from huimin.calls.rules import call_deadline_passed, call_rules
from huimin.calls.selectors import call_amendments
from huimin.calls.states import CallStatus
from huimin.core.models import Role
from huimin.core.permissions import Actor, PermissionDenied
from huimin.providers import selectors as provider_selectors

from .models import (
    Activity,
    BudgetLine,
    Indicator,
    Proposal,
    ProposalDocument,
    ProposalStatus,
    ProposalTeamMember,
    Receipt,
)
from .permissions import can_count_submissions, can_view_proposal, is_member, visible_q
from .rules import BudgetSummary, Problem, budget_problems, budget_summary, missing
from .sections import SECTION_CODES
from .states import EDITABLE_STATUSES, fix_window_open

if TYPE_CHECKING:
    from huimin.calls.models import Call
    from huimin.files.models import Attachment
    from huimin.providers.models import TeamMember


def _full(qs: QuerySet[Proposal]) -> QuerySet[Proposal]:
    """With everything the detail, the rules and the content snapshot read."""
    return qs.select_related("call", "call__round", "organization", "category").prefetch_related(
        "intentions__communities",
        "intentions__purchaser",
        "communities",
        Prefetch("activities", queryset=Activity.objects.order_by("position")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
        Prefetch("team", queryset=ProposalTeamMember.objects.select_related("member")),
        Prefetch("budget_lines", queryset=BudgetLine.objects.order_by("position")),
        Prefetch("documents", queryset=ProposalDocument.objects.select_related("attachment")),
        Prefetch("receipts", queryset=Receipt.objects.order_by("submitted_at", "pk")),
    )


def proposals_of_organization(actor: Actor, call: Call | None = None) -> QuerySet[Proposal]:
    """Every proposal of the organizations the actor is a provider member of (drafts included)."""
    qs = Proposal.objects.filter(organization_id__in=sorted(actor.organization_ids(Role.PROVIDER)))
    if call is not None:
        qs = qs.filter(call=call)
    return qs.select_related("call", "organization", "category").order_by("-updated_at", "pk")


def proposals_visible(
    actor: Actor, *, call: Call | None = None, status: str | None = None, now: datetime | None = None
) -> QuerySet[Proposal]:
    now = now or timezone.now()
    ids = Proposal.objects.filter(visible_q(actor, now=now)).values("pk")
    qs = Proposal.objects.filter(pk__in=ids)
    if call is not None:
        qs = qs.filter(call=call)
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("call", "organization", "category").order_by("-updated_at", "pk")


def proposal_get_for_actor(actor: Actor, public_id: UUID | str, now: datetime | None = None) -> Proposal:
    """The proposal with everything loaded, if the actor may see it now; else Proposal.DoesNotExist (a sealed
    proposal is indistinguishable from one that does not exist)."""
    now = now or timezone.now()
    try:
        UUID(str(public_id))
    except ValueError:
        raise Proposal.DoesNotExist from None
    ids = Proposal.objects.filter(visible_q(actor, now=now)).values("pk")
    return _full(Proposal.objects.filter(pk__in=ids)).get(public_id=public_id)


def document_attachment_visible(actor: Actor, attachment: Attachment, now: datetime | None = None) -> bool:
    """Whether `actor` may fetch `attachment`, a file of the proposals context (huimin.files.owners, registered in
    apps.py): its uploader and the provider members of its organization at any time; anyone else only through a
    proposal it is attached to that they may see now — the proposal page's rule, sealing included, so before the
    call's deadline the district administrator and the project managers are refused its documents as they are
    refused the proposal."""
    if actor.user is not None and attachment.uploaded_by_id == actor.user.pk:
        return True
    if attachment.organization_id is not None and is_member(actor, attachment.organization_id):
        return True
    now = now or timezone.now()
    proposals = (
        Proposal.objects.filter(documents__attachment=attachment)
        .select_related("call")
        .prefetch_related("intentions")
        .distinct()
    )
    return any(can_view_proposal(actor, proposal, now=now) for proposal in proposals)


def proposal_full(proposal: Proposal) -> Proposal:
    """The same proposal reloaded with everything prefetched (after a write)."""
    return _full(Proposal.objects.all()).get(pk=proposal.pk)


def submitted_proposals(call: Call) -> QuerySet[Proposal]:
    """Unscoped: the call's submitted proposals with everything loaded, for the screening engine (system actor)."""
    return _full(Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED)).order_by("submitted_at", "pk")


def submission_count(actor: Actor, call: Call) -> int:
    """How many proposals the call has received (submitted, not withdrawn): the call's managers and the district
    administrator may know it before the deadline; the proposals themselves stay sealed."""
    if not can_count_submissions(actor, call):
        raise PermissionDenied()
    return Proposal.objects.filter(call=call, status=ProposalStatus.SUBMITTED).count()


def latest_amendment(call: Call, now: datetime | None = None) -> int:
    """The sequence of the call's last amendment published by `now` (0: none)."""
    amendments = call_amendments(call)
    if now is not None:
        amendments = amendments.filter(published_at__lte=now)
    return amendments.aggregate(m=Max("sequence"))["m"] or 0


def amendments_to_confirm(proposal: Proposal, now: datetime | None = None) -> int:
    """How many of the call's amendments (published by `now`) came after the organization last confirmed."""
    return max(0, latest_amendment(proposal.call, now) - proposal.confirmed_amendment)


def amendments_unconfirmed(proposal: Proposal) -> bool:
    """The call published amendments after the organization's last confirmation (screening: amendments_confirmed)."""
    return latest_amendment(proposal.call) > proposal.confirmed_amendment


def fix_open(proposal: Proposal, now: datetime | None = None) -> bool:
    return fix_window_open(proposal, now or timezone.now())


def proposal_missing(proposal: Proposal) -> list[Problem]:
    return missing(proposal)


def proposal_budget_problems(proposal: Proposal) -> list[Problem]:
    return budget_problems(proposal, call_rules=call_rules(proposal.call), cap=proposal.call.cap_per_project)


def proposal_budget(proposal: Proposal) -> BudgetSummary:
    return budget_summary(proposal)


def proposal_receipts(proposal: Proposal) -> list[Receipt]:
    return sorted(proposal.receipts.all(), key=lambda r: (r.submitted_at, r.pk))


def team_choices(proposal: Proposal) -> QuerySet[TeamMember]:
    """The organization's active team members (what the project team is chosen from)."""
    return provider_selectors.active_team(organization=proposal.organization)


def activity_at(proposal: Proposal, position: int) -> Activity:
    return Activity.objects.select_related("proposal").get(proposal=proposal, position=position)


def indicator_at(proposal: Proposal, position: int) -> Indicator:
    return Indicator.objects.select_related("proposal").get(proposal=proposal, position=position)


def budget_line_at(proposal: Proposal, position: int) -> BudgetLine:
    return BudgetLine.objects.select_related("proposal").get(proposal=proposal, position=position)


def document_of(proposal: Proposal, code: str) -> ProposalDocument:
    return ProposalDocument.objects.select_related("attachment").get(proposal=proposal, code=code)


def team_row_of(proposal: Proposal, member_public_id: UUID | str) -> ProposalTeamMember:
    return ProposalTeamMember.objects.select_related("proposal", "member").get(
        proposal=proposal, member__public_id=member_public_id
    )


def team_member_of(proposal: Proposal, member_public_id: UUID | str) -> TeamMember:
    return provider_selectors.team_member_of(organization=proposal.organization, public_id=member_public_id)


def organization_for_new_proposal(actor: Actor, public_id: UUID | str | None) -> Any:
    """The organization the actor creates a proposal for: the one named (if the actor is its member), or its only
    one; None when it cannot be told."""
    orgs = actor.organizations_for(Role.PROVIDER)
    if public_id is None:
        return orgs[0] if len(orgs) == 1 else None
    return next((o for o in orgs if str(o.public_id) == str(public_id)), None)


def editable_sections(actor: Actor, proposal: Proposal, now: datetime | None = None) -> list[str]:
    """The sections `actor` may change now: every section of a draft or withdrawn proposal of its organization
    before the deadline; after it only those of an open fix window; otherwise none."""
    now = now or timezone.now()
    if not is_member(actor, proposal.organization_id):
        return []
    if call_deadline_passed(proposal.call, now):
        return list(proposal.fix_sections) if fix_window_open(proposal, now) else []
    if proposal.call.status != CallStatus.PUBLISHED or proposal.status not in EDITABLE_STATUSES:
        return []
    return list(SECTION_CODES)


def intentions_by_public_ids(call: Call, public_ids: list[UUID] | list[str]) -> tuple[list[Any], list[str]]:
    """The call's intentions with those ids, and the ids that name none of them."""
    wanted = [str(x) for x in public_ids]
    found = {str(i.public_id): i for i in call.intentions.filter(public_id__in=wanted)}
    return [found[x] for x in wanted if x in found], [x for x in wanted if x not in found]


def communities_by_codes(codes: list[str]) -> tuple[list[Any], list[str]]:
    from huimin.core.models import Division

    wanted = [str(c).strip() for c in codes]
    found = {d.code: d for d in Division.objects.filter(code__in=wanted)}
    return [found[c] for c in wanted if c in found], [c for c in wanted if c not in found]


# --- read by screening -----------------------------------------------------------------------------------------------


def proposal_ids_answering(
    *, purchaser_ids: Iterable[int] | None = None, purchaser_code: str | None = None
) -> QuerySet[Any]:
    """The ids of the proposals answering an intention of these purchasers (by id, or by division code): a
    `proposal_id` values queryset for subqueries."""
    through = Proposal.intentions.through.objects.all()
    if purchaser_ids is not None:
        through = through.filter(intention__purchaser_id__in=sorted(purchaser_ids))
    if purchaser_code is not None:
        through = through.filter(intention__purchaser__code=purchaser_code)
    return through.values("proposal_id")


def purchaser_counts(proposal_ids: QuerySet[Any]) -> list[dict[str, Any]]:
    """Per purchaser (code, name), how many of these proposals answer one of its intentions (a proposal answering
    two purchasers counts for both), by code."""
    rows = (
        Proposal.intentions.through.objects.filter(proposal_id__in=proposal_ids)
        .values("intention__purchaser__code", "intention__purchaser__name")
        .annotate(n=Count("proposal_id", distinct=True))
        .order_by("intention__purchaser__code")
    )
    return [dict(row) for row in rows]


def proposals_with_ids(proposal_ids: QuerySet[Any]) -> QuerySet[Proposal]:
    """These proposals with their call, by call and receipt number."""
    return Proposal.objects.filter(pk__in=proposal_ids).select_related("call").order_by("call_id", "receipt_number")
