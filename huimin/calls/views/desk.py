"""The managers' desk (/calls/manage/): the calls of the project manager's organization (every call for the district
administrator), a new draft, the draft editor with its documents, publication with confirmation, cancellation.

A published call is never edited here: the editor redirects to the amendment page, and a POST to it is refused with
409 and changes nothing."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, not_found, refuse_service_denials

from .. import selectors
from ..forms import ROW_KINDS, SOURCE_CHOICES, CallNewForm, DocumentForm, ReasonForm
from ..models import CallStatus
from ..permissions import can_manage_call, can_use_calls_desk
from ..rules import min_open_working_days
from ..services.calls import (
    call_cancel,
    call_create,
    call_document_add,
    call_document_remove,
    call_publish,
    call_publish_problems,
    call_update,
)
from ..states import is_editable
from ._common import call_or_404
from .editor import BLANK, editor_for, editor_from_post


def _require_desk(actor) -> None:
    if not can_use_calls_desk(actor):
        deny(_("The calls desk is for the project managers and the district administrator."))


def _managed(request, public_id: UUID):
    call = call_or_404(request, public_id)
    if not can_manage_call(request.actor, call):
        deny(_("Only the call's project managers may change it."))
    return call


@login_required
@require_GET
@refuse_service_denials
def call_desk(request):
    actor = request.actor
    _require_desk(actor)
    status = request.GET.get("status") or None
    if status not in CallStatus.values:
        status = None
    managers = selectors.manager_choices(actor)
    return render(
        request,
        "calls/desk.html",
        {
            "calls": selectors.calls_managed(actor=actor, status=status),
            "status": status,
            "statuses": CallStatus.choices,
            "new_form": CallNewForm(rounds=selectors.rounds_for_new_call(), managers=managers),
            "now": timezone.now(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def call_new(request):
    actor = request.actor
    _require_desk(actor)
    managers = selectors.manager_choices(actor)
    form = CallNewForm(request.POST or None, rounds=selectors.rounds_for_new_call(), managers=managers)
    if request.method == "POST" and form.is_valid():
        try:
            call = call_create(
                round=form.cleaned_data["round"],
                manager=form.cleaned_data["manager"],
                title=form.cleaned_data["title"],
                actor=actor,
            )
        except ServiceError as exc:
            for key, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("The draft %(number)s has been created.") % {"number": call.number})
            return redirect("calls:call_edit", public_id=call.public_id)
    return render(request, "calls/call_new.html", {"form": form}, status=400 if form.errors else 200)


def _locked(request, call):
    """The answer to an attempt to edit a call that is no longer a draft: 409, nothing changed."""
    return render(request, "calls/locked.html", {"call": call}, status=409)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def call_edit(request, public_id: UUID):
    call = _managed(request, public_id)
    if not is_editable(call):
        if request.method == "POST":
            return _locked(request, call)
        messages.info(request, _("The call is published: change it by publishing an amendment."))
        if call.status == CallStatus.PUBLISHED:
            return redirect("calls:call_amend", public_id=call.public_id)
        return redirect("calls:call_detail", public_id=call.public_id)
    status = 200
    if request.method == "POST":
        editor = editor_from_post(request, call, amendment=False)
        if editor.changes is not None:
            try:
                call_update(call=call, actor=request.actor, **editor.changes)
            except ServiceError as exc:
                editor.show_errors(exc)
            else:
                messages.success(request, _("The draft has been saved."))
                if request.POST.get("then") == "publish":
                    return redirect("calls:call_publish", public_id=call.public_id)
                return redirect("calls:call_edit", public_id=call.public_id)
        status = 400
    else:
        editor = editor_for(call, amendment=False)
    context = editor.context()
    context.update(
        documents=list(selectors.call_documents(call)),
        document_form=DocumentForm(),
        source_choices=SOURCE_CHOICES,
        min_open=min_open_working_days(),
    )
    return render(request, "calls/editor.html", context, status=status)


@login_required
@require_GET
@refuse_service_denials
def call_editor_row(request, kind: str):
    """One blank row of a table of the editor (htmx adds it at the end of the table)."""
    _require_desk(request.actor)
    if kind not in ROW_KINDS:
        not_found(_("Unknown kind of row."))
    return render(
        request,
        f"calls/_row_{kind}.html",
        {"row": BLANK[kind], "errors": [], "source_choices": SOURCE_CHOICES},
    )


@login_required
@require_POST
@refuse_service_denials
def call_document_upload(request, public_id: UUID):
    call = _managed(request, public_id)
    if not is_editable(call):
        return _locked(request, call)
    form = DocumentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            attachment = call_document_add(call=call, uploaded_file=form.cleaned_data["file"], actor=request.actor)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("“%(name)s” has been attached.") % {"name": attachment.original_name})
    else:
        messages.error(request, _("Choose a file to attach."))
    return redirect("calls:call_edit", public_id=call.public_id)


@login_required
@require_POST
@refuse_service_denials
def call_document_delete(request, public_id: UUID, document_id: UUID):
    call = _managed(request, public_id)
    if not is_editable(call):
        return _locked(request, call)
    attachment = next((a for a in selectors.call_documents(call) if a.public_id == document_id), None)
    if attachment is None:
        not_found(_("The call has no such document."))
    try:
        call_document_remove(call=call, attachment=attachment, actor=request.actor)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("“%(name)s” has been removed.") % {"name": attachment.original_name})
    return redirect("calls:call_edit", public_id=call.public_id)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def call_publish_view(request, public_id: UUID):
    """Confirmation page: what will be published, what is missing; the POST publishes."""
    call = _managed(request, public_id)
    if call.status != CallStatus.DRAFT:
        messages.info(request, _("The call is already %(status)s.") % {"status": call.get_status_display()})
        return redirect("calls:call_detail", public_id=call.public_id)
    now = timezone.now()
    problems = call_publish_problems(call=call, actor=request.actor, now=now)
    status = 200
    if request.method == "POST":
        try:
            call_publish(call=call, actor=request.actor, now=now)
        except ServiceError as exc:
            problems = {k: " ".join(v) for k, v in getattr(exc, "message_dict", {"__all__": exc.messages}).items()}
            status = 400
        else:
            messages.success(request, _("The call %(number)s is published.") % {"number": call.number})
            return redirect("calls:call_detail", public_id=call.public_id)
    page = selectors.call_page(call, now=now)
    return render(
        request,
        "calls/publish.html",
        {"call": call, "page": page, "problems": problems, "min_open": min_open_working_days()},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def call_cancel_view(request, public_id: UUID):
    call = _managed(request, public_id)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            call_cancel(call=call, reason=form.cleaned_data["reason"], actor=request.actor)
        except ServiceError as exc:
            form.add_error(None, exc.messages)
        else:
            messages.success(request, _("The call %(number)s is cancelled.") % {"number": call.number})
            if call.published_at:
                return redirect("calls:call_detail", public_id=call.public_id)
            return redirect("calls:call_desk")
    return render(request, "calls/cancel.html", {"call": call, "form": form}, status=400 if form.errors else 200)
