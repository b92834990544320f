"""The proposal editor through its pages: autosave of one field with its error, rows added and removed, the budget's
shares against the call's limits, the “what is missing” panel, amendments to confirm, submission with its receipt,
withdrawal; after the deadline the edit endpoints refuse."""

from __future__ import annotations

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from huimin.files.models import Attachment
from huimin.proposals.models import Activity, BudgetLine, Proposal, ProposalStatus, Receipt
from huimin.proposals.services import proposal_update
from huimin.providers.services import profile_document_upload

from .factories import make_team_member, publish_amendment
from .pages_world import browser, complete, draft, htmx, page_world, submitted, text

pytestmark = pytest.mark.django_db

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def pw(db):
    return page_world(deadline_in=timedelta(days=10))


@pytest.fixture
def closed(db):
    return page_world(deadline_in=-timedelta(hours=1))


def url(name: str, proposal: Proposal, **kw) -> str:
    return reverse(f"proposals:{name}", kwargs={"public_id": proposal.public_id, **kw})


# --- the page --------------------------------------------------------------------------------------------------


def test_editor_shows_every_section_and_the_missing_panel(pw):
    proposal = draft(pw)
    response = browser(pw.provider).get(url("edit", proposal))
    assert response.status_code == 200
    page = text(response)
    for code in (
        "basics",
        "beneficiaries",
        "narrative",
        "activities",
        "indicators",
        "team",
        "budget",
        "documents",
        "commitment",
    ):
        assert f'id="section-{code}"' in page
    assert 'id="missing-panel"' in page and 'id="missing-panel-sm"' in page  # desktop aside and phone offcanvas
    assert 'data-code="required"' in page and 'data-code="commitment_required"' in page
    assert 'data-counter="500"' in page  # the summary's character counter
    assert 'hx-trigger="change delay:500ms"' in page


def test_complete_proposal_has_nothing_missing_and_offers_submission(pw):
    proposal = complete(pw)
    page = text(browser(pw.provider).get(url("edit", proposal)))
    assert "Nothing is missing" in page
    assert url("submit", proposal) in page


# --- autosave --------------------------------------------------------------------------------------------------


def test_autosave_saves_one_field_and_says_when(pw):
    proposal = draft(pw)
    proposal_update(proposal=proposal, actor=pw.provider, now=pw.before, target_group="老年人")
    response = htmx(pw.provider).post(
        url("autosave", proposal), {"field": "title", "title": "社区书画班", "target_group": "x"}
    )
    assert response.status_code == 200
    assert "Saved at" in text(response)
    proposal.refresh_from_db()
    assert proposal.title == "社区书画班"
    assert proposal.target_group == "老年人"  # only the named field
    assert 'id="missing-panel" hx-swap-oob="true"' in text(response)


def test_autosave_returns_the_fields_error_for_letters_in_beneficiaries(pw):
    proposal = draft(pw)
    response = htmx(pw.provider).post(
        url("autosave", proposal), {"field": "direct_beneficiaries", "direct_beneficiaries": "abc"}
    )
    assert response.status_code == 422
    assert "whole number" in text(response)
    proposal.refresh_from_db()
    assert proposal.direct_beneficiaries is None


def test_autosave_accepts_full_width_digits(pw):
    proposal = draft(pw)
    response = htmx(pw.provider).post(
        url("autosave", proposal), {"field": "direct_beneficiaries", "direct_beneficiaries": "１２０"}
    )
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.direct_beneficiaries == 120


