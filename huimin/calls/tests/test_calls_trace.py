# ruff: noqa: F811  (the world fixture is imported and used by name)
"""Traceability from a call: a later context (a proposal, a contract) holds a call, reaches its intention and walks
back through planning's trace to the residents' needs and supports behind it, without personal data."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest

from huimin.calls.models import Call, CallStatus
from huimin.core.models import Organization, OrganizationType
from huimin.core.permissions import SystemActor
from huimin.core.services import organization_create
from huimin.needs.models import NeedStatus, SupportChannel
from huimin.planning.models import Intention, Round
from huimin.planning.selectors import IntentionTrace, intention_trace
from huimin.planning.tests.factories import T0, add_support, make_intention, make_need, world  # noqa: F401

pytestmark = pytest.mark.django_db


def manager_org() -> Organization:
    found = Organization.objects.filter(name="大同市毅源力社会组织发展中心").first()
    return found or organization_create(
        actor=SystemActor("test"), name="大同市毅源力社会组织发展中心", org_type=OrganizationType.SOCIAL_SERVICE
    )


def make_call(r: Round, intentions: list[Intention], *, status: str = CallStatus.PUBLISHED) -> Call:
    """A call listing the intentions, written directly (the calls' own services are tested with them)."""
    call = Call.objects.create(
        number=f"C-{r.code}-{Call.objects.count() + 1:03d}",
        round=r,
        manager=manager_org(),
        title="平城区第二届政府向社会力量购买服务项目申报通知",
        cap_per_project=Decimal("50000"),
        deadline=T0 + timedelta(days=40),
        status=status,
        published_at=T0 + timedelta(days=20) if status != CallStatus.DRAFT else None,
    )
    call.intentions.set(intentions)
    return call


def test_from_a_call_one_walks_back_to_the_needs_and_supports(world):
    # Residents supported 太极拳 (3 by phone) and a similar need that the community merged into it (2, one of them
    # a resident who had also supported 太极拳).
    similar = make_need(world.longyuan, title="老年太极", status=NeedStatus.MERGED, merged_into=world.taiji)
    add_support(similar, "resident-new-1", channel=SupportChannel.ACCOUNT)
    taiji_supporter = world.taiji.supports.order_by("created_at").first().supporter_key
    add_support(similar, taiji_supporter)
    intention = make_intention(
        world.east_buyer,
        world.round,
        world.east,
        communities=[world.longyuan, world.yingchun],
        needs=[world.taiji, world.weiqi],
        budget="30000",
        confirm=True,
    )
    call = make_call(world.round, [intention])

    # A later context holds the call (or a proposal/contract pointing at its intention) and walks back.
    behind = call.intentions.get()
    trace = intention_trace(behind)

    assert isinstance(trace, IntentionTrace)
    assert [c.name for c in trace.communities] == ["水泉湾龙园社区", "迎春里社区"]
    assert [t.need.number for t in trace.needs] == [world.taiji.number, world.weiqi.number]
    taiji, weiqi = trace.needs
    assert taiji.community == world.longyuan and weiqi.community == world.yingchun
    assert (taiji.support_count, weiqi.support_count) == (3, 1)
    assert [m.need.number for m in taiji.merged] == [similar.number]
    assert taiji.merged[0].support_count == 2
    assert taiji.total_support_count == 5
    assert taiji.resident_count == 4  # the resident who supported both counts once
    assert trace.support_count == 6 and trace.need_count == 2
    assert taiji.intention_numbers == [intention.number]
    channels = {s.channel for s in taiji.supports}
    assert channels == {SupportChannel.PHONE}
    assert [s.supported_at for s in taiji.supports] == sorted(s.supported_at for s in taiji.supports)
