"""Input cleaning shared by the profile services: text may be typed with full-width digits and spaces; amounts
accept “1,000.50”, “１０００元”. And the two checks every write makes: the actor keeps the profile, and no field is
unknown."""

from __future__ import annotations

import re
import unicodedata
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.utils.translation import gettext as _

from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError

from ..error_codes import ProfilesError
from ..permissions import can_edit_profile

if TYPE_CHECKING:
    from huimin.core.models import Organization
    from huimin.core.permissions import Actor


def clean_text(value: Any) -> str:
    """NFKC (full-width letters and digits become ASCII; Chinese is unchanged), trimmed, inner runs of spaces one."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[ \t\u3000]+", " ", text).strip()


def clean_long_text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def clean_decimal(value: Any) -> Decimal | None:
    """None for blank; ValueError for anything that is not an amount."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise ValueError("floats round")
    text = clean_text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def clean_integer(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = clean_text(value).replace(",", "")
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(text)
    return int(text)


def require_editor(actor: Actor, organization: Organization) -> None:
    if not can_edit_profile(actor, organization):
        raise PermissionDenied(_("Only the organization's own providers may change its profile."))


def refuse_unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ServiceError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}, code=ProfilesError.INVALID
        )
