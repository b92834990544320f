"""The amendment page (/calls/manage/<call>/amend/): the call's editor prefilled with its current values, a reason,
documents to add or withdraw. “Preview” shows what would change (before → after) and the resulting deadline;
“Publish the amendment” publishes it (huimin.calls.services.amendments.call_amend)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from huimin.core.viewkit import deny, refuse_service_denials

from .. import selectors
from ..forms import SOURCE_CHOICES, AmendmentExtraForm, local_minutes
from ..models import CallStatus
from ..permissions import can_manage_call
from ..rules import earliest_amended_deadline
from ..services.amendments import call_amend, call_amendment_plan
from ._common import call_or_404
from .editor import editor_for, editor_from_post


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def call_amend_view(request, public_id: UUID):
    call = call_or_404(request, public_id)
    if not can_manage_call(request.actor, call):
        deny(_("Only the call's project managers may amend it."))
    if call.status == CallStatus.DRAFT:
        return redirect("calls:call_edit", public_id=call.public_id)
    now = timezone.now()
    documents = list(selectors.call_documents(call))
    extra = AmendmentExtraForm(request.POST or None, request.FILES or None)
    plan = None
    status = 200
    if request.method == "POST":
        editor = editor_from_post(request, call, amendment=True)
        removed = set(request.POST.getlist("remove_document"))
        extra_ok = extra.is_valid()
        if editor.changes is not None and extra_ok:
            changes = editor.changes
            if local_minutes(changes.get("deadline")) == local_minutes(call.deadline):
                changes.pop("deadline", None)  # unchanged (the form shows minutes only)
            if removed:
                changes["documents"] = [d for d in documents if str(d.public_id) not in removed]
            upload = extra.cleaned_data.get("upload")
            try:
                if request.POST.get("action") == "publish":
                    amendment = call_amend(
                        call=call,
                        changes=changes,
                        reason=extra.cleaned_data.get("reason") or "",
                        uploads=[upload] if upload else [],
                        actor=request.actor,
                        now=now,
                    )
                    messages.success(
                        request,
                        _("Amendment %(n)d of %(number)s is published.")
                        % {"n": amendment.sequence, "number": call.number},
                    )
                    return redirect(f"{call_url(call)}#amendments")
                plan = call_amendment_plan(call=call, changes=changes, actor=request.actor, now=now)
            except ValidationError as exc:
                messages_by_field = getattr(exc, "message_dict", {})
                if "reason" in messages_by_field:
                    for message in messages_by_field["reason"]:
                        extra.add_error("reason", message)
                    exc = ValidationError({k: v for k, v in messages_by_field.items() if k != "reason"} or [])
                if getattr(exc, "error_dict", None) or getattr(exc, "error_list", None):
                    editor.show_errors(exc)
                status = 400
        else:
            status = 400
    else:
        editor = editor_for(call, amendment=True)
        removed = set()
    context = editor.context()
    context.update(
        extra=extra,
        documents=documents,
        removed=removed,
        plan=plan,
        plan_rows=selectors.change_rows(plan.changes) if plan else [],
        source_choices=SOURCE_CHOICES,
        earliest=earliest_amended_deadline(call, now=now),
        amendment=True,
    )
    return render(request, "calls/amend.html", context, status=status)


def call_url(call) -> str:
    from django.urls import reverse

    return reverse("calls:call_detail", kwargs={"public_id": call.public_id})
