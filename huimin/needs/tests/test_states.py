"""The transition table, state by state and action by action, through the services."""

from __future__ import annotations

import pytest

from huimin.core.services.errors import ServiceError
from huimin.core.testing.statemachines import assert_machine_walks
from huimin.needs.error_codes import NeedsError
from huimin.needs.models import NeedStatus
from huimin.needs.services import need_accept, need_decide, need_decline, need_merge
from huimin.needs.states import NEED_MACHINE, NeedAction

from .factories import make_need

pytestmark = pytest.mark.django_db

EXPECTED = {
    (NeedStatus.SUBMITTED, NeedAction.ACCEPT): NeedStatus.ACCEPTED,
    (NeedStatus.SUBMITTED, NeedAction.MERGE): NeedStatus.MERGED,
    (NeedStatus.SUBMITTED, NeedAction.DECLINE): NeedStatus.DECLINED,
}


def test_the_table_is_exactly_submitted_to_accepted_merged_or_declined():
    assert_machine_walks(NEED_MACHINE, expected=EXPECTED, initial=[NeedStatus.SUBMITTED], params={"number": "X"})
    assert NEED_MACHINE.allowed(NeedStatus.SUBMITTED) == [NeedAction.ACCEPT, NeedAction.MERGE, NeedAction.DECLINE]
    for final in (NeedStatus.ACCEPTED, NeedStatus.MERGED, NeedStatus.DECLINED):
        assert NEED_MACHINE.is_final(final)


def _need_in(world, status):
    need = make_need(world.community_a1, world.worker_a1)
    if status == NeedStatus.ACCEPTED:
        need_accept(need=need, actor=world.worker_a1)
    elif status == NeedStatus.MERGED:
        target = make_need(world.community_a1, world.worker_a1)
        need_merge(need=need, into=target, answer="与另一条需求相同", actor=world.worker_a1)
    elif status == NeedStatus.DECLINED:
        need_decline(need=need, answer="不属于购买服务范围", actor=world.worker_a1)
    need.refresh_from_db()
    assert need.status == status
    return need


@pytest.mark.parametrize("status", list(NeedStatus.values))
@pytest.mark.parametrize("action", [a.value for a in NeedAction])
def test_every_state_and_action(world, status, action):
    need = _need_in(world, status)
    into = make_need(world.community_a1, world.worker_a1) if action == NeedAction.MERGE else None
    expected = NEED_MACHINE.target(status, action)
    if expected is None:
        with pytest.raises(ServiceError) as err:
            need_decide(need=need, action=action, answer="答复", into=into, actor=world.worker_a1)
        assert err.value.error_code == NeedsError.TRANSITION_REFUSED
        need.refresh_from_db()
        assert need.status == status
    else:
        need_decide(need=need, action=action, answer="答复", into=into, actor=world.worker_a1)
        need.refresh_from_db()
        assert need.status == expected
        assert need.answer == "答复"
        assert need.answered_by == world.worker_a1.user
        assert need.answered_at is not None


def test_an_unknown_action_is_refused(world):
    need = make_need(world.community_a1, world.worker_a1)
    with pytest.raises(ServiceError) as err:
        need_decide(need=need, action="approve", actor=world.worker_a1)
    assert err.value.error_code == NeedsError.TRANSITION_REFUSED


def test_the_refusal_names_the_need_and_its_status(world):
    from django.utils import translation

    need = _need_in(world, NeedStatus.DECLINED)
    with translation.override("en"), pytest.raises(ServiceError) as err:
        need_accept(need=need, actor=world.worker_a1)
    assert err.value.messages == [
        f"Need {need.number} is Declined; only a submitted need can be accepted, merged or declined."
    ]
