"""The proposal editor (/proposals/<id>/edit/…): sections as cards, each field autosaved on change (htmx posts one
field; the answer is a small “saved at HH:MM” or the field's error, plus the refreshed “what is missing” panel and
budget summary swapped out of band), rows of activities, indicators, the team and the budget added, changed and
removed, documents attached, the commitment accepted, amendments confirmed.

Every write goes through the proposals services, which decide whether the change is allowed now (before the
deadline on a draft; after it only the sections of an open fix window). Refusals because of time or state answer
409 and change nothing; a value of the wrong form answers 422 with the field's message. Without JavaScript every
form posts normally and comes back to the editor.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huimin.calls import selectors as call_selectors
from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, is_htmx, not_found, refuse_service_denials
from huimin.files.services import attachment_create
from huimin.providers.selectors import current_profile_documents

from .. import selectors
from ..content import document_purpose
from ..error_codes import ProposalsError
from ..models import Proposal
from ..permissions import can_edit_proposal
from ..sections import EDITABLE_FIELDS, SECTIONS_BY_CODE, section_of_field
from ..services import (
    activity_add,
    activity_remove,
    activity_update,
    budget_line_add,
    budget_line_remove,
    budget_line_update,
    indicator_add,
    indicator_remove,
    indicator_update,
    proposal_accept_commitment,
    proposal_confirm_amendments,
    proposal_document_attach,
    proposal_document_remove,
    proposal_set_communities,
    proposal_set_intentions,
    proposal_team_member_add,
    proposal_team_member_remove,
    proposal_team_member_update,
    proposal_update,
)
from ._common import now
from ._editor import editor_context, editor_state

# Refusals because of time or state (not of a value): answered 409, nothing changed.
LOCKED_CODES = frozenset(
    {
        ProposalsError.DEADLINE_PASSED,
        ProposalsError.CALL_NOT_OPEN,
        ProposalsError.SUBMITTED_READ_ONLY,
        ProposalsError.FIX_SECTION_LOCKED,
        ProposalsError.FIX_CLOSED,
    }
)

# --- lookups ------------------------------------------------------------------------------------------------------


def visible_proposal(request, public_id: UUID, *, at=None) -> Proposal:
    """The proposal if the actor may see it now (sealing): else 404, as if it did not exist."""
    try:
        return selectors.proposal_get_for_actor(request.actor, public_id, now=at or now())
    except Proposal.DoesNotExist:
        not_found(_("There is no such proposal, or you may not see it."))


def own_proposal(request, public_id: UUID, *, at=None) -> Proposal:
    """The proposal of one of the actor's organizations (others: 404 when sealed, 403 when only readable)."""
    proposal = visible_proposal(request, public_id, at=at)
    if not can_edit_proposal(request.actor, proposal):
        deny(_("Only the organization's own members edit its proposal."))
    return proposal


def editor_url(proposal: Proposal, anchor: str = "") -> str:
    url = reverse("proposals:edit", kwargs={"public_id": proposal.public_id})
    return f"{url}#{anchor}" if anchor else url


# --- answers --------------------------------------------------------------------------------------------------------


def _error_code(exc: ValidationError) -> str:
    return str(getattr(exc, "error_code", "") or getattr(exc, "code", "") or "")


def _messages_for(exc: ValidationError, names: tuple[str, ...] | list[str] = ()) -> list[str]:
    if hasattr(exc, "error_dict"):
        found = [m for name in names for m in exc.message_dict.get(name, [])]
        return found or [m for ms in exc.message_dict.values() for m in ms]
    return list(exc.messages)


def _status_for(exc: ValidationError) -> int:
    return 409 if _error_code(exc) in LOCKED_CODES else 422


def _panels(request, proposal: Proposal, *, at) -> dict[str, Any]:
    fresh = selectors.proposal_full(proposal)
    return editor_context(fresh, actor=request.actor, now=at)


