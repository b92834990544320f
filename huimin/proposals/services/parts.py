"""The rows of a proposal: activities, indicators, the project team, budget lines and attached documents.

Each row is added, changed and removed by its own service, under the same guard as the proposal's fields (its
section: activities, indicators, team, budget, documents). Rows keep the `position` they were given (1, 2, 3 …; a
removed row leaves a gap), which names them in the API and in problems (`budget_lines.3.unit_price`).

Activities, indicators and budget lines are kept the same way (`_Rows`: their section, how their fields are read,
what completes a row before it is saved, and what their events record); the project team and the documents have
rules of their own.

A budget line's total is unit price × quantity rounded to the fen (half up), computed here and never taken from
the input.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.calls.rules import call_rules
from huimin.core.cleaning import clean_count, clean_date, clean_decimal, clean_text
from huimin.core.permissions import Actor
from huimin.core.services.errors import ServiceError
from huimin.files.services import attachment_claim

from ..content import document_purpose
from ..error_codes import ProposalsError
from ..events import ProposalsEvent, proposal_audit
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
from ._common import FieldErrors, _guard_edit, _touch

if TYPE_CHECKING:
    from huimin.files.models import Attachment
    from huimin.providers.models import TeamMember

# (errors, field name, value, label) → the value to store; problems go to `errors`.
Reader = Callable[[FieldErrors, str, Any, str], Any]


def _label(model: Any, name: str) -> str:
    return str(getattr(model._meta.get_field(name), "verbose_name", name)).capitalize()


def _read(
    model: type[models.Model],
    readers: Mapping[str, Reader],
    fields: dict[str, Any],
    *,
    required: tuple[str, ...] = (),
) -> tuple[dict[str, Any], FieldErrors]:
    """The values of the given fields of a row, read by `readers` (every problem at once); `required` are the fields
    a new row must be given. Unknown fields — the computed total among them — are refused."""
    errors = FieldErrors()
    for name in sorted(set(fields) - set(readers)):
        message = (
            _("The total is computed from the unit price and the quantity.")
            if name == "total"
            else _("This field cannot be changed here.")
        )
        errors.add(name, message)
    out = {
        name: readers[name](errors, name, value, _label(model, name))
        for name, value in fields.items()
        if name in readers
    }
    for name in required:
        if name not in fields:
            errors.add(name, _("%(label)s is required.") % {"label": _label(model, name)})
    return out, errors


def _choice(choices: Any, message: str) -> Reader:
    def read(errors: FieldErrors, name: str, value: Any, label: str) -> Any:
        if value not in choices.values:
            errors.add(name, message)
        return value

    return read


def _text(max_length: int | None = None, *, required: bool = False) -> Reader:
    return lambda errors, name, value, label: clean_text(
        errors, name, value, label=label, max_length=max_length, required=required
    )


# --- activities, indicators and budget lines -----------------------------------------------------------------------


@dataclass(frozen=True)
class _Rows:
    """How one kind of numbered row of a proposal is kept."""

    model: type[models.Model]
    section: str  # the section whose guard applies (huimin.proposals.sections)
    related_name: str  # the rows of a proposal: getattr(proposal, related_name)
    added: ProposalsEvent
    updated: ProposalsEvent
    removed: ProposalsEvent
    # (proposal, fields, creating) → the values to store, or ServiceError with every problem.
    read: Callable[[Proposal, dict[str, Any], bool], dict[str, Any]]
    complete: Callable[[Any], None] = lambda row: None  # checks and computed values, before saving
    on_add: Callable[[Any], dict[str, Any]] = lambda row: {}  # what the "added" event records besides the position
    on_update: Callable[[Any], dict[str, Any]] = lambda row: {}  # … and the "updated" one besides position, fields


def _row_add(rows: _Rows, *, proposal: Proposal, actor: Actor, now: datetime | None, fields: dict[str, Any]) -> Any:
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, {rows.section}, now)
        values = rows.read(proposal, fields, True)
        position = (getattr(proposal, rows.related_name).aggregate(m=Max("position"))["m"] or 0) + 1
        row: Any = rows.model(proposal=proposal, position=position, **values)
        rows.complete(row)
        row.save()
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=rows.added,
            proposal=proposal,
            now=now,
            payload={"position": row.position, **rows.on_add(row)},
        )
    return row


def _row_update(rows: _Rows, *, row: Any, actor: Actor, now: datetime | None, fields: dict[str, Any]) -> Any:
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(row.proposal, actor, {rows.section}, now)
        row = rows.model._default_manager.get(pk=row.pk, proposal=proposal)
        for name, value in rows.read(proposal, fields, False).items():
            setattr(row, name, value)
        rows.complete(row)
        row.save()
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=rows.updated,
            proposal=proposal,
            now=now,
            payload={"position": row.position, "fields": sorted(fields), **rows.on_update(row)},
        )
    return row


def _row_remove(rows: _Rows, *, row: Any, actor: Actor, now: datetime | None) -> None:
    _delete_row(
        rows.model, rows.section, rows.removed, row=row, actor=actor, now=now, payload={"position": row.position}
    )


def _delete_row(
    model: type[models.Model],
    section: str,
    event: ProposalsEvent,
    *,
    row: Any,
    actor: Actor,
    now: datetime | None,
    payload: dict[str, Any],
) -> None:
    """Remove a row of a proposal (numbered rows, the project team)."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(row.proposal, actor, {section}, now)
        model._default_manager.filter(pk=row.pk, proposal=proposal).delete()
        _touch(proposal, now)
        proposal_audit(actor=actor, event_type=event, proposal=proposal, now=now, payload=payload)


