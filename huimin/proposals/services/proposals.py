"""Drafting a proposal: create it, autosave its fields, choose intentions and communities, accept the commitment.

Autosave: every field is saved as typed, one or many at a time; only its form is checked (a date is a date, a number
a number, a phone number a phone number, text not longer than its field). Completeness is not required of a draft:
`huimin.proposals.rules.missing` lists what is still lacking, and submission refuses until nothing is.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.core.cleaning import clean_count, clean_date, clean_decimal, clean_phone, clean_text
from huimin.core.models import Division, Organization
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..error_codes import ProposalsError
from ..events import ProposalsEvent, proposal_audit
from ..models import Proposal
from ..permissions import can_create_proposal
from ..sections import EDITABLE_FIELDS, section_of_field
from ..selectors import latest_amendment
from ._common import FieldErrors, _count_counted, _guard_edit, _limit_error, _require_before_deadline, _touch

if TYPE_CHECKING:
    from huimin.calls.models import Call
    from huimin.needs.models import NeedCategory
    from huimin.planning.models import Intention

TEXT_LIMITS: dict[str, int | None] = {
    "title": 120,
    "contact_name": 64,
    "target_group": 200,
    "summary": None,  # ≤ 500 characters is a completeness rule (rules.missing), so a longer draft is still saved
    "need_analysis": None,
    "objectives": None,
    "risks": None,
    "sustainability": None,
}


def _label(name: str) -> str:
    return str(getattr(Proposal._meta.get_field(name), "verbose_name", name)).capitalize()


def proposal_create(*, call: Call, organization: Organization, actor: Actor, now: datetime | None = None) -> Proposal:
    """A new empty draft of `organization` for `call` (its members only; the call open; within the limit of
    proposals per organization that are not withdrawn). The draft starts from the call as amended so far."""
    now = now or timezone.now()
    require(can_create_proposal(actor, organization), _("Only the organization's own members may write its proposals."))
    with transaction.atomic():
        call.refresh_from_db()
        probe = Proposal(call=call, organization=organization)
        _require_before_deadline(probe, now)
        if call.opens_at is not None and now < call.opens_at:
            raise ServiceError(_("The call does not take proposals yet."), code=ProposalsError.CALL_NOT_OPEN)
        # Serialize the organization's creations so two tabs cannot pass the limit together.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        if _count_counted(call, organization) >= call.max_proposals_per_organization:
            raise _limit_error(call)
        proposal = Proposal.objects.create(
            call=call,
            organization=organization,
            created_by=actor.user,
            created_at=now,
            updated_at=now,
            confirmed_amendment=latest_amendment(call, now),
        )
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_CREATED,
            proposal=proposal,
            now=now,
            payload={"call": call.number, "organization": str(organization.public_id)},
        )
    return proposal


def _allowed_categories(call: Call) -> dict[int, NeedCategory]:
    found = {c.pk: c for c in call.categories.all()}
    for intention in call.intentions.select_related("category"):
        found.setdefault(intention.category_id, intention.category)
    return found


def _clean_category(errors: FieldErrors, call: Call, value: Any) -> NeedCategory | None:
    """One of the call's categories, given as itself or by its code."""
    if value is None or value == "":
        return None
    code = str(getattr(value, "code", value)).strip()
    category = next((c for c in _allowed_categories(call).values() if c.code == code), None)
    if category is None:
        errors.add("category", _("Choose one of the call's categories."))
    return category


def _clean_fields(call: Call, fields: dict[str, Any]) -> dict[str, Any]:
    """The values to store for the given fields, or ServiceError with every field's problem at once."""
    errors = FieldErrors()
    unknown = sorted(set(fields) - set(EDITABLE_FIELDS))
    for name in unknown:
        errors.add(name, _("This field cannot be changed here."))
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name in unknown:
            continue
        label = _label(name)
        if name in TEXT_LIMITS:
            out[name] = clean_text(errors, name, value, label=label, max_length=TEXT_LIMITS[name])
        elif name == "contact_phone":
            out[name] = clean_phone(errors, name, value, label=label)
        elif name in ("direct_beneficiaries", "indirect_beneficiaries"):
            out[name] = clean_count(errors, name, value, label=label)
        elif name in ("start_date", "end_date"):
            out[name] = clean_date(errors, name, value, label=label)
        elif name == "applied_amount":
            out[name] = clean_decimal(errors, name, value, label=label, money=True)
        elif name == "category":
            out[name] = _clean_category(errors, call, value)
    errors.raise_if_any(
        ProposalsError.CATEGORY_INVALID if set(errors.by_field) == {"category"} else ProposalsError.INVALID
    )
    return out


