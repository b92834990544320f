"""/api/v1/organizations/{id}/team, /past-projects, /documents: reads for the organization and staff (no phones for
staff), writes for the organization's own providers; platform projects read-only."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from huimin.core.permissions import SystemActor
from huimin.files.tests import samples
from huimin.providers.models import PastProject, ProfileDocument, TeamMember
from huimin.providers.services import past_project_record, team_member_create

from .factories import NOW, World, world  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = samples.pdf()


def client_for(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def base(w: World) -> str:
    return f"/api/v1/organizations/{w.provider_org.public_id}"


def test_team_is_read_by_the_organization_with_phones_and_by_staff_without(world: World):  # noqa: F811
    team_member_create(organization=world.provider_org, actor=world.provider, name="王芳", phone="13912345678")
    own = client_for(world.provider).get(f"{base(world)}/team").json()
    assert own[0]["name"] == "王芳" and own[0]["phone"] == "13912345678"
    for actor in (world.manager, world.admin, world.purchaser):
        staff = client_for(actor).get(f"{base(world)}/team").json()
        assert staff[0]["name"] == "王芳" and staff[0]["phone"] is None


def test_team_is_hidden_from_others_and_the_public(world: World):  # noqa: F811
    assert client_for(world.other_provider).get(f"{base(world)}/team").status_code == 403
    assert client_for(world.reviewer).get(f"{base(world)}/past-projects").status_code == 403
    assert client_for().get(f"{base(world)}/documents").status_code == 401
    assert (
        client_for(world.provider).get("/api/v1/organizations/00000000-0000-4000-8000-000000000000/team").status_code
        == 404
    )


def test_team_member_created_changed_and_deactivated_through_the_api(world: World):  # noqa: F811
    client = client_for(world.provider)
    response = client.post(
        f"{base(world)}/team",
        json.dumps({"name": "李晓红", "qualification": "social_worker"}),
        content_type="application/json",
    )
    assert response.status_code == 201
    member_id = response.json()["public_id"]
    response = client.patch(
        f"{base(world)}/team/{member_id}", json.dumps({"position": "项目主管"}), content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["position"] == "项目主管"
    assert response.json()["qualification"] == "social_worker"
    response = client.post(f"{base(world)}/team/{member_id}/deactivate")
    assert response.status_code == 200 and response.json()["is_active"] is False


def test_staff_cannot_write_the_team(world: World):  # noqa: F811
    for actor in (world.manager, world.admin, world.other_provider):
        response = client_for(actor).post(
            f"{base(world)}/team", json.dumps({"name": "x"}), content_type="application/json"
        )
        assert response.status_code == 403
    assert not TeamMember.objects.exists()


def test_invalid_team_member_answers_400_with_field_errors(world: World):  # noqa: F811
    response = client_for(world.provider).post(
        f"{base(world)}/team", json.dumps({"name": "", "qualification": "doctor"}), content_type="application/json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "team_member_invalid" and {"name", "qualification"} <= set(body["errors"])


def test_platform_project_cannot_be_changed_through_the_api(world: World):  # noqa: F811
    project = past_project_record(
        organization=world.provider_org, year=2029, title="助老服务", actor=SystemActor("test"), now=NOW
    )
    client = client_for(world.provider)
    listed = client.get(f"{base(world)}/past-projects").json()
    assert listed[0]["source"] == "platform" and listed[0]["editable"] is False
    response = client.patch(
        f"{base(world)}/past-projects/{project.public_id}", json.dumps({"title": "改"}), content_type="application/json"
    )
    assert response.status_code == 400 and response.json()["code"] == "past_project_platform_read_only"
    assert client.delete(f"{base(world)}/past-projects/{project.public_id}").status_code == 400
    assert PastProject.objects.get(pk=project.pk).title == "助老服务"


def test_declared_project_through_the_api(world: World):  # noqa: F811
    client = client_for(world.provider)
    response = client.post(
        f"{base(world)}/past-projects",
        json.dumps({"year": 2025, "title": "书画班", "amount": "30000.00"}),
        content_type="application/json",
    )
    assert response.status_code == 201 and response.json()["source"] == "declared"
    project_id = response.json()["public_id"]
    assert client.delete(f"{base(world)}/past-projects/{project_id}").status_code == 204
    assert not PastProject.objects.exists()


def test_documents_uploaded_listed_and_removed(world: World):  # noqa: F811
    client = client_for(world.provider)
    response = client.post(
        f"{base(world)}/documents",
        {"code": "charter", "file": SimpleUploadedFile("章程.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 201, response.content
    document_id = response.json()["id"]
    listed = client_for(world.manager).get(f"{base(world)}/documents").json()
    assert listed[0]["code"] == "charter" and listed[0]["current"] is True
    response = client.post(
        f"{base(world)}/documents",
        {"code": "selfie", "file": SimpleUploadedFile("a.pdf", PDF, content_type="application/pdf")},
    )
    assert response.status_code == 400 and response.json()["code"] == "profile_document_code_unknown"
    assert client_for(world.manager).delete(f"{base(world)}/documents/{document_id}").status_code == 403
    assert client.delete(f"{base(world)}/documents/{document_id}").status_code == 204
    assert not ProfileDocument.objects.exists()