# activities


def _read_activity(proposal: Proposal, fields: dict[str, Any], creating: bool) -> dict[str, Any]:
    out, errors = _read(
        Activity,
        {
            "name": _text(120, required=True),
            "description": _text(),
            "sessions": lambda e, n, v, label: clean_count(e, n, v, label=label, low=1, required=True),
            "start_date": lambda e, n, v, label: clean_date(e, n, v, label=label),
            "end_date": lambda e, n, v, label: clean_date(e, n, v, label=label),
            "place": _text(120),
            "participants": lambda e, n, v, label: clean_count(e, n, v, label=label),
        },
        fields,
        required=("name",) if creating else (),
    )
    errors.raise_if_any()
    return out


def _check_activity_dates(activity: Activity) -> None:
    if activity.start_date and activity.end_date and activity.end_date < activity.start_date:
        raise ServiceError.for_fields(
            {"end_date": _("The activity ends before it starts.")}, code=ProposalsError.INVALID
        )


ACTIVITIES = _Rows(
    model=Activity,
    section="activities",
    related_name="activities",
    added=ProposalsEvent.PROPOSAL_ACTIVITY_ADDED,
    updated=ProposalsEvent.PROPOSAL_ACTIVITY_UPDATED,
    removed=ProposalsEvent.PROPOSAL_ACTIVITY_REMOVED,
    read=_read_activity,
    complete=_check_activity_dates,
)


def activity_add(*, proposal: Proposal, actor: Actor, now: datetime | None = None, **fields: Any) -> Activity:
    return _row_add(ACTIVITIES, proposal=proposal, actor=actor, now=now, fields=fields)


def activity_update(*, activity: Activity, actor: Actor, now: datetime | None = None, **fields: Any) -> Activity:
    return _row_update(ACTIVITIES, row=activity, actor=actor, now=now, fields=fields)


def activity_remove(*, activity: Activity, actor: Actor, now: datetime | None = None) -> None:
    _row_remove(ACTIVITIES, row=activity, actor=actor, now=now)


# indicators


def _read_indicator(proposal: Proposal, fields: dict[str, Any], creating: bool) -> dict[str, Any]:
    out, errors = _read(
        Indicator,
        {
            "kind": _choice(IndicatorKind, _("Choose output or outcome.")),
            "name": _text(120, required=True),
            "target_value": lambda e, n, v, label: clean_decimal(e, n, v, label=label, required=True),
            "unit": _text(20),
        },
        fields,
        required=("kind", "name", "target_value") if creating else (),
    )
    errors.raise_if_any()
    return out


