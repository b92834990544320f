"""Who may fetch an attachment, and how it is served: always as a download with the detected type."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from django.test import Client
from django.urls import reverse

from huimin.core.models import Role
from huimin.core.permissions import Actor, SystemActor
from huimin.files.models import Attachment
from huimin.files.permissions import can_download
from huimin.files.services import attachment_create
from huimin.files.tests import samples
from huimin.files.tests.conftest import make_user, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def private_pdf(provider_actor, org, community):
    return attachment_create(
        uploaded_file=upload("平城区项目申报书.pdf", samples.pdf()),
        purpose="proposal",
        actor=provider_actor,
        organization=org,
        division=community,
    )


@pytest.fixture
def public_png():
    return attachment_create(
        uploaded_file=upload("公示.png", samples.png()), purpose="publicity", actor=SystemActor(), is_public=True
    )


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download_url(attachment: Attachment) -> str:
    return reverse("files:download", args=[attachment.public_id])


def test_download_is_an_attachment_with_the_utf8_name_and_safe_headers(provider, private_pdf):
    response = signed_in(provider).get(download_url(private_pdf))
    assert response.status_code == 200
    assert response.streaming
    assert b"".join(response.streaming_content) == samples.pdf()
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=UTF-8''{quote('平城区项目申报书.pdf')}" in disposition
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["Content-Length"] == str(len(samples.pdf()))
    assert "private" in response["Cache-Control"]


def test_an_html_upload_can_never_be_served_as_html(provider_actor, provider):
    # It cannot even be stored; the served type of anything stored is its detected type.
    with pytest.raises(Exception):  # noqa: B017 - any refusal
        attachment_create(uploaded_file=upload("x.pdf", samples.html()), purpose="", actor=provider_actor)
    assert not Attachment.objects.filter(content_type__icontains="html").exists()


def test_a_file_you_may_not_fetch_is_404_like_one_that_does_not_exist(other_provider, private_pdf):
    response = signed_in(other_provider).get(download_url(private_pdf))
    assert response.status_code == 404
    assert "平城区项目申报书" not in response.content.decode()


def test_the_anonymous_public_gets_404_for_a_private_file(private_pdf):
    assert Client().get(download_url(private_pdf)).status_code == 404


def test_an_unknown_id_is_404_for_everyone(provider):
    url = reverse("files:download", args=["00000000-0000-4000-8000-000000000000"])
    assert signed_in(provider).get(url).status_code == 404
    assert Client().get(url).status_code == 404


def test_a_public_file_is_served_to_the_anonymous_public(public_png):
    response = Client().get(download_url(public_png))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].startswith("attachment;")


def test_a_file_missing_from_storage_is_404_not_500(provider, private_pdf):
    private_pdf.file.storage.delete(private_pdf.file.name)
    assert signed_in(provider).get(download_url(private_pdf)).status_code == 404


def test_who_may_download_a_private_file(private_pdf, org, street, other_street, community, other_provider):
    def actor(role, **scope):
        return Actor.for_user(make_user(f"{role}-{len(scope)}-{id(scope)}", role, **scope))

    # A file without a registered owner (its purpose names none): its uploader, its organization, its division.
    assert can_download(Actor.for_user(private_pdf.uploaded_by), private_pdf)
    assert can_download(actor(Role.PROVIDER, organization=org), private_pdf)
    assert can_download(actor(Role.CREDIT_OFFICER, organization=org), private_pdf)
    assert can_download(actor(Role.PURCHASER, division=street), private_pdf)
    assert can_download(actor(Role.COMMUNITY_WORKER, division=community), private_pdf)

    # Staff have no district-wide right to private files: only the owner of a file may grant it to them.
    assert not can_download(actor(Role.DISTRICT_ADMIN), private_pdf)
    assert not can_download(actor(Role.PROJECT_MANAGER), private_pdf)
    assert not can_download(SystemActor(), private_pdf)
    assert not can_download(Actor.anonymous(), private_pdf)
    assert not can_download(Actor.for_user(other_provider), private_pdf)
    assert not can_download(actor(Role.PURCHASER, division=other_street), private_pdf)
    assert not can_download(actor(Role.RESIDENT), private_pdf)
    assert not can_download(actor(Role.EXPERT_REVIEWER), private_pdf)
    assert not can_download(Actor.for_user(make_user("nobody")), private_pdf)


def test_upload_endpoint_answers_json(provider, org):
    response = signed_in(provider).post(
        reverse("files:upload"),
        {"file": upload("预算表.xlsx", samples.xlsx()), "purpose": "budget", "organization": str(org.public_id)},
    )
    assert response.status_code == 201
    data = response.json()
    assert set(data) == {"id", "name", "size", "sha256", "kind"}
    attachment = Attachment.objects.get(public_id=data["id"])
    assert (data["name"], data["kind"], data["size"], data["sha256"]) == (
        "预算表.xlsx",
        "xlsx",
        attachment.size,
        attachment.sha256,
    )
    assert attachment.organization == org and attachment.purpose == "budget"


def test_upload_endpoint_refuses_a_disguised_file_with_its_reason(provider):
    response = signed_in(provider).post(reverse("files:upload"), {"file": upload("a.pdf", samples.html())})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "attachment_type_refused"
    assert "HTML" in body["message"] and body["errors"]["file"]


def test_upload_endpoint_requires_sign_in(db):
    response = Client().post(reverse("files:upload"), {"file": upload("a.pdf", samples.pdf())})
    assert response.status_code == 401
    assert not Attachment.objects.exists()


def test_upload_endpoint_checks_csrf(provider):
    client = Client(enforce_csrf_checks=True)
    client.force_login(provider)
    response = client.post(reverse("files:upload"), {"file": upload("a.pdf", samples.pdf())})
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_a_provider_cannot_attach_files_to_another_organization(provider, other_org):
    response = signed_in(provider).post(
        reverse("files:upload"), {"file": upload("a.pdf", samples.pdf()), "organization": str(other_org.public_id)}
    )
    assert response.status_code == 403
    assert not Attachment.objects.exists()


def test_only_staff_may_publish_through_the_upload_endpoint(provider, district_admin):
    refused = signed_in(provider).post(
        reverse("files:upload"), {"file": upload("a.pdf", samples.pdf()), "is_public": "1"}
    )
    assert refused.status_code == 403
    accepted = signed_in(district_admin).post(
        reverse("files:upload"), {"file": upload("a.pdf", samples.pdf()), "is_public": "1"}
    )
    assert accepted.status_code == 201
    assert Attachment.objects.get().is_public


def test_api_upload_and_metadata(provider, org):
    client = signed_in(provider)
    response = client.post(
        "/api/v1/files",
        {"file": upload("方案.docx", samples.docx()), "purpose": "proposal", "organization": str(org.public_id)},
    )
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["kind"] == "docx" and data["name"] == "方案.docx" and data["organization"] == str(org.public_id)
    assert data["download_url"] == reverse("files:download", args=[data["id"]])
    meta = client.get(f"/api/v1/files/{data['id']}")
    assert meta.status_code == 200 and meta.json()["sha256"] == data["sha256"]


def test_api_refuses_a_disguised_file(provider):
    response = signed_in(provider).post("/api/v1/files", {"file": upload("a.pdf", samples.exe())})
    assert response.status_code == 400
    assert response.json()["code"] == "attachment_type_refused"


def test_api_upload_needs_a_signed_in_caller(db):
    assert Client().post("/api/v1/files", {"file": upload("a.pdf", samples.pdf())}).status_code == 401


def test_api_metadata_hides_private_files(private_pdf, other_provider, public_png):
    assert Client().get(f"/api/v1/files/{private_pdf.public_id}").status_code == 404
    assert signed_in(other_provider).get(f"/api/v1/files/{private_pdf.public_id}").status_code == 404
    assert Client().get(f"/api/v1/files/{public_png.public_id}").status_code == 200
