"""Pure rules of planning shared by its services (no database writes)."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from huimin.core.services.errors import ServiceError

MONEY_MAX = Decimal("999999999999.99")  # max_digits=14, decimal_places=2
FEN = Decimal("0.01")


def parse_money(value: Any, *, field: str, positive: bool, code: str) -> Decimal:
    """A sum in 元 with at most two decimals (分); `positive` refuses zero. Raises ServiceError naming `field`."""
    try:
        amount = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError):
        raise ServiceError.for_fields(
            {field: _("Enter an amount in yuan, e.g. 50000 or 49999.50.")}, code=code
        ) from None
    if not amount.is_finite():
        raise ServiceError.for_fields({field: _("Enter an amount in yuan, e.g. 50000 or 49999.50.")}, code=code)
    if amount != amount.quantize(FEN):
        raise ServiceError.for_fields({field: _("An amount has at most two decimals (fen).")}, code=code)
    if amount < 0 or (positive and amount == 0):
        message = _("The amount must be more than zero.") if positive else _("The amount cannot be negative.")
        raise ServiceError.for_fields({field: message}, code=code)
    if amount > MONEY_MAX:
        raise ServiceError.for_fields({field: _("The amount is too large.")}, code=code)
    return amount.quantize(FEN)
