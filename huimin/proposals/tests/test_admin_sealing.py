"""The back office keeps the seal too: before the call's deadline /admin/ lists no proposal, no receipt and none of
the proposal's files, even for a superuser; once the deadline has passed they appear (read-only)."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from huimin.calls.models import Call
from huimin.core.models import User

from .factories import make_submitted_proposal, world  # noqa: F401

pytestmark = pytest.mark.django_db

TITLE = "阳光助老太极拳进社区"


@pytest.fixture
def superuser_client(client):
    user = User.objects.create_superuser(username="root-admin", password="a-good-Passw0rd")
    client.force_login(user)
    return client


def _pages(client, proposal) -> dict[str, str]:
    document = proposal.documents.select_related("attachment").first()
    urls = {
        "proposals": reverse("admin:proposals_proposal_changelist"),
        "receipts": reverse("admin:proposals_receipt_changelist"),
        "attachments": reverse("admin:files_attachment_changelist"),
        "proposal": reverse("admin:proposals_proposal_change", args=[proposal.pk]),
    }
    if document is not None:
        urls["attachment"] = reverse("admin:files_attachment_change", args=[document.attachment.pk])
    return {name: client.get(url) for name, url in urls.items()}


def test_admin_shows_nothing_of_a_sealed_proposal(world, superuser_client):
    proposal = make_submitted_proposal(world, title=TITLE)
    document = proposal.documents.select_related("attachment").first()
    assert proposal.call.deadline > timezone.now()  # sealed in real time
    pages = _pages(superuser_client, proposal)
    for name in ("proposals", "receipts", "attachments"):
        assert pages[name].status_code == 200
        body = pages[name].content.decode()
        assert TITLE not in body, name
        assert proposal.receipt_number not in body, name
        if document is not None:
            assert document.attachment.original_name not in body, name
    # The change pages of the sealed objects answer as if they did not exist (the admin redirects to its index).
    assert pages["proposal"].status_code == 302
    if document is not None:
        assert pages["attachment"].status_code == 302


def test_admin_shows_the_proposal_once_the_deadline_has_passed(world, superuser_client):
    proposal = make_submitted_proposal(world, title=TITLE)
    Call.objects.filter(pk=proposal.call_id).update(deadline=timezone.now() - timedelta(minutes=1))
    pages = _pages(superuser_client, proposal)
    assert TITLE in pages["proposals"].content.decode()
    assert proposal.receipt_number in pages["receipts"].content.decode()
    assert pages["proposal"].status_code == 200
