"""Template helpers of the credit pages: the section's navigation, amounts in 万元, ratios."""

from __future__ import annotations

from decimal import Decimal

from django import template

from huimin.core.models import Role

from ..check import can_run_credit_check
from ..masking import mask_id_number
from ..permissions import can_manage_credit

register = template.Library()


@register.inclusion_tag("credit/_nav.html", takes_context=True)
def credit_nav(context, active: str = ""):
    """The credit section's tabs: the public ones, then those the signed-in actor may use."""
    request = context.get("request")
    actor = getattr(request, "actor", None)
    if actor is None or not actor.is_authenticated:
        return {"active": active, "desk": False, "office": False, "checks": False, "mine": False}
    return {
        "active": active,
        "desk": can_manage_credit(actor) or bool(actor.organization_ids(Role.CREDIT_OFFICER)),
        "office": can_manage_credit(actor),
        "checks": can_run_credit_check(actor),
        "mine": actor.has_role(Role.PROVIDER),
    }


@register.filter
def wan(amount) -> str:
    """An amount in 万元 without trailing zeros: Decimal('0.500000') → '0.5'."""
    if amount in (None, ""):
        return ""
    value = Decimal(amount).normalize()
    text = format(value, "f")
    return text


@register.filter
def percent(ratio) -> str:
    if ratio is None:
        return "—"
    return f"{ratio * 100:.1f}%"


@register.filter
def one_decimal(value) -> str:
    if value is None:
        return "—"
    return f"{value:.1f}"


@register.filter
def masked_id(number) -> str:
    return mask_id_number(number or "")


@register.filter
def severity_label(value) -> str:
    from ..models import Severity

    return str(Severity(value).label) if value in Severity.values else (value or "")


@register.filter
def sector_label(value) -> str:
    from ..models import Sector

    if not value:
        return "*"
    return str(Sector(value).label) if value in Sector.values else value
