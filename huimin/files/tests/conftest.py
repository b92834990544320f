from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from huimin.core.models import Division, DivisionLevel, Organization, OrganizationType, Role, RoleAssignment, User
from huimin.core.permissions import Actor


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


def make_user(username: str, role: str | None = None, **scope) -> User:
    user = User.objects.create_user(username=username, password="x-Passw0rd-long")
    if role:
        RoleAssignment.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def district(db):
    return Division.objects.create(code="140213", name="平城区", level=DivisionLevel.DISTRICT)


@pytest.fixture
def street(district):
    return Division.objects.create(code="140213003", name="东街街道", level=DivisionLevel.STREET, parent=district)


@pytest.fixture
def other_street(district):
    return Division.objects.create(code="140213004", name="西街街道", level=DivisionLevel.STREET, parent=district)


@pytest.fixture
def community(street):
    return Division.objects.create(
        code="140213003001", name="水泉湾龙园社区", level=DivisionLevel.COMMUNITY, parent=street
    )


@pytest.fixture
def org(db):
    return Organization.objects.create(name="平城区雅韵书画艺术研究会", org_type=OrganizationType.SOCIAL_GROUP)


@pytest.fixture
def other_org(db):
    return Organization.objects.create(name="平城区阳光社工服务中心", org_type=OrganizationType.SOCIAL_SERVICE)


@pytest.fixture
def provider(org):
    return make_user("provider1", Role.PROVIDER, organization=org)


@pytest.fixture
def provider_actor(provider):
    return Actor.for_user(provider)


@pytest.fixture
def other_provider(other_org):
    return make_user("provider2", Role.PROVIDER, organization=other_org)


@pytest.fixture
def district_admin(db):
    return make_user("admin1", Role.DISTRICT_ADMIN)


@pytest.fixture
def owner():
    """Register a test owner: owner(key, can_see=…, seals_audit=…); removed (and any owner it replaced restored)
    after the test. The default can_see grants nobody."""
    from huimin.files import owners

    saved = dict(owners._REGISTRY)

    def register(key: str, can_see=None, *, seals_audit: bool = False):
        owners.register_owner(key, can_see or (lambda actor, attachment: False), seals_audit=seals_audit)
        return owners.owner_of(key if not key.endswith(":") else key + "x")

    yield register
    owners._REGISTRY.clear()
    owners._REGISTRY.update(saved)
