"""The call's state machine walked completely, the one rule of when a call is public, and the one rule of when its
deadline has passed."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.utils import timezone, translation

from huimin.calls.error_codes import CallsError
from huimin.calls.models import Call, CallStatus
from huimin.calls.rules import call_deadline_passed
from huimin.calls.states import CALL_MACHINE, is_public, public_calls_q
from huimin.core.services.errors import ServiceError
from huimin.core.testing.statemachines import assert_machine_walks

from .factories_calls import draft_call, times, world  # noqa: F401


def test_the_call_machine_walks_its_whole_table():
    assert_machine_walks(
        CALL_MACHINE,
        expected={
            (CallStatus.DRAFT, "publish"): CallStatus.PUBLISHED,
            (CallStatus.DRAFT, "cancel"): CallStatus.CANCELLED,
            (CallStatus.PUBLISHED, "close"): CallStatus.CLOSED,
            (CallStatus.PUBLISHED, "cancel"): CallStatus.CANCELLED,
        },
        initial=[CallStatus.DRAFT],
    )


def test_a_refused_transition_names_the_status_and_keeps_its_code():
    with translation.override("en"), pytest.raises(ServiceError) as refused:
        CALL_MACHINE.require(CallStatus.CLOSED, "publish")
    assert refused.value.error_code == CallsError.TRANSITION
    assert "A call that is “Closed (deadline passed)” cannot be published." in " ".join(refused.value.messages)


@pytest.mark.django_db
@pytest.mark.parametrize("status", list(CallStatus))
@pytest.mark.parametrize("published", [True, False])
def test_is_public_and_the_public_filter_agree(world, times, status, published):  # noqa: F811
    now, deadline = times
    call = draft_call(world, now=now, deadline=deadline)
    Call.objects.filter(pk=call.pk).update(status=status, published_at=timezone.now() if published else None)
    call.refresh_from_db()
    in_filter = Call.objects.filter(public_calls_q(), pk=call.pk).exists()
    assert is_public(call) is in_filter
    # A call is public once it has been published; a draft never is.
    expected = status in (CallStatus.PUBLISHED, CallStatus.CLOSED) or (status == CallStatus.CANCELLED and published)
    assert is_public(call) is expected


def test_the_deadline_has_passed_from_the_deadline_itself():
    deadline = timezone.now().replace(microsecond=0)
    call = SimpleNamespace(status=CallStatus.PUBLISHED, deadline=deadline)
    assert not call_deadline_passed(call, deadline - timedelta(seconds=1))
    assert call_deadline_passed(call, deadline)
    assert call_deadline_passed(call, deadline + timedelta(seconds=1))
