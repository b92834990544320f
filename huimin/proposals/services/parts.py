"""The rows of a proposal: activities, indicators, the project team, budget lines and attached documents.

Each row is added, changed and removed by its own service, under the same guard as the proposal's fields (its
section: activities, indicators, team, budget, documents). Rows keep the `position` they were given (1, 2, 3 …; a
removed row leaves a gap), which names them in the API and in problems (`budget_lines.3.unit_price`).

A budget line's total is unit price × quantity rounded to the fen (half up), computed here and never taken from
the input.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from huimin.calls.rules import call_rules
from huimin.core.cleaning import clean_count, clean_date, clean_decimal, clean_text
from huimin.core.permissions import Actor
from huimin.core.services.errors import ServiceError
from huimin.files.models import Attachment
from huimin.files.services import attachment_claim
from huimin.providers.models import TeamMember

from ..error_codes import ProposalsError
from ..models import (
    Activity,
    BudgetCategory,
    BudgetLine,
    Indicator,
    IndicatorKind,
    Proposal,
    ProposalDocument,
    ProposalTeamMember,
)
from ..rules import line_total
from ._common import (
    FieldErrors,
    guard_edit,
    now_or,
    proposal_audit,
    touch,
)


def _next_position(rows: Any) -> int:
    return (rows.aggregate(m=Max("position"))["m"] or 0) + 1


def _unknown(errors: FieldErrors, fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    for name in sorted(set(fields) - set(allowed)):
        message = (
            _("The total is computed from the unit price and the quantity.")
            if name == "total"
            else _("This field cannot be changed here.")
        )
        errors.add(name, message)


def _label(model: Any, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


# --- activities ---------------------------------------------------------------------------------------------------

ACTIVITY_FIELDS = ("name", "description", "sessions", "start_date", "end_date", "place", "participants")


def _clean_activity(fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = FieldErrors()
    _unknown(errors, fields, ACTIVITY_FIELDS)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        label = _label(Activity, name) if name in ACTIVITY_FIELDS else name
        if name == "name":
            out[name] = clean_text(errors, name, value, label=label, max_length=120, required=True)
        elif name == "place":
            out[name] = clean_text(errors, name, value, label=label, max_length=120)
        elif name == "description":
            out[name] = clean_text(errors, name, value, label=label)
        elif name == "sessions":
            out[name] = clean_count(errors, name, value, label=label, low=1, required=True)
        elif name == "participants":
            out[name] = clean_count(errors, name, value, label=label)
        elif name in ("start_date", "end_date"):
            out[name] = clean_date(errors, name, value, label=label)
    if creating and "name" not in fields:
        errors.add("name", _("%(label)s is required.") % {"label": _label(Activity, "name")})
    errors.raise_if_any()
    return out


def _check_activity_dates(activity: Activity) -> None:
    if activity.start_date and activity.end_date and activity.end_date < activity.start_date:
        raise ServiceError.for_fields(
            {"end_date": _("The activity ends before it starts.")}, code=ProposalsError.INVALID
        )


def activity_add(proposal: Proposal, actor: Actor, now: datetime | None = None, **fields: Any) -> Activity:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(proposal, actor, {"activities"}, now)
        values = _clean_activity(fields, creating=True)
        activity = Activity(proposal=proposal, position=_next_position(proposal.activities), **values)
        _check_activity_dates(activity)
        activity.save()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.activity_added",
            proposal=proposal,
            now=now,
            payload={"position": activity.position},
        )
    return activity


def activity_update(activity: Activity, actor: Actor, now: datetime | None = None, **fields: Any) -> Activity:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(activity.proposal, actor, {"activities"}, now)
        activity = Activity.objects.get(pk=activity.pk, proposal=proposal)
        for name, value in _clean_activity(fields, creating=False).items():
            setattr(activity, name, value)
        _check_activity_dates(activity)
        activity.save()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.activity_updated",
            proposal=proposal,
            now=now,
            payload={"position": activity.position, "fields": sorted(fields)},
        )
    return activity


def activity_remove(activity: Activity, actor: Actor, now: datetime | None = None) -> None:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(activity.proposal, actor, {"activities"}, now)
        Activity.objects.filter(pk=activity.pk, proposal=proposal).delete()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.activity_removed",
            proposal=proposal,
            now=now,
            payload={"position": activity.position},
        )


# --- indicators ---------------------------------------------------------------------------------------------------

INDICATOR_FIELDS = ("kind", "name", "target_value", "unit")


def _clean_indicator(fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = FieldErrors()
    _unknown(errors, fields, INDICATOR_FIELDS)
    out: dict[str, Any] = {}
    for name, value in fields.items():
        label = _label(Indicator, name) if name in INDICATOR_FIELDS else name
        if name == "kind":
            if value not in IndicatorKind.values:
                errors.add(name, _("Choose output or outcome."))
            else:
                out[name] = value
        elif name == "name":
            out[name] = clean_text(errors, name, value, label=label, max_length=120, required=True)
        elif name == "unit":
            out[name] = clean_text(errors, name, value, label=label, max_length=20)
        elif name == "target_value":
            out[name] = clean_decimal(errors, name, value, label=label, required=True)
    if creating:
        for name in ("kind", "name", "target_value"):
            if name not in fields:
                errors.add(name, _("%(label)s is required.") % {"label": _label(Indicator, name)})
    errors.raise_if_any()
    return out


def indicator_add(proposal: Proposal, actor: Actor, now: datetime | None = None, **fields: Any) -> Indicator:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(proposal, actor, {"indicators"}, now)
        values = _clean_indicator(fields, creating=True)
        indicator = Indicator.objects.create(proposal=proposal, position=_next_position(proposal.indicators), **values)
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.indicator_added",
            proposal=proposal,
            now=now,
            payload={"position": indicator.position, "kind": indicator.kind},
        )
    return indicator


def indicator_update(indicator: Indicator, actor: Actor, now: datetime | None = None, **fields: Any) -> Indicator:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(indicator.proposal, actor, {"indicators"}, now)
        indicator = Indicator.objects.get(pk=indicator.pk, proposal=proposal)
        for name, value in _clean_indicator(fields, creating=False).items():
            setattr(indicator, name, value)
        indicator.save()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.indicator_updated",
            proposal=proposal,
            now=now,
            payload={"position": indicator.position, "fields": sorted(fields)},
        )
    return indicator


def indicator_remove(indicator: Indicator, actor: Actor, now: datetime | None = None) -> None:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(indicator.proposal, actor, {"indicators"}, now)
        Indicator.objects.filter(pk=indicator.pk, proposal=proposal).delete()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.indicator_removed",
            proposal=proposal,
            now=now,
            payload={"position": indicator.position},
        )


# --- team ---------------------------------------------------------------------------------------------------------


def _clean_role(role: Any) -> str:
    errors = FieldErrors()
    text = clean_text(errors, "role", role, label=_label(ProposalTeamMember, "role"), max_length=120, required=True)
    errors.raise_if_any()
    return text


def _only_lead(proposal: Proposal, row: ProposalTeamMember) -> None:
    if row.is_lead:
        ProposalTeamMember.objects.filter(proposal=proposal, is_lead=True).exclude(pk=row.pk).update(is_lead=False)


def team_add(
    proposal: Proposal,
    member: TeamMember,
    role: str,
    actor: Actor,
    is_lead: bool = False,
    now: datetime | None = None,
) -> ProposalTeamMember:
    """Put a member of the organization's team (its profile) on the project, with a role; one lead at most (naming
    a new lead makes the former one an ordinary member)."""
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(proposal, actor, {"team"}, now)
        if member.organization_id != proposal.organization_id or not member.is_active:
            raise ServiceError.for_fields(
                {"member": _("%(name)s is not on the organization's team.") % {"name": member.name}},
                code=ProposalsError.TEAM_MEMBER_INVALID,
            )
        if proposal.team.filter(member=member).exists():
            raise ServiceError.for_fields(
                {"member": _("%(name)s is already on the project team.") % {"name": member.name}},
                code=ProposalsError.TEAM_MEMBER_INVALID,
            )
        row = ProposalTeamMember.objects.create(
            proposal=proposal, member=member, role=_clean_role(role), is_lead=bool(is_lead)
        )
        _only_lead(proposal, row)
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.team_added",
            proposal=proposal,
            now=now,
            payload={"member": str(member.public_id), "lead": row.is_lead},
        )
    return row


def team_update(
    row: ProposalTeamMember,
    actor: Actor,
    now: datetime | None = None,
    role: str | None = None,
    is_lead: bool | None = None,
) -> ProposalTeamMember:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(row.proposal, actor, {"team"}, now)
        row = ProposalTeamMember.objects.select_related("member").get(pk=row.pk, proposal=proposal)
        if role is not None:
            row.role = _clean_role(role)
        if is_lead is not None:
            row.is_lead = bool(is_lead)
        row.save()
        _only_lead(proposal, row)
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.team_updated",
            proposal=proposal,
            now=now,
            payload={"member": str(row.member.public_id), "lead": row.is_lead},
        )
    return row


def team_remove(row: ProposalTeamMember, actor: Actor, now: datetime | None = None) -> None:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(row.proposal, actor, {"team"}, now)
        ProposalTeamMember.objects.filter(pk=row.pk, proposal=proposal).delete()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.team_removed",
            proposal=proposal,
            now=now,
            payload={"member": str(row.member.public_id)},
        )


# --- budget lines -------------------------------------------------------------------------------------------------

BUDGET_FIELDS = ("category", "item", "unit_price", "unit", "quantity", "cap_code", "note")


def _clean_line(proposal: Proposal, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
    errors = FieldErrors()
    _unknown(errors, fields, BUDGET_FIELDS)
    out: dict[str, Any] = {}
    code = ProposalsError.INVALID
    for name, value in fields.items():
        label = _label(BudgetLine, name) if name in BUDGET_FIELDS else name
        if name == "category":
            if value not in BudgetCategory.values:
                errors.add(name, _("Choose one of the budget categories."))
            else:
                out[name] = value
        elif name == "item":
            out[name] = clean_text(errors, name, value, label=label, max_length=120, required=True)
        elif name == "unit":
            out[name] = clean_text(errors, name, value, label=label, max_length=20, required=True)
        elif name == "note":
            out[name] = clean_text(errors, name, value, label=label, max_length=200)
        elif name == "unit_price":
            out[name] = clean_decimal(errors, name, value, label=label, positive=True, required=True, money=True)
        elif name == "quantity":
            out[name] = clean_decimal(errors, name, value, label=label, positive=True, required=True)
        elif name == "cap_code":
            text = clean_text(errors, name, value, label=label, max_length=40)
            caps = call_rules(proposal.call).budget_rules.unit_price_caps
            if text and text not in {c.code for c in caps}:
                errors.add(
                    name,
                    _("The call has no unit-price cap “%(code)s” (it has: %(codes)s).")
                    % {"code": text, "codes": "、".join(c.code for c in caps) or "—"},
                )
                if len(fields) == 1:
                    code = ProposalsError.CAP_CODE_INVALID
            out[name] = text
    if creating:
        for name in ("category", "item", "unit_price", "unit", "quantity"):
            if name not in fields:
                errors.add(name, _("%(label)s is required.") % {"label": _label(BudgetLine, name)})
    if "cap_code" in errors.by_field and set(errors.by_field) == {"cap_code"}:
        code = ProposalsError.CAP_CODE_INVALID
    errors.raise_if_any(code)
    return out


def budget_line_add(proposal: Proposal, actor: Actor, now: datetime | None = None, **fields: Any) -> BudgetLine:
    """A budget line: category, item, unit price (元), unit, quantity, optional cap code and note. The total is
    computed (unit price × quantity, to the fen)."""
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(proposal, actor, {"budget"}, now)
        values = _clean_line(proposal, fields, creating=True)
        line = BudgetLine(proposal=proposal, position=_next_position(proposal.budget_lines), **values)
        line.total = line_total(line.unit_price, line.quantity)
        line.save()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.budget_line_added",
            proposal=proposal,
            now=now,
            payload={"position": line.position, "category": line.category, "total": str(line.total)},
        )
    return line


def budget_line_update(line: BudgetLine, actor: Actor, now: datetime | None = None, **fields: Any) -> BudgetLine:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(line.proposal, actor, {"budget"}, now)
        line = BudgetLine.objects.get(pk=line.pk, proposal=proposal)
        for name, value in _clean_line(proposal, fields, creating=False).items():
            setattr(line, name, value)
        line.total = line_total(line.unit_price, line.quantity)
        line.save()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.budget_line_updated",
            proposal=proposal,
            now=now,
            payload={"position": line.position, "fields": sorted(fields), "total": str(line.total)},
        )
    return line


def budget_line_remove(line: BudgetLine, actor: Actor, now: datetime | None = None) -> None:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(line.proposal, actor, {"budget"}, now)
        BudgetLine.objects.filter(pk=line.pk, proposal=proposal).delete()
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.budget_line_removed",
            proposal=proposal,
            now=now,
            payload={"position": line.position},
        )


# --- documents ----------------------------------------------------------------------------------------------------


DOCUMENT_PURPOSE_PREFIX = "proposal:"


def document_purpose(code: str) -> str:
    """The purpose of a proposal's document file: "proposal:<document code>" (huimin.files.owners)."""
    return f"{DOCUMENT_PURPOSE_PREFIX}{code}"


