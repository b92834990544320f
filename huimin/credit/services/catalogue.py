"""Reporting units and their catalogues (权责清单): the licensing and penalty items each unit exercises.

Only the credit administrator (or the district administrator) changes them. A record must reference an active item
of its own unit (huimin.credit.rules); an item in use is deactivated, never deleted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Organization, OrganizationType
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..error_codes import CreditError
from ..events import CreditEvent
from ..models import CatalogueItem, CatalogueKind, ReportingUnit, Sector
from ..permissions import can_manage_credit

UNIT_ORGANIZATION_TYPES = (OrganizationType.GOVERNMENT, OrganizationType.PUBLIC_INSTITUTION)
ITEM_FIELDS = ("kind", "code", "name", "sector", "legal_basis")
BULK_BATCH = 1000


def _require_manage(actor: Actor) -> None:
    require(can_manage_credit(actor), _("Only the credit administrator may change reporting units and catalogues."))


@transaction.atomic
def reporting_unit_create(
    *, organization: Organization, code: str, short_name: str = "", actor: Actor
) -> ReportingUnit:
    """Make a government body or public institution a 双公示 reporting unit with a unique unit code."""
    _require_manage(actor)
    code = (code or "").strip()
    short_name = (short_name or "").strip()
    errors: dict[str, list[str]] = {}
    if organization.org_type not in UNIT_ORGANIZATION_TYPES:
        errors["organization"] = [
            _("“%(name)s” is a %(type)s; only a government body or a public institution can be a reporting unit.")
            % {"name": organization.name, "type": organization.get_org_type_display()}
        ]
    elif ReportingUnit.objects.filter(organization=organization).exists():
        errors["organization"] = [_("“%(name)s” is already a reporting unit.") % {"name": organization.name}]
    if not code:
        errors["code"] = [_("The unit code is required.")]
    elif len(code) > 32:
        errors["code"] = [_("The unit code has at most 32 characters.")]
    elif ReportingUnit.objects.filter(code=code).exists():
        errors["code"] = [_("The unit code %(code)s is already used.") % {"code": code}]
    if len(short_name) > 64:
        errors["short_name"] = [_("The short name has at most 64 characters.")]
    if errors:
        code_ = CreditError.UNIT_ORGANIZATION_TYPE if "organization" in errors else CreditError.UNIT_DUPLICATE
        if "organization" not in errors and "code" in errors and not code:
            code_ = CreditError.INVALID
        raise ServiceError.for_fields(errors, code=code_)
    unit = ReportingUnit.objects.create(organization=organization, code=code, short_name=short_name)
    audit_record(
        actor=actor,
        event_type=CreditEvent.REPORTING_UNIT_CREATED,
        target=unit,
        payload={"code": code, "organization": str(organization.public_id), "short_name": short_name},
    )
    return unit


def _duplicate(unit: ReportingUnit, code: str) -> list[str]:
    return [
        _("The catalogue of %(unit)s already has an item with the code %(code)s.") % {"unit": unit.code, "code": code}
    ]


def _clean_item(unit: ReportingUnit, data: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """Check one catalogue item's values (uniqueness of its code is the caller's check)."""
    item = {
        "kind": str(data.get("kind") or "").strip(),
        "code": str(data.get("code") or "").strip(),
        "name": str(data.get("name") or "").strip(),
        "sector": str(data.get("sector") or Sector.GENERAL).strip(),
        "legal_basis": str(data.get("legal_basis") or "").strip(),
    }
    errors: dict[str, list[str]] = {}
    if item["kind"] not in CatalogueKind.values:
        errors["kind"] = [_("“%(kind)s” is not a kind of item; use licensing or penalty.") % {"kind": item["kind"]}]
    if not item["code"]:
        errors["code"] = [_("The item code is required.")]
    elif len(item["code"]) > 64:
        errors["code"] = [_("The item code has at most 64 characters.")]
    if not item["name"]:
        errors["name"] = [_("The item name is required.")]
    elif len(item["name"]) > 300:
        errors["name"] = [_("The item name has at most 300 characters.")]
    if item["sector"] not in Sector.values:
        errors["sector"] = [
            _("“%(sector)s” is not a sector; use one of %(sectors)s.")
            % {"sector": item["sector"], "sectors": ", ".join(Sector.values)}
        ]
    return item, errors


def _codes_of(unit: ReportingUnit) -> set[tuple[str, str]]:
    return set(CatalogueItem.objects.filter(unit=unit).values_list("kind", "code"))


@transaction.atomic
def catalogue_item_create(
    *,
    unit: ReportingUnit,
    kind: str,
    code: str,
    name: str,
    sector: str = Sector.GENERAL,
    legal_basis: str = "",
    actor: Actor,
) -> CatalogueItem:
    """Add a licensing or penalty item to a unit's catalogue; (unit, kind, code) is unique."""
    _require_manage(actor)
    data = {"kind": kind, "code": code, "name": name, "sector": sector, "legal_basis": legal_basis}
    item_data, errors = _clean_item(unit, data)
    if errors:
        raise ServiceError.for_fields(errors, code=CreditError.CATALOGUE_ITEM_INVALID)
    if (item_data["kind"], item_data["code"]) in _codes_of(unit):
        raise ServiceError.for_fields(
            {"code": _duplicate(unit, item_data["code"])}, code=CreditError.CATALOGUE_ITEM_DUPLICATE
        )
    item = CatalogueItem.objects.create(unit=unit, **item_data)
    audit_record(
        actor=actor,
        event_type=CreditEvent.CATALOGUE_ITEM_CREATED,
        target=item,
        payload={"unit": unit.code, **item_data},
    )
    return item


