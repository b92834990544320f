"""A fix window after the deadline, through the editor: only the sections asked are editable (the others are shown
read-only and refused), with the time left; the fix is submitted with a receipt of kind "fix"."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from huimin.proposals.models import Proposal, Receipt
from huimin.proposals.services import proposal_open_fix

from .pages_world import browser, htmx, page_world, submitted, text

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def url(name: str, proposal: Proposal, **kw) -> str:
    return reverse(f"proposals:{name}", kwargs={"public_id": proposal.public_id, **kw})


@pytest.fixture
def fixing(db):
    pw = page_world(deadline_in=-timedelta(hours=1))
    proposal = submitted(pw)
    proposal_open_fix(
        proposal=proposal, sections=["budget"], until=pw.real_now + timedelta(days=3), actor=pw.manager, now=pw.real_now
    )
    proposal.refresh_from_db()
    return pw, proposal


def test_fix_window_banner_names_the_sections_and_the_time_left(fixing):
    pw, proposal = fixing
    page = text(browser(pw.provider).get(url("edit", proposal)))
    assert 'id="fix-window"' in page
    assert "2 days" in page  # until real now + 3 days, read a moment later
    assert 'name="applied_amount"' in page  # budget: editable
    assert 'name="title"' not in page and 'name="summary"' not in page  # other sections: read-only
    assert url("submit_fix", proposal) in page


def test_only_the_named_sections_are_edited_during_the_fix(fixing):
    pw, proposal = fixing
    client = htmx(pw.provider)
    response = client.post(url("autosave", proposal), {"field": "applied_amount", "applied_amount": "45000"})
    assert response.status_code == 200
    response = client.post(url("autosave", proposal), {"field": "title", "title": "改名"})
    assert response.status_code == 409
    assert (
        client.post(url("row_add", proposal, kind="activities"), {"name": "新活动", "sessions": "1"}).status_code == 409
    )
    proposal.refresh_from_db()
    assert str(proposal.applied_amount) == "45000.00"
    assert proposal.title != "改名"


def test_the_fix_is_submitted_with_a_receipt_and_closes_the_window(fixing):
    pw, proposal = fixing
    client = browser(pw.provider)
    assert client.get(url("submit_fix", proposal)).status_code == 200
    response = client.post(url("submit_fix", proposal), {"confirm": "on"})
    assert response.status_code == 302
    assert Receipt.objects.filter(proposal=proposal, kind="fix").count() == 1
    assert (
        htmx(pw.provider)
        .post(url("autosave", proposal), {"field": "applied_amount", "applied_amount": "1"})
        .status_code
        == 409
    )


def test_after_the_fix_window_ends_nothing_changes(db):
    pw = page_world(deadline_in=-timedelta(hours=2))
    proposal = submitted(pw)
    proposal_open_fix(
        proposal=proposal,
        sections=["budget"],
        until=pw.real_now - timedelta(minutes=30),
        actor=pw.manager,
        now=pw.real_now - timedelta(hours=1),
    )
    response = htmx(pw.provider).post(url("autosave", proposal), {"field": "applied_amount", "applied_amount": "1"})
    assert response.status_code == 409
    page = text(browser(pw.provider).get(url("edit", proposal)))
    assert 'name="applied_amount"' not in page


def test_the_screenings_reason_is_shown_with_the_fix(fixing):
    from django.apps import apps  # the screening context's models, without importing that (higher) layer

    pw, proposal = fixing
    run = apps.get_model("screening", "ScreeningRun").objects.create(
        call=pw.call, started_at=pw.real_now, started_by="system"
    )
    apps.get_model("screening", "Screening").objects.create(
        proposal=proposal,
        call=pw.call,
        run=run,
        automatic_result="fail",
        status="fix_requested",
        reason="预算中管理费超过10%，请调整。",
        fix_sections=["budget"],
        fix_until=proposal.fix_until,
        checked_at=pw.real_now,
    )
    page = text(browser(pw.provider).get(url("edit", proposal)))
    assert "预算中管理费超过10%，请调整。" in page


def test_a_document_the_call_does_not_ask_for_is_refused_before_storing(db):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from huimin.files.models import Attachment

    pw = page_world(deadline_in=timedelta(days=3))
    proposal = submitted(pw)
    count = Attachment.objects.count()
    response = browser(pw.provider).post(
        url("document_upload", proposal, code="selfie"),
        {"file": SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")},
    )
    assert response.status_code == 404
    assert Attachment.objects.count() == count
