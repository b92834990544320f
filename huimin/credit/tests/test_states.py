"""The credit context's three transition tables, walked completely: a record's publication, a repair request, a
list entry."""

from __future__ import annotations

from datetime import date

import pytest
from django.utils import translation

from huimin.core.services.errors import ServiceError
from huimin.core.testing.statemachines import assert_machine_walks
from huimin.credit.models import ListEntry, PublicationStatus, RepairStatus
from huimin.credit.states import (
    APPROVE,
    EXPIRE,
    FINAL_STATUSES,
    LIST_ENTRY_MACHINE,
    PLAN_EXPIRED,
    PLAN_NOT_PUBLISHED,
    PLAN_PUBLISHED,
    PUBLICATION_MACHINE,
    REFUSE,
    REMOVE,
    REPAIR,
    REPAIR_MACHINE,
    REVOKE,
    ListEntryState,
    list_entry_require_removable,
    planned_status,
)

P = PublicationStatus
PLANNED = (P.PUBLISHED, P.NOT_PUBLISHED, P.EXPIRED)
PUBLICATION = {
    **{(s, PLAN_PUBLISHED): P.PUBLISHED for s in PLANNED},
    **{(s, PLAN_NOT_PUBLISHED): P.NOT_PUBLISHED for s in PLANNED},
    **{(s, PLAN_EXPIRED): P.EXPIRED for s in PLANNED},
    (P.PUBLISHED, EXPIRE): P.EXPIRED,
    (P.PUBLISHED, REPAIR): P.REPAIRED,
    **{(s, REVOKE): P.REVOKED for s in (*PLANNED, P.REPAIRED)},
}


def test_the_publication_table():
    assert_machine_walks(PUBLICATION_MACHINE, expected=PUBLICATION, initial=PLANNED, params={"number": "X"})
    assert PUBLICATION_MACHINE.is_final(P.REVOKED)
    assert FINAL_STATUSES == {P.REVOKED, P.REPAIRED}


def test_a_revoked_record_is_refused_with_its_own_code_and_number():
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        PUBLICATION_MACHINE.require(P.REVOKED, REVOKE, number="平城罚〔2020〕1号")
    assert refused.value.error_code == "record_already_revoked"
    assert refused.value.messages == ["The decision 平城罚〔2020〕1号 is already revoked."]


@pytest.mark.parametrize("previous", [None, *PLANNED])
@pytest.mark.parametrize("planned", PLANNED)
def test_the_plan_decides_unless_the_status_is_final(previous, planned):
    assert planned_status(previous, planned) == planned
    for final in FINAL_STATUSES:
        assert planned_status(final, planned) == final


def test_the_repair_request_table():
    assert_machine_walks(
        REPAIR_MACHINE,
        expected={
            (RepairStatus.SUBMITTED, APPROVE): RepairStatus.APPROVED,
            (RepairStatus.SUBMITTED, REFUSE): RepairStatus.REFUSED,
        },
        initial=[RepairStatus.SUBMITTED],
        params={"number": "X"},
    )
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        REPAIR_MACHINE.require(RepairStatus.REFUSED, APPROVE, number="N-1")
    assert refused.value.error_code == "repair_already_decided"
    assert refused.value.messages == ["This repair request of penalty N-1 was already decided (Refused)."]


def test_the_list_entry_table():
    assert_machine_walks(
        LIST_ENTRY_MACHINE,
        expected={(ListEntryState.LISTED, REMOVE): ListEntryState.REMOVED},
        initial=[ListEntryState.LISTED],
        params={"date": "2020-01-01"},
    )
    list_entry_require_removable(ListEntry(removed_on=None))
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        list_entry_require_removable(ListEntry(removed_on=date(2020, 5, 6)))
    assert refused.value.error_code == "list_entry_removed"
    assert refused.value.messages == ["This entry was already removed on 2020-05-06."]
