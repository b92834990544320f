"""Submission: before the deadline only, everything checked at once, sealed with a receipt; read-only once submitted;
withdraw and resubmit; amendments to re-confirm; after the deadline nothing changes."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

from datetime import timedelta

import pytest

from huimin.calls.models import Call
from huimin.core.services.errors import ServiceError

from .. import services as s
from ..content import content_digest, proposal_content
from ..models import Proposal, ProposalStatus, Receipt
from ..selectors import amendments_unconfirmed
from .factories import (
    AFTER,
    DEADLINE,
    NOW,
    make_attachment,
    make_complete_proposal,
    make_draft,
    make_submitted_proposal,
    make_team_member,
    publish_amendment,
    submit,
    world,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def code_of(excinfo) -> str:
    return excinfo.value.error_code


def test_submission_seals_with_a_receipt(world):
    p = make_complete_proposal(world)
    receipt = submit(p, world.provider, now=NOW)
    p.refresh_from_db()
    assert p.status == ProposalStatus.SUBMITTED
    assert p.submitted_at == NOW
    assert p.receipt_number == receipt.number == f"R-{world.call.number}-0001"
    assert receipt.kind == "submission" and receipt.submitted_at == NOW
    assert receipt.content == proposal_content(p)
    assert receipt.digest == content_digest(receipt.content)
    assert len(receipt.digest) == 64
    assert receipt.content["basics"]["title"] == "龙园社区老年人太极拳健身培训项目"  # Chinese kept as is


def test_receipt_numbers_follow_each_other_per_call_and_are_unique(world):
    first = submit(make_complete_proposal(world), world.provider)
    second = submit(
        make_complete_proposal(world, org=world.other_provider_org, actor=world.other_provider), world.other_provider
    )
    assert (first.number, second.number) == (f"R-{world.call.number}-0001", f"R-{world.call.number}-0002")


def test_digest_is_stable_for_the_same_content_and_changes_with_it(world):
    p = make_complete_proposal(world)
    first = submit(p, world.provider)
    s.proposal_withdraw(proposal=p, actor=world.provider, now=NOW + timedelta(hours=1))
    again = submit(p, world.provider, now=NOW + timedelta(hours=2))
    assert again.digest == first.digest and again.number != first.number
    s.proposal_withdraw(proposal=p, actor=world.provider, now=NOW + timedelta(hours=3))
    s.proposal_update(proposal=p, actor=world.provider, now=NOW + timedelta(hours=3), objectives="新的目标")
    changed = submit(p, world.provider, now=NOW + timedelta(hours=4))
    assert changed.digest != first.digest


def test_submission_refused_at_and_after_the_deadline(world):
    p = make_complete_proposal(world)
    with pytest.raises(ServiceError) as excinfo:
        submit(p, world.provider, now=DEADLINE)
    assert code_of(excinfo) == "proposal_deadline_passed"
    assert not Receipt.objects.exists()
    submit(p, world.provider, now=DEADLINE - timedelta(seconds=1))


def test_submission_lists_every_problem_at_once_keyed_by_section_and_field(world):
    p = make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        submit(p, world.provider)
    assert code_of(excinfo) == "proposal_not_ready"
    keys = set(excinfo.value.message_dict)
    for key in [
        "basics.title",
        "basics.intentions",
        "basics.communities",
        "beneficiaries.target_group",
        "narrative.summary",
        "activities",
        "indicators",
        "team",
        "budget.budget_lines",
        "budget.applied_amount",
        "documents.application_form",
        "commitment.commitment_accepted_at",
    ]:
        assert key in keys
    p.refresh_from_db()
    assert p.status == ProposalStatus.DRAFT and not Receipt.objects.exists()


def test_blocking_budget_problems_refuse_submission(world):
    p = make_complete_proposal(world)
    s.budget_line_add(
        proposal=p,
        actor=world.provider,
        now=NOW,
        category="training",
        item="培训",
        unit_price="350.01",
        unit="人/天",
        quantity="1",
    )
    with pytest.raises(ServiceError) as excinfo:
        submit(p, world.provider)
    assert code_of(excinfo) == "proposal_not_ready"
    assert "budget.budget_lines.7.unit_price" in excinfo.value.message_dict


def test_a_forbidden_expense_flag_does_not_block_submission(world):
    p = make_complete_proposal(world, applied_amount="50000")
    line = p.budget_lines.get(category="activity")
    s.budget_line_update(line=line, actor=world.provider, now=NOW, item="节日礼品发放")
    assert submit(p, world.provider).number


def test_a_submitted_proposal_is_read_only(world):
    p = make_submitted_proposal(world)
    member = make_team_member(world.provider_org, "新成员")
    attempts = [
        lambda: s.proposal_update(proposal=p, actor=world.provider, now=NOW, title="改标题"),
        lambda: s.proposal_set_intentions(proposal=p, intentions=[world.intention], actor=world.provider, now=NOW),
        lambda: s.proposal_set_communities(proposal=p, communities=[world.community], actor=world.provider, now=NOW),
        lambda: s.activity_add(proposal=p, actor=world.provider, now=NOW, name="新活动"),
        lambda: s.activity_update(activity=p.activities.first(), actor=world.provider, now=NOW, name="改"),
        lambda: s.activity_remove(activity=p.activities.first(), actor=world.provider, now=NOW),
        lambda: s.indicator_add(proposal=p, actor=world.provider, now=NOW, kind="output", name="x", target_value=1),
        lambda: s.indicator_remove(indicator=p.indicators.first(), actor=world.provider, now=NOW),
        lambda: s.proposal_team_member_add(proposal=p, member=member, role="x", actor=world.provider, now=NOW),
        lambda: s.proposal_team_member_remove(row=p.team.first(), actor=world.provider, now=NOW),
        lambda: s.budget_line_update(line=p.budget_lines.first(), actor=world.provider, now=NOW, quantity="2"),
        lambda: s.budget_line_remove(line=p.budget_lines.first(), actor=world.provider, now=NOW),
        lambda: s.proposal_document_remove(proposal=p, code="application_form", actor=world.provider, now=NOW),
        lambda: s.proposal_accept_commitment(proposal=p, actor=world.provider, now=NOW, accepted=False),
    ]
    before = proposal_content(Proposal.objects.get(pk=p.pk))
    for attempt in attempts:
        with pytest.raises(ServiceError) as excinfo:
            attempt()
        assert code_of(excinfo) == "proposal_submitted_read_only"
    with pytest.raises(ServiceError) as excinfo:
        submit(p, world.provider)
    assert code_of(excinfo) == "proposal_transition"
    assert proposal_content(Proposal.objects.get(pk=p.pk)) == before


def test_withdraw_keeps_the_receipt_and_allows_editing_and_resubmission(world):
    p = make_submitted_proposal(world)
    first = p.receipts.get()
    p = s.proposal_withdraw(proposal=p, actor=world.provider, now=NOW + timedelta(days=1))
    assert p.status == ProposalStatus.WITHDRAWN
    first.refresh_from_db()
    assert first.withdrawn_at == NOW + timedelta(days=1)
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW + timedelta(days=1), risks="补充的风险应对")
    assert p.status == ProposalStatus.WITHDRAWN
    second = submit(p, world.provider, now=NOW + timedelta(days=2))
    p.refresh_from_db()
    assert p.status == ProposalStatus.SUBMITTED and p.receipt_number == second.number
    assert p.submitted_at == NOW + timedelta(days=2)
    assert [r.withdrawn_at is None for r in p.receipts.order_by("submitted_at")] == [False, True]


def test_withdraw_only_a_submitted_proposal_before_the_deadline(world):
    draft = make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_withdraw(proposal=draft, actor=world.provider, now=NOW)
    assert code_of(excinfo) == "proposal_transition"
    p = make_submitted_proposal(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_withdraw(proposal=p, actor=world.provider, now=AFTER)
    assert code_of(excinfo) == "proposal_deadline_passed"
    p.refresh_from_db()
    assert p.status == ProposalStatus.SUBMITTED


def test_resubmission_counts_toward_the_limit_per_organization(world):
    Call.objects.filter(pk=world.call.pk).update(max_proposals_per_organization=1)
    p = make_submitted_proposal(world)
    s.proposal_withdraw(proposal=p, actor=world.provider, now=NOW)
    other = make_complete_proposal(world)  # allowed: the withdrawn one does not count
    submit(other, world.provider)
    with pytest.raises(ServiceError) as excinfo:
        submit(p, world.provider)
    assert code_of(excinfo) == "proposal_limit_reached"


# --- amendments ---------------------------------------------------------------------------------------------------


def test_a_draft_must_confirm_amendments_published_after_its_last_confirmation(world):
    p = make_complete_proposal(world)
    publish_amendment(world.call, when=NOW + timedelta(hours=1))
    with pytest.raises(ServiceError) as excinfo:
        submit(p, world.provider, now=NOW + timedelta(hours=2))
    assert code_of(excinfo) == "proposal_amendments_unconfirmed"
    p = s.proposal_confirm_amendments(proposal=p, actor=world.provider, now=NOW + timedelta(hours=2))
    assert p.confirmed_amendment == 1
    assert submit(p, world.provider, now=NOW + timedelta(hours=2)).content["confirmed_amendment"] == 1


def test_a_submitted_proposal_stays_submitted_and_is_flagged_until_confirmed(world):
    p = make_submitted_proposal(world)
    assert not amendments_unconfirmed(p)
    publish_amendment(world.call, when=NOW + timedelta(hours=1))
    publish_amendment(world.call, when=NOW + timedelta(hours=2))
    p.refresh_from_db()
    assert p.status == ProposalStatus.SUBMITTED
    assert amendments_unconfirmed(p)
    p = s.proposal_confirm_amendments(proposal=p, actor=world.provider, now=NOW + timedelta(hours=3))
    assert p.status == ProposalStatus.SUBMITTED and p.confirmed_amendment == 2
    assert not amendments_unconfirmed(p)


def test_amendments_are_not_confirmed_after_the_deadline_nor_by_others(world):
    from huimin.core.permissions import PermissionDenied

    p = make_submitted_proposal(world)
    publish_amendment(world.call, when=NOW + timedelta(hours=1))
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_confirm_amendments(proposal=p, actor=world.provider, now=AFTER)
    assert code_of(excinfo) == "proposal_deadline_passed"
    with pytest.raises(PermissionDenied):
        s.proposal_confirm_amendments(proposal=p, actor=world.manager, now=NOW + timedelta(hours=2))
    p.refresh_from_db()
    assert p.confirmed_amendment == 0


# --- after the deadline nothing changes ---------------------------------------------------------------------------


@pytest.mark.parametrize("state", ["draft", "submitted", "withdrawn"])
def test_no_service_changes_anything_after_the_deadline(world, state):
    if state == "draft":
        p = make_complete_proposal(world)
    else:
        p = make_submitted_proposal(world)
        if state == "withdrawn":
            p = s.proposal_withdraw(proposal=p, actor=world.provider, now=NOW)
    p = Proposal.objects.get(pk=p.pk)
    before = proposal_content(p)
    receipts = Receipt.objects.count()
    member = make_team_member(world.provider_org, "新成员")
    attachment = make_attachment(world.provider_org)
    attempts = [
        lambda: s.proposal_update(proposal=p, actor=world.provider, now=AFTER, title="改标题"),
        lambda: s.proposal_set_intentions(proposal=p, intentions=[world.intention], actor=world.provider, now=AFTER),
        lambda: s.proposal_set_communities(proposal=p, communities=[], actor=world.provider, now=AFTER),
        lambda: s.activity_add(proposal=p, actor=world.provider, now=AFTER, name="新活动"),
        lambda: s.activity_update(activity=p.activities.first(), actor=world.provider, now=AFTER, name="改"),
        lambda: s.indicator_update(indicator=p.indicators.first(), actor=world.provider, now=AFTER, name="改"),
        lambda: s.proposal_team_member_add(proposal=p, member=member, role="x", actor=world.provider, now=AFTER),
        lambda: s.budget_line_add(
            proposal=p,
            actor=world.provider,
            now=AFTER,
            category="other",
            item="x",
            unit_price=1,
            unit="x",
            quantity=1,
        ),
        lambda: s.budget_line_remove(line=p.budget_lines.first(), actor=world.provider, now=AFTER),
        lambda: s.proposal_document_attach(
            proposal=p, code="grade_certificate", attachment=attachment, actor=world.provider, now=AFTER
        ),
        lambda: s.proposal_accept_commitment(proposal=p, actor=world.provider, now=AFTER),
        lambda: s.proposal_submit(proposal=p, actor=world.provider, now=AFTER),
        lambda: s.proposal_withdraw(proposal=p, actor=world.provider, now=AFTER),
        lambda: s.proposal_confirm_amendments(proposal=p, actor=world.provider, now=AFTER),
        lambda: s.proposal_submit_fix(proposal=p, actor=world.provider, now=AFTER),
    ]
    for attempt in attempts:
        with pytest.raises(ServiceError) as excinfo:
            attempt()
        assert code_of(excinfo) in ("proposal_deadline_passed", "proposal_fix_closed")
    p = Proposal.objects.get(pk=p.pk)
    assert proposal_content(p) == before
    assert Receipt.objects.count() == receipts
    assert p.status == {"draft": "draft", "submitted": "submitted", "withdrawn": "withdrawn"}[state]


def test_a_draft_begun_before_an_amendment_must_confirm_it_though_the_amendment_is_recorded_first(db):
    """Time is injected: what counts is when the amendment was published, not when its row was written."""
    from huimin.proposals.services import proposal_confirm_amendments, proposal_create, proposal_submit

    from .factories import NOW, build_world, make_complete_proposal, publish_amendment

    w = build_world()
    publish_amendment(w.call, when=NOW + timedelta(days=2))  # recorded now, published two days after NOW
    proposal = make_complete_proposal(w, now=NOW)
    assert proposal.confirmed_amendment == 0
    with pytest.raises(ServiceError):
        proposal_submit(proposal=proposal, actor=w.provider, now=NOW + timedelta(days=3))
    proposal_confirm_amendments(proposal=proposal, actor=w.provider, now=NOW + timedelta(days=3))
    proposal_submit(proposal=proposal, actor=w.provider, now=NOW + timedelta(days=3, minutes=1))
    early = proposal_create(call=w.call, organization=w.other_provider_org, actor=w.other_provider, now=NOW)
    assert early.confirmed_amendment == 0
