"""Who may read the audit trail, and how it is shown: the admin is read-only, the page is for the district
administrator, the history partial shows Shanghai time."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib import admin
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import reverse

from huimin.audit.admin import AuditEventAdmin
from huimin.audit.models import AuditEvent
from huimin.audit.selectors import AuditFilters, audit_event_list
from huimin.audit.services import audit_record
from huimin.audit.templatetags.audit_tags import payload_summary, role_labels
from huimin.audit.tests.conftest import ActorStub, make_user

pytestmark = pytest.mark.django_db

needs_base_layout = pytest.mark.skipif(
    not (Path(settings.BASE_DIR) / "huimin" / "templates" / "base.html").exists(),
    reason="the base layout huimin/templates/base.html is not there yet",
)


def test_admin_grants_no_add_change_or_delete_even_to_superusers():
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.is_staff = True
    superuser.save()
    request = RequestFactory().get("/admin/audit/auditevent/")
    request.user = superuser
    model_admin = admin.site._registry[AuditEvent]
    assert isinstance(model_admin, AuditEventAdmin)
    event = audit_record(actor=ActorStub(), event_type="test.admin", target_type="t", target_id="1")
    assert model_admin.has_add_permission(request) is False
    assert model_admin.has_change_permission(request) is False
    assert model_admin.has_change_permission(request, event) is False
    assert model_admin.has_delete_permission(request) is False
    assert model_admin.has_delete_permission(request, event) is False
    assert model_admin.has_view_permission(request, event) is True
    assert not model_admin.get_actions(request)


def test_admin_change_page_of_an_event_is_read_only(client):
    superuser = make_user("root")
    superuser.is_superuser = True
    superuser.is_staff = True
    superuser.save()
    event = audit_record(actor=ActorStub(), event_type="test.admin", target_type="t", target_id="1")
    client.force_login(superuser)
    page = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))
    assert page.status_code == 200
    posted = client.post(reverse("admin:audit_auditevent_change", args=[event.pk]), {"event_type": "forged"})
    assert posted.status_code == 403
    assert client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]), {"post": "yes"}).status_code == 403
    assert AuditEvent.objects.get(pk=event.pk).event_type == "test.admin"


def test_the_audit_page_is_refused_to_a_resident(client, resident_user):
    client.force_login(resident_user)
    assert client.get(reverse("audit:event_list")).status_code == 403


def test_the_audit_page_is_refused_to_a_purchaser(client, purchaser_user):
    client.force_login(purchaser_user)
    assert client.get(reverse("audit:event_list")).status_code == 403


def test_the_audit_page_is_not_shown_to_the_anonymous_public(client):
    response = client.get(reverse("audit:event_list"))
    assert response.status_code in (302, 403)
    assert "Audit" not in response.content.decode()


def test_the_whole_trail_selector_refuses_a_non_administrator():
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        audit_event_list(actor=ActorStub(is_district_admin=False))


def test_the_selector_filters_by_type_actor_and_shanghai_dates(system):
    a = audit_record(
        actor=ActorStub(audit_label="alice"), event_type="org.created", target_type="core.organization", target_id="1"
    )
    audit_record(
        actor=ActorStub(audit_label="bob"), event_type="org.updated", target_type="core.organization", target_id="1"
    )
    audit_record(
        actor=ActorStub(audit_label="bob"), event_type="division.created", target_type="core.division", target_id="2"
    )
    admin_actor = ActorStub(is_district_admin=True)
    assert audit_event_list(actor=admin_actor, filters=AuditFilters(event_type="org.created")).get() == a
    assert audit_event_list(actor=admin_actor, filters=AuditFilters(target_type="core.organization")).count() == 2
    assert audit_event_list(actor=admin_actor, filters=AuditFilters(actor="bob")).count() == 2
    today = a.occurred_at.astimezone(ZoneInfo("Asia/Shanghai")).date()
    assert audit_event_list(actor=admin_actor, filters=AuditFilters(date_from=today, date_to=today)).count() == 3
    later = today.replace(year=today.year + 1)
    assert audit_event_list(actor=admin_actor, filters=AuditFilters(date_from=later)).count() == 0


@needs_base_layout
def test_the_district_administrator_sees_the_filtered_paginated_trail(client, admin_user):
    for i in range(60):
        audit_record(actor=ActorStub(), event_type="test.page", target_type="t", target_id=str(i), payload={"n": i})
    audit_record(actor=ActorStub(), event_type="test.other", target_type="t", target_id="x")
    client.force_login(admin_user)
    page = client.get(reverse("audit:event_list"))
    assert page.status_code == 200
    assert page.context["page"].paginator.count == 61
    assert len(page.context["events"]) == 50
    filtered = client.get(reverse("audit:event_list"), {"event_type": "test.other"})
    assert filtered.context["page"].paginator.count == 1
    assert "test.other" in filtered.content.decode()
    second = client.get(reverse("audit:event_list"), {"event_type": "test.page", "page": 2})
    assert len(second.context["events"]) == 10


def test_history_partial_shows_shanghai_time_actor_role_type_and_payload(db):
    user = make_user("zhangsan", "district_admin")
    user.full_name = "张三"
    user.save()
    event = audit_record(
        actor=ActorStub(audit_label="zhangsan", audit_role="district_admin", audit_user_id=user.pk),
        event_type="organization.updated",
        target_type="core.organization",
        target_id="7",
        payload={"name": {"from": "旧名", "to": "新名"}},
    )
    # 2026-03-01 16:30 UTC is 2026-03-02 00:30 in Shanghai.
    event.occurred_at = datetime(2026, 3, 1, 16, 30, tzinfo=UTC)
    html = render_to_string("audit/_history.html", {"events": [event]})
    assert "2026-03-02 00:30:00" in html
    assert "张三" in html and "zhangsan" in html
    assert "organization.updated" in html
    assert "旧名 → 新名" in html
    assert str(role_labels("district_admin")) in html


def test_history_partial_says_when_there_is_nothing(db):
    html = render_to_string("audit/_history.html", {"events": []})
    assert "No recorded changes yet." in html or "<table" not in html


def test_payload_summary_is_one_line_and_cut_to_length():
    text = payload_summary({"a": "x" * 300, "b": [1, 2], "c": None, "d": True}, 50)
    assert len(text) == 50 and text.endswith("…")
    assert payload_summary({"b": [1, 2], "c": None}) == "b: [1, 2]; c: —"
    assert payload_summary({}) == ""


def test_role_labels_name_the_roles_core_registers_and_the_platform():
    from django.utils import translation

    with translation.override("en"):
        assert role_labels("district_admin,provider") == "District administrator, Provider"
        assert role_labels("system") == "Platform (system)"
        assert role_labels("no_such_role") == "no_such_role"
