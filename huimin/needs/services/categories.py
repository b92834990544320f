"""The configurable catalogue of service categories (文化体育, 为老服务 …), kept by the district administrator.

A category's code is its stable name in addresses and the API; its name, description and position may change. A
category in use is never deleted: it is deactivated, so that new needs cannot choose it while older needs, intentions
and calls keep it.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.cleaning import one_line
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError

from ..error_codes import NeedsError
from ..events import NeedsEvent
from ..models import NeedCategory
from ..permissions import can_manage_categories

CODE_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
CODE_MAX = 32
NAME_MAX = 64
DESCRIPTION_MAX = 300


def _require_admin(actor: Actor) -> None:
    if not can_manage_categories(actor):
        raise PermissionDenied(_("Only the district administrator keeps the catalogue of service categories."))


def _clean_name(name: Any, errors: dict[str, str], duplicates: set[str], *, exclude_pk: int | None = None) -> str:
    text = one_line(name)
    if not text:
        errors["name"] = _("Give the category a name.")
    elif len(text) > NAME_MAX:
        errors["name"] = _("At most %(max)d characters.") % {"max": NAME_MAX}
    elif NeedCategory.objects.filter(name__iexact=text).exclude(pk=exclude_pk or 0).exists():
        errors["name"] = _("There is already a category named “%(name)s”.") % {"name": text}
        duplicates.add("name")
    return text


def _clean_description(description: Any, errors: dict[str, str]) -> str:
    text = one_line(description)
    if len(text) > DESCRIPTION_MAX:
        errors["description"] = _("At most %(max)d characters.") % {"max": DESCRIPTION_MAX}
    return text


def _clean_position(position: Any, errors: dict[str, str]) -> int | None:
    if position is None or position == "":
        return None
    try:
        value = int(unicodedata.normalize("NFKC", str(position)).strip())
    except ValueError:
        errors["position"] = _("Enter a whole number.")
        return None
    if not 0 <= value <= 32767:
        errors["position"] = _("Enter a number from 0 to 32767.")
        return None
    return value


def _snapshot(c: NeedCategory) -> dict[str, Any]:
    return {"name": c.name, "description": c.description, "position": c.position, "is_active": c.is_active}


@transaction.atomic
def need_category_create(
    *, code: str, name: str, description: str = "", position: int | str | None = None, actor: Actor
) -> NeedCategory:
    _require_admin(actor)
    errors: dict[str, str] = {}
    duplicates: set[str] = set()
    code = unicodedata.normalize("NFKC", code or "").strip().lower()
    if not code:
        errors["code"] = _("Give the category a code (lower-case letters, digits and hyphens, e.g. elderly-care).")
    elif len(code) > CODE_MAX or not CODE_RE.match(code):
        errors["code"] = _(
            "A code has at most %(max)d lower-case letters, digits and single hyphens (e.g. elderly-care)."
        ) % {"max": CODE_MAX}
    elif NeedCategory.objects.filter(code=code).exists():
        errors["code"] = _("There is already a category with the code “%(code)s”.") % {"code": code}
        duplicates.add("code")
    clean_name = _clean_name(name, errors, duplicates)
    clean_description = _clean_description(description, errors)
    clean_position = _clean_position(position, errors)
    if errors:
        raise ServiceError.for_fields(
            errors, code=NeedsError.CATEGORY_DUPLICATE if duplicates else NeedsError.CATEGORY_INVALID
        )
    if clean_position is None:
        clean_position = (NeedCategory.objects.aggregate(m=Max("position"))["m"] or 0) + 10
    category = NeedCategory.objects.create(
        code=code, name=clean_name, description=clean_description, position=clean_position, is_active=True
    )
    audit_record(actor=actor, event_type=NeedsEvent.NEED_CATEGORY_CREATED, target=category, payload=_snapshot(category))
    return category


@transaction.atomic
def need_category_update(
    *,
    category: NeedCategory,
    actor: Actor,
    name: str | None = None,
    description: str | None = None,
    position: int | str | None = None,
) -> NeedCategory:
    """Rename, describe or reorder a category; its code does not change."""
    _require_admin(actor)
    category = NeedCategory.objects.select_for_update().get(pk=category.pk)
    before = _snapshot(category)
    errors: dict[str, str] = {}
    duplicates: set[str] = set()
    if name is not None:
        category.name = _clean_name(name, errors, duplicates, exclude_pk=category.pk)
    if description is not None:
        category.description = _clean_description(description, errors)
    new_position = _clean_position(position, errors)
    if new_position is not None:
        category.position = new_position
    if errors:
        raise ServiceError.for_fields(
            errors, code=NeedsError.CATEGORY_DUPLICATE if duplicates else NeedsError.CATEGORY_INVALID
        )
    category.save()
    after = _snapshot(category)
    audit_record(
        actor=actor,
        event_type=NeedsEvent.NEED_CATEGORY_UPDATED,
        target=category,
        payload={k: {"from": before[k], "to": after[k]} for k in after if before[k] != after[k]},
    )
    return category


def _set_active(category: NeedCategory, active: bool, actor: Actor) -> NeedCategory:
    _require_admin(actor)
    category = NeedCategory.objects.select_for_update().get(pk=category.pk)
    if category.is_active == active:
        return category
    category.is_active = active
    category.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        event_type=NeedsEvent.NEED_CATEGORY_ACTIVATED if active else NeedsEvent.NEED_CATEGORY_DEACTIVATED,
        target=category,
        payload={"code": category.code},
    )
    return category


@transaction.atomic
def need_category_deactivate(*, category: NeedCategory, actor: Actor) -> NeedCategory:
    """New needs can no longer choose the category; needs, intentions and calls that have it keep it."""
    return _set_active(category, False, actor)


@transaction.atomic
def need_category_activate(*, category: NeedCategory, actor: Actor) -> NeedCategory:
    return _set_active(category, True, actor)