@transaction.atomic
def catalogue_item_update(*, item: CatalogueItem, actor: Actor, **changes: Any) -> CatalogueItem:
    """Change an item's name, sector or legal basis (its unit, kind and code identify it and do not change)."""
    _require_manage(actor)
    unknown = set(changes) - {"name", "sector", "legal_basis"}
    if unknown:
        raise ServiceError(
            _("These fields of a catalogue item cannot be changed: %(fields)s")
            % {"fields": ", ".join(sorted(unknown))},
            code=CreditError.CATALOGUE_ITEM_INVALID,
        )
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    data = {"kind": item.kind, "code": item.code, "name": item.name, "sector": item.sector}
    data["legal_basis"] = item.legal_basis
    data.update(changes)
    cleaned, errors = _clean_item(item.unit, data)
    if errors:
        raise ServiceError.for_fields(errors, code=CreditError.CATALOGUE_ITEM_INVALID)
    diff = {
        k: [getattr(item, k), cleaned[k]] for k in ("name", "sector", "legal_basis") if getattr(item, k) != cleaned[k]
    }
    for key, (_before, after) in diff.items():
        setattr(item, key, after)
    if diff:
        item.save(update_fields=list(diff))
        audit_record(actor=actor, event_type=CreditEvent.CATALOGUE_ITEM_UPDATED, target=item, payload={"changes": diff})
    return item


@transaction.atomic
def catalogue_item_deactivate(*, item: CatalogueItem, actor: Actor) -> CatalogueItem:
    """Take an item out of use: new records can no longer reference it; records filed under it stay."""
    _require_manage(actor)
    item = CatalogueItem.objects.select_for_update().get(pk=item.pk)
    if item.is_active:
        item.is_active = False
        item.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            event_type=CreditEvent.CATALOGUE_ITEM_DEACTIVATED,
            target=item,
            payload={"unit": item.unit.code, "kind": item.kind, "code": item.code},
        )
    return item


@transaction.atomic
def catalogue_items_bulk_create(
    *, unit: ReportingUnit, items: Iterable[Mapping[str, Any]], actor: Actor
) -> list[CatalogueItem]:
    """Add many items to a unit's catalogue in a few queries (the demo's 1,307 items). Every item is checked
    first; one bad item refuses them all, with errors keyed `items[<index>].<field>`. One audit event."""
    _require_manage(actor)
    existing = _codes_of(unit)
    cleaned: list[dict[str, Any]] = []
    errors: dict[str, list[str]] = {}
    for index, data in enumerate(items):
        item, item_errors = _clean_item(unit, data)
        if not item_errors and (item["kind"], item["code"]) in existing:
            item_errors["code"] = _duplicate(unit, item["code"])
        for field, messages in item_errors.items():
            errors[f"items[{index}].{field}"] = messages
        existing.add((item["kind"], item["code"]))
        cleaned.append(item)
    if errors:
        raise ServiceError.for_fields(errors, code=CreditError.CATALOGUE_ITEM_INVALID)
    created = CatalogueItem.objects.bulk_create(
        [CatalogueItem(unit=unit, **item) for item in cleaned], batch_size=BULK_BATCH
    )
    audit_record(
        actor=actor,
        event_type=CreditEvent.CATALOGUE_ITEMS_CREATED,
        target=unit,
        target_label=unit.code,
        payload={"unit": unit.code, "count": len(created), "codes": [f"{i['kind']}:{i['code']}" for i in cleaned]},
    )
    return created


@transaction.atomic
def catalogue_import(*, unit: ReportingUnit, items: Iterable[Mapping[str, Any]], actor: Actor) -> tuple[int, int]:
    """Load a unit's catalogue from rows (kind, code, name, sector, legal_basis): new codes are added, known codes
    get the new name, sector and legal basis (and become active again). Returns (created, updated)."""
    _require_manage(actor)
    current = {(i.kind, i.code): i for i in CatalogueItem.objects.select_for_update().filter(unit=unit)}
    to_create: list[CatalogueItem] = []
    to_update: list[CatalogueItem] = []
    errors: dict[str, list[str]] = {}
    seen: set[tuple[str, str]] = set()
    for index, data in enumerate(items):
        item, item_errors = _clean_item(unit, data)
        if not item_errors and (item["kind"], item["code"]) in seen:
            item_errors["code"] = [_("The code %(code)s appears more than once in the list.") % {"code": item["code"]}]
        for field, messages in item_errors.items():
            errors[f"items[{index}].{field}"] = messages
        seen.add((item["kind"], item["code"]))
        if item_errors:
            continue
        found = current.get((item["kind"], item["code"]))
        if found is None:
            to_create.append(CatalogueItem(unit=unit, **item))
        elif (found.name, found.sector, found.legal_basis, found.is_active) != (
            item["name"],
            item["sector"],
            item["legal_basis"],
            True,
        ):
            found.name, found.sector, found.legal_basis, found.is_active = (
                item["name"],
                item["sector"],
                item["legal_basis"],
                True,
            )
            to_update.append(found)
    if errors:
        raise ServiceError.for_fields(errors, code=CreditError.CATALOGUE_ITEM_INVALID)
    CatalogueItem.objects.bulk_create(to_create, batch_size=BULK_BATCH)
    CatalogueItem.objects.bulk_update(to_update, ["name", "sector", "legal_basis", "is_active"], batch_size=BULK_BATCH)
    if to_create or to_update:
        audit_record(
            actor=actor,
            event_type=CreditEvent.CATALOGUE_IMPORTED,
            target=unit,
            target_label=unit.code,
            payload={
                "unit": unit.code,
                "created": [f"{i.kind}:{i.code}" for i in to_create],
                "updated": [f"{i.kind}:{i.code}" for i in to_update],
            },
        )
    return len(to_create), len(to_update)
