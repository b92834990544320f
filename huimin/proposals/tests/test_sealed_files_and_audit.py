"""Sealed means sealed for a proposal's files and its audit events too (issue 9, defect 1).

Before the call's deadline the district administrator and the project managers get 404 on a proposal; they get 404
on its documents as well (the file's right is the proposal's, asked of the proposals context through
huimin.files.owners), on the download and on the files API. Its audit events, read by the district administrator on
/audit/, hold only the proposal's public id while it is sealed: no title, attachment ids or names, budget figures.
After the deadline the staff who see the proposal download its documents, and new events are recorded in full.
"""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

import ast
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from huimin.audit.chain import audit_verify
from huimin.audit.models import AuditEvent
from huimin.calls.rules import call_rules
from huimin.files.models import Attachment
from huimin.files.tests import samples

from ..content import document_purpose
from ..models import Proposal
from ..services import (
    budget_line_update,
    proposal_document_attach,
    proposal_open_fix,
)
from ..services import (
    proposal_submit as _submit,
)
from .factories import AFTER, NOW, make_submitted_proposal, world  # noqa: F401
from .pages_world import PageWorld, browser, complete, draft, page_world

pytestmark = pytest.mark.django_db

DOCUMENT_NAME = "阳光社工太极拳项目预算明细.pdf"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def _code(pw: PageWorld) -> str:
    return next(d.code for d in call_rules(pw.call).required_documents if d.required)


def _upload(pw: PageWorld, purpose: str) -> Attachment:
    from huimin.files.services import attachment_create

    return attachment_create(
        uploaded_file=SimpleUploadedFile(DOCUMENT_NAME, samples.pdf(), content_type="application/pdf"),
        purpose=purpose,
        actor=pw.provider,
        organization=pw.provider_org,
    )


def submitted_with_document(pw: PageWorld, *, purpose: str | None = None) -> tuple[Proposal, Attachment]:
    """A proposal submitted before the deadline with one real document (uploaded as the editor does, or with
    another purpose, e.g. "" as the generic upload endpoint stores it)."""
    proposal = complete(pw)
    code = _code(pw)
    attachment = _upload(pw, document_purpose(code) if purpose is None else purpose)
    proposal_document_attach(proposal=proposal, code=code, attachment=attachment, actor=pw.provider, now=pw.before)
    _submit(proposal=proposal, actor=pw.provider, now=pw.before)
    proposal.refresh_from_db()
    attachment.refresh_from_db()
    return proposal, attachment


def download(actor, attachment: Attachment) -> int:
    return browser(actor).get(reverse("files:download", args=[attachment.public_id])).status_code


def metadata(actor, attachment: Attachment) -> int:
    return browser(actor).get(f"/api/v1/files/{attachment.public_id}").status_code


# --- files -----------------------------------------------------------------------------------------------------


def test_before_the_deadline_staff_get_404_on_a_sealed_proposals_documents_as_on_the_proposal():
    pw = page_world(deadline_in=timedelta(days=10))
    proposal, attachment = submitted_with_document(pw)
    for actor in (pw.admin, pw.manager, pw.purchaser, pw.other_manager, pw.other_provider, pw.reviewer, pw.nobody):
        who = actor.user.username
        assert browser(actor).get(reverse("proposals:detail", args=[proposal.public_id])).status_code == 404, who
        response = browser(actor).get(reverse("files:download", args=[attachment.public_id]))
        assert response.status_code == 404, who
        assert DOCUMENT_NAME not in response.content.decode(), who
        assert metadata(actor, attachment) == 404, who
    assert download(None, attachment) == 404


def test_the_providers_own_members_download_their_documents_at_any_time():
    pw = page_world(deadline_in=timedelta(days=10))
    _proposal, attachment = submitted_with_document(pw)
    assert download(pw.provider, attachment) == 200
    assert metadata(pw.provider, attachment) == 200


def test_after_the_deadline_the_staff_who_see_the_proposal_download_its_documents():
    pw = page_world(deadline_in=-timedelta(hours=1))
    _proposal, attachment = submitted_with_document(pw)
    for actor in (pw.provider, pw.admin, pw.manager, pw.purchaser):
        assert download(actor, attachment) == 200, actor.user.username
        assert metadata(actor, attachment) == 200, actor.user.username
    for actor in (pw.other_manager, pw.other_purchaser, pw.other_provider, pw.reviewer, pw.nobody):
        assert download(actor, attachment) == 404, actor.user.username


def test_documents_of_drafts_stay_the_organizations_after_the_deadline():
    pw = page_world(deadline_in=-timedelta(hours=1))
    proposal = draft(pw)
    code = _code(pw)
    attachment = _upload(pw, document_purpose(code))
    proposal_document_attach(proposal=proposal, code=code, attachment=attachment, actor=pw.provider, now=pw.before)
    assert download(pw.provider, attachment) == 200
    for actor in (pw.admin, pw.manager, pw.purchaser):
        assert download(actor, attachment) == 404, actor.user.username


def test_a_file_uploaded_through_the_generic_endpoint_is_claimed_and_sealed_with_the_proposal():
    pw = page_world(deadline_in=timedelta(days=10))
    proposal = complete(pw)
    client = browser(pw.provider)
    response = client.post(
        "/api/v1/files",
        {
            "file": SimpleUploadedFile(DOCUMENT_NAME, samples.pdf(), content_type="application/pdf"),
            "organization": str(pw.provider_org.public_id),
        },
    )
    assert response.status_code == 201, response.content
    file_id = response.json()["id"]
    code = _code(pw)
    attached = client.post(
        f"/api/v1/proposals/{proposal.public_id}/documents",
        {"code": code, "attachment": file_id},
        content_type="application/json",
    )
    assert attached.status_code == 201, attached.content
    attachment = Attachment.objects.get(public_id=file_id)
    assert attachment.purpose == document_purpose(code)
    _submit(proposal=proposal, actor=pw.provider, now=timezone.now())
    for actor in (pw.admin, pw.manager, pw.purchaser):
        assert download(actor, attachment) == 404, actor.user.username
    assert download(pw.provider, attachment) == 200


