"""Who may see and do what in screening. The scope rules live here only.

- The call's project manager (Role.PROJECT_MANAGER bound to `Call.manager`) and the district administrator run the
  screening, see everything of it (every check with its details, the credit evidence) and decide.
- A purchaser (street / township) sees the screenings of the proposals answering its intentions (read only).
- A provider sees the screenings of its own organization's proposals once the manager has decided (pass, reject or
  fix): the result of each check with its reason and the decision with its reason — never the details of the
  checks, never another proposal (the near-duplicate check names no other organization to it).
- Nobody else sees anything.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Q

from huimin.core.models import Role
from huimin.core.permissions import Actor
from huimin.proposals.selectors import proposal_ids_answering

from .models import Screening, ScreeningStatus

if TYPE_CHECKING:
    from huimin.calls.models import Call


def can_screen_call(actor: Actor, call: Call) -> bool:
    """Run the automatic checks and decide: the call's project managers and the district administrator."""
    return actor.is_district_admin or call.manager_id in actor.organization_ids(Role.PROJECT_MANAGER)


def can_decide(actor: Actor, screening: Screening) -> bool:
    return can_screen_call(actor, screening.call)


def can_use_screening_desk(actor: Actor) -> bool:
    """The list of calls to screen: project managers, the district administrator and purchasers (read only)."""
    return (
        actor.is_district_admin
        or bool(actor.organization_ids(Role.PROJECT_MANAGER))
        or bool(actor.division_ids(Role.PURCHASER))
    )


def sees_check_details(actor: Actor, screening: Screening) -> bool:
    """The details of the checks (other proposals named by the near-duplicate check, credit findings' sources) are
    for the staff: the call's managers, the district administrator and the purchasers whose intention it answers."""
    if can_screen_call(actor, screening.call):
        return True
    divisions = actor.division_ids(Role.PURCHASER)
    return bool(divisions) and screening.proposal.intentions.filter(purchaser_id__in=sorted(divisions)).exists()


def screenings_scope_q(actor: Actor) -> Q | None:
    """Screenings the actor sees, as a Q on Screening; None = all; Q(pk__in=[]) = none."""
    if actor.is_district_admin:
        return None
    q = Q(pk__in=[])
    managed = actor.organization_ids(Role.PROJECT_MANAGER)
    if managed:
        q |= Q(call__manager_id__in=sorted(managed))
    divisions = actor.division_ids(Role.PURCHASER)
    if divisions:
        q |= Q(proposal_id__in=proposal_ids_answering(purchaser_ids=divisions))
    providers = actor.organization_ids(Role.PROVIDER)
    if providers:
        q |= Q(proposal__organization_id__in=sorted(providers)) & ~Q(status=ScreeningStatus.AWAITING_DECISION)
    return q


def is_own_screening(actor: Actor, screening: Screening) -> bool:
    return screening.proposal.organization_id in actor.organization_ids(Role.PROVIDER)
