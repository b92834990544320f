"""Administrative divisions: public list and detail; the district administrator adds and edits them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..forms import DivisionForm, ListFilterForm
from ..models import Division, DivisionLevel
from ..permissions import can_manage_division, can_view_audit_of
from ..presenters import public_division
from ..selectors import division_get, division_list, organization_list
from ..services import ServiceError, division_create, division_update
from ._common import deny, list_links, paginate, refuse_service_denials, show_service_error, sort_by

PARENT_LEVELS = [DivisionLevel.DISTRICT, DivisionLevel.STREET, DivisionLevel.TOWNSHIP]


def _get_division(actor, code: str) -> Division:
    try:
        return division_get(actor=actor, code=code)
    except Division.DoesNotExist as exc:
        raise Http404(_("There is no division with the code %(code)s.") % {"code": code}) from exc


def _parents(actor):
    return division_list(actor=actor).filter(level__in=PARENT_LEVELS)


def division_list_view(request):
    actor = request.actor
    form = ListFilterForm(request.GET or None)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    level = request.GET.get("level") or None
    if level not in DivisionLevel.values:
        level = None
    parent = None
    if parent_code := request.GET.get("parent"):
        parent = division_list(actor=actor).filter(code=parent_code).first()
    qs = division_list(actor=actor, level=level, parent=parent, search=search)
    qs, sort = sort_by(request, qs, {"code": "code", "name": ("name", "code")}, "code")
    return render(
        request,
        "core/division_list.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "sort": sort,
            "level": level or "",
            "parent": parent,
            "levels": DivisionLevel.choices,
            **list_links(request),
            "can_create": actor.is_district_admin,
        },
    )


def division_detail(request, code: str):
    actor = request.actor
    division = _get_division(actor, code)
    children = division_list(actor=actor, parent=division)
    organizations = organization_list(actor=actor, division=division, active_only=True)
    context = {
        "division": public_division(division),  # the page is public: its note as the public reads it
        "children": children,
        "organizations_count": organizations.count(),
        "organizations": organizations[:20],
        "can_edit": actor.is_district_admin or can_manage_division(actor, division),
        "can_create": actor.is_district_admin,
    }
    if can_view_audit_of(actor, division):
        from huimin.audit.selectors import audit_events_for

        context["history"] = audit_events_for(target=division)[:50]
        context["show_history"] = True
    return render(request, "core/division_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def division_create_view(request):
    actor = request.actor
    if not actor.is_district_admin:
        deny(_("Only the district administrator may add divisions."))
    initial = {}
    if parent_code := request.GET.get("parent"):
        initial["parent"] = parent_code
    form = DivisionForm(request.POST or None, initial=initial, parents=_parents(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            division = division_create(actor=actor, **data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The division “%(name)s” has been added.") % {"name": division.name})
            return redirect("core:division_detail", code=division.code)
    return render(request, "core/division_form.html", {"form": form, "division": None})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def division_edit_view(request, code: str):
    actor = request.actor
    division = _get_division(actor, code)
    if not (actor.is_district_admin or can_manage_division(actor, division)):
        deny(_("You may not change this division."))
    initial = {
        "code": division.code,
        "name": division.name,
        "level": division.level,
        "parent": division.parent.code if division.parent else None,
        "is_active": division.is_active,
        "takes_part": division.takes_part,
        "valid_from": division.valid_from,
        "valid_to": division.valid_to,
        "note": division.note,
    }
    form = DivisionForm(
        request.POST or None,
        initial=initial,
        parents=_parents(actor).exclude(pk=division.pk),
        note_only=not actor.is_district_admin,
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            division = division_update(division=division, actor=actor, **changes)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            if changes:
                messages.success(request, _("The division “%(name)s” has been saved.") % {"name": division.name})
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("core:division_detail", code=division.code)
    return render(request, "core/division_form.html", {"form": form, "division": division})