INDICATORS = _Rows(
    model=Indicator,
    section="indicators",
    related_name="indicators",
    added=ProposalsEvent.PROPOSAL_INDICATOR_ADDED,
    updated=ProposalsEvent.PROPOSAL_INDICATOR_UPDATED,
    removed=ProposalsEvent.PROPOSAL_INDICATOR_REMOVED,
    read=_read_indicator,
    on_add=lambda indicator: {"kind": indicator.kind},
)


def indicator_add(*, proposal: Proposal, actor: Actor, now: datetime | None = None, **fields: Any) -> Indicator:
    return _row_add(INDICATORS, proposal=proposal, actor=actor, now=now, fields=fields)


def indicator_update(*, indicator: Indicator, actor: Actor, now: datetime | None = None, **fields: Any) -> Indicator:
    return _row_update(INDICATORS, row=indicator, actor=actor, now=now, fields=fields)


def indicator_remove(*, indicator: Indicator, actor: Actor, now: datetime | None = None) -> None:
    _row_remove(INDICATORS, row=indicator, actor=actor, now=now)


# budget lines


def _read_line(proposal: Proposal, fields: dict[str, Any], creating: bool) -> dict[str, Any]:
    unknown_cap: list[str] = []

    def cap_code(errors: FieldErrors, name: str, value: Any, label: str) -> str:
        text = clean_text(errors, name, value, label=label, max_length=40)
        caps = call_rules(proposal.call).budget_rules.unit_price_caps
        if text and text not in {c.code for c in caps}:
            errors.add(
                name,
                _("The call has no unit-price cap “%(code)s” (it has: %(codes)s).")
                % {"code": text, "codes": "、".join(c.code for c in caps) or "—"},
            )
            unknown_cap.append(text)
        return text

    out, errors = _read(
        BudgetLine,
        {
            "category": _choice(BudgetCategory, _("Choose one of the budget categories.")),
            "item": _text(120, required=True),
            "unit_price": lambda e, n, v, label: clean_decimal(
                e, n, v, label=label, positive=True, required=True, money=True
            ),
            "unit": _text(20, required=True),
            "quantity": lambda e, n, v, label: clean_decimal(e, n, v, label=label, positive=True, required=True),
            "cap_code": cap_code,
            "note": _text(200),
        },
        fields,
        required=("category", "item", "unit_price", "unit", "quantity") if creating else (),
    )
    # A refused cap code alone is told apart, so that a client can offer the call's caps.
    only_cap = "cap_code" in errors.by_field and set(errors.by_field) == {"cap_code"}
    errors.raise_if_any(
        ProposalsError.CAP_CODE_INVALID if only_cap or (unknown_cap and len(fields) == 1) else ProposalsError.INVALID
    )
    return out


def _compute_total(line: BudgetLine) -> None:
    line.total = line_total(line.unit_price, line.quantity)


BUDGET_LINES = _Rows(
    model=BudgetLine,
    section="budget",
    related_name="budget_lines",
    added=ProposalsEvent.PROPOSAL_BUDGET_LINE_ADDED,
    updated=ProposalsEvent.PROPOSAL_BUDGET_LINE_UPDATED,
    removed=ProposalsEvent.PROPOSAL_BUDGET_LINE_REMOVED,
    read=_read_line,
    complete=_compute_total,
    on_add=lambda line: {"category": line.category, "total": str(line.total)},
    on_update=lambda line: {"total": str(line.total)},
)


def budget_line_add(*, proposal: Proposal, actor: Actor, now: datetime | None = None, **fields: Any) -> BudgetLine:
    """A budget line: category, item, unit price (元), unit, quantity, optional cap code and note. The total is
    computed (unit price × quantity, to the fen)."""
    return _row_add(BUDGET_LINES, proposal=proposal, actor=actor, now=now, fields=fields)


