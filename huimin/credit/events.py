"""The audit event types of the credit context (stored data: a value never changes).

A record's events name its kind (`credit.licensing_record.created`, `credit.penalty_record.created`, …):
`record_event` and `records_imported_event` pick the member for a kind.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Literal


class CreditEvent(StrEnum):
    LICENSING_RECORD_CREATED = "credit.licensing_record.created"
    LICENSING_RECORD_UPDATED = "credit.licensing_record.updated"
    LICENSING_RECORD_REIMPORTED = "credit.licensing_record.reimported"
    LICENSING_RECORD_REVOKED = "credit.licensing_record.revoked"
    LICENSING_RECORDS_IMPORTED = "credit.licensing_records.imported"
    PENALTY_RECORD_CREATED = "credit.penalty_record.created"
    PENALTY_RECORD_UPDATED = "credit.penalty_record.updated"
    PENALTY_RECORD_REIMPORTED = "credit.penalty_record.reimported"
    PENALTY_RECORD_REVOKED = "credit.penalty_record.revoked"
    PENALTY_RECORDS_IMPORTED = "credit.penalty_records.imported"
    PENALTY_RECORDS_EXPIRED = "credit.penalty_records.expired"
    RECORDS_FILE_IMPORTED = "credit.records_file.imported"
    IMPORT_JOB_QUEUED = "credit.import_job.queued"

    REPORTING_UNIT_CREATED = "credit.reporting_unit.created"
    CATALOGUE_ITEM_CREATED = "credit.catalogue_item.created"
    CATALOGUE_ITEM_UPDATED = "credit.catalogue_item.updated"
    CATALOGUE_ITEM_DEACTIVATED = "credit.catalogue_item.deactivated"
    CATALOGUE_ITEMS_CREATED = "credit.catalogue_items.created"
    CATALOGUE_IMPORTED = "credit.catalogue.imported"

    REGIME_CREATED = "credit.regime.created"
    REGIME_RULE_CREATED = "credit.regime_rule.created"
    REGIME_RULE_UPDATED = "credit.regime_rule.updated"

    MEMORANDUM_CREATED = "credit.memorandum_created"
    LIST_ENTRY_ADDED = "credit.list_entry_added"
    LIST_ENTRY_REMOVED = "credit.list_entry_removed"
    LIST_ENTRIES_IMPORTED = "credit.list_entries_imported"

    REPAIR_SUBMITTED = "credit.repair_submitted"
    REPAIR_REFUSED = "credit.repair_refused"
    REPAIR_APPROVED = "credit.repair_approved"
    RECORD_REPAIRED = "credit.record_repaired"

    CREDIT_CHECKED = "credit.checked"


def record_event(kind: str, action: Literal["created", "updated", "reimported", "revoked"]) -> CreditEvent:
    """`credit.<kind>_record.<action>` for a licensing or penalty record."""
    return CreditEvent(f"credit.{kind}_record.{action}")


def records_imported_event(kind: str) -> CreditEvent:
    """`credit.<kind>_records.imported`: one batch of licensing or penalty records."""
    return CreditEvent(f"credit.{kind}_records.imported")
