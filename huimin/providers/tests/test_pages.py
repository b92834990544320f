"""The organization's profile page: registration facts from core (read-only, the grade with its validity), the team,
past projects (platform ones read-only) and standing documents; for the organization's own providers only."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import translation

from huimin.core.permissions import SystemActor
from huimin.files.tests import samples
from huimin.providers.models import PastProject, ProfileDocument, TeamMember
from huimin.providers.services import past_project_record, team_member_create

from .factories import NOW, World, make_provider, world  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = samples.pdf()
PROFILE = "/proposals/profile/"


def browser(actor=None) -> Client:
    """A client asking for English pages, signed in as `actor` (if any)."""
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def text(response) -> str:
    return response.content.decode()


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_profile_shows_registration_grade_and_inspection(world: World):  # noqa: F811
    page = text(browser(world.provider).get(PROFILE))
    assert world.provider_org.name in page
    assert world.provider_org.registration_number in page
    assert "3A" in page and 'id="grade"' in page
    assert "2029" in page  # the last annual inspection


def test_profile_is_for_the_organizations_providers(world: World):  # noqa: F811
    for actor in (world.manager, world.admin, world.purchaser, world.nobody):
        assert browser(actor).get(PROFILE).status_code == 403
    assert browser().get(PROFILE).status_code == 302


def test_provider_of_another_organization_cannot_pick_it(world: World):  # noqa: F811
    response = browser(world.other_provider).get(PROFILE, {"org": str(world.provider_org.public_id)})
    assert response.status_code == 404


def test_team_member_added_edited_and_taken_off(world: World):  # noqa: F811
    client = browser(world.provider)
    response = client.post(
        reverse("providers:team_member_add"),
        {
            "org": str(world.provider_org.public_id),
            "name": "王芳",
            "qualification": "social_worker",
            "is_full_time": "on",
        },
    )
    assert response.status_code == 302
    member = TeamMember.objects.get(name="王芳")
    response = client.post(
        reverse("providers:team_member_edit", kwargs={"public_id": member.public_id}),
        {"name": "王芳", "qualification": "senior", "position": "督导"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.qualification, member.position, member.is_full_time) == ("senior", "督导", False)
    client.post(reverse("providers:team_member_deactivate", kwargs={"public_id": member.public_id}))
    member.refresh_from_db()
    assert not member.is_active


def test_team_member_errors_are_shown_next_to_the_fields(world: World):  # noqa: F811
    response = browser(world.provider).post(
        reverse("providers:team_member_add"), {"org": str(world.provider_org.public_id), "name": "王芳", "phone": "abc"}
    )
    assert response.status_code == 400
    assert "phone number" in text(response)
    assert not TeamMember.objects.exists()


def test_another_provider_cannot_touch_the_team(world: World):  # noqa: F811
    member = team_member_create(organization=world.provider_org, actor=world.provider, name="王芳")
    client = browser(world.other_provider)
    assert client.get(reverse("providers:team_member_edit", kwargs={"public_id": member.public_id})).status_code == 404
    assert (
        client.post(reverse("providers:team_member_deactivate", kwargs={"public_id": member.public_id})).status_code
        == 404
    )
    member.refresh_from_db()
    assert member.is_active


def test_platform_projects_are_marked_and_read_only(world: World):  # noqa: F811
    project = past_project_record(
        organization=world.provider_org,
        year=2029,
        title="龙园社区助老服务",
        round_name="平城区第一届",
        actor=SystemActor("test"),
        now=NOW,
    )
    client = browser(world.provider)
    page = text(client.get(PROFILE))
    assert "龙园社区助老服务" in page and "on this platform" in page
    assert reverse("providers:past_project_edit", kwargs={"public_id": project.public_id}) not in page
    response = client.post(
        reverse("providers:past_project_edit", kwargs={"public_id": project.public_id}), {"year": "2029", "title": "改"}
    )
    assert response.status_code == 409
    assert (
        client.post(reverse("providers:past_project_remove", kwargs={"public_id": project.public_id})).status_code
        == 409
    )
    assert PastProject.objects.get(pk=project.pk).title == "龙园社区助老服务"


def test_declared_project_added_with_full_width_amount_and_edited(world: World):  # noqa: F811
    client = browser(world.provider)
    response = client.post(
        reverse("providers:past_project_add"),
        {"org": str(world.provider_org.public_id), "year": "２０２５", "title": "书画班", "amount": "３００００"},
    )
    assert response.status_code == 302
    project = PastProject.objects.get()
    assert project.year == 2025 and str(project.amount) == "30000.00"
    response = client.post(
        reverse("providers:past_project_add"), {"org": str(world.provider_org.public_id), "year": "1850", "title": "x"}
    )
    assert response.status_code == 400 and PastProject.objects.count() == 1


def test_standing_document_uploaded_and_removed(world: World):  # noqa: F811
    client = browser(world.provider)
    response = client.post(
        reverse("providers:profile_document_upload"),
        {
            "org": str(world.provider_org.public_id),
            "code": "registration_certificate",
            "file": SimpleUploadedFile("登记证书.pdf", PDF, content_type="application/pdf"),
        },
    )
    assert response.status_code == 302
    document = ProfileDocument.objects.get()
    assert "登记证书.pdf" in text(client.get(PROFILE))
    assert (
        browser(world.other_provider)
        .post(reverse("providers:profile_document_remove", kwargs={"attachment_id": document.attachment.public_id}))
        .status_code
        == 404
    )
    response = client.post(
        reverse("providers:profile_document_remove", kwargs={"attachment_id": document.attachment.public_id})
    )
    assert response.status_code == 302 and not ProfileDocument.objects.exists()


def test_provider_of_two_organizations_switches_between_them(world: World):  # noqa: F811
    from huimin.core.models import Role, RoleAssignment

    second, _ = make_provider(name="大同市平城区第二家社工中心")
    user = world.provider.user
    assert user is not None
    RoleAssignment.objects.create(user=user, role=Role.PROVIDER, organization=second)
    page = text(browser(world.provider).get(PROFILE, {"org": str(second.public_id)}))
    assert "大同市平城区第二家社工中心" in page and 'id="org-switch"' in page
