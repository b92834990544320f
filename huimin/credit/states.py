"""The three state machines of the credit context, as explicit transition tables (only huimin.credit.services move
along them).

The publication of a 双公示 record (`status`, with `is_public`):

    (filed) ──plan──▶ published | not_published | expired        a correction or a re-import plans again:
    published | not_published | expired ──plan_published / plan_not_published / plan_expired──▶ …
    published ──expire (公示截止期 passed, daily job)──▶ expired
    published ──repair (an approved credit repair)──▶ repaired
    published | not_published | expired | repaired ──revoke (the decision was revoked)──▶ revoked

- A new record's status is what its publication plan says (`huimin.credit.rules.publication_plan`): not published
  when the regime does not publish its severity, expired when its deadline has passed, published otherwise.
- repaired and revoked are final for the plan: corrections and re-imports keep them; a repaired record may still be
  revoked; a revoked one never moves again.

A credit repair request (`RepairRequest.status`):

    submitted ──approve (the regime's conditions met)──▶ approved
        └──refuse (with a reason)──▶ refused

A joint-punishment list entry (no status column: removed when `removed_on` is set):

    listed ──remove (by the credit administrator, or lifted by an approved repair)──▶ removed
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from huimin.core.statemachine import StateMachine, Transition

from .error_codes import CreditError
from .models import ListEntry, PublicationStatus, RepairStatus

# --- publication ---------------------------------------------------------------------------------------------------

PLAN_PUBLISHED = "plan_published"
PLAN_NOT_PUBLISHED = "plan_not_published"
PLAN_EXPIRED = "plan_expired"
EXPIRE = "expire"
REPAIR = "repair"
REVOKE = "revoke"

# Statuses a correction or a re-import plans again; the others (repaired, revoked) are kept.
PLANNED: frozenset[str] = frozenset(
    {PublicationStatus.PUBLISHED, PublicationStatus.NOT_PUBLISHED, PublicationStatus.EXPIRED}
)
FINAL_STATUSES: frozenset[str] = frozenset(PublicationStatus.values) - PLANNED

PUBLICATION_MACHINE = StateMachine(
    Transition(PLAN_PUBLISHED, PLANNED, PublicationStatus.PUBLISHED),
    Transition(PLAN_NOT_PUBLISHED, PLANNED, PublicationStatus.NOT_PUBLISHED),
    Transition(PLAN_EXPIRED, PLANNED, PublicationStatus.EXPIRED),
    Transition(EXPIRE, {PublicationStatus.PUBLISHED}, PublicationStatus.EXPIRED),
    Transition(
        REPAIR,
        {PublicationStatus.PUBLISHED},
        PublicationStatus.REPAIRED,
        _("Penalty %(number)s is not on public view, so there is nothing to repair."),
        code="repair_conditions_not_met",
    ),
    Transition(
        REVOKE,
        frozenset(PublicationStatus.values) - {PublicationStatus.REVOKED},
        PublicationStatus.REVOKED,
        _("The decision %(number)s is already revoked."),
        code=CreditError.RECORD_ALREADY_REVOKED,
    ),
    statuses=PublicationStatus,
    code=CreditError.RECORD_TRANSITION,
)

# The status a publication plan gives: the transition that leads there from a status planned before.
PLAN_TRANSITION: dict[str, str] = {
    PublicationStatus.PUBLISHED: PLAN_PUBLISHED,
    PublicationStatus.NOT_PUBLISHED: PLAN_NOT_PUBLISHED,
    PublicationStatus.EXPIRED: PLAN_EXPIRED,
}


def planned_status(previous: str | None, planned: str) -> str:
    """The status a record gets from its plan: `planned` for a new record (no previous status), the machine's
    target from a status planned before; a final status (repaired, revoked) is kept."""
    if previous is None:
        return planned
    if previous in FINAL_STATUSES:
        return previous
    return PUBLICATION_MACHINE.require(previous, PLAN_TRANSITION[planned])


# --- repair requests -----------------------------------------------------------------------------------------------

APPROVE = "approve"
REFUSE = "refuse"
_ALREADY_DECIDED = _("This repair request of penalty %(number)s was already decided (%(status)s).")

REPAIR_MACHINE = StateMachine(
    Transition(APPROVE, {RepairStatus.SUBMITTED}, RepairStatus.APPROVED, _ALREADY_DECIDED),
    Transition(REFUSE, {RepairStatus.SUBMITTED}, RepairStatus.REFUSED, _ALREADY_DECIDED),
    statuses=RepairStatus,
    code=CreditError.REPAIR_ALREADY_DECIDED,
)
# A request in this status waits for the administrator (one per penalty at a time).
PENDING_REPAIR: frozenset[str] = frozenset(s for s in RepairStatus.values if not REPAIR_MACHINE.is_final(s))


# --- list entries --------------------------------------------------------------------------------------------------


class ListEntryState(models.TextChoices):
    LISTED = "listed", _("On the list")
    REMOVED = "removed", _("Taken off the list")


REMOVE = "remove"

LIST_ENTRY_MACHINE = StateMachine(
    Transition(
        REMOVE, {ListEntryState.LISTED}, ListEntryState.REMOVED, _("This entry was already removed on %(date)s.")
    ),
    statuses=ListEntryState,
    code=CreditError.LIST_ENTRY_REMOVED,
)


def list_entry_state(entry: ListEntry) -> str:
    return ListEntryState.REMOVED if entry.removed_on is not None else ListEntryState.LISTED


def list_entry_require_removable(entry: ListEntry) -> None:
    """ServiceError `list_entry_removed` when the entry was removed already."""
    removed = entry.removed_on.isoformat() if entry.removed_on is not None else ""
    LIST_ENTRY_MACHINE.require(list_entry_state(entry), REMOVE, date=removed)
