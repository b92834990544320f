"""Fix windows: opened by the call's managers on submitted proposals after the deadline; the organization changes
only the named sections, only until the window's end; the fix is sealed with a receipt of kind "fix" and the
registered listeners hear of it after commit."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

from datetime import timedelta

import pytest

from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError

from .. import hooks
from .. import services as s
from ..models import Proposal, Receipt
from ..selectors import editable_sections
from .factories import AFTER, NOW, make_complete_proposal, make_submitted_proposal, submit, world  # noqa: F401

pytestmark = pytest.mark.django_db

UNTIL = AFTER + timedelta(days=3)


def code_of(excinfo) -> str:
    return excinfo.value.error_code


def opened(world, sections=("budget", "documents")) -> Proposal:
    p = make_submitted_proposal(world)
    return s.proposal_open_fix(proposal=p, sections=list(sections), until=UNTIL, actor=world.manager, now=AFTER)


def test_manager_opens_a_fix_window_after_the_deadline(world):
    p = opened(world)
    assert p.fix_sections == ["budget", "documents"] and p.fix_until == UNTIL
    assert editable_sections(world.provider, p, now=AFTER) == ["budget", "documents"]
    assert editable_sections(world.manager, p, now=AFTER) == []


def test_fix_window_only_on_submitted_proposals_after_the_deadline(world):
    p = make_submitted_proposal(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_open_fix(proposal=p, sections=["budget"], until=UNTIL, actor=world.manager, now=NOW)
    assert code_of(excinfo) == "proposal_fix_not_allowed"
    draft = make_complete_proposal(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_open_fix(proposal=draft, sections=["budget"], until=UNTIL, actor=world.manager, now=AFTER)
    assert code_of(excinfo) == "proposal_fix_not_allowed"
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_open_fix(proposal=p, sections=["budget", "cover"], until=UNTIL, actor=world.manager, now=AFTER)
    assert code_of(excinfo) == "proposal_fix_sections_invalid"
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_open_fix(proposal=p, sections=[], until=UNTIL, actor=world.manager, now=AFTER)
    assert code_of(excinfo) == "proposal_fix_sections_invalid"
    with pytest.raises(ServiceError):
        s.proposal_open_fix(proposal=p, sections=["budget"], until=AFTER, actor=world.manager, now=AFTER)


@pytest.mark.parametrize("who", ["provider", "other_manager", "purchaser", "reviewer"])
def test_only_the_calls_managers_open_a_fix_window(world, who):
    p = make_submitted_proposal(world)
    with pytest.raises(PermissionDenied):
        s.proposal_open_fix(proposal=p, sections=["budget"], until=UNTIL, actor=getattr(world, who), now=AFTER)


def test_during_the_window_only_the_named_sections_change(world):
    p = opened(world, ["budget"])
    line = p.budget_lines.get(category="activity")
    line = s.budget_line_update(line=line, actor=world.provider, now=AFTER, unit_price="7000")
    p = s.proposal_update(proposal=p, actor=world.provider, now=AFTER, applied_amount="49000")
    assert p.applied_amount == 49000
    for attempt in [
        lambda: s.proposal_update(proposal=p, actor=world.provider, now=AFTER, title="顺便改个标题"),
        lambda: s.proposal_update(proposal=p, actor=world.provider, now=AFTER, applied_amount="1", summary="x"),
        lambda: s.activity_add(proposal=p, actor=world.provider, now=AFTER, name="新活动"),
        lambda: s.proposal_document_remove(proposal=p, code="application_form", actor=world.provider, now=AFTER),
        lambda: s.proposal_accept_commitment(proposal=p, actor=world.provider, now=AFTER, accepted=False),
    ]:
        with pytest.raises(ServiceError) as excinfo:
            attempt()
        assert code_of(excinfo) == "proposal_fix_section_locked"
        assert "Budget" in str(excinfo.value) or "预算" in str(excinfo.value)
    p.refresh_from_db()
    assert p.applied_amount == 49000 and p.title == "龙园社区老年人太极拳健身培训项目"


def test_nothing_changes_once_the_window_has_ended(world):
    p = opened(world, ["budget"])
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_update(proposal=p, actor=world.provider, now=UNTIL, applied_amount="49000")
    assert code_of(excinfo) == "proposal_fix_closed"
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_submit_fix(proposal=p, actor=world.provider, now=UNTIL)
    assert code_of(excinfo) == "proposal_fix_closed"
    assert editable_sections(world.provider, p, now=UNTIL) == []


def test_fix_submission_seals_a_fix_receipt_closes_the_window_and_notifies(world, django_capture_on_commit_callbacks):
    heard: list[Proposal] = []
    hooks.register_fix_listener(heard.append)
    try:
        p = opened(world, ["narrative"])
        p = s.proposal_update(proposal=p, actor=world.provider, now=AFTER, risks="补充：冬季活动改在室内")
        with django_capture_on_commit_callbacks(execute=True):
            receipt = s.proposal_submit_fix(proposal=p, actor=world.provider, now=AFTER + timedelta(hours=1))
    finally:
        hooks.unregister_fix_listener(heard.append)
    assert receipt.kind == "fix" and receipt.number == f"R-{world.call.number}-0002"
    assert receipt.content["narrative"]["risks"] == "补充：冬季活动改在室内"
    p.refresh_from_db()
    assert p.fix_sections == [] and p.fix_until is None
    assert p.receipt_number == f"R-{world.call.number}-0001"  # the submission's number stays the proposal's
    assert [x.pk for x in heard] == [p.pk]
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_update(proposal=p, actor=world.provider, now=AFTER + timedelta(hours=2), risks="再改")
    assert code_of(excinfo) == "proposal_deadline_passed"


def test_a_fix_with_problems_left_in_its_sections_is_refused(world):
    p = opened(world, ["budget"])
    s.budget_line_add(
        proposal=p,
        actor=world.provider,
        now=AFTER,
        category="meeting",
        item="会议",
        unit_price="400.01",
        unit="人/天",
        quantity="1",
    )
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_submit_fix(proposal=p, actor=world.provider, now=AFTER)
    assert code_of(excinfo) == "proposal_not_ready"
    assert Receipt.objects.filter(kind="fix").count() == 0


def test_listeners_are_not_called_when_the_fix_rolls_back(world, django_capture_on_commit_callbacks):
    heard: list[Proposal] = []
    hooks.register_fix_listener(heard.append)
    try:
        p = opened(world, ["budget"])
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            with pytest.raises(ServiceError):
                s.proposal_submit_fix(proposal=p, actor=world.provider, now=UNTIL)
        assert callbacks == []
    finally:
        hooks.unregister_fix_listener(heard.append)
    assert heard == []


def test_a_failing_listener_does_not_stop_the_others(world, django_capture_on_commit_callbacks):
    heard: list[str] = []

    def broken(proposal):
        raise RuntimeError("listener failed")

    def good(proposal):
        heard.append(proposal.title)

    hooks.register_fix_listener(broken)
    hooks.register_fix_listener(good)
    try:
        p = opened(world, ["budget"])
        with django_capture_on_commit_callbacks(execute=True):
            s.proposal_submit_fix(proposal=p, actor=world.provider, now=AFTER)
    finally:
        hooks.unregister_fix_listener(broken)
        hooks.unregister_fix_listener(good)
    assert heard == ["龙园社区老年人太极拳健身培训项目"]


def test_manager_closes_a_window(world):
    p = opened(world)
    p = s.proposal_close_fix(proposal=p, actor=world.manager, now=AFTER)
    assert p.fix_sections == [] and p.fix_until is None
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_update(proposal=p, actor=world.provider, now=AFTER, applied_amount="1")
    assert code_of(excinfo) == "proposal_deadline_passed"


def test_a_fix_is_not_a_resubmission_before_the_deadline(world):
    p = make_complete_proposal(world)
    submit(p, world.provider)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_submit_fix(proposal=p, actor=world.provider, now=NOW)
    assert code_of(excinfo) == "proposal_fix_closed"
