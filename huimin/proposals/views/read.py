"""Reading a proposal: the read-only page (the organization at any time; after the deadline also the call's project
managers, the district administrator and the purchasers concerned — the screening board links here), the printable
HTML and the PDF (built for each request, never stored)."""

from __future__ import annotations

from urllib.parse import quote
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from huimin.core.viewkit import refuse_service_denials

from ..pdf import pdf_file_name, print_context, render_pdf, render_print_html
from ..permissions import can_edit_proposal
from ._common import now
from ._editor import editor_state
from .editor import visible_proposal


@login_required
@require_GET
@refuse_service_denials
def detail(request, public_id: UUID):
    at = now()
    proposal = visible_proposal(request, public_id, at=at)
    context = print_context(proposal, today=timezone.localdate(at)).as_dict()
    p = context["proposal"]
    context.update(
        state=editor_state(p, actor=request.actor, now=at),
        is_member=can_edit_proposal(request.actor, p),
        narrative=[
            (_("Project summary"), p.summary),
            (_("Need analysis"), p.need_analysis),
            (_("Objectives"), p.objectives),
            (_("Risks and responses"), p.risks),
            (_("Sustainability"), p.sustainability),
        ],
    )
    return render(request, "proposals/detail.html", context)


@login_required
@require_GET
@refuse_service_denials
def print_view(request, public_id: UUID):
    at = now()
    proposal = visible_proposal(request, public_id, at=at)
    return HttpResponse(render_print_html(proposal, today=timezone.localdate(at)))


@login_required
@require_GET
@refuse_service_denials
def pdf(request, public_id: UUID):
    at = now()
    proposal = visible_proposal(request, public_id, at=at)
    data = render_pdf(proposal, today=timezone.localdate(at), base_url=request.build_absolute_uri("/"))
    response = HttpResponse(data, content_type="application/pdf")
    name = pdf_file_name(proposal)
    ascii_name = f"proposal-{proposal.public_id}.pdf"  # for clients that do not read filename*
    response["Content-Disposition"] = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name)}"
    response["Cache-Control"] = "private, no-store"
    return response
