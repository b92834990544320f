"""What screening does when another context tells it something happened."""

from __future__ import annotations

from typing import TYPE_CHECKING

from huimin.core.permissions import SystemActor

from .services.runs import screening_fix_submitted

if TYPE_CHECKING:
    from huimin.proposals.models import Proposal


def on_fix_submitted(proposal: Proposal) -> None:
    """Registered with huimin.proposals.hooks.register_fix_listener (called after the fix is committed): the
    platform re-runs the proposal's checks."""
    screening_fix_submitted(proposal=proposal, actor=SystemActor("screening-fix"))