def field_answer(request, proposal: Proposal, *, name: str, error: list[str] | None, status: int, at) -> HttpResponse:
    """The status line of one field (saved at HH:MM, or its error), with the out-of-band panels."""
    context = _panels(request, proposal, at=at)
    context.update(field_name=name, errors=error or [], saved_at=timezone.localtime(at), oob=True)
    return render(request, "proposals/editor/_autosaved.html", context, status=status)


def back_to_editor(request, proposal: Proposal, anchor: str, exc: ValidationError | None = None) -> HttpResponse:
    """Without htmx: back to the editor, with the refusal as a message."""
    if exc is not None:
        messages.error(request, " ".join(_messages_for(exc)))
    else:
        messages.success(request, _("Saved."))
    return redirect(editor_url(proposal, anchor))


Reply = Callable[[ValidationError | None], HttpResponse]


def _saved(request, proposal: Proposal, *, anchor: str, save: Callable[[], Any], reply: Reply) -> HttpResponse:
    """Run `save` (a service) and answer as the editor expects: for htmx `reply(the refusal, or None)`; otherwise
    back to the editor at `anchor`, with the refusal as a message."""
    try:
        save()
    except ValidationError as exc:
        if not is_htmx(request):
            return back_to_editor(request, proposal, anchor, exc)
        return reply(exc)
    if not is_htmx(request):
        return back_to_editor(request, proposal, anchor)
    return reply(None)


def _field_reply(request, proposal: Proposal, *, name: str, at, names: list[str] | tuple[str, ...] = ()) -> Reply:
    """One field's status line: saved, or its refusal (the messages naming `names` first)."""

    def reply(exc: ValidationError | None) -> HttpResponse:
        if exc is None:
            return field_answer(request, proposal, name=name, error=None, status=200, at=at)
        return field_answer(
            request, proposal, name=name, error=_messages_for(exc, names), status=_status_for(exc), at=at
        )

    return reply


def _rows_reply(request, proposal: Proposal, kind: str, *, at, add_values: dict[str, Any] | None = None) -> Reply:
    """The rows of a section again; a refused addition keeps what was typed (`add_values`) next to its errors."""

    def reply(exc: ValidationError | None) -> HttpResponse:
        if exc is None:
            return rows_answer(request, proposal, kind, at=at)
        if add_values is None:
            return rows_answer(request, proposal, kind, at=at, status=_status_for(exc))
        errors = _field_errors(exc)
        return rows_answer(
            request, proposal, kind, at=at, status=_status_for(exc), add_values=add_values, add_errors=errors
        )

    return reply


# --- the page -------------------------------------------------------------------------------------------------------


