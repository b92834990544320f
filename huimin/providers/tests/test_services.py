"""Profile services: the team, past projects (declared and recorded by the platform) and standing documents."""

# ruff: noqa: F811  (the world fixture is imported and used by name)

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huimin.audit.models import AuditEvent
from huimin.core.permissions import PermissionDenied, SystemActor
from huimin.core.services.errors import ServiceError
from huimin.files.tests import samples
from huimin.providers.error_codes import ProfilesError
from huimin.providers.models import PastProject, PastProjectSource, ProfileDocument, Qualification, TeamMember
from huimin.providers.selectors import (
    current_profile_documents,
    past_projects,
    registration_facts,
    team_members,
)
from huimin.providers.services import (
    past_project_declare,
    past_project_record,
    past_project_remove,
    past_project_update,
    profile_document_remove,
    profile_document_upload,
    team_member_create,
    team_member_deactivate,
    team_member_reactivate,
    team_member_update,
)
from huimin.providers.stats import register_profile_stats

from .factories import NOW, World, world  # noqa: F401

pytestmark = pytest.mark.django_db

PDF = samples.pdf()


def pdf(name: str = "登记证书.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


# --- team --------------------------------------------------------------------------------------------------------


def test_provider_adds_a_team_member_with_full_width_phone_and_qualification(world: World):
    member = team_member_create(
        organization=world.provider_org,
        actor=world.provider,
        name="　李晓红 ",
        qualification=Qualification.SOCIAL_WORKER,
        education="本科 社会工作",
        phone="１３９ ０３５２ ０００１",
    )
    assert member.name == "李晓红"
    assert member.phone == "13903520001"
    assert AuditEvent.objects.filter(event_type="profile.team_member_added").count() == 1


def test_team_member_needs_a_name_and_a_known_qualification(world: World):
    with pytest.raises(ServiceError) as exc:
        team_member_create(organization=world.provider_org, actor=world.provider, name=" ", qualification="doctor")
    assert exc.value.error_code == ProfilesError.TEAM_MEMBER_INVALID
    assert set(exc.value.message_dict) == {"name", "qualification"}


def test_team_member_phone_must_be_digits(world: World):
    with pytest.raises(ServiceError) as exc:
        team_member_create(organization=world.provider_org, actor=world.provider, name="王芳", phone="call me")
    assert "phone" in exc.value.message_dict


def test_same_person_twice_in_the_team_is_refused(world: World):
    team_member_create(organization=world.provider_org, actor=world.provider, name="王芳", phone="13900000000")
    with pytest.raises(ServiceError) as exc:
        team_member_create(organization=world.provider_org, actor=world.provider, name="王芳", phone="13900000000")
    assert exc.value.error_code == ProfilesError.TEAM_MEMBER_DUPLICATE


def test_another_provider_cannot_change_the_team(world: World):
    with pytest.raises(PermissionDenied):
        team_member_create(organization=world.provider_org, actor=world.other_provider, name="王芳")
    member = team_member_create(organization=world.provider_org, actor=world.provider, name="王芳")
    for actor in (world.other_provider, world.manager, world.admin):
        with pytest.raises(PermissionDenied):
            team_member_update(member=member, actor=actor, position="主任")
        with pytest.raises(PermissionDenied):
            team_member_deactivate(member=member, actor=actor)


def test_update_changes_only_the_fields_given(world: World):
    member = team_member_create(
        organization=world.provider_org, actor=world.provider, name="王芳", education="本科", position="社工"
    )
    team_member_update(member=member, actor=world.provider, position="项目主管")
    member.refresh_from_db()
    assert (member.education, member.position) == ("本科", "项目主管")


def test_unknown_field_is_refused(world: World):
    with pytest.raises(ServiceError):
        team_member_create(organization=world.provider_org, actor=world.provider, name="王芳", salary="1")


def test_deactivated_member_leaves_the_list_and_may_come_back(world: World):
    member = team_member_create(organization=world.provider_org, actor=world.provider, name="王芳")
    team_member_deactivate(member=member, actor=world.provider)
    team_member_deactivate(member=member, actor=world.provider)  # twice: nothing more happens
    assert list(team_members(actor=world.provider, organization=world.provider_org)) == []
    assert AuditEvent.objects.filter(event_type="profile.team_member_deactivated").count() == 1
    team_member_reactivate(member=member, actor=world.provider)
    assert list(team_members(actor=world.provider, organization=world.provider_org)) == [member]


def test_team_member_phone_never_enters_the_audit_trail(world: World):
    member = team_member_create(organization=world.provider_org, actor=world.provider, name="王芳", phone="13912345678")
    team_member_update(member=member, actor=world.provider, phone="13987654321")
    payloads = str(list(AuditEvent.objects.values_list("payload", flat=True)))
    assert "13912345678" not in payloads and "13987654321" not in payloads


# --- past projects -------------------------------------------------------------------------------------------------


def test_provider_declares_a_past_project_with_full_width_amount(world: World):
    project = past_project_declare(
        organization=world.provider_org,
        actor=world.provider,
        now=NOW,
        year="２０２８",
        title="柳园巷社区书画班",
        amount="５０，０００元",
        beneficiaries="１２０",
        evaluation_score="92.5",
    )
    assert project.source == PastProjectSource.DECLARED
    assert (project.year, project.amount, project.beneficiaries) == (2028, Decimal("50000"), 120)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("year", "1989"),
        ("year", "2031"),  # after NOW's year
        ("year", "二〇二八"),
        ("amount", "-1"),
        ("amount", "12.345"),
        ("amount", "a lot"),
        ("beneficiaries", "many"),
        ("evaluation_score", "100.01"),
    ],
)
def test_past_project_values_out_of_range_are_refused(world: World, field: str, value: str):
    data = {"year": "2028", "title": "书画班", field: value}
    with pytest.raises(ServiceError) as exc:
        past_project_declare(organization=world.provider_org, actor=world.provider, now=NOW, **data)
    assert exc.value.error_code == ProfilesError.PAST_PROJECT_INVALID
    assert field in exc.value.message_dict


