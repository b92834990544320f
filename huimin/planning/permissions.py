"""Who may see and do what in planning (rounds, purchasers' budgets, intentions). The scope rules live here only.

- The district administrator sets up rounds and budgets, and may write intentions for any purchaser.
- A purchaser (Role.PURCHASER bound to its street / township) writes the intentions of its own division, covering
  its own communities and answering their accepted needs; it sees all of its own intentions.
- Everyone, the public included, sees rounds once opened, their budgets, and confirmed intentions.
"""

from __future__ import annotations

from django.db.models import Q

from huimin.core.models import Division, Role
from huimin.core.permissions import Actor

from .models import Intention, Round
from .states import INTENTION_LISTABLE, ROUND_PUBLIC


def can_manage_rounds(actor: Actor) -> bool:
    """Create, edit, open and close rounds; set purchasers' budgets."""
    return actor.is_district_admin


def can_plan_for(actor: Actor, purchaser: Division) -> bool:
    """Write intentions of `purchaser`: its own purchaser accounts, or the district administrator."""
    if actor.is_district_admin:
        return True
    return purchaser.pk in actor.division_ids(Role.PURCHASER)


def can_plan(actor: Actor) -> bool:
    """The actor writes intentions for at least one purchaser."""
    return actor.is_district_admin or bool(actor.division_ids(Role.PURCHASER))


def can_view_round(actor: Actor, round_: Round) -> bool:
    return can_manage_rounds(actor) or round_.status in ROUND_PUBLIC


def is_public_intention(intention: Intention) -> bool:
    return intention.status in INTENTION_LISTABLE and intention.round.status in ROUND_PUBLIC


def can_view_intention(actor: Actor, intention: Intention) -> bool:
    return is_public_intention(intention) or can_plan_for(actor, intention.purchaser)


def rounds_scope_q(actor: Actor) -> Q | None:
    """Rounds the actor sees, as a Q on Round; None = all."""
    if can_manage_rounds(actor):
        return None
    return Q(status__in=sorted(ROUND_PUBLIC))


def intentions_scope_q(actor: Actor) -> Q | None:
    """Intentions the actor sees, as a Q on Intention; None = all."""
    if actor.is_district_admin:
        return None
    q = Q(status__in=sorted(INTENTION_LISTABLE), round__status__in=sorted(ROUND_PUBLIC))
    own = actor.division_ids(Role.PURCHASER)
    if own:
        q |= Q(purchaser_id__in=sorted(own))
    return q