def proposal_document_attach(
    proposal: Proposal, code: str, attachment: Attachment, actor: Actor, now: datetime | None = None
) -> ProposalDocument:
    """Attach a document the call asks for (its RequiredDocument code); attaching again replaces it. The file must
    be the organization's (uploaded for it, or by the one attaching it). A file without an owner is claimed for the
    proposal (purpose "proposal:<code>"), so it is fetched by the proposal's rule and sealed with it."""
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(proposal, actor, {"documents"}, now)
        codes = {d.code: d for d in call_rules(proposal.call).required_documents}
        if code not in codes:
            raise ServiceError.for_fields(
                {"code": _("The call does not ask for a document “%(code)s”.") % {"code": code}},
                code=ProposalsError.DOCUMENT_INVALID,
            )
        own = attachment.organization_id == proposal.organization_id or (
            attachment.organization_id is None and actor.user is not None and attachment.uploaded_by_id == actor.user.pk
        )
        if not own:
            raise ServiceError.for_fields(
                {"attachment": _("This file does not belong to your organization.")},
                code=ProposalsError.DOCUMENT_INVALID,
            )
        # A file uploaded without an owner (the generic upload) becomes the proposal's: fetched by its rule.
        attachment_claim(attachment=attachment, purpose=document_purpose(code), actor=actor)
        document, _created = ProposalDocument.objects.update_or_create(
            proposal=proposal, code=code, defaults={"attachment": attachment, "added_at": now}
        )
        touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type="proposal.document_attached",
            proposal=proposal,
            now=now,
            payload={"code": code, "attachment": str(attachment.public_id), "sha256": attachment.sha256},
        )
    return document


def proposal_document_remove(proposal: Proposal, code: str, actor: Actor, now: datetime | None = None) -> None:
    now = now_or(now)
    with transaction.atomic():
        proposal = guard_edit(proposal, actor, {"documents"}, now)
        deleted, _rows = ProposalDocument.objects.filter(proposal=proposal, code=code).delete()
        if not deleted:
            raise ServiceError.for_fields(
                {"code": _("No document “%(code)s” is attached.") % {"code": code}},
                code=ProposalsError.DOCUMENT_INVALID,
            )
        touch(proposal, now)
        proposal_audit(
            actor=actor, event_type="proposal.document_removed", proposal=proposal, now=now, payload={"code": code}
        )
