"""Public call pages: /calls/ (open calls, nearest deadline first; ?show=past for the others) and /calls/<id>/ (the
call with its intentions per purchaser, rules in words, documents, amendments, answered questions and the time
left). Providers ask clarification questions there; the call's managers see their tools."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from huimin.core.viewkit import refuse_service_denials, time_left

from .. import selectors
from ..forms import QuestionForm
from ..models import CallStatus
from ..permissions import can_ask_question, can_manage_call, provider_organizations
from ..presenters import public_calls
from ..services.questions import call_question_ask
from ._common import call_or_404

PAGE_SIZE = 20


@require_GET
def call_list(request):
    now = timezone.now()
    past = request.GET.get("show") == "past"
    qs = selectors.calls_past(now=now) if past else selectors.calls_open(now=now)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(call, time_left(call.deadline, now, over=_("The deadline has passed."))) for call in public_calls(page)]
    return render(
        request,
        "calls/call_list.html",
        {"page": page, "rows": rows, "past": past, "query": "show=past" if past else ""},
    )


def _detail(request, call, *, form: QuestionForm | None = None, status: int = 200):
    now = timezone.now()
    page = selectors.call_page(call, now=now)
    actor = request.actor
    asker = can_ask_question(actor)
    return render(
        request,
        "calls/call_detail.html",
        {
            "call": page.call,  # as the public reads it
            "page": page,
            "time_left": time_left(call.deadline, now, over=_("The deadline has passed.")),
            "is_manager": can_manage_call(actor, call),
            "can_ask": asker and page.is_open,
            "is_provider": asker,
            "question_form": form or QuestionForm(),
            "own_questions": list(selectors.questions_of_asker(actor=actor, call=call)) if asker else [],
            "pending_questions": selectors.questions_inbox(actor=actor, call=call, status="pending").count(),
            "statuses": CallStatus,
        },
        status=status,
    )


@require_GET
def call_detail(request, public_id: UUID):
    return _detail(request, call_or_404(request, public_id))


@login_required
@require_POST
@refuse_service_denials
def call_ask(request, public_id: UUID):
    call = call_or_404(request, public_id)
    form = QuestionForm(request.POST)
    if form.is_valid():
        organizations = provider_organizations(request.actor)
        chosen = request.POST.get("organization")
        organization = next((o for o in organizations if str(o.public_id) == chosen), None)
        try:
            call_question_ask(
                call=call, question=form.cleaned_data["question"], organization=organization, actor=request.actor
            )
        except ValidationError as exc:
            for key, errors in getattr(exc, "message_dict", {"__all__": exc.messages}).items():
                form.add_error(key if key in form.fields else None, errors)
        else:
            messages.success(request, _("Your question has been sent. The answer will be published on this page."))
            return redirect(reverse("calls:call_detail", kwargs={"public_id": call.public_id}) + "#questions")
    return _detail(request, call, form=form, status=400)