def proposal_update(*, proposal: Proposal, actor: Actor, now: datetime | None = None, **fields: Any) -> Proposal:
    """Autosave: store the given scalar fields (see huimin.proposals.sections.EDITABLE_FIELDS) as typed."""
    now = now or timezone.now()
    if not fields:
        return proposal
    sections = {section_of_field(n) for n in fields if n in EDITABLE_FIELDS}
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, sections, now)
        values = _clean_fields(proposal.call, fields)
        changed = sorted(n for n, v in values.items() if getattr(proposal, n) != v)
        for name, value in values.items():
            setattr(proposal, name, value)
        proposal.updated_at = now
        proposal.save(update_fields=[*values, "updated_at"])
        if changed:
            proposal_audit(
                actor=actor,
                event_type=ProposalsEvent.PROPOSAL_UPDATED,
                proposal=proposal,
                now=now,
                payload={"fields": changed},
            )
    return proposal


def proposal_set_intentions(
    *, proposal: Proposal, intentions: Iterable[Intention], actor: Actor, now: datetime | None = None
) -> Proposal:
    """Choose the call's intentions the proposal answers. Communities no longer covered by them are dropped; an
    empty category takes the intentions' category when they share one."""
    now = now or timezone.now()
    intentions = list(intentions)
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, {"basics"}, now)
        listed = set(proposal.call.intentions.values_list("pk", flat=True))
        strangers = [i for i in intentions if i.pk not in listed]
        if strangers:
            raise ServiceError.for_fields(
                {
                    "intentions": _("The intention %(number)s is not listed by the call.")
                    % {"number": strangers[0].number}
                },
                code=ProposalsError.INTENTION_INVALID,
            )
        proposal.intentions.set(intentions)
        covered = set(Division.objects.filter(covering_intentions__in=intentions).values_list("pk", flat=True))
        dropped = [c for c in proposal.communities.all() if c.pk not in covered]
        if dropped:
            proposal.communities.remove(*dropped)
        categories = {i.category_id for i in intentions}
        if proposal.category_id is None and len(categories) == 1:
            proposal.category_id = categories.pop()
            proposal.save(update_fields=["category"])
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_INTENTIONS_SET,
            proposal=proposal,
            now=now,
            payload={
                "intentions": sorted(i.number for i in intentions),
                "communities_dropped": [c.code for c in dropped],
            },
        )
    return proposal


def proposal_set_communities(
    *, proposal: Proposal, communities: Iterable[Division], actor: Actor, now: datetime | None = None
) -> Proposal:
    """Choose the communities served: each must be covered by the intentions chosen."""
    now = now or timezone.now()
    communities = list(communities)
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, {"basics"}, now)
        covered = set(
            Division.objects.filter(covering_intentions__in=proposal.intentions.all()).values_list("pk", flat=True)
        )
        outside = [c for c in communities if c.pk not in covered]
        if outside:
            raise ServiceError.for_fields(
                {
                    "communities": _("%(community)s is not covered by the intentions chosen.")
                    % {"community": outside[0].name}
                },
                code=ProposalsError.COMMUNITY_INVALID,
            )
        proposal.communities.set(communities)
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_COMMUNITIES_SET,
            proposal=proposal,
            now=now,
            payload={"communities": sorted(c.code for c in communities)},
        )
    return proposal


def proposal_accept_commitment(
    *, proposal: Proposal, actor: Actor, accepted: bool = True, now: datetime | None = None
) -> Proposal:
    """The organization accepts (or takes back) its commitment (承诺): what it declares is true, it meets the
    call's conditions and will carry out the project as proposed."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, {"commitment"}, now)
        proposal.commitment_accepted_at = now if accepted else None
        proposal.updated_at = now
        proposal.save(update_fields=["commitment_accepted_at", "updated_at"])
        proposal_audit(
            actor=actor,
            event_type=(
                ProposalsEvent.PROPOSAL_COMMITMENT_ACCEPTED
                if accepted
                else ProposalsEvent.PROPOSAL_COMMITMENT_WITHDRAWN
            ),
            proposal=proposal,
            now=now,
        )
    return proposal
