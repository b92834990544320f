"""Sealing in the selectors: before the deadline only the organization sees its proposals (staff see a count);
after it the call's managers, the district administrator and the purchasers whose intentions are answered see the
submitted ones; other providers and reviewers never."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

import pytest

from huimin.core.permissions import PermissionDenied, SystemActor

from ..models import Proposal
from ..selectors import (
    proposal_get_for_actor,
    proposals_of_organization,
    proposals_visible,
    submission_count,
    submitted_proposals,
)
from .factories import AFTER, NOW, make_complete_proposal, make_submitted_proposal, world  # noqa: F401

pytestmark = pytest.mark.django_db


def sees(actor, proposal, now) -> bool:
    try:
        proposal_get_for_actor(actor, proposal.public_id, now=now)
    except Proposal.DoesNotExist:
        return False
    return True


@pytest.mark.parametrize(
    ("who", "before", "after"),
    [
        ("provider", True, True),
        ("other_provider", False, False),
        ("manager", False, True),
        ("other_manager", False, False),
        ("admin", False, True),
        ("purchaser", False, True),  # 东街 answers the proposal's intention
        ("other_purchaser", False, False),  # 西街 does not
        ("reviewer", False, False),
        ("nobody", False, False),
    ],
)
def test_who_sees_a_submitted_proposal_before_and_after_the_deadline(world, who, before, after):
    p = make_submitted_proposal(world)
    actor = getattr(world, who)
    assert sees(actor, p, NOW) is before
    assert sees(actor, p, AFTER) is after
    assert (p in proposals_visible(actor, now=NOW)) is before
    assert (p in proposals_visible(actor, now=AFTER)) is after


def test_the_public_sees_nothing(world):
    from huimin.core.permissions import Actor

    p = make_submitted_proposal(world)
    assert not sees(Actor.anonymous(), p, AFTER)


@pytest.mark.parametrize("who", ["manager", "admin", "purchaser"])
def test_drafts_and_withdrawn_proposals_stay_the_organizations_after_the_deadline(world, who):
    from .. import services as s

    draft = make_complete_proposal(world)
    withdrawn = make_submitted_proposal(world)
    s.proposal_withdraw(proposal=withdrawn, actor=world.provider, now=NOW)
    actor = getattr(world, who)
    assert not sees(actor, draft, AFTER) and not sees(actor, withdrawn, AFTER)
    assert sees(world.provider, draft, AFTER) and sees(world.provider, withdrawn, AFTER)


def test_the_managers_see_only_a_count_before_the_deadline(world):
    make_submitted_proposal(world)
    make_submitted_proposal(world, org=world.other_provider_org, actor=world.other_provider)
    make_complete_proposal(world)  # a draft is not counted
    assert submission_count(world.manager, world.call) == 2
    assert submission_count(world.admin, world.call) == 2
    assert list(proposals_visible(world.manager, call=world.call, now=NOW)) == []
    for outsider in (world.other_manager, world.provider, world.purchaser, world.reviewer):
        with pytest.raises(PermissionDenied):
            submission_count(outsider, world.call)


def test_own_organization_list_has_every_status(world):
    draft = make_complete_proposal(world)
    submitted = make_submitted_proposal(world)
    make_submitted_proposal(world, org=world.other_provider_org, actor=world.other_provider)
    assert set(proposals_of_organization(world.provider, call=world.call)) == {draft, submitted}
    assert list(proposals_of_organization(world.manager)) == []


def test_the_screening_engine_reads_every_submitted_proposal(world):
    a = make_submitted_proposal(world)
    b = make_submitted_proposal(world, org=world.other_provider_org, actor=world.other_provider)
    make_complete_proposal(world)
    assert list(submitted_proposals(world.call)) == [a, b]
    assert sees(SystemActor(), a, AFTER) and not sees(SystemActor(), a, NOW)


def test_a_malformed_id_is_simply_not_found(world):
    with pytest.raises(Proposal.DoesNotExist):
        proposal_get_for_actor(world.provider, "not-a-uuid", now=NOW)
