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

from django.db.models import Q
from django.utils.translation import gettext, gettext_lazy

from huimin.core.services.errors import ServiceError
from huimin.core.statemachine import StateMachine, Transition

from .error_codes import CallsError
from .models import Call, CallStatus

CALL_MACHINE = StateMachine(
    Transition(
        "publish",
        {CallStatus.DRAFT},
        CallStatus.PUBLISHED,
        gettext_lazy("A call that is “%(status)s” cannot be published."),
    ),
    Transition(
        "close",
        {CallStatus.PUBLISHED},
        CallStatus.CLOSED,
        gettext_lazy("A call that is “%(status)s” cannot be closed."),
    ),
    Transition(
        "cancel",
        {CallStatus.DRAFT, CallStatus.PUBLISHED},
        CallStatus.CANCELLED,
        gettext_lazy("A call that is “%(status)s” cannot be cancelled."),
    ),
    statuses=CallStatus,
    code=CallsError.TRANSITION,
)

# Statuses a call reaches only after it was published (a cancelled draft never was).
PUBLISHED_ONCE: frozenset[str] = frozenset({CallStatus.PUBLISHED, CallStatus.CLOSED})


def is_editable(call: Call) -> bool:
    """Only a draft is edited in place; afterwards changes are amendments."""
    return call.status == CallStatus.DRAFT


def require_editable(call: Call) -> None:
    """ServiceError `call_published_use_amendment` unless the call is a draft."""
    if not is_editable(call):
        raise ServiceError(
            gettext(
                "The call %(number)s is %(status)s: it cannot be edited any more. Publish an amendment with the reason "
                "for the change instead."
            )
            % {"number": call.number, "status": call.get_status_display()},
            code=CallsError.PUBLISHED_USE_AMENDMENT,
        )


def is_amendable(call: Call) -> bool:
    return call.status == CallStatus.PUBLISHED


def is_public(call: Call) -> bool:
    """A call is public once it has been published: published or closed (publication always sets `published_at`),
    or cancelled after its publication. A draft, and a draft cancelled before publication, never are."""
    if call.status in PUBLISHED_ONCE:
        return True
    return call.status == CallStatus.CANCELLED and call.published_at is not None


def public_calls_q() -> Q:
    """`is_public` as a filter on Call."""
    return Q(status__in=[CallStatus.PUBLISHED, CallStatus.CLOSED]) | Q(
        status=CallStatus.CANCELLED, published_at__isnull=False
    )
