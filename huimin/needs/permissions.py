"""Who may do what with needs. Built on core's `Actor`; the scope rule of the context lives here.

- The public reads every need with its answer and its support count, never who submitted or supported it.
- A community worker records needs for its own community, edits them while submitted, and decides them.
- A purchaser (street / township) decides the needs of the communities under it.
- The district administrator decides any need and keeps the category catalogue.
- A resident (resident account, or a mobile phone verified by a one-time code) submits needs for a community they
  pick, edits their own while submitted, and supports needs once each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from huimin.core.models import Division, DivisionLevel, Role
from huimin.core.permissions import Actor
from huimin.core.residents import resident_key_for_user

from .models import SupportChannel

if TYPE_CHECKING:
    from .models import Need

COMMUNITY_LEVELS = (DivisionLevel.COMMUNITY, DivisionLevel.VILLAGE)


def is_resident(actor: Actor) -> bool:
    return actor.is_authenticated and actor.has_role(Role.RESIDENT)


def is_worker_of(actor: Actor, community: Division) -> bool:
    return community.pk in actor.division_ids(Role.COMMUNITY_WORKER)


def is_purchaser_above(actor: Actor, community: Division) -> bool:
    return community.parent_id is not None and community.parent_id in actor.division_ids(Role.PURCHASER)


def can_record_need(actor: Actor, community: Division) -> bool:
    """Record a need on behalf of the community (source `worker`): its community worker, the district admin."""
    return actor.is_district_admin or is_worker_of(actor, community)


def can_decide_need(actor: Actor, need: Need) -> bool:
    """Accept, merge or decline: the community's worker, the purchaser above it, the district administrator."""
    community = need.community
    return actor.is_district_admin or is_worker_of(actor, community) or is_purchaser_above(actor, community)


def can_link_evidence(actor: Actor, need: Need) -> bool:
    """Link the community's questionnaires to a need: whoever may decide it."""
    return can_decide_need(actor, need)


def is_author(actor: Actor, need: Need, resident_key: str | None = None) -> bool:
    if actor.user is not None and need.submitted_by_id == actor.user.pk:
        return True
    return bool(resident_key) and bool(need.submitter_key) and resident_key == need.submitter_key


def can_edit_need(actor: Actor, need: Need, resident_key: str | None = None) -> bool:
    """Change the text and photos of a need (the service also requires it to be still submitted): the worker of
    its community, or its author."""
    return is_worker_of(actor, need.community) or is_author(actor, need, resident_key)


def can_use_desk(actor: Actor) -> bool:
    """The needs desk: community workers, purchasers and the district administrator."""
    return actor.is_district_admin or actor.has_role(Role.COMMUNITY_WORKER, Role.PURCHASER)


def can_manage_categories(actor: Actor) -> bool:
    return actor.is_district_admin


def can_see_submitter(actor: Actor, need: Need) -> bool:
    """Who submitted a need is known to the staff who decide it, never to the public."""
    return can_decide_need(actor, need)


def supporter_of(actor: Actor, resident_key: str | None = None) -> tuple[str, str] | None:
    """(key, channel) naming the resident who acts, or None when the actor is not a resident."""
    if resident_key:
        return resident_key, SupportChannel.PHONE
    if is_resident(actor) and actor.user is not None:
        return resident_key_for_user(actor.user), SupportChannel.ACCOUNT
    return None
