"""Listeners other contexts register to hear about proposals.

    from huimin.proposals.hooks import register_fix_listener
    register_fix_listener(on_fix)       # in AppConfig.ready(); on_fix(proposal) runs after the fix is committed

`proposal_submit_fix` calls every listener once the transaction that stored the fix has committed (never when it
rolls back). A listener that raises is logged and does not stop the others.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .models import Proposal

FixListener = Callable[["Proposal"], None]

logger = logging.getLogger(__name__)
_fix_listeners: list[FixListener] = []


def register_fix_listener(fn: FixListener) -> None:
    """Register `fn(proposal)`, called after a fix submission commits (registering twice keeps one)."""
    if fn not in _fix_listeners:
        _fix_listeners.append(fn)


def unregister_fix_listener(fn: FixListener) -> None:
    if fn in _fix_listeners:
        _fix_listeners.remove(fn)


def fix_listeners() -> list[FixListener]:
    return list(_fix_listeners)


def notify_fix_submitted(proposal: Proposal) -> None:
    for fn in fix_listeners():
        try:
            fn(proposal)
        except Exception:  # a listener's failure must not undo or hide the provider's fix
            logger.exception("fix listener %r failed for proposal %s", fn, proposal.public_id)