def test_autosave_refuses_unknown_fields(pw):
    proposal = draft(pw)
    response = htmx(pw.provider).post(url("autosave", proposal), {"field": "status", "status": "submitted"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_autosave_without_javascript_comes_back_to_the_editor(pw):
    proposal = draft(pw)
    response = browser(pw.provider).post(url("autosave", proposal), {"field": "title", "title": "书画班"})
    assert response.status_code == 302 and response["Location"].endswith("#section-basics")


def test_section_save_stores_every_field_of_the_section(pw):
    proposal = draft(pw)
    response = browser(pw.provider).post(
        url("section_save", proposal, section="beneficiaries"),
        {"target_group": "独居老人", "direct_beneficiaries": "30", "indirect_beneficiaries": "90"},
    )
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.target_group, proposal.direct_beneficiaries, proposal.indirect_beneficiaries) == (
        "独居老人",
        30,
        90,
    )


def test_summary_over_500_characters_is_saved_but_reported_missing(pw):
    proposal = draft(pw)
    response = htmx(pw.provider).post(url("autosave", proposal), {"field": "summary", "summary": "字" * 501})
    assert response.status_code == 200
    assert 'data-code="summary_too_long"' in text(response)


def test_intentions_and_communities_are_chosen(pw):
    proposal = draft(pw)
    client = htmx(pw.provider)
    response = client.post(url("intentions_save", proposal), {"intentions": [str(pw.intention.public_id)]})
    assert response.status_code == 200
    assert 'id="picker-communities" hx-swap-oob="true"' in text(response)
    assert pw.community.name in text(response)
    response = client.post(
        url("communities_save", proposal), {"communities": [pw.community.code, pw.far_community.code]}
    )
    assert response.status_code == 422  # 柳园巷 is not covered by the intention chosen
    response = client.post(url("communities_save", proposal), {"communities": [pw.community.code]})
    assert response.status_code == 200
    assert list(proposal.communities.all()) == [pw.community]


# --- rows ------------------------------------------------------------------------------------------------------


def test_activity_rows_are_added_changed_and_removed(pw):
    proposal = draft(pw)
    client = htmx(pw.provider)
    response = client.post(
        url("row_add", proposal, kind="activities"), {"name": "太极拳基础班", "sessions": "２０", "place": "活动室"}
    )
    assert response.status_code == 200
    assert "太极拳基础班" in text(response) and 'id="rows-activities"' in text(response)
    activity = Activity.objects.get(proposal=proposal)
    assert activity.sessions == 20
    response = client.post(
        url("row_update", proposal, kind="activities", position=activity.position),
        {"field": "sessions", "sessions": "zero"},
    )
    assert response.status_code == 422
    response = client.post(
        url("row_update", proposal, kind="activities", position=activity.position), {"field": "place", "place": "广场"}
    )
    assert response.status_code == 200
    activity.refresh_from_db()
    assert (activity.place, activity.sessions) == ("广场", 20)
    response = client.post(url("row_remove", proposal, kind="activities", position=activity.position))
    assert response.status_code == 200
    assert not Activity.objects.filter(proposal=proposal).exists()


def test_adding_a_row_with_errors_keeps_what_was_typed(pw):
    proposal = draft(pw)
    response = htmx(pw.provider).post(
        url("row_add", proposal, kind="budget"),
        {"category": "training", "item": "骨干培训", "unit_price": "abc", "unit": "人/天", "quantity": "10"},
    )
    assert response.status_code == 422
    assert 'value="骨干培训"' in text(response)
    assert not BudgetLine.objects.filter(proposal=proposal).exists()


def test_budget_line_total_is_computed_and_the_shares_shown_against_the_limits(pw):
    proposal = complete(pw)
    page = text(browser(pw.provider).get(url("edit", proposal)))
    assert 'data-share="labour"' in page
    assert "40.00 %" in page  # labour 20000 of 50000
    assert "8.00 %" in page  # management 4000 of 50000
    assert "at most 50 %" in page and "at most 10 %" in page
    line = BudgetLine.objects.get(proposal=proposal, category="labour")
    response = htmx(pw.provider).post(
        url("row_update", proposal, kind="budget", position=line.position), {"field": "quantity", "quantity": "15"}
    )
    assert response.status_code == 200
    body = text(response)
    assert (
        f'id="line-total-{line.position}" hx-swap-oob="true">30,000.00' in body
        or f'id="line-total-{line.position}" hx-swap-oob="true">30000.00' in body
    )
    # 30000 of 60000 = exactly 50 %: at the limit passes
    assert "50.00 %" in body and 'data-code="labour_share_over"' not in body
    response = htmx(pw.provider).post(
        url("row_update", proposal, kind="budget", position=line.position), {"field": "quantity", "quantity": "15.01"}
    )
    assert 'data-code="labour_share_over"' in text(response)


def test_team_rows_come_from_the_profile(pw):
    proposal = draft(pw)
    member = make_team_member(pw.provider_org, "赵敏")
    client = htmx(pw.provider)
    response = client.post(
        url("team_add", proposal), {"member": str(member.public_id), "role": "项目负责人", "is_lead": "on"}
    )
    assert response.status_code == 200
    assert "赵敏" in text(response)
    other = make_team_member(pw.other_provider_org, "外人")
    response = client.post(url("team_add", proposal), {"member": str(other.public_id), "role": "x"})
    assert response.status_code == 422
    response = client.post(url("team_update", proposal, member_id=member.public_id), {"field": "role", "role": "督导"})
    assert response.status_code == 200
    assert proposal.team.get().role == "督导"


def test_documents_are_uploaded_or_taken_from_the_profile(pw):
    proposal = draft(pw)
    client = browser(pw.provider)
    response = client.post(
        url("document_upload", proposal, code="application_form"),
        {"file": SimpleUploadedFile("申报书.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 302
    assert proposal.documents.get().code == "application_form"
    profile_document_upload(
        organization=pw.provider_org,
        code="registration_certificate",
        uploaded_file=SimpleUploadedFile("登记证书.pdf", PDF, content_type="application/pdf"),
        actor=pw.provider,
        now=pw.before,
    )
    page = text(client.get(url("edit", proposal)))
    assert url("document_use_profile", proposal, code="registration_certificate") in page
    response = client.post(url("document_use_profile", proposal, code="registration_certificate"))
    assert response.status_code == 302
    assert set(proposal.documents.values_list("code", flat=True)) == {"application_form", "registration_certificate"}


def test_commitment_is_accepted(pw):
    proposal = draft(pw)
    response = htmx(pw.provider).post(url("commitment_save", proposal), {"accepted": "on"})
    assert response.status_code == 200
    proposal.refresh_from_db()
    assert proposal.commitment_accepted_at is not None


# --- amendments, submission, withdrawal ------------------------------------------------------------------------


def test_amendment_banner_until_confirmed_and_submission_refused_before(pw):
    proposal = complete(pw)
    publish_amendment(pw.call, when=pw.before, reason="调整申报材料要求：增加社区意见")
    client = browser(pw.provider)
    page = text(client.get(url("edit", proposal)))
    assert 'id="amendments"' in page and "增加社区意见" in page
    response = client.post(url("submit", proposal), {"confirm": "on"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT
    response = client.post(url("confirm_amendments", proposal))
    assert response.status_code == 302
    assert 'id="amendments"' not in text(client.get(url("edit", proposal)))


def test_submit_needs_confirmation_then_shows_the_receipt(pw):
    proposal = complete(pw)
    client = browser(pw.provider)
    assert client.get(url("submit", proposal)).status_code == 200
    assert client.post(url("submit", proposal), {}).status_code == 400  # not confirmed
    response = client.post(url("submit", proposal), {"confirm": "on"})
    assert response.status_code == 302 and response["Location"] == url("receipt", proposal)
    receipt = Receipt.objects.get(proposal=proposal)
    page = text(client.get(url("receipt", proposal)))
    assert receipt.number in page and receipt.digest in page
    assert re.search(r'id="receipt-digest">[0-9a-f]{64}<', page)


def test_incomplete_proposal_is_not_submitted_and_the_page_says_why(pw):
    proposal = draft(pw)
    client = browser(pw.provider)
    page = text(client.get(url("submit", proposal)))
    assert "cannot be submitted yet" in page
    response = client.post(url("submit", proposal), {"confirm": "on"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


def test_submitted_proposal_is_read_only_until_withdrawn(pw):
    proposal = submitted(pw)
    client = browser(pw.provider)
    page = text(client.get(url("edit", proposal)))
    assert "Submitted and sealed" in page and 'name="title"' not in page
    response = htmx(pw.provider).post(url("autosave", proposal), {"field": "title", "title": "改"})
    assert response.status_code == 409
    response = client.post(url("withdraw", proposal), {"confirm": "on"})
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert htmx(pw.provider).post(url("autosave", proposal), {"field": "title", "title": "改"}).status_code == 200


# --- after the deadline ------------------------------------------------------------------------------------------


def test_after_the_deadline_the_edit_endpoints_refuse(closed):
    proposal = submitted(closed)
    before = (proposal.title, proposal.applied_amount)
    client = htmx(closed.provider)
    assert client.post(url("autosave", proposal), {"field": "title", "title": "改"}).status_code == 409
    assert client.post(url("section_save", proposal, section="narrative"), {"summary": "改"}).status_code in (302, 409)
    assert (
        client.post(url("row_add", proposal, kind="activities"), {"name": "新活动", "sessions": "1"}).status_code == 409
    )
    line = BudgetLine.objects.filter(proposal=proposal).first()
    assert (
        client.post(
            url("row_update", proposal, kind="budget", position=line.position), {"field": "quantity", "quantity": "99"}
        ).status_code
        == 409
    )
    assert client.post(url("row_remove", proposal, kind="budget", position=line.position)).status_code == 409
    assert client.post(url("commitment_save", proposal), {}).status_code == 409
    attachments = Attachment.objects.count()
    response = browser(closed.provider).post(
        url("document_upload", proposal, code="application_form"),
        {"file": SimpleUploadedFile("新.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 409
    assert Attachment.objects.count() == attachments  # nothing stored
    assert browser(closed.provider).post(url("withdraw", proposal), {"confirm": "on"}).status_code == 400
    proposal.refresh_from_db()
    assert (proposal.title, proposal.applied_amount) == before
    assert proposal.status == ProposalStatus.SUBMITTED
    assert BudgetLine.objects.get(pk=line.pk).quantity == line.quantity
    page = text(browser(closed.provider).get(url("edit", proposal)))
    assert "can no longer be changed" in page and 'name="title"' not in page


def test_a_draft_is_not_submitted_after_the_deadline(closed):
    proposal = complete(closed)
    response = browser(closed.provider).post(url("submit", proposal), {"confirm": "on"})
    assert response.status_code == 400
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.DRAFT


# --- my proposals --------------------------------------------------------------------------------------------------


def test_my_proposals_lists_them_with_status_and_creates_a_draft_for_an_open_call(pw):
    existing = submitted(pw)
    client = browser(pw.provider)
    page = text(client.get(reverse("proposals:mine")))
    assert existing.title in page and existing.receipt_number in page
    response = client.post(reverse("proposals:new"), {"call": str(pw.call.public_id)})
    assert response.status_code == 302
    created = Proposal.objects.exclude(pk=existing.pk).get()
    assert response["Location"] == url("edit", created)
    assert created.organization == pw.provider_org and created.status == ProposalStatus.DRAFT


def test_my_proposals_is_for_providers(pw):
    assert browser(pw.manager).get(reverse("proposals:mine")).status_code == 403
    assert browser(pw.manager).post(reverse("proposals:new"), {"call": str(pw.call.public_id)}).status_code == 403


def test_new_proposal_refused_for_a_closed_call(closed):
    response = browser(closed.provider).post(reverse("proposals:new"), {"call": str(closed.call.public_id)})
    assert response.status_code == 302
    assert not Proposal.objects.exists()


def test_new_proposal_beyond_the_limit_is_refused(pw):
    from huimin.calls.models import Call

    Call.objects.filter(pk=pw.call.pk).update(max_proposals_per_organization=1)
    draft(pw)
    client = browser(pw.provider)
    response = client.post(reverse("proposals:new"), {"call": str(pw.call.public_id)}, follow=True)
    assert Proposal.objects.count() == 1
    assert "already has" in text(response)


def test_applied_amount_exactly_at_the_cap_passes_and_one_fen_more_is_shown(pw):
    proposal = complete(pw)
    client = htmx(pw.provider)
    response = client.post(url("autosave", proposal), {"field": "applied_amount", "applied_amount": "50000.01"})
    assert response.status_code == 200
    assert 'data-code="applied_over_cap"' in text(response)
    response = client.post(url("autosave", proposal), {"field": "applied_amount", "applied_amount": "50000"})
    assert 'data-code="applied_over_cap"' not in text(response)
    proposal.refresh_from_db()
    assert proposal.applied_amount == Decimal("50000")
