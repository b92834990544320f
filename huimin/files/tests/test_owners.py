"""A private file is fetched by the rule of the object it belongs to, asked of its owner (huimin.files.owners);
files without a registered owner fall back to their uploader, organization and division — never to staff."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from huimin.audit.chain import audit_verify
from huimin.audit.models import AuditEvent
from huimin.core.models import Role
from huimin.core.permissions import Actor
from huimin.files.events import FilesEvent
from huimin.files.owners import owner_of, register_owner
from huimin.files.permissions import can_download
from huimin.files.services import attachment_claim, attachment_create
from huimin.files.tests import samples
from huimin.files.tests.conftest import make_user, upload

pytestmark = pytest.mark.django_db


def _file(actor, purpose, **scope):
    return attachment_create(uploaded_file=upload("方案.pdf", samples.pdf()), purpose=purpose, actor=actor, **scope)


def test_an_owner_is_found_by_its_exact_purpose_or_by_the_longest_prefix(owner):
    exact = owner("report")
    broad = owner("plan:")
    narrow = owner("plan:budget:")
    assert owner_of("report") is exact and owner_of("report:x") is None
    assert owner_of("plan:activities") is broad
    assert owner_of("plan:budget:2030") is narrow
    assert owner_of("") is None and owner_of(None) is None


def test_an_owner_key_must_be_a_purpose_and_its_rule_callable():
    with pytest.raises(ValueError):
        register_owner("", lambda actor, attachment: True)
    with pytest.raises(TypeError):
        register_owner("report", "everyone")  # type: ignore[arg-type]


def test_the_owner_alone_decides_who_else_may_fetch_a_private_file(owner, provider_actor, org):
    admin = Actor.for_user(make_user("admin-o", Role.DISTRICT_ADMIN))
    manager = Actor.for_user(make_user("manager-o", Role.PROJECT_MANAGER))
    allowed = {manager.user.pk}
    owner("plan:", lambda actor, attachment: actor.user is not None and actor.user.pk in allowed)
    attachment = _file(provider_actor, "plan:budget", organization=org)
    assert can_download(manager, attachment)
    assert not can_download(admin, attachment)
    # The owner's rule replaces the fallback: it decides for the uploader too.
    assert not can_download(provider_actor, attachment)
    allowed.add(provider_actor.user.pk)
    assert can_download(provider_actor, attachment)


def test_the_anonymous_public_never_gets_a_private_file_whatever_the_owner_says(owner, provider_actor, org):
    owner("plan:", lambda actor, attachment: True)
    attachment = _file(provider_actor, "plan:budget", organization=org)
    assert not can_download(Actor.anonymous(), attachment)
    assert Client().get(reverse("files:download", args=[attachment.public_id])).status_code == 404


def test_a_public_file_is_everyones_whatever_its_owner_says(owner, provider_actor):
    owner("plan:")
    attachment = attachment_create(
        uploaded_file=upload("公示.pdf", samples.pdf()), purpose="plan:x", actor=provider_actor, is_public=True
    )
    assert can_download(Actor.anonymous(), attachment)


def test_staff_get_404_on_a_private_file_without_an_owner(provider_actor, org):
    attachment = _file(provider_actor, "", organization=org)
    for role in (Role.DISTRICT_ADMIN, Role.PROJECT_MANAGER):
        client = Client()
        client.force_login(make_user(f"staff-{role}", role))
        assert client.get(reverse("files:download", args=[attachment.public_id])).status_code == 404
        assert client.get(f"/api/v1/files/{attachment.public_id}").status_code == 404


def test_a_context_claims_a_file_without_owner_and_its_rule_applies_from_then_on(owner, provider_actor, org):
    manager = Actor.for_user(make_user("manager-c", Role.PROJECT_MANAGER))
    owner("plan:", lambda actor, attachment: actor.user is not None and actor.user.pk == manager.user.pk)
    attachment = _file(provider_actor, "", organization=org)
    assert not can_download(manager, attachment)
    attachment_claim(attachment=attachment, purpose="plan:budget", actor=provider_actor)
    attachment.refresh_from_db()
    assert attachment.purpose == "plan:budget"
    assert can_download(manager, attachment)
    assert AuditEvent.objects.filter(event_type=FilesEvent.ATTACHMENT_CLAIMED, target_id=str(attachment.pk)).exists()
    assert audit_verify().ok


def test_a_file_that_has_an_owner_keeps_it_when_another_context_attaches_it(owner, provider_actor, org):
    owner("profile-doc")
    owner("plan:")
    attachment = _file(provider_actor, "profile-doc", organization=org)
    attachment_claim(attachment=attachment, purpose="plan:budget", actor=provider_actor)
    attachment.refresh_from_db()
    assert attachment.purpose == "profile-doc"
    assert not AuditEvent.objects.filter(event_type=FilesEvent.ATTACHMENT_CLAIMED).exists()


def test_a_claim_for_a_sealing_owner_is_recorded_by_the_public_id_only(owner, provider_actor, org):
    owner("plan:", seals_audit=True)
    attachment = _file(provider_actor, "", organization=org)
    attachment_claim(attachment=attachment, purpose="plan:budget", actor=provider_actor)
    event = AuditEvent.objects.get(event_type=FilesEvent.ATTACHMENT_CLAIMED)
    assert event.payload == {"attachment": str(attachment.public_id)}
    assert event.target_label == str(attachment.public_id)


def test_claiming_for_a_purpose_without_owner_is_a_programming_error(provider_actor, org):
    attachment = _file(provider_actor, "", organization=org)
    with pytest.raises(ValueError):
        attachment_claim(attachment=attachment, purpose="nobody-owns-this", actor=provider_actor)
