"""SQL for the append-only trigger, shared by the migrations that must (re-)create it."""

from __future__ import annotations

TRIGGER_NAME = "audit_auditevent_no_update"

SQLITE_CREATE = f"""
CREATE TRIGGER IF NOT EXISTS {TRIGGER_NAME} BEFORE UPDATE ON audit_auditevent
BEGIN SELECT RAISE(ABORT, 'audit events are append-only'); END;
"""

PG_CREATE = [
    """CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'audit events are append-only'; END; $$ LANGUAGE plpgsql""",
    f"DROP TRIGGER IF EXISTS {TRIGGER_NAME} ON audit_auditevent",
    f"""CREATE TRIGGER {TRIGGER_NAME} BEFORE UPDATE ON audit_auditevent
FOR EACH ROW EXECUTE FUNCTION audit_auditevent_append_only()""",
]


def recreate_append_only_trigger(apps, schema_editor) -> None:
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        for statement in PG_CREATE:
            schema_editor.execute(statement)
    elif vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def append_only_trigger_active(connection) -> bool | None:
    """Whether the database still refuses UPDATEs of audit events; None when the vendor is not supported."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = %s", [TRIGGER_NAME])
            return cursor.fetchone() is not None
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgenabled FROM pg_trigger WHERE tgname = %s", [TRIGGER_NAME])
            row = cursor.fetchone()
            return row is not None and row[0] != "D"
    return None