def test_boundaries_of_year_and_score_pass(world: World):
    project = past_project_declare(
        organization=world.provider_org, actor=world.provider, now=NOW, year=NOW.year, title="A", evaluation_score="100"
    )
    assert project.evaluation_score == Decimal("100")
    past_project_declare(organization=world.provider_org, actor=world.provider, now=NOW, year=1990, title="B")


def test_declared_project_is_edited_and_removed_by_its_organization_only(world: World):
    project = past_project_declare(
        organization=world.provider_org, actor=world.provider, now=NOW, year=2028, title="书画班"
    )
    with pytest.raises(PermissionDenied):
        past_project_update(project=project, actor=world.other_provider, now=NOW, title="x")
    past_project_update(project=project, actor=world.provider, now=NOW, title="柳园巷书画班")
    project.refresh_from_db()
    assert project.title == "柳园巷书画班"
    with pytest.raises(PermissionDenied):
        past_project_remove(project=project, actor=world.other_provider)
    past_project_remove(project=project, actor=world.provider)
    assert not PastProject.objects.filter(pk=project.pk).exists()


def test_platform_project_is_read_only_for_the_organization(world: World):
    project = past_project_record(
        organization=world.provider_org,
        year=2029,
        title="龙园社区助老服务",
        round_name="平城区第一届",
        actor=SystemActor("test"),
        now=NOW,
    )
    assert project.source == PastProjectSource.PLATFORM
    with pytest.raises(ServiceError) as exc:
        past_project_update(project=project, actor=world.provider, now=NOW, title="改名")
    assert exc.value.error_code == ProfilesError.PAST_PROJECT_READ_ONLY
    with pytest.raises(ServiceError):
        past_project_remove(project=project, actor=world.provider)
    assert PastProject.objects.get(pk=project.pk).title == "龙园社区助老服务"


def test_recording_the_same_platform_project_again_updates_it(world: World):
    system = SystemActor("test")
    first = past_project_record(
        organization=world.provider_org,
        year=2029,
        title="助老服务",
        round_name="第一届",
        amount="40000",
        actor=system,
        now=NOW,
    )
    second = past_project_record(
        organization=world.provider_org,
        year=2029,
        title="助老服务",
        round_name="第一届",
        evaluation_score="88",
        actor=world.manager,
        now=NOW,
    )
    assert first.pk == second.pk
    second.refresh_from_db()
    assert (second.amount, second.evaluation_score) == (Decimal("40000"), Decimal("88"))