def test_a_standing_document_reused_by_a_proposal_stays_the_profiles():
    """The organization's standing documents are seen by the staff who check providers on its profile; attaching
    one to a proposal neither seals it nor opens the proposal."""
    from huimin.providers.services import profile_document_upload

    pw = page_world(deadline_in=timedelta(days=10))
    standing = profile_document_upload(
        organization=pw.provider_org,
        code="registration_certificate",
        uploaded_file=SimpleUploadedFile("登记证书.pdf", samples.pdf(), content_type="application/pdf"),
        actor=pw.provider,
    )
    assert download(pw.manager, standing.attachment) == 200
    assert download(pw.other_provider, standing.attachment) == 404


# --- audit -----------------------------------------------------------------------------------------------------


def _proposal_events(proposal: Proposal):
    return AuditEvent.objects.filter(target_type="proposals.proposal", target_id=str(proposal.pk)).order_by("seq")


def test_while_sealed_every_proposal_event_holds_only_the_public_id(world):
    proposal = make_submitted_proposal(world, now=NOW)
    events = list(_proposal_events(proposal))
    types = {e.event_type for e in events}
    assert {"proposal.created", "proposal.budget_line_added", "proposal.document_attached"} <= types
    assert "proposal.submitted" in types
    for event in events:
        assert event.payload == {"proposal": str(proposal.public_id)}, event.event_type
        assert event.target_label == str(proposal.public_id), event.event_type
    assert audit_verify().ok


def test_after_the_deadline_new_events_of_a_submitted_proposal_are_recorded_in_full(world):
    proposal = make_submitted_proposal(world, now=NOW)
    until = AFTER + timedelta(days=3)
    proposal_open_fix(proposal=proposal, sections=["budget"], until=until, actor=world.manager, now=AFTER)
    opened = _proposal_events(proposal).get(event_type="proposal.fix_opened")
    assert opened.payload["sections"] == ["budget"] and opened.target_label == proposal.title
    line = proposal.budget_lines.order_by("position").first()
    budget_line_update(line=line, actor=world.provider, now=AFTER + timedelta(hours=1), quantity=Decimal("9"))
    updated = _proposal_events(proposal).get(event_type="proposal.budget_line_updated")
    assert updated.payload["total"] == "18000.00"
    # What was written while sealed stays as it was: the trail is append-only.
    added = _proposal_events(proposal).filter(event_type="proposal.budget_line_added")
    assert all(e.payload == {"proposal": str(proposal.public_id)} for e in added)
    assert audit_verify().ok


def test_audit_page_and_api_show_nothing_of_a_sealed_proposal():
    pw = page_world(deadline_in=timedelta(days=10))
    proposal, attachment = submitted_with_document(pw)
    revealing = [
        proposal.title,
        DOCUMENT_NAME,
        attachment.sha256,
        "20000.00",  # the labour line's total
        "8000.00",  # the activity line's total
        "项目申报书",
    ]
    client = browser(pw.admin)
    pages = [
        client.get(reverse("audit:event_list")),
        client.get(reverse("audit:event_list"), {"event_type": "proposal.budget_line_added"}),
        client.get(reverse("audit:event_list"), {"event_type": "proposal.document_attached"}),
        client.get(reverse("audit:event_list"), {"event_type": "attachment.uploaded"}),
        client.get(reverse("audit:event_list"), {"target_type": "proposals.proposal"}),
        client.get(f"/api/v1/audit/organization/{pw.provider_org.public_id}"),
        client.get(f"/api/v1/audit/user/{pw.provider.user.username}"),
    ]
    for response in pages:
        assert response.status_code == 200
        body = response.content.decode()
        for text in revealing:
            assert text not in body, (response.request["PATH_INFO"], response.request.get("QUERY_STRING"), text)
    listed = client.get(reverse("audit:event_list"), {"target_type": "proposals.proposal"}).content.decode()
    assert str(proposal.public_id) in listed  # the events are there, by the proposal's public id only
    # Nothing ties the file to the proposal: the proposal's events do not name it, its upload names only itself.
    assert str(attachment.public_id) not in listed
    uploaded = AuditEvent.objects.get(event_type="attachment.uploaded", target_id=str(attachment.pk))
    assert uploaded.payload == {"attachment": str(attachment.public_id)}


def test_every_proposals_event_goes_through_the_sealing_helper():
    """By construction: no service of the proposals context writes an event on a proposal with audit_record
    directly; events.proposal_audit decides what a sealed proposal's event may hold."""
    root = Path(__file__).resolve().parents[1]
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if "tests" in path.parts or path.relative_to(root) == Path("events.py"):
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", "") == "audit_record"):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            event_type = keywords.get("event_type")
            target = keywords.get("target")
            on_proposal = isinstance(target, ast.Name) and target.id == "proposal"
            named = isinstance(event_type, ast.Constant) and str(event_type.value).startswith("proposal.")
            member = "ProposalsEvent" in ast.unparse(event_type) if event_type is not None else False
            if on_proposal or named or member:
                offenders.append(f"{path.relative_to(root)}:{node.lineno}")
    assert not offenders, offenders
