"""Drafts: who creates them and when, the limit per organization, autosave of fields as typed (Chinese and
full-width input included), intentions and communities, rows, budget totals computed by the service."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from huimin.audit.models import AuditEvent
from huimin.calls.models import Call, CallStatus
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError

from .. import services as s
from ..models import BudgetLine, Proposal, ProposalStatus
from .factories import (
    AFTER,
    DEADLINE,
    NOW,
    PUBLISHED,
    make_attachment,
    make_complete_proposal,
    make_draft,
    make_provider,
    make_team_member,
    world,  # noqa: F401
)

pytestmark = pytest.mark.django_db


def error_code(excinfo) -> str:
    return excinfo.value.error_code


# --- creation -----------------------------------------------------------------------------------------------------


def test_provider_creates_a_draft_for_its_organization(world):
    p = make_draft(world)
    assert p.status == ProposalStatus.DRAFT
    assert p.created_by == world.provider.user
    assert p.created_at == NOW and p.updated_at == NOW
    assert AuditEvent.objects.filter(event_type="proposal.created", target_id=str(p.pk)).exists()


@pytest.mark.parametrize("who", ["other_provider", "manager", "admin", "purchaser", "reviewer", "nobody"])
def test_only_the_organizations_members_create_its_proposals(world, who):
    with pytest.raises(PermissionDenied):
        s.proposal_create(call=world.call, organization=world.provider_org, actor=getattr(world, who), now=NOW)
    assert not Proposal.objects.exists()


def test_no_draft_after_the_deadline(world):
    with pytest.raises(ServiceError) as excinfo:
        make_draft(world, now=DEADLINE)  # the deadline itself is too late
    assert error_code(excinfo) == "proposal_deadline_passed"
    make_draft(world, now=DEADLINE - timedelta(seconds=1))


@pytest.mark.parametrize("status", [CallStatus.DRAFT, CallStatus.CANCELLED, CallStatus.CLOSED])
def test_no_draft_on_a_call_that_is_not_open(world, status):
    Call.objects.filter(pk=world.call.pk).update(status=status)
    with pytest.raises(ServiceError) as excinfo:
        make_draft(world)
    assert error_code(excinfo) == "proposal_call_not_open"


def test_no_draft_before_the_call_opens(world):
    with pytest.raises(ServiceError) as excinfo:
        make_draft(world, now=PUBLISHED - timedelta(minutes=1))
    assert error_code(excinfo) == "proposal_call_not_open"


def test_at_most_the_calls_limit_of_proposals_per_organization(world):
    Call.objects.filter(pk=world.call.pk).update(max_proposals_per_organization=2)
    first = make_draft(world)
    make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        make_draft(world)
    assert error_code(excinfo) == "proposal_limit_reached"
    # another organization has its own limit
    make_draft(world, org=world.other_provider_org, actor=world.other_provider)
    # a withdrawn proposal does not count
    Proposal.objects.filter(pk=first.pk).update(status=ProposalStatus.WITHDRAWN)
    make_draft(world)


def test_a_draft_starts_from_the_call_as_amended(world):
    from .factories import publish_amendment

    publish_amendment(world.call, when=NOW)
    assert make_draft(world).confirmed_amendment == 1


# --- autosave -----------------------------------------------------------------------------------------------------


def test_autosave_keeps_each_field_as_typed_without_requiring_completeness(world):
    p = make_draft(world)
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW + timedelta(minutes=1), title="  社区太极拳  ")
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW + timedelta(minutes=2), summary="未写完的简介……")
    p.refresh_from_db()
    assert p.title == "社区太极拳"
    assert p.summary == "未写完的简介……"
    assert p.updated_at == NOW + timedelta(minutes=2)
    assert p.status == ProposalStatus.DRAFT


def test_autosave_accepts_full_width_and_chinese_forms(world):
    p = make_draft(world)
    p = s.proposal_update(
        proposal=p,
        actor=world.provider,
        now=NOW,
        direct_beneficiaries="１２０人",
        indirect_beneficiaries="３６０",
        applied_amount="4.5万元",
        start_date="２０３０年１１月１日",
        end_date="2031/10/31",
        contact_phone="１３９ ０３５２ ０００１",
    )
    p.refresh_from_db()
    assert p.direct_beneficiaries == 120
    assert p.indirect_beneficiaries == 360
    assert p.applied_amount == Decimal("45000.00")
    assert (p.start_date, p.end_date) == (date(2030, 11, 1), date(2031, 10, 31))
    assert p.contact_phone == "13903520001"
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW, applied_amount="４９，９９９．５０元")
    assert p.applied_amount == Decimal("49999.50")
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW, contact_phone="0352-1234567")
    assert p.contact_phone == "0352-1234567"


def test_autosave_refuses_malformed_values_all_at_once_and_saves_nothing(world):
    p = make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_update(
            proposal=p,
            actor=world.provider,
            now=NOW,
            title="好" * 121,
            start_date="明年",
            direct_beneficiaries="-3",
            applied_amount="10.001",
            contact_phone="12345",
            status="submitted",
        )
    assert error_code(excinfo) == "invalid"
    assert set(excinfo.value.message_dict) == {
        "title",
        "start_date",
        "direct_beneficiaries",
        "applied_amount",
        "contact_phone",
        "status",
    }
    p.refresh_from_db()
    assert p.title == "" and p.status == ProposalStatus.DRAFT


def test_a_long_summary_is_saved_and_reported_missing_not_refused(world):
    p = s.proposal_update(proposal=make_draft(world), actor=world.provider, now=NOW, summary="长" * 600)
    assert len(p.summary) == 600


def test_category_must_be_one_of_the_calls(world):
    from huimin.needs.models import NeedCategory

    stranger = NeedCategory.objects.create(code="proposals_test_other", name="其他类别")
    p = make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_update(proposal=p, actor=world.provider, now=NOW, category=stranger)
    assert error_code(excinfo) == "proposal_category_invalid"
    p = s.proposal_update(proposal=p, actor=world.provider, now=NOW, category=world.category.code)
    assert p.category == world.category


# --- intentions and communities -----------------------------------------------------------------------------------


def test_intentions_must_belong_to_the_call(world):
    from .factories import make_intention

    stranger = make_intention(world.round, world.street, [world.community], title="未列入通知的意向")
    p = make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_set_intentions(proposal=p, intentions=[stranger], actor=world.provider, now=NOW)
    assert error_code(excinfo) == "proposal_intention_invalid"
    assert not p.intentions.exists()


def test_communities_must_be_covered_by_the_chosen_intentions(world):
    p = make_draft(world)
    p = s.proposal_set_intentions(proposal=p, intentions=[world.intention], actor=world.provider, now=NOW)
    assert p.category == world.intention.category  # taken from the intention when empty
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_set_communities(
            proposal=p, communities=[world.community, world.far_community], actor=world.provider, now=NOW
        )
    assert error_code(excinfo) == "proposal_community_invalid"
    s.proposal_set_communities(proposal=p, communities=[world.community], actor=world.provider, now=NOW)
    assert list(p.communities.all()) == [world.community]


def test_changing_intentions_drops_communities_no_longer_covered(world):
    p = make_draft(world)
    s.proposal_set_intentions(
        proposal=p, intentions=[world.intention, world.other_intention], actor=world.provider, now=NOW
    )
    s.proposal_set_communities(
        proposal=p, communities=[world.community, world.far_community], actor=world.provider, now=NOW
    )
    s.proposal_set_intentions(proposal=p, intentions=[world.intention], actor=world.provider, now=NOW)
    assert list(p.communities.all()) == [world.community]


# --- rows ---------------------------------------------------------------------------------------------------------


def test_budget_line_total_is_computed_never_taken_from_input(world):
    p = make_draft(world)
    line = s.budget_line_add(
        proposal=p,
        actor=world.provider,
        now=NOW,
        category="activity",
        item="太极扇",
        unit_price="３３．３３元",
        unit="把",
        quantity="0.5",
    )
    assert line.total == Decimal("16.67")
    with pytest.raises(ServiceError) as excinfo:
        s.budget_line_add(
            proposal=p,
            actor=world.provider,
            now=NOW,
            category="activity",
            item="音箱",
            unit_price="100",
            unit="台",
            quantity="2",
            total="1",
        )
    assert "total" in excinfo.value.message_dict
    line = s.budget_line_update(line=line, actor=world.provider, now=NOW, quantity="３")
    assert line.total == Decimal("99.99")
    assert BudgetLine.objects.get(pk=line.pk).total == Decimal("99.99")


@pytest.mark.parametrize(
    ("field", "value"), [("unit_price", "0"), ("unit_price", "-1"), ("quantity", "0"), ("unit_price", "1.001")]
)
def test_budget_line_unit_price_and_quantity_must_be_positive_amounts(world, field, value):
    p = make_draft(world)
    fields = {"category": "activity", "item": "物资", "unit_price": "10", "unit": "批", "quantity": "1", field: value}
    with pytest.raises(ServiceError) as excinfo:
        s.budget_line_add(proposal=p, actor=world.provider, now=NOW, **fields)
    assert field in excinfo.value.message_dict


def test_budget_line_cap_code_must_be_one_of_the_calls(world):
    p = make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        s.budget_line_add(
            proposal=p,
            actor=world.provider,
            now=NOW,
            category="expert",
            item="专家",
            unit_price="300",
            unit="人天",
            quantity="1",
            cap_code="expert_famous",
        )
    assert error_code(excinfo) == "proposal_cap_code_invalid"


def test_rows_keep_their_positions(world):
    p = make_draft(world)
    a1 = s.activity_add(proposal=p, actor=world.provider, now=NOW, name="活动一")
    a2 = s.activity_add(proposal=p, actor=world.provider, now=NOW, name="活动二")
    s.activity_remove(activity=a1, actor=world.provider, now=NOW)
    a3 = s.activity_add(proposal=p, actor=world.provider, now=NOW, name="活动三", sessions="１２次")
    assert (a2.position, a3.position, a3.sessions) == (2, 3, 12)


def test_activity_may_not_end_before_it_starts(world):
    p = make_draft(world)
    with pytest.raises(ServiceError):
        s.activity_add(
            proposal=p, actor=world.provider, now=NOW, name="活动", start_date="2031-01-02", end_date="2031-01-01"
        )


def test_indicator_needs_kind_name_and_target(world):
    p = make_draft(world)
    with pytest.raises(ServiceError) as excinfo:
        s.indicator_add(proposal=p, actor=world.provider, now=NOW, kind="impact", name="")
    assert set(excinfo.value.message_dict) == {"kind", "name", "target_value"}
    i = s.indicator_add(
        proposal=p, actor=world.provider, now=NOW, kind="output", name="服务人次", target_value="５００"
    )
    assert i.target_value == Decimal("500.00")


def test_team_members_come_from_the_organizations_own_team(world):
    p = make_draft(world)
    stranger = make_team_member(world.other_provider_org, "外单位人员")
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_team_member_add(proposal=p, member=stranger, role="顾问", actor=world.provider, now=NOW)
    assert error_code(excinfo) == "proposal_team_member_invalid"
    member = make_team_member(world.provider_org)
    s.proposal_team_member_add(proposal=p, member=member, role="负责人", actor=world.provider, now=NOW)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_team_member_add(proposal=p, member=member, role="又一次", actor=world.provider, now=NOW)
    assert error_code(excinfo) == "proposal_team_member_invalid"
    member.is_active = False
    member.save()
    with pytest.raises(ServiceError):
        s.proposal_team_member_add(
            proposal=p,
            member=make_team_member(world.provider_org, "离职", is_active=False),
            role="x",
            actor=world.provider,
            now=NOW,
        )


def test_documents_must_be_the_calls_and_the_organizations(world):
    p = make_draft(world)
    own = make_attachment(world.provider_org)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_document_attach(proposal=p, code="not_asked", attachment=own, actor=world.provider, now=NOW)
    assert error_code(excinfo) == "proposal_document_invalid"
    foreign = make_attachment(world.other_provider_org)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_document_attach(
            proposal=p, code="application_form", attachment=foreign, actor=world.provider, now=NOW
        )
    assert error_code(excinfo) == "proposal_document_invalid"
    s.proposal_document_attach(proposal=p, code="application_form", attachment=own, actor=world.provider, now=NOW)
    newer = make_attachment(world.provider_org, "项目申报书（修改）.pdf")
    s.proposal_document_attach(proposal=p, code="application_form", attachment=newer, actor=world.provider, now=NOW)
    assert [d.attachment for d in p.documents.all()] == [newer]


@pytest.mark.parametrize("who", ["other_provider", "manager", "admin", "purchaser"])
def test_nobody_else_edits_a_draft(world, who):
    p = make_complete_proposal(world)
    actor = getattr(world, who)
    attempts = [
        lambda: s.proposal_update(proposal=p, actor=actor, now=NOW, title="改"),
        lambda: s.activity_add(proposal=p, actor=actor, now=NOW, name="插入"),
        lambda: s.budget_line_remove(line=p.budget_lines.first(), actor=actor, now=NOW),
        lambda: s.proposal_accept_commitment(proposal=p, actor=actor, now=NOW),
        lambda: s.proposal_submit(proposal=p, actor=actor, now=NOW),
    ]
    for attempt in attempts:
        with pytest.raises(PermissionDenied):
            attempt()
    p.refresh_from_db()
    assert p.title == "龙园社区老年人太极拳健身培训项目" and p.status == ProposalStatus.DRAFT


def test_a_second_provider_user_of_the_same_organization_may_edit(world):
    _org, colleague = make_provider(world.provider_org)
    p = make_draft(world)
    p = s.proposal_update(proposal=p, actor=colleague, now=NOW, title="同事填写")
    assert p.title == "同事填写"


def test_drafts_do_not_change_after_the_deadline(world):
    p = make_complete_proposal(world)
    with pytest.raises(ServiceError) as excinfo:
        s.proposal_update(proposal=p, actor=world.provider, now=AFTER, title="迟到的修改")
    assert error_code(excinfo) == "proposal_deadline_passed"
