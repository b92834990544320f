"""Sealing through the pages: before the deadline nobody but the organization sees a proposal (another provider, the
project manager, the purchasers, the district administrator get 404 on view, edit, print, PDF and receipt); after it
the call's managers and the purchasers concerned read submitted ones (never drafts), and only the organization edits."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import translation

from huimin.proposals.models import Proposal

from .pages_world import browser, draft, page_world, submitted, text

pytestmark = pytest.mark.django_db

READ_PAGES = ("detail", "print", "pdf", "receipt")
ALL_PAGES = (*READ_PAGES, "edit", "submit", "withdraw")


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def url(name: str, proposal: Proposal) -> str:
    return reverse(f"proposals:{name}", kwargs={"public_id": proposal.public_id})


def test_before_the_deadline_only_the_organization_sees_its_proposal(db):
    pw = page_world(deadline_in=timedelta(days=10))
    proposal = submitted(pw)
    for name in ("detail", "print", "receipt", "edit"):
        assert browser(pw.provider).get(url(name, proposal)).status_code == 200, name
    for actor in (pw.other_provider, pw.manager, pw.other_manager, pw.admin, pw.purchaser, pw.reviewer, pw.nobody):
        for name in ALL_PAGES:
            assert browser(actor).get(url(name, proposal)).status_code == 404, (actor.user.username, name)


def test_sealed_proposal_looks_like_one_that_does_not_exist(db):
    pw = page_world(deadline_in=timedelta(days=10))
    proposal = submitted(pw)
    sealed = browser(pw.manager).get(url("detail", proposal))
    missing = browser(pw.manager).get(
        reverse("proposals:detail", kwargs={"public_id": "00000000-0000-4000-8000-000000000000"})
    )
    assert sealed.status_code == missing.status_code == 404
    assert proposal.title not in text(sealed)


def test_the_public_is_sent_to_sign_in(db):
    pw = page_world(deadline_in=timedelta(days=10))
    proposal = submitted(pw)
    for name in ALL_PAGES:
        response = browser().get(url(name, proposal))
        assert response.status_code == 302 and "/login/" in response["Location"], name


def test_after_the_deadline_the_manager_reads_submitted_proposals_but_edits_nothing(db):
    pw = page_world(deadline_in=-timedelta(hours=1))
    proposal = submitted(pw)
    client = browser(pw.manager)
    response = client.get(url("detail", proposal))
    assert response.status_code == 200 and proposal.title in text(response)
    assert client.get(url("print", proposal)).status_code == 200
    response = client.get(url("pdf", proposal))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert client.get(url("edit", proposal)).status_code == 403
    assert (
        client.post(
            reverse("proposals:autosave", kwargs={"public_id": proposal.public_id}), {"field": "title", "title": "x"}
        ).status_code
        == 403
    )
    assert browser(pw.admin).get(url("detail", proposal)).status_code == 200
    assert browser(pw.purchaser).get(url("detail", proposal)).status_code == 200  # its intention is answered


def test_after_the_deadline_others_still_see_nothing(db):
    pw = page_world(deadline_in=-timedelta(hours=1))
    proposal = submitted(pw)
    for actor in (pw.other_provider, pw.other_manager, pw.other_purchaser, pw.reviewer, pw.nobody):
        for name in READ_PAGES:
            assert browser(actor).get(url(name, proposal)).status_code == 404, (actor.user.username, name)


def test_drafts_stay_the_organizations_own_after_the_deadline(db):
    pw = page_world(deadline_in=-timedelta(hours=1))
    proposal = draft(pw)
    assert browser(pw.provider).get(url("detail", proposal)).status_code == 200
    for actor in (pw.manager, pw.admin, pw.purchaser):
        assert browser(actor).get(url("detail", proposal)).status_code == 404


def test_another_provider_cannot_write_to_a_proposal(db):
    pw = page_world(deadline_in=timedelta(days=10))
    proposal = draft(pw)
    client = browser(pw.other_provider)
    for name, data in (
        ("autosave", {"field": "title", "title": "x"}),
        ("commitment_save", {"accepted": "on"}),
        ("confirm_amendments", {}),
        ("submit", {"confirm": "on"}),
    ):
        assert (
            client.post(reverse(f"proposals:{name}", kwargs={"public_id": proposal.public_id}), data).status_code == 404
        )
    proposal.refresh_from_db()
    assert proposal.title == ""
