"""Writes of the credit context (each `<entity>_<action>(*, …, actor)`, atomic and audited)."""

from .catalogue import (
    catalogue_import,
    catalogue_item_create,
    catalogue_item_deactivate,
    catalogue_item_update,
    catalogue_items_bulk_create,
    reporting_unit_create,
)
from .lists import (
    ImportReport,
    RowError,
    list_entries_import,
    list_entry_add,
    list_entry_remove,
    memorandum_create,
)
from .records import (
    record_create,
    record_revoke,
    record_update,
    record_upsert,
    records_bulk_upsert,
    records_expire,
)
from .regimes import regime_create, regime_rule_create, regime_rule_update
from .repairs import repair_request_decide, repair_request_submit

__all__ = [
    "ImportReport",
    "RowError",
    "catalogue_import",
    "catalogue_item_create",
    "catalogue_item_deactivate",
    "catalogue_item_update",
    "catalogue_items_bulk_create",
    "list_entries_import",
    "list_entry_add",
    "list_entry_remove",
    "memorandum_create",
    "record_create",
    "record_revoke",
    "record_update",
    "record_upsert",
    "records_bulk_upsert",
    "records_expire",
    "regime_create",
    "regime_rule_create",
    "regime_rule_update",
    "repair_request_decide",
    "repair_request_submit",
    "reporting_unit_create",
]
