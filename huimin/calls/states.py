"""The life of a call, as an explicit transition table (only huimin.calls.services change `Call.status`).

    draft ──publish──▶ published ──close (deadline passed, scheduled job)──▶ closed
      │                    │
      └──cancel(reason)──▶ cancelled ◀──cancel(reason)──┘

- draft: the project manager edits everything (call_update); nobody else sees it.
- published: open for proposals until the deadline. Every change is a published amendment with a reason
  (call_amend); call_update refuses with `call_published_use_amendment`.
- closed: the deadline has passed; nothing changes any more, pending questions may still be answered.
- cancelled: from draft (reason kept in the audit trail) or from published (the reason is published as the call's
  last amendment, so the public sees why).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from huimin.core.services.errors import ServiceError

from .error_codes import CallsError
from .models import Call, CallStatus


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str


CALL_TRANSITIONS: dict[str, Transition] = {
    "publish": Transition("publish", frozenset({CallStatus.DRAFT}), CallStatus.PUBLISHED),
    "close": Transition("close", frozenset({CallStatus.PUBLISHED}), CallStatus.CLOSED),
    "cancel": Transition("cancel", frozenset({CallStatus.DRAFT, CallStatus.PUBLISHED}), CallStatus.CANCELLED),
}

# Statuses in which the call is public (drafts never are).
PUBLIC_STATUSES: frozenset[str] = frozenset({CallStatus.PUBLISHED, CallStatus.CLOSED, CallStatus.CANCELLED})


def can_transition(call: Call, name: str) -> bool:
    return call.status in CALL_TRANSITIONS[name].sources


def require_transition(call: Call, name: str) -> str:
    """The target status of transition `name` from the call's status, or ServiceError `call_transition`."""
    transition = CALL_TRANSITIONS[name]
    if call.status not in transition.sources:
        messages = {
            "publish": _("A call that is “%(status)s” cannot be published."),
            "close": _("A call that is “%(status)s” cannot be closed."),
            "cancel": _("A call that is “%(status)s” cannot be cancelled."),
        }
        raise ServiceError(
            messages[name] % {"status": call.get_status_display()},
            code=CallsError.TRANSITION,
        )
    return transition.target


def is_editable(call: Call) -> bool:
    """Only a draft is edited in place; afterwards changes are amendments."""
    return call.status == CallStatus.DRAFT


def is_amendable(call: Call) -> bool:
    return call.status == CallStatus.PUBLISHED


def is_public(call: Call) -> bool:
    return call.status in PUBLIC_STATUSES and call.published_at is not None
