"""`huimin stats` counts proposals in total and by status."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

import pytest

from huimin.core.stats import collect

from .. import services as s
from .factories import NOW, make_complete_proposal, make_submitted_proposal, world  # noqa: F401

pytestmark = pytest.mark.django_db


def test_proposals_are_counted_by_status(world):
    make_complete_proposal(world)
    make_submitted_proposal(world)
    withdrawn = make_submitted_proposal(world)
    s.proposal_withdraw(proposal=withdrawn, actor=world.provider, now=NOW)
    counts = collect()
    assert counts["proposals"] == 3
    assert (counts["draft_proposals"], counts["submitted_proposals"], counts["withdrawn_proposals"]) == (1, 1, 1)
