"""The publication regimes as editable dated data (ARCHITECTURE.md rule 8; REFERENCE.md §3.4).

The credit administrator corrects a rule's periods or adds a regime when a new rule of law takes effect. A change
applies to records filed, corrected or re-imported afterwards; records already filed keep the periods computed
when they were filed (their 公示截止期 was published with them).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import Actor, require
from huimin.core.services.errors import ServiceError

from ..error_codes import CreditError
from ..events import CreditEvent
from ..models import PublicationRegime, RegimeRule, Sector, Severity
from ..permissions import can_manage_credit
from ..rules import check_regime_periods


def _require_manage(actor: Actor) -> None:
    require(can_manage_credit(actor), _("Only the credit administrator may change publication regimes."))


@transaction.atomic
def regime_rule_update(
    *, rule: RegimeRule, min_months: int, max_months: int, published: bool, repairable: bool, actor: Actor
) -> RegimeRule:
    """Correct one rule of a regime: its periods (months from the decision date), whether its severity is
    published, and whether it is repairable. The minimum may not exceed the maximum."""
    _require_manage(actor)
    rule = RegimeRule.objects.select_for_update().select_related("regime").get(pk=rule.pk)
    errors = check_regime_periods(min_months, max_months, published)
    if errors:
        raise ServiceError.for_fields(errors, code=CreditError.REGIME_RULE_INVALID)
    new = {
        "min_months": min_months,
        "max_months": max_months,
        "published": bool(published),
        "repairable": bool(repairable),
    }
    diff = {k: [getattr(rule, k), v] for k, v in new.items() if getattr(rule, k) != v}
    if diff:
        for key, (_before, after) in diff.items():
            setattr(rule, key, after)
        rule.save(update_fields=list(diff))
        audit_record(
            actor=actor,
            event_type=CreditEvent.REGIME_RULE_UPDATED,
            target=rule,
            payload={"regime": rule.regime.code, "severity": rule.severity, "sector": rule.sector, "changes": diff},
        )
    return rule


@transaction.atomic
def regime_rule_create(
    *,
    regime: PublicationRegime,
    severity: str,
    sector: str = "",
    min_months: int,
    max_months: int,
    published: bool = True,
    repairable: bool = True,
    actor: Actor,
) -> RegimeRule:
    """Add a rule to a regime: for a severity, optionally narrowed to a sector (the longer periods of the general
    and the sector rule apply)."""
    _require_manage(actor)
    errors = check_regime_periods(min_months, max_months, published)
    if severity not in Severity.values:
        errors["severity"] = [_("“%(value)s” is not a severity.") % {"value": severity}]
    if sector and sector not in Sector.values:
        errors["sector"] = [_("“%(value)s” is not a sector.") % {"value": sector}]
    if not errors and RegimeRule.objects.filter(regime=regime, severity=severity, sector=sector).exists():
        errors["severity"] = [_("The regime already has a rule for this severity and sector.")]
    if errors:
        raise ServiceError.for_fields(errors, code=CreditError.REGIME_RULE_INVALID)
    rule = RegimeRule.objects.create(
        regime=regime,
        severity=severity,
        sector=sector,
        min_months=min_months,
        max_months=max_months,
        published=published,
        repairable=repairable,
    )
    audit_record(
        actor=actor,
        event_type=CreditEvent.REGIME_RULE_CREATED,
        target=rule,
        payload={
            "regime": regime.code,
            "severity": severity,
            "sector": sector,
            "min_months": min_months,
            "max_months": max_months,
            "published": published,
            "repairable": repairable,
        },
    )
    return rule


@transaction.atomic
def regime_create(
    *, code: str, name: str, document: str, effective_from: date, note: str = "", actor: Actor
) -> PublicationRegime:
    """Add a regime in force from `effective_from` (it then governs decisions from that day; add its rules with
    regime_rule_create)."""
    _require_manage(actor)
    code, name, document = (code or "").strip(), (name or "").strip(), (document or "").strip()
    errors: dict[str, list[str]] = {}
    if not code:
        errors["code"] = [_("The regime code is required.")]
    elif PublicationRegime.objects.filter(code=code).exists():
        errors["code"] = [_("The regime code %(code)s is already used.") % {"code": code}]
    if not name:
        errors["name"] = [_("The name is required.")]
    if not document:
        errors["document"] = [_("The document number is required.")]
    if not isinstance(effective_from, date):
        errors["effective_from"] = [_("The date the regime takes effect is required.")]
    elif PublicationRegime.objects.filter(effective_from=effective_from).exists():
        errors["effective_from"] = [
            _("Another regime already takes effect on %(date)s.") % {"date": effective_from.isoformat()}
        ]
    if errors:
        raise ServiceError.for_fields(errors, code=CreditError.REGIME_INVALID)
    regime = PublicationRegime.objects.create(
        code=code, name=name, document=document, effective_from=effective_from, note=(note or "").strip()
    )
    audit_record(
        actor=actor,
        event_type=CreditEvent.REGIME_CREATED,
        target=regime,
        payload={"code": code, "document": document, "effective_from": effective_from},
    )
    return regime
