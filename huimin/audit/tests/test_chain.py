"""The audit trail is append-only and hash-chained: any change, removal or reordering is detected."""

from __future__ import annotations

import itertools
import json
import threading
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction

from huimin.audit.chain import append_only_guard_active, audit_verify
from huimin.audit.models import AppendOnlyError, AuditEvent
from huimin.audit.services import audit_record
from huimin.audit.tests.conftest import ActorStub

pytestmark = pytest.mark.django_db


def record_events(actor, n: int = 5) -> list[AuditEvent]:
    return [
        audit_record(
            actor=actor,
            event_type="test.happened",
            target_type="test.thing",
            target_id=str(i),
            payload={"i": i, "name": f"事件{i}", "amount": "12.50"},
        )
        for i in range(1, n + 1)
    ]


def disable_trigger(cursor) -> None:
    """Take the database's append-only guard away, as an intruder with SQL access would."""
    if connection.vendor == "postgresql":
        # The test's transaction still holds deferred foreign-key checks; ALTER TABLE needs them done first.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_no_update")
    else:
        cursor.execute("DROP TRIGGER audit_auditevent_no_update")


def run_verify() -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("audit", "verify", stdout=out, stderr=StringIO())
    except CommandError as exc:
        return out.getvalue(), exc
    return out.getvalue(), None


def test_a_chain_of_several_events_verifies(system):
    events = record_events(system, 6)
    assert [e.seq for e in events] == [1, 2, 3, 4, 5, 6]
    assert events[0].prev_hash == "0" * 64
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(events))
    result = audit_verify()
    assert result.ok and result.checked == 6


def test_verify_command_reports_an_intact_chain_and_exits_zero(system):
    record_events(system, 4)
    out, error = run_verify()
    assert error is None
    assert "Audit chain intact: 4 events" in out


def test_an_empty_trail_verifies(db):
    out, error = run_verify()
    assert error is None
    assert "intact: 0 events" in out


def test_tampering_with_a_payload_is_detected_and_the_event_named(system):
    record_events(system, 5)
    with connection.cursor() as cursor:
        disable_trigger(cursor)
        sql = "UPDATE audit_auditevent SET payload = %s WHERE seq = %s"
        if connection.vendor == "postgresql":
            sql = "UPDATE audit_auditevent SET payload = %s::jsonb WHERE seq = %s"
        cursor.execute(
            sql,
            [json.dumps({"i": 3, "name": "事件3", "amount": "1250.00"}), 3],
        )
    result = audit_verify()
    assert not result.ok
    assert result.broken_seq == 3 and result.problem == "altered" and result.checked == 2
    out, error = run_verify()
    assert error is not None and error.returncode == 1
    assert "event 3" in out and "Event 3 was altered" in out


def test_tampering_with_the_actor_label_is_detected(system):
    record_events(system, 3)
    with connection.cursor() as cursor:
        disable_trigger(cursor)
        cursor.execute("UPDATE audit_auditevent SET actor_label = 'someone-else' WHERE seq = 2")
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.problem) == (False, 2, "altered")


def test_deleting_a_row_with_raw_sql_is_detected_as_missing(system):
    record_events(system, 5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq = 2")
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.problem) == (False, 2, "missing")
    out, error = run_verify()
    assert error is not None and "Event 2 is missing" in out


def test_deleting_the_last_rows_is_detected_through_the_chain_head(system):
    record_events(system, 5)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM audit_auditevent WHERE seq >= 4")
    result = audit_verify()
    assert (result.ok, result.broken_seq, result.problem) == (False, 4, "truncated")


def test_rewriting_an_event_hash_is_detected(system):
    record_events(system, 4)
    with connection.cursor() as cursor:
        disable_trigger(cursor)
        cursor.execute("UPDATE audit_auditevent SET hash = %s WHERE seq = 2", ["f" * 64])
    result = audit_verify()
    assert not result.ok and result.broken_seq == 2


def test_orm_save_of_an_existing_event_raises(system):
    event = record_events(system, 1)[0]
    event.payload = {"changed": True}
    with pytest.raises(AppendOnlyError):
        event.save()


def test_orm_delete_of_an_event_raises(system):
    event = record_events(system, 1)[0]
    with pytest.raises(AppendOnlyError):
        event.delete()


def test_orm_queryset_update_and_delete_raise(system):
    record_events(system, 2)
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.filter(seq=1).update(event_type="other")
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_update(list(AuditEvent.objects.all()), ["event_type"])
    assert AuditEvent.objects.count() == 2


def test_creating_an_event_outside_audit_record_raises(system):
    event = AuditEvent(seq=99, event_type="forged", target_type="x", target_id="1", prev_hash="0", hash="1")
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        AuditEvent.objects.bulk_create([event])


def test_the_database_trigger_refuses_a_raw_update(system):
    record_events(system, 1)
    assert append_only_guard_active() is True
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET event_type = 'forged' WHERE seq = 1")
    assert AuditEvent.objects.get(seq=1).event_type == "test.happened"


def test_verify_warns_when_the_database_guard_is_gone(system):
    record_events(system, 1)
    with connection.cursor() as cursor:
        disable_trigger(cursor)
    err = StringIO()
    call_command("audit", "verify", stdout=StringIO(), stderr=err)
    assert "trigger" in err.getvalue()


def test_an_actor_with_many_roles_is_recorded_in_full(db):
    many = ActorStub(audit_role="community_worker,credit_officer,district_admin,project_manager,purchaser")
    event = audit_record(actor=many, event_type="test.roles", target_type="t", target_id="1")
    event.refresh_from_db()
    assert event.role.endswith("purchaser")
    assert audit_verify().ok


def test_tail_lists_the_latest_events_oldest_first(system):
    record_events(system, 5)
    out = StringIO()
    call_command("audit", "tail", "-n", "2", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2
    assert lines[0].startswith("#4") and lines[1].startswith("#5")
    assert "test.happened" in lines[1] and "事件5" in lines[1]


def test_verify_speaks_chinese_by_default(system, monkeypatch):
    monkeypatch.delenv("LANGUAGE")
    record_events(system, 1)
    from django.utils import translation

    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=StringIO())
    with translation.override("zh-hans"):
        expected = translation.gettext("Audit chain intact: %(count)d events") % {"count": 1}
    assert expected in out.getvalue()


@pytest.mark.django_db(transaction=True)
def test_two_threads_appending_concurrently_yield_a_valid_chain():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the in-memory SQLite test database cannot serve concurrent writers")
    errors: list[BaseException] = []
    barrier = threading.Barrier(2)

    def worker(name: str) -> None:
        from django.db import connection as thread_connection

        try:
            barrier.wait()
            actor = ActorStub(audit_label=name)
            for i in range(20):
                audit_record(actor=actor, event_type="test.concurrent", target_type="t", target_id=f"{name}-{i}")
        except BaseException as exc:
            errors.append(exc)
        finally:
            thread_connection.close()

    threads = [threading.Thread(target=worker, args=(f"w{n}",)) for n in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert not errors, errors
    assert AuditEvent.objects.count() == 40
    assert list(AuditEvent.objects.order_by("seq").values_list("seq", flat=True)) == list(range(1, 41))
    result = audit_verify()
    assert result.ok and result.checked == 40
