"""Who may do what with questionnaires (the scope rule of the surveys context lives here).

- A questionnaire belongs to a division (usually a community). Its community worker, the purchaser of the street or
  township above it (or of that street itself) and the district administrator manage it: write and publish it,
  close it, enter paper forms, export the responses.
- Everyone, the public included, sees published questionnaires (open or closed) and their results; free-text
  answers are shown without anything that names who wrote them.
- A resident answers online once: signed in with a resident account, or with a mobile phone verified by a code.
"""

from __future__ import annotations

from django.db.models import Q

from huimin.core.models import Division, Role
from huimin.core.permissions import Actor
from huimin.core.residents import resident_key_for_user

from .models import Questionnaire
from .states import PUBLISHED


def managed_scope_q(actor: Actor, *, prefix: str = "") -> Q | None:
    """The questionnaires an actor manages, as a Q on Questionnaire (`prefix` for a related model): None = all
    (district administrator); an empty Q(pk__in=[]) = none."""
    if actor.is_district_admin:
        return None
    p = f"{prefix}__" if prefix else ""
    workers = sorted(actor.division_ids(Role.COMMUNITY_WORKER))
    purchasers = sorted(actor.division_ids(Role.PURCHASER))
    if not workers and not purchasers:
        return Q(**{f"{p}pk__in": []})
    return Q(**{f"{p}division_id__in": workers + purchasers}) | Q(**{f"{p}division__parent_id__in": purchasers})


def can_manage_division(actor: Actor, division: Division) -> bool:
    """Create questionnaires for `division`: its community worker, the purchaser of it or above it, the admin."""
    if actor.is_district_admin:
        return True
    if division.pk in actor.division_ids(Role.COMMUNITY_WORKER):
        return True
    purchaser = actor.division_ids(Role.PURCHASER)
    return division.pk in purchaser or (division.parent_id is not None and division.parent_id in purchaser)


def can_manage_questionnaire(actor: Actor, questionnaire: Questionnaire) -> bool:
    return can_manage_division(actor, questionnaire.division)


def can_enter_paper(actor: Actor, questionnaire: Questionnaire) -> bool:
    """Enter paper forms: the community worker of that community or anyone above it."""
    return can_manage_questionnaire(actor, questionnaire)


def can_view_questionnaire(actor: Actor, questionnaire: Questionnaire) -> bool:
    return questionnaire.status in PUBLISHED or can_manage_questionnaire(actor, questionnaire)


def can_use_desk(actor: Actor) -> bool:
    """The questionnaires desk: community workers, purchasers, the district administrator."""
    return actor.is_district_admin or actor.has_role(Role.COMMUNITY_WORKER, Role.PURCHASER)


def is_resident(actor: Actor) -> bool:
    return actor.is_authenticated and actor.user is not None and actor.has_role(Role.RESIDENT)


def manager_refusal(division: Division) -> str:
    """Why someone else may not manage the questionnaires of `division`."""
    from django.utils.translation import gettext as _

    return _(
        "Only the community worker of %(division)s, the purchaser above it or the district administrator may manage "
        "its questionnaires."
    ) % {"division": division.name}


def respondent_of(actor: Actor, resident_key: str | None = None) -> tuple[str, bool] | None:
    """(key, by account) naming the resident who answers, or None when nobody is named."""
    if resident_key:
        return resident_key, False
    if is_resident(actor) and actor.user is not None:
        return resident_key_for_user(actor.user), True
    return None
