from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record

from ..error_codes import CoreError
from ..events import CoreEvent
from ..models import Division, DivisionLevel
from ..models.divisions import ALLOWED_PARENT_LEVELS
from ..permissions import Actor, can_manage_division, require
from .errors import ServiceError

_FIELDS = ("code", "name", "level", "parent", "is_active", "takes_part", "valid_from", "valid_to", "note")


def _validate(*, code: str, name: str, level: str, parent: Division | None, instance: Division | None = None) -> None:
    errors: dict[str, str] = {}
    duplicate = False
    if not code.isdigit() or len(code) not in (6, 9, 12):
        errors["code"] = _(
            "A division code has 6, 9 or 12 digits (GB/T 2260 and the statistical code); got “%(code)s”."
        ) % {"code": code}
    elif Division.objects.filter(code=code).exclude(pk=instance.pk if instance else -1).exists():
        duplicate = True
        errors["code"] = _("Another division already has the code %(code)s.") % {"code": code}
    if not name.strip():
        errors["name"] = _("The name is required.")
    allowed = ALLOWED_PARENT_LEVELS.get(level)
    if allowed is None:
        errors["level"] = _("Unknown level “%(level)s”.") % {"level": level}
    elif allowed and (parent is None or parent.level not in allowed):
        errors["parent"] = _("A division of this level must sit under a %(levels)s.") % {
            "levels": " / ".join(str(DivisionLevel(lv).label) for lv in allowed)
        }
    elif not allowed and parent is not None:
        errors["parent"] = _("A district has no parent division here.")
    if parent is not None and instance is not None:
        node: Division | None = parent
        while node is not None:
            if node.pk == instance.pk:
                errors["parent"] = _("A division cannot sit under itself.")
                break
            node = node.parent
    if errors:
        raise ServiceError.for_fields(
            errors, code=CoreError.DIVISION_CODE_DUPLICATE if duplicate else CoreError.INVALID
        )


@transaction.atomic
def division_create(
    *,
    code: str,
    name: str,
    level: str,
    parent: Division | None = None,
    actor: Actor,
    takes_part: bool = True,
    is_active: bool = True,
    valid_from: date | None = None,
    valid_to: date | None = None,
    note: str = "",
) -> Division:
    require(actor.is_district_admin, _("Only the district administrator may add divisions."))
    code = code.strip()
    _validate(code=code, name=name, level=level, parent=parent)
    division = Division.objects.create(
        code=code,
        name=name.strip(),
        level=level,
        parent=parent,
        takes_part=takes_part,
        is_active=is_active,
        valid_from=valid_from,
        valid_to=valid_to,
        note=note,
    )
    audit_record(actor=actor, event_type=CoreEvent.DIVISION_CREATED, target=division, payload=_snapshot(division))
    return division


@transaction.atomic
def division_update(*, division: Division, actor: Actor, **changes) -> Division:
    # The district administrator edits everything; a purchaser may annotate divisions in its own street.
    may_edit = actor.is_district_admin or (can_manage_division(actor, division) and set(changes) <= {"note"})
    require(may_edit, _("You may not change this division."))
    unknown = set(changes) - set(_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    division = Division.objects.select_for_update().get(pk=division.pk)
    before = _snapshot(division)
    for key, value in changes.items():
        setattr(division, key, value.strip() if isinstance(value, str) else value)
    _validate(code=division.code, name=division.name, level=division.level, parent=division.parent, instance=division)
    division.save()
    after = _snapshot(division)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        audit_record(actor=actor, event_type=CoreEvent.DIVISION_UPDATED, target=division, payload={"changes": diff})
    return division


def _snapshot(d: Division) -> dict:
    return {
        "code": d.code,
        "name": d.name,
        "level": d.level,
        "parent": d.parent.code if d.parent else None,
        "is_active": d.is_active,
        "takes_part": d.takes_part,
        "valid_from": d.valid_from.isoformat() if d.valid_from else None,
        "valid_to": d.valid_to.isoformat() if d.valid_to else None,
        "note": d.note,
    }
