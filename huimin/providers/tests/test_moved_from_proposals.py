"""The organization profile moved from the proposals app to this one without changing anything stored: the tables
keep their names and no migration touches the schema, the audit trail names the rows as before, the admin
permissions follow the content types, and the standing documents' files keep their purpose and owner."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as global_apps
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from huimin.audit.models import AuditEvent
from huimin.audit.selectors import audit_events_for
from huimin.files.owners import owner_of
from huimin.providers.models import PastProject, ProfileDocument, TeamMember
from huimin.providers.services import PROFILE_DOCUMENT_PURPOSE_PREFIX, team_member_create

from .factories import World, world  # noqa: F401

pytestmark = pytest.mark.django_db

MOVE = [("providers", "0001_initial"), ("proposals", "0003_profiles_move_to_providers")]


def test_the_profile_tables_keep_their_names():
    assert TeamMember._meta.db_table == "proposals_teammember"
    assert PastProject._meta.db_table == "proposals_pastproject"
    assert ProfileDocument._meta.db_table == "proposals_profiledocument"
    assert {"proposals_teammember", "proposals_pastproject", "proposals_profiledocument"} <= set(
        connection.introspection.table_names()
    )


@pytest.mark.django_db(transaction=True)  # SQLite's schema editor refuses to start inside a transaction
def test_the_move_runs_no_schema_change():
    executor = MigrationExecutor(connection)
    plan = [(executor.loader.graph.nodes[key], False) for key in MOVE]
    statements = [s for s in executor.loader.collect_sql(plan) if s.strip() and not s.lstrip().startswith("--")]
    assert statements == []


def test_the_audit_trail_names_profile_rows_as_before_the_move(world: World):  # noqa: F811
    member = team_member_create(organization=world.provider_org, actor=world.provider, name="王芳")
    event = AuditEvent.objects.get(event_type="profile.team_member_added")
    assert event.target_type == "proposals.teammember" and event.target_id == str(member.pk)
    assert list(audit_events_for(target=member)) == [event]


def test_existing_content_types_are_relabelled_with_their_permissions():
    migration = importlib.import_module("huimin.providers.migrations.0001_initial")
    ContentType.objects.filter(app_label="providers", model="teammember").delete()
    old = ContentType.objects.create(app_label="proposals", model="teammember")
    migration.relabel_content_types(global_apps, None)
    old.refresh_from_db()
    assert (old.app_label, old.model) == ("providers", "teammember")
    migration.restore_content_types(global_apps, None)
    old.refresh_from_db()
    assert old.app_label == "proposals"


def test_standing_documents_keep_their_purpose_and_owner():
    assert PROFILE_DOCUMENT_PURPOSE_PREFIX == "profile:"
    owner = owner_of("profile:registration_certificate")
    assert owner is not None and owner.key == "profile:" and not owner.seals_audit
