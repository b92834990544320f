"""The evidence of a credit repair is fetched by the repair request's rule (huimin.files.owners): the penalized
organization's providers and the credit and district administrators, not other providers."""

# ruff: noqa: F811  (the fixtures are imported and used by name)

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huimin.core.models import Role
from huimin.credit.services.repairs import REPAIR_EVIDENCE_PURPOSE
from huimin.files.permissions import can_download
from huimin.files.services import attachment_create
from huimin.files.tests import samples

from .test_check import credit_admin, make_org, make_penalty, penalty_item, system, unit  # noqa: F401
from .test_repairs import _submit, english, org, provider, record  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def test_repair_evidence_is_seen_by_those_who_see_the_request(record, provider, org, credit_admin, make_user, make_org):
    evidence = attachment_create(
        uploaded_file=SimpleUploadedFile("缴款凭证.pdf", samples.pdf(), content_type="application/pdf"),
        purpose="",  # as the generic upload endpoint stores it: claimed by the request
        actor=provider,
        organization=org,
    )
    assert not can_download(credit_admin, evidence)
    _submit(record, provider, evidence=[evidence])
    evidence.refresh_from_db()
    assert evidence.purpose == REPAIR_EVIDENCE_PURPOSE
    admin = make_user(role=Role.DISTRICT_ADMIN)
    assert can_download(provider, evidence) and can_download(credit_admin, evidence) and can_download(admin, evidence)
    stranger = make_user(role=Role.PROVIDER, organization=make_org())
    manager = make_user(role=Role.PROJECT_MANAGER, organization=make_org())
    assert not can_download(stranger, evidence)
    assert not can_download(manager, evidence)