@login_required
@require_GET
@refuse_service_denials
def edit(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    return render(request, "proposals/editor/editor.html", editor_context(proposal, actor=request.actor, now=at))


# --- scalar fields --------------------------------------------------------------------------------------------------


@login_required
@require_POST
@refuse_service_denials
def autosave(request, public_id: UUID):
    """One field (POST `field` = its name, and the value under that name)."""
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    name = request.POST.get("field", "")
    if name not in EDITABLE_FIELDS:
        return field_answer(request, proposal, name=name, error=[_("Unknown field.")], status=400, at=at)
    value = request.POST.get(name, "")
    try:
        proposal_update(proposal=proposal, actor=request.actor, now=at, **{name: value})
    except ValidationError as exc:
        return field_answer(
            request, proposal, name=name, error=_messages_for(exc, [name]), status=_status_for(exc), at=at
        )
    if not is_htmx(request):
        return back_to_editor(request, proposal, f"section-{section_of_field(name)}")
    return field_answer(request, proposal, name=name, error=None, status=200, at=at)


@login_required
@require_POST
@refuse_service_denials
def section_save(request, public_id: UUID, section: str):
    """Every scalar field of a section at once (the section's Save button, for browsers without JavaScript)."""
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    found = SECTIONS_BY_CODE.get(section)
    if found is None:
        not_found(_("Unknown section."))
    fields = {n: request.POST.get(n, "") for n in found.fields if n in EDITABLE_FIELDS and n in request.POST}
    try:
        proposal_update(proposal=proposal, actor=request.actor, now=at, **fields)
    except ValidationError as exc:
        if is_htmx(request):
            return field_answer(request, proposal, name="", error=_messages_for(exc), status=_status_for(exc), at=at)
        return back_to_editor(request, proposal, f"section-{section}", exc)
    return back_to_editor(request, proposal, f"section-{section}")


@login_required
@require_POST
@refuse_service_denials
def intentions_save(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    wanted = set(request.POST.getlist("intentions"))
    chosen = [i for i in call_selectors.call_intentions(proposal.call) if str(i.public_id) in wanted]
    return _saved(
        request,
        proposal,
        anchor="section-basics",
        save=lambda: proposal_set_intentions(proposal=proposal, intentions=chosen, actor=request.actor, now=at),
        reply=_field_reply(request, proposal, name="intentions", at=at),
    )


@login_required
@require_POST
@refuse_service_denials
def communities_save(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    chosen, _unknown = selectors.communities_by_codes(sorted(set(request.POST.getlist("communities"))))
    return _saved(
        request,
        proposal,
        anchor="section-basics",
        save=lambda: proposal_set_communities(proposal=proposal, communities=chosen, actor=request.actor, now=at),
        reply=_field_reply(request, proposal, name="communities", at=at),
    )


# --- rows: activities, indicators, budget lines -------------------------------------------------------------------


@dataclass(frozen=True)
class _RowKind:
    """One kind of numbered row the editor adds, changes and removes (its services name the row `argument`)."""

    section: str
    fields: tuple[str, ...]
    at: Callable[[Proposal, int], Any]
    add: Callable[..., Any]
    update: Callable[..., Any]
    remove: Callable[..., Any]
    argument: str


ROW_KINDS: dict[str, _RowKind] = {
    "activities": _RowKind(
        "activities",
        ("name", "description", "sessions", "start_date", "end_date", "place", "participants"),
        selectors.activity_at,
        activity_add,
        activity_update,
        activity_remove,
        "activity",
    ),
    "indicators": _RowKind(
        "indicators",
        ("kind", "name", "target_value", "unit"),
        selectors.indicator_at,
        indicator_add,
        indicator_update,
        indicator_remove,
        "indicator",
    ),
    "budget": _RowKind(
        "budget",
        ("category", "item", "unit_price", "unit", "quantity", "cap_code", "note"),
        selectors.budget_line_at,
        budget_line_add,
        budget_line_update,
        budget_line_remove,
        "line",
    ),
}


def _kind(kind: str) -> _RowKind:
    if kind not in ROW_KINDS:
        not_found(_("Unknown kind of row."))
    return ROW_KINDS[kind]


def _row(proposal: Proposal, rows: _RowKind, position: int):
    try:
        return rows.at(proposal, position)
    except Exception:
        not_found(_("The proposal has no such row."))


def rows_answer(
    request,
    proposal: Proposal,
    kind: str,
    *,
    at,
    status: int = 200,
    add_values: dict[str, Any] | None = None,
    add_errors: dict[str, list[str]] | None = None,
) -> HttpResponse:
    """The rows of one section with its add form (and the out-of-band panels)."""
    context = _panels(request, proposal, at=at)
    context.update(kind=kind, add_values=add_values or {}, add_errors=add_errors or {}, oob=True)
    return render(request, f"proposals/editor/_rows_{kind}.html", context, status=status)


def _field_errors(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {k: list(v) for k, v in exc.message_dict.items()}
    return {"__all__": list(exc.messages)}


@login_required
@require_POST
@refuse_service_denials
def row_add(request, public_id: UUID, kind: str):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    rows = _kind(kind)
    values = {n: request.POST.get(n, "") for n in rows.fields if n in request.POST}
    values = {k: v for k, v in values.items() if v != "" or k in ("name", "item")}
    return _saved(
        request,
        proposal,
        anchor=f"section-{rows.section}",
        save=lambda: rows.add(proposal=proposal, actor=request.actor, now=at, **values),
        reply=_rows_reply(request, proposal, kind, at=at, add_values=values),
    )


@login_required
@require_POST
@refuse_service_denials
def row_update(request, public_id: UUID, kind: str, position: int):
    """One field of a row (htmx: `field` names it) or every field posted (without JavaScript)."""
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    rows = _kind(kind)
    row = _row(proposal, rows, position)
    name = request.POST.get("field")
    if name:
        if name not in rows.fields:
            return field_answer(
                request, proposal, name=f"{kind}-{position}", error=[_("Unknown field.")], status=400, at=at
            )
        values = {name: request.POST.get(name, "")}
    else:
        values = {n: request.POST.get(n, "") for n in rows.fields if n in request.POST}
    return _saved(
        request,
        proposal,
        anchor=f"section-{rows.section}",
        save=lambda: rows.update(**{rows.argument: row}, actor=request.actor, now=at, **values),
        reply=_field_reply(request, proposal, name=f"{kind}-{position}", at=at, names=list(values)),
    )


@login_required
@require_POST
@refuse_service_denials
def row_remove(request, public_id: UUID, kind: str, position: int):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    rows = _kind(kind)
    row = _row(proposal, rows, position)
    return _saved(
        request,
        proposal,
        anchor=f"section-{rows.section}",
        save=lambda: rows.remove(**{rows.argument: row}, actor=request.actor, now=at),
        reply=_rows_reply(request, proposal, kind, at=at),
    )


# --- the project team ---------------------------------------------------------------------------------------------


@login_required
@require_POST
@refuse_service_denials
def team_row_add(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    member_id = request.POST.get("member", "")
    values = {"member": member_id, "role": request.POST.get("role", ""), "is_lead": request.POST.get("is_lead") == "on"}

    def save() -> None:
        try:
            member = selectors.team_member_of(proposal, member_id)
        except Exception as exc:
            raise ValidationError({"member": [_("Choose a member of the organization's team.")]}) from exc
        proposal_team_member_add(
            proposal=proposal,
            member=member,
            role=values["role"],
            is_lead=bool(values["is_lead"]),
            actor=request.actor,
            now=at,
        )

    return _saved(
        request,
        proposal,
        anchor="section-team",
        save=save,
        reply=_rows_reply(request, proposal, "team", at=at, add_values=values),
    )


def _team_row(proposal: Proposal, member_id: UUID):
    try:
        return selectors.team_row_of(proposal, member_id)
    except Exception:
        not_found(_("This person is not on the project team."))


@login_required
@require_POST
@refuse_service_denials
def team_row_update(request, public_id: UUID, member_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    row = _team_row(proposal, member_id)
    name = request.POST.get("field")
    changes: dict[str, Any] = {}
    if name in (None, "", "role"):
        if "role" in request.POST:
            changes["role"] = request.POST.get("role", "")
    if name in (None, "", "is_lead"):
        changes["is_lead"] = request.POST.get("is_lead") == "on"
    field_reply = _field_reply(request, proposal, name=f"team-{member_id}", at=at)

    def reply(exc: ValidationError | None) -> HttpResponse:
        if exc is None and "is_lead" in changes and name == "is_lead":
            return rows_answer(request, proposal, "team", at=at)  # another row may have lost its lead mark
        return field_reply(exc)

    return _saved(
        request,
        proposal,
        anchor="section-team",
        save=lambda: proposal_team_member_update(row=row, actor=request.actor, now=at, **changes),
        reply=reply,
    )


@login_required
@require_POST
@refuse_service_denials
def team_row_remove(request, public_id: UUID, member_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    row = _team_row(proposal, member_id)
    return _saved(
        request,
        proposal,
        anchor="section-team",
        save=lambda: proposal_team_member_remove(row=row, actor=request.actor, now=at),
        reply=_rows_reply(request, proposal, "team", at=at),
    )


# --- documents, commitment, amendments ---------------------------------------------------------------------------


def _locked_answer(request, proposal: Proposal, exc: ValidationError, anchor: str) -> HttpResponse:
    if _status_for(exc) == 409:
        return render(
            request,
            "proposals/editor/locked.html",
            {"proposal": proposal, "message": " ".join(_messages_for(exc))},
            status=409,
        )
    return back_to_editor(request, proposal, anchor, exc)


@login_required
@require_POST
@refuse_service_denials
def document_upload(request, public_id: UUID, code: str):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    uploaded = request.FILES.get("file")
    if uploaded is None:
        messages.error(request, _("Choose a file to attach."))
        return redirect(editor_url(proposal, "section-documents"))
    # Refuse before storing anything: a document the call does not ask for, or documents that may not change now.
    state = editor_state(proposal, actor=request.actor, now=at)
    if code not in {d.code for d in state.rules.required_documents}:
        not_found(_("The call does not ask for this document."))
    if not state.can_edit("documents"):
        refusal = ServiceError(_("The attachments cannot be changed now."), code=ProposalsError.DEADLINE_PASSED)
        return _locked_answer(request, proposal, refusal, "section-documents")
    try:
        attachment = attachment_create(
            uploaded_file=uploaded,
            purpose=document_purpose(code),
            actor=request.actor,
            organization=proposal.organization,
        )
        proposal_document_attach(proposal=proposal, code=code, attachment=attachment, actor=request.actor, now=at)
    except ValidationError as exc:
        return _locked_answer(request, proposal, exc, "section-documents")
    messages.success(request, _("“%(name)s” is attached.") % {"name": attachment.original_name})
    return redirect(editor_url(proposal, "section-documents"))


@login_required
@require_POST
@refuse_service_denials
def document_use_profile(request, public_id: UUID, code: str):
    """Attach the organization's standing document of the same code (登记证书, 年检结论 …)."""
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    standing = current_profile_documents(actor=request.actor, organization=proposal.organization).get(code)
    if standing is None:
        not_found(_("The organization's profile has no such document."))
    try:
        proposal_document_attach(
            proposal=proposal, code=code, attachment=standing.attachment, actor=request.actor, now=at
        )
    except ValidationError as exc:
        return _locked_answer(request, proposal, exc, "section-documents")
    messages.success(request, _("“%(name)s” is attached.") % {"name": standing.attachment.original_name})
    return redirect(editor_url(proposal, "section-documents"))


@login_required
@require_POST
@refuse_service_denials
def document_remove(request, public_id: UUID, code: str):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    try:
        proposal_document_remove(proposal=proposal, code=code, actor=request.actor, now=at)
    except ValidationError as exc:
        return _locked_answer(request, proposal, exc, "section-documents")
    messages.success(request, _("The document is no longer attached."))
    return redirect(editor_url(proposal, "section-documents"))


@login_required
@require_POST
@refuse_service_denials
def commitment_save(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    accepted = request.POST.get("accepted") == "on"
    try:
        proposal_accept_commitment(proposal=proposal, actor=request.actor, now=at, accepted=accepted)
    except ValidationError as exc:
        if is_htmx(request):
            return field_answer(
                request, proposal, name="commitment", error=_messages_for(exc), status=_status_for(exc), at=at
            )
        return _locked_answer(request, proposal, exc, "section-commitment")
    if is_htmx(request):
        return field_answer(request, proposal, name="commitment", error=None, status=200, at=at)
    return back_to_editor(request, proposal, "section-commitment")


@login_required
@require_POST
@refuse_service_denials
def amendments_confirm(request, public_id: UUID):
    at = now()
    proposal = own_proposal(request, public_id, at=at)
    try:
        proposal_confirm_amendments(proposal=proposal, actor=request.actor, now=at)
    except ValidationError as exc:
        return _locked_answer(request, proposal, exc, "")
    messages.success(request, _("You have confirmed the call's amendments."))
    return redirect(editor_url(proposal))
