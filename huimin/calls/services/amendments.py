"""Amendments (更正公告): the only way a published call changes.

`call_amend(call=…, changes={field: new value}, reason=…, actor=…)` checks the new values as `call_update` would,
checks that the call stays complete, and records a `CallAmendment` with every changed field as
{"before": …, "after": …}, the reason, and the deadline before and after. It is public at once.

The deadline (ANCHORS: Prozorro's "edits shortly before the deadline force an extension"):

- Late amendment. Let d = the amendment's day and D = the deadline's day (Asia/Shanghai), and
  `remaining = working_days_between(d, D)` (working days after d up to and including D). When
  `remaining ≤ call.late_amendment_working_days`, the deadline moves to
  `add_working_days(d, call.extension_working_days)` at the deadline's time of day — if that is later than the
  deadline the amendment would otherwise leave. With the defaults (3 and 3): an amendment on Monday with the
  deadline on Thursday (remaining 3) moves it to the following Thursday at the same hour; on the Monday before a
  Friday deadline (remaining 4) it does not.
- Explicit change. `changes["deadline"]` may set a new deadline, never earlier than
  `add_working_days(d, call.extension_working_days)` at the amendment's time of day (providers always keep at least
  that long after any published change). The late rule is applied on top of it.

The amendment records `deadline_before`, `deadline_after` and `extended` (True when the late rule moved it); a
changed deadline also appears in `changes["deadline"]` with `"automatic": true` when the rule moved it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError
from huimin.planning.services import intention_listing_set

from ..error_codes import CallsError
from ..events import CallsEvent
from ..models import Call, CallAmendment
from ..permissions import can_manage_call
from ..rules import AMENDABLE_FIELDS, earliest_amended_deadline, late_amendment_deadline
from ..states import is_amendable
from .calls import (
    _apply_changes,
    _clean_changes,
    _diff,
    _field_json,
    _full_state,
    _readiness_errors,
    _snapshot,
    call_document_upload,
)

REASON_MAX = 2000


@dataclass(frozen=True)
class DeadlineMove:
    before: datetime
    after: datetime
    extended: bool  # moved by the late-amendment rule
    late: bool  # the amendment falls in the late window (whether or not that moved the deadline)
    remaining_working_days: int


def _plan_deadline(call: Call, *, explicit: datetime | None, now: datetime) -> DeadlineMove:
    before = call.deadline
    base = explicit or before
    after, late, remaining = late_amendment_deadline(
        deadline=base,
        amended_at=now,
        late_window=call.late_amendment_working_days,
        extension=call.extension_working_days,
    )
    return DeadlineMove(before=before, after=after, extended=after != base, late=late, remaining_working_days=remaining)


@dataclass
class AmendmentPlan:
    """What an amendment would do, computed without saving (the amendment page shows it before publishing)."""

    values: dict[str, Any]
    changes: dict[str, dict[str, Any]]
    deadline: DeadlineMove
    problems: dict[str, str] = field(default_factory=dict)


def call_amendment_plan(
    *, call: Call, changes: Mapping[str, Any], actor: Actor, now: datetime | None = None
) -> AmendmentPlan:
    """Check `changes` and work out the resulting changes and deadline. Raises ServiceError when a value is wrong
    or the call would be incomplete; changes that equal the current values are dropped."""
    now = now or timezone.now()
    if not is_amendable(call):
        raise ServiceError(
            _("The call %(number)s is %(status)s; only a published call open for proposals can be amended.")
            % {"number": call.number, "status": call.get_status_display()},
            code=CallsError.NOT_AMENDABLE,
        )
    if call.deadline <= now:
        raise ServiceError(
            _("The deadline of the call %(number)s has passed; it can no longer be amended.") % {"number": call.number},
            code=CallsError.NOT_AMENDABLE,
        )
    values = _clean_changes(call, changes, allowed=AMENDABLE_FIELDS, actor=actor, now=now)
    before = _snapshot(call, values.keys())
    after = {name: _field_json(name, value) for name, value in values.items()}
    changed = _diff(before, after)
    values = {name: value for name, value in values.items() if name in changed}
    problems = _readiness_errors(_full_state(call, values))
    explicit = values.get("deadline")
    if explicit is not None:
        earliest = earliest_amended_deadline(call, now=now)
        if explicit < earliest:
            problems["deadline"] = _(
                "An amendment leaves providers at least %(days)d working days: the deadline may be %(earliest)s at "
                "the earliest."
            ) % {
                "days": call.extension_working_days,
                "earliest": timezone.localtime(earliest).strftime("%Y-%m-%d %H:%M"),
            }
    if problems:
        raise ServiceError.for_fields(problems, code=CallsError.NOT_READY)
    move = _plan_deadline(call, explicit=explicit, now=now)
    changed.pop("deadline", None)
    if move.after != move.before:
        changed["deadline"] = {
            "before": _field_json("deadline", move.before),
            "after": _field_json("deadline", move.after),
            "automatic": move.extended,
        }
        values["deadline"] = move.after
    else:
        values.pop("deadline", None)
    return AmendmentPlan(values=values, changes=changed, deadline=move)


def _clean_reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.for_fields(
            {"reason": _("Say why the call is amended; the reason is published with the amendment.")},
            code=CallsError.AMENDMENT_REASON,
        )
    if len(reason) > REASON_MAX:
        raise ServiceError.for_fields(
            {
                "reason": _("The reason has %(length)d characters; at most %(max)d.")
                % {"length": len(reason), "max": REASON_MAX}
            },
            code=CallsError.AMENDMENT_REASON,
        )
    return reason


@transaction.atomic
def call_amend(
    *,
    call: Call,
    changes: Mapping[str, Any],
    reason: str,
    actor: Actor,
    uploads: Iterable[Any] = (),
    now: datetime | None = None,
) -> CallAmendment:
    """Publish an amendment of a published call: the changed fields (before → after), the reason, and the deadline
    moved by the late-amendment rule when it applies. `uploads` are new documents added to the call's documents.
    Refuses an amendment that changes nothing."""
    now = now or timezone.now()
    require(can_manage_call(actor, call), _("Only the call's project managers may amend it."))
    call = Call.objects.select_for_update().select_related("round", "manager").get(pk=call.pk)
    reason = _clean_reason(reason)
    changes = dict(changes)
    uploads = list(uploads)
    if uploads:
        if not is_amendable(call):
            call_amendment_plan(call=call, changes={}, actor=actor, now=now)  # raises the state's refusal
        new = [call_document_upload(call=call, uploaded_file=f, actor=actor) for f in uploads]
        changes["documents"] = list(changes.get("documents", call.documents.all())) + new
    plan = call_amendment_plan(call=call, changes=changes, actor=actor, now=now)
    if not plan.changes:
        raise ServiceError(
            _("The amendment changes nothing: change at least one part of the call."),
            code=CallsError.AMENDMENT_EMPTY,
        )
    deadline_before = call.deadline
    _apply_changes(call, plan.values, actor=actor)
    if {"intentions", "title"} & plan.values.keys():
        # planning holds the intentions the call lists now, and releases those it no longer lists
        intention_listing_set(
            call_number=call.number, call_title=call.title, intentions=call.intentions.all(), actor=actor, now=now
        )
    if "documents" in plan.values:
        call.documents.update(is_public=True)
    sequence = CallAmendment.objects.filter(call=call).count() + 1
    amendment = CallAmendment.objects.create(
        call=call,
        sequence=sequence,
        reason=reason,
        changes=plan.changes,
        deadline_before=deadline_before,
        deadline_after=call.deadline,
        extended=plan.deadline.extended,
        published_at=now,
        published_by=actor.user,
    )
    audit_record(
        actor=actor,
        event_type=CallsEvent.CALL_AMENDED,
        target=call,
        payload={
            "sequence": sequence,
            "reason": reason,
            "changes": plan.changes,
            "deadline_before": deadline_before,
            "deadline_after": call.deadline,
            "extended": plan.deadline.extended,
            "remaining_working_days": plan.deadline.remaining_working_days,
        },
    )
    return amendment
