"""Builders for the screening tests, on top of the proposals tests' world (huimin.proposals.tests.factories):

    w = build_world()                       # call published, deadline DEADLINE, two providers, staff
    p = make_submitted_proposal(w)          # complete, submitted through the proposals services at NOW
    q = sealed(w, org=…, summary=…)         # a submitted proposal written directly (any content, even incomplete)
    run = screen(w)                         # screening_run(call, manager, now=AFTER)

`sealed` writes the row as a submission would leave it (status submitted, receipt number, time) without the
services, so a check can be given exactly the proposal it is about (an incomplete one, 200 synthetic ones …).
"""

from __future__ import annotations

import itertools
from datetime import datetime
from decimal import Decimal
from typing import Any

from huimin.calls.models import Call
from huimin.core.models import Organization
from huimin.core.permissions import Actor
from huimin.proposals.models import Proposal, ProposalStatus
from huimin.proposals.tests.factories import (
    AFTER,
    COMPLETE_FIELDS,
    DEADLINE,
    NOW,
    PUBLISHED,
    World,
    at,
    build_world,
    make_actor,
    make_complete_proposal,
    make_org,
    make_provider,
    make_submitted_proposal,
    publish_amendment,
    submit,
)

from ..models import Screening, ScreeningRun
from ..services import screening_run

_receipts = itertools.count(1)

__all__ = [
    "AFTER",
    "COMPLETE_FIELDS",
    "DEADLINE",
    "NOW",
    "PUBLISHED",
    "World",
    "at",
    "build_world",
    "make_actor",
    "make_complete_proposal",
    "make_org",
    "make_provider",
    "make_submitted_proposal",
    "publish_amendment",
    "screen",
    "screening_of",
    "sealed",
    "submit",
]


def sealed(
    w: World,
    *,
    org: Organization | None = None,
    call: Call | None = None,
    now: datetime = NOW,
    receipt_number: str | None = None,
    **fields: Any,
) -> Proposal:
    """A submitted proposal written directly (no completeness rule applied), with a receipt number."""
    call = call or w.call
    data: dict[str, Any] = {
        **COMPLETE_FIELDS,
        "applied_amount": Decimal("50000"),
        "category": w.category,
        "status": ProposalStatus.SUBMITTED,
    }
    data.update(fields)
    proposal = Proposal.objects.create(
        call=call,
        organization=org or w.provider_org,
        submitted_at=now,
        receipt_number=receipt_number or f"R-{call.number}-{next(_receipts):04d}",
        created_at=now,
        updated_at=now,
        **data,
    )
    proposal.intentions.set([w.intention])
    return proposal


def screen(w: World, *, actor: Actor | None = None, now: datetime = AFTER, call: Call | None = None) -> ScreeningRun:
    return screening_run(call=call or w.call, actor=actor or w.manager, now=now)


def screening_of(proposal: Proposal) -> Screening:
    return Screening.objects.select_related("proposal", "call", "credit_check").get(proposal=proposal)