def budget_line_update(*, line: BudgetLine, actor: Actor, now: datetime | None = None, **fields: Any) -> BudgetLine:
    return _row_update(BUDGET_LINES, row=line, actor=actor, now=now, fields=fields)


def budget_line_remove(*, line: BudgetLine, actor: Actor, now: datetime | None = None) -> None:
    _row_remove(BUDGET_LINES, row=line, actor=actor, now=now)


# --- the project team -----------------------------------------------------------------------------------------------


def _clean_role(role: Any) -> str:
    errors = FieldErrors()
    text = clean_text(errors, "role", role, label=_label(ProposalTeamMember, "role"), max_length=120, required=True)
    errors.raise_if_any()
    return text


def _only_lead(proposal: Proposal, row: ProposalTeamMember) -> None:
    if row.is_lead:
        ProposalTeamMember.objects.filter(proposal=proposal, is_lead=True).exclude(pk=row.pk).update(is_lead=False)


def proposal_team_member_add(
    *,
    proposal: Proposal,
    member: TeamMember,
    role: str,
    actor: Actor,
    is_lead: bool = False,
    now: datetime | None = None,
) -> ProposalTeamMember:
    """Put a member of the organization's team (its profile) on the project, with a role; one lead at most (naming
    a new lead makes the former one an ordinary member)."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, {"team"}, now)
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
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_TEAM_ADDED,
            proposal=proposal,
            now=now,
            payload={"member": str(member.public_id), "lead": row.is_lead},
        )
    return row


def proposal_team_member_update(
    *,
    row: ProposalTeamMember,
    actor: Actor,
    role: str | None = None,
    is_lead: bool | None = None,
    now: datetime | None = None,
) -> ProposalTeamMember:
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(row.proposal, actor, {"team"}, now)
        row = ProposalTeamMember.objects.select_related("member").get(pk=row.pk, proposal=proposal)
        if role is not None:
            row.role = _clean_role(role)
        if is_lead is not None:
            row.is_lead = bool(is_lead)
        row.save()
        _only_lead(proposal, row)
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_TEAM_UPDATED,
            proposal=proposal,
            now=now,
            payload={"member": str(row.member.public_id), "lead": row.is_lead},
        )
    return row


def proposal_team_member_remove(*, row: ProposalTeamMember, actor: Actor, now: datetime | None = None) -> None:
    _delete_row(
        ProposalTeamMember,
        "team",
        ProposalsEvent.PROPOSAL_TEAM_REMOVED,
        row=row,
        actor=actor,
        now=now,
        payload={"member": str(row.member.public_id)},
    )


# --- documents ----------------------------------------------------------------------------------------------------


def proposal_document_attach(
    *, proposal: Proposal, code: str, attachment: Attachment, actor: Actor, now: datetime | None = None
) -> ProposalDocument:
    """Attach a document the call asks for (its RequiredDocument code); attaching again replaces it. The file must
    be the organization's (uploaded for it, or by the one attaching it). A file without an owner is claimed for the
    proposal (purpose "proposal:<code>"), so it is fetched by the proposal's rule and sealed with it."""
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, {"documents"}, now)
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
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_DOCUMENT_ATTACHED,
            proposal=proposal,
            now=now,
            payload={"code": code, "attachment": str(attachment.public_id), "sha256": attachment.sha256},
        )
    return document


def proposal_document_remove(*, proposal: Proposal, code: str, actor: Actor, now: datetime | None = None) -> None:
    now = now or timezone.now()
    with transaction.atomic():
        proposal = _guard_edit(proposal, actor, {"documents"}, now)
        deleted, _rows = ProposalDocument.objects.filter(proposal=proposal, code=code).delete()
        if not deleted:
            raise ServiceError.for_fields(
                {"code": _("No document “%(code)s” is attached.") % {"code": code}},
                code=ProposalsError.DOCUMENT_INVALID,
            )
        _touch(proposal, now)
        proposal_audit(
            actor=actor,
            event_type=ProposalsEvent.PROPOSAL_DOCUMENT_REMOVED,
            proposal=proposal,
            now=now,
            payload={"code": code},
        )