def test_only_the_platform_records_projects(world: World):
    for actor in (world.provider, world.purchaser, world.nobody):
        with pytest.raises(PermissionDenied):
            past_project_record(organization=world.provider_org, year=2029, title="x", actor=actor, now=NOW)


# --- documents -----------------------------------------------------------------------------------------------------


def test_a_newer_document_supersedes_the_older_one(world: World):
    first = profile_document_upload(
        organization=world.provider_org,
        code="charter",
        uploaded_file=pdf("章程2020.pdf"),
        actor=world.provider,
        now=NOW,
    )
    second = profile_document_upload(
        organization=world.provider_org,
        code="charter",
        uploaded_file=pdf("章程2030.pdf"),
        actor=world.provider,
        now=NOW + timedelta(minutes=1),
    )
    current = current_profile_documents(actor=world.provider, organization=world.provider_org)
    assert current["charter"] == second
    assert ProfileDocument.objects.filter(pk=first.pk).exists()
    assert second.attachment.organization == world.provider_org


def test_document_code_must_be_known_and_file_must_be_a_real_file(world: World):
    with pytest.raises(ServiceError) as exc:
        profile_document_upload(
            organization=world.provider_org, code="selfie", uploaded_file=pdf(), actor=world.provider, now=NOW
        )
    assert exc.value.error_code == ProfilesError.DOCUMENT_CODE_UNKNOWN
    fake = SimpleUploadedFile("登记证书.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ServiceError):
        profile_document_upload(
            organization=world.provider_org,
            code="registration_certificate",
            uploaded_file=fake,
            actor=world.provider,
            now=NOW,
        )
    assert not ProfileDocument.objects.exists()


def test_expired_document_is_refused_and_today_passes(world: World):
    today = NOW.date()
    with pytest.raises(ServiceError) as exc:
        profile_document_upload(
            organization=world.provider_org,
            code="grade_certificate",
            uploaded_file=pdf(),
            valid_until=today - timedelta(days=1),
            actor=world.provider,
            now=NOW,
        )
    assert "valid_until" in exc.value.message_dict
    profile_document_upload(
        organization=world.provider_org,
        code="grade_certificate",
        uploaded_file=pdf(),
        valid_until=today,
        actor=world.provider,
        now=NOW,
    )


def test_documents_are_uploaded_and_removed_by_the_organization_only(world: World):
    with pytest.raises(PermissionDenied):
        profile_document_upload(
            organization=world.provider_org, code="charter", uploaded_file=pdf(), actor=world.other_provider, now=NOW
        )
    doc = profile_document_upload(
        organization=world.provider_org, code="charter", uploaded_file=pdf(), actor=world.provider, now=NOW
    )
    with pytest.raises(PermissionDenied):
        profile_document_remove(document=doc, actor=world.other_provider)
    profile_document_remove(document=doc, actor=world.provider)
    assert not ProfileDocument.objects.exists()


# --- reads ---------------------------------------------------------------------------------------------------------


def test_profile_reads_are_for_the_organization_and_staff(world: World):
    TeamMember.objects.create(organization=world.provider_org, name="李晓红")
    for actor in (world.provider, world.admin, world.manager, world.purchaser):
        assert team_members(actor=actor, organization=world.provider_org).count() == 1
        past_projects(actor=actor, organization=world.provider_org)
    for actor in (world.other_provider, world.nobody, world.reviewer):
        with pytest.raises(PermissionDenied):
            team_members(actor=actor, organization=world.provider_org)


def test_grade_validity_is_shown_with_the_days_left(world: World):
    facts = registration_facts(organization=world.provider_org, today=date(2033, 5, 31))
    assert facts.grade is not None and facts.grade.valid and facts.grade.days_left == 0 and facts.grade.expiring_soon
    facts = registration_facts(organization=world.provider_org, today=date(2033, 6, 1))
    assert facts.grade is not None and not facts.grade.valid
    assert facts.latest_inspection is not None and facts.latest_inspection.year == 2029


def test_stats_count_active_team_members_and_past_projects(world: World):
    from huimin.core.stats import collect

    register_profile_stats()
    TeamMember.objects.create(organization=world.provider_org, name="甲")
    TeamMember.objects.create(organization=world.provider_org, name="乙", is_active=False)
    past_project_record(organization=world.provider_org, year=2029, title="x", actor=SystemActor("test"), now=NOW)
    counts = collect()
    assert counts["team_members"] == 1 and counts["past_projects"] == 1
