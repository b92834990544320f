"""The printed proposal: a Chinese A4 PDF built for each request (never stored) with the cover block, team,
activities, indicators, budget with totals and shares, documents, commitment, and the receipt once submitted."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from huimin.files.models import Attachment
from huimin.proposals.pdf import pdf_file_name, render_pdf, render_print_html

from .factories import NOW, make_complete_proposal, make_submitted_proposal, world  # noqa: F401
from .pages_world import browser, page_world, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_pdf_bytes_are_a_pdf(world):  # noqa: F811
    proposal = make_complete_proposal(world)
    data = render_pdf(proposal, today=NOW.date())
    assert data.startswith(b"%PDF")
    assert len(data) > 10_000  # fonts embedded


def test_printed_proposal_holds_every_part_in_chinese(world):  # noqa: F811
    proposal = make_submitted_proposal(world)
    receipt = proposal.receipts.get()
    html = render_print_html(proposal, today=NOW.date(), for_pdf=True)
    for expected in (
        "龙园社区老年人太极拳健身培训项目",  # title
        "大同市平城区阳光社会工作服务中心",  # organization
        world.provider_org.registration_number,
        "2029",  # annual inspection
        "3A",  # grade
        "50,000.00" if "50,000.00" in html else "50000.00",  # applied amount
        "2030-11-01",  # period
        "李晓红",  # team
        "太极拳基础班",  # activity
        "培训场次",  # indicator
        "社工人员补贴",  # budget line
        "40.00 %",  # labour share
        "8.00 %",  # management share
        "登记证书副本复印件",  # documents list
        receipt.number,
        receipt.digest,
    ):
        assert expected in html, expected
    assert "DRAFT" not in html


def test_draft_is_marked_as_not_submitted(world):  # noqa: F811
    proposal = make_complete_proposal(world)
    html = render_print_html(proposal, today=NOW.date(), for_pdf=True)
    assert "DRAFT — NOT SUBMITTED" in html


def test_pdf_page_streams_a_named_file_and_stores_nothing(db):
    pw = page_world(deadline_in=timedelta(days=5))
    proposal = submitted(pw)
    attachments = Attachment.objects.count()
    response = browser(pw.provider).get(reverse("proposals:pdf", kwargs={"public_id": proposal.public_id}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=UTF-8''" in disposition
    assert Attachment.objects.count() == attachments


def test_file_name_has_no_characters_file_systems_refuse(world):  # noqa: F811
    proposal = make_complete_proposal(world, title="书画/班: 第1期?")
    name = pdf_file_name(proposal)
    assert name.endswith(".pdf") and "/" not in name and ":" not in name and "?" not in name
