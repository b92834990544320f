"""Who may see and do what with calls, amendments and clarification questions. The scope rules live here only.

- A project manager (Role.PROJECT_MANAGER bound to the intermediary organization) drafts, publishes, amends and
  cancels the calls whose `Call.manager` is its organization, and answers their questions; it sees its own drafts.
  The district administrator may do all of that for every call.
- A provider (Role.PROVIDER bound to its organization) asks clarification questions on a published call before the
  deadline, and sees its own questions whatever their status.
- Everyone, the public included, sees published, closed and cancelled-after-publication calls, their amendments and
  the answered questions (without the asking organization). Drafts are seen by their managers only.
"""

from __future__ import annotations

from django.db.models import Q

from huimin.core.models import Organization, Role
from huimin.core.permissions import Actor

from .models import Call, CallQuestion, QuestionStatus
from .states import is_public, public_calls_q


def manager_organizations(actor: Actor) -> list[Organization]:
    return list(actor.organizations_for(Role.PROJECT_MANAGER))


def provider_organizations(actor: Actor) -> list[Organization]:
    return list(actor.organizations_for(Role.PROVIDER))


def can_use_calls_desk(actor: Actor) -> bool:
    """The managers' desk: project managers and the district administrator."""
    return actor.is_district_admin or bool(actor.organization_ids(Role.PROJECT_MANAGER))


def can_create_call(actor: Actor, manager: Organization) -> bool:
    """Draft a call run by `manager`: its own project managers, or the district administrator."""
    return actor.is_district_admin or manager.pk in actor.organization_ids(Role.PROJECT_MANAGER)


def can_manage_call(actor: Actor, call: Call) -> bool:
    """Edit, publish, amend, cancel a call and answer its questions."""
    return actor.is_district_admin or call.manager_id in actor.organization_ids(Role.PROJECT_MANAGER)


def can_view_call(actor: Actor, call: Call) -> bool:
    return is_public(call) or can_manage_call(actor, call)


def calls_scope_q(actor: Actor) -> Q | None:
    """Calls the actor sees, as a Q on Call; None = all."""
    if actor.is_district_admin:
        return None
    q = public_calls_q()
    own = actor.organization_ids(Role.PROJECT_MANAGER)
    if own:
        q |= Q(manager_id__in=sorted(own))
    return q


def can_ask_question(actor: Actor) -> bool:
    """Providers ask (the call's state and deadline are checked by the service)."""
    return bool(provider_organizations(actor))


def can_view_question(actor: Actor, question: CallQuestion) -> bool:
    """Answered questions are public; the rest is for the call's managers and the asking organization."""
    if question.status == QuestionStatus.ANSWERED and is_public(question.call):
        return True
    if can_manage_call(actor, question.call):
        return True
    return question.organization_id is not None and question.organization_id in {
        o.pk for o in provider_organizations(actor)
    }
