"""A call's documents are fetched by the call's rule (huimin.files.owners): while the call is a draft, its managers
and the district administrator only — not every project manager of the district; once published, everyone."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huimin.calls.services.calls import DOCUMENT_PURPOSE, call_document_add, call_publish, call_update
from huimin.core.permissions import Actor
from huimin.files.permissions import can_download
from huimin.files.services import attachment_create
from huimin.files.tests import samples

from .factories_calls import at, draft_call, world  # noqa: F401

pytestmark = pytest.mark.django_db

NOW = at(date(2030, 9, 16), 9)
DEADLINE = at(date(2030, 9, 27), 17)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def _pdf(name: str = "申报通知.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, samples.pdf(), content_type="application/pdf")


def test_a_draft_calls_documents_are_its_managers_until_it_is_published(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    document = call_document_add(call=call, uploaded_file=_pdf(), actor=world.manager, now=NOW)
    assert can_download(world.manager, document) and can_download(world.admin, document)
    for outsider in (world.other_manager, world.provider, world.purchaser, world.nobody, Actor.anonymous()):
        assert not can_download(outsider, document)
    call_publish(call=call, actor=world.manager, now=NOW)
    document.refresh_from_db()
    assert all(can_download(a, document) for a in (world.other_manager, world.provider, Actor.anonymous()))


def test_a_generic_upload_listed_on_a_draft_is_claimed_by_the_call(world):
    call = draft_call(world, now=NOW, deadline=DEADLINE)
    upload = attachment_create(
        uploaded_file=_pdf("附件.pdf"), purpose="", actor=world.manager, organization=world.manager_org
    )
    assert not can_download(world.admin, upload)  # no owner yet: its uploader and organization only
    call_update(call=call, actor=world.manager, now=NOW, documents=[upload])
    upload.refresh_from_db()
    assert upload.purpose == DOCUMENT_PURPOSE
    assert can_download(world.admin, upload)
    assert not can_download(world.other_manager, upload)
