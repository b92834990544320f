from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from .forms import AuditFilterForm
from .selectors import audit_event_list

PAGE_SIZE = 50


@require_GET
@login_required
def event_list(request):
    """The whole audit trail, for the district administrator only (`request.actor` is core's Actor)."""
    actor = request.actor
    if not actor.is_district_admin:
        raise PermissionDenied(_("Only the district administrator may read the whole audit trail."))
    form = AuditFilterForm(request.GET or None)
    filters = form.filters() if form.is_bound else None
    events = audit_event_list(actor=actor, filters=filters)
    paginator = Paginator(events, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/event_list.html",
        {"form": form, "page": page, "events": page.object_list, "query": query.urlencode()},
    )
