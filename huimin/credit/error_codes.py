"""Stable machine codes returned by the API for credit errors; the human text is translated separately."""

from enum import StrEnum


class CreditError(StrEnum):
    FORBIDDEN = "forbidden"
    INVALID = "invalid"
    RECORD_INVALID = "record_invalid"
    RECORD_DUPLICATE = "record_duplicate"
    RECORD_OTHER_UNIT = "record_other_unit"
    RECORD_BATCH_DUPLICATE = "record_batch_duplicate"
    RECORD_ALREADY_REVOKED = "record_already_revoked"
    RECORD_TRANSITION = "record_transition"
    REPAIR_ALREADY_DECIDED = "repair_already_decided"
    LIST_ENTRY_REMOVED = "list_entry_removed"
    UNIT_UNKNOWN = "unit_unknown"
    UNIT_ORGANIZATION_TYPE = "unit_organization_type"
    UNIT_DUPLICATE = "unit_duplicate"
    CATALOGUE_ITEM_INVALID = "catalogue_item_invalid"
    CATALOGUE_ITEM_DUPLICATE = "catalogue_item_duplicate"
    REGIME_INVALID = "regime_invalid"
    REGIME_RULE_INVALID = "regime_rule_invalid"
