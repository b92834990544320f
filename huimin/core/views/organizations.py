"""Organizations: a public directory of registration facts; their private file for staff and their own members."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ..error_codes import CoreError
from ..forms import ContactForm, GradeForm, InspectionForm, ListFilterForm, OrganizationForm
from ..models import DivisionLevel, Organization, OrganizationType
from ..permissions import (
    can_create_organization,
    can_edit_organization,
    can_view_audit_of,
    can_view_organization_private,
)
from ..presenters import public_grade, public_grades, public_organization
from ..selectors import (
    division_list,
    organization_current_grade,
    organization_get,
    organization_list,
    organization_members,
)
from ..services import (
    ServiceError,
    organization_contact_add,
    organization_create,
    organization_grade_award,
    organization_inspection_record,
    organization_update,
)
from ..services.organizations import ADMIN_ONLY_FIELDS
from ._common import deny, list_links, paginate, refuse_service_denials, show_service_error, sort_by

LOCATION_LEVELS = [DivisionLevel.STREET, DivisionLevel.TOWNSHIP, DivisionLevel.COMMUNITY, DivisionLevel.VILLAGE]


def _get_organization(actor, public_id) -> Organization:
    try:
        return organization_get(actor=actor, public_id=public_id)
    except Organization.DoesNotExist as exc:
        raise Http404(_("There is no such organization.")) from exc


def _locations(actor):
    return division_list(actor=actor).filter(level__in=LOCATION_LEVELS)


def organization_list_view(request):
    actor = request.actor
    form = ListFilterForm(request.GET or None)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    org_type = request.GET.get("type") or None
    if org_type not in OrganizationType.values:
        org_type = None
    division = None
    if division_code := request.GET.get("division"):
        division = division_list(actor=actor).filter(code=division_code).first()
    show_inactive = request.GET.get("inactive") == "1"
    qs = organization_list(
        actor=actor, search=search, org_type=org_type, division=division, active_only=not show_inactive
    )
    qs, sort = sort_by(request, qs, {"name": ("name", "pk"), "code": ("uscc", "name")}, "name")
    return render(
        request,
        "core/organization_list.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "sort": sort,
            "org_type": org_type or "",
            "types": OrganizationType.choices,
            "division": division,
            "show_inactive": show_inactive,
            "streets": division_list(actor=actor).filter(level__in=[DivisionLevel.STREET, DivisionLevel.TOWNSHIP]),
            **list_links(request),
            "can_create": can_create_organization(actor),
        },
    )


def organization_detail(request, public_id):
    actor = request.actor
    org = _get_organization(actor, public_id)
    today = timezone.localdate()
    private = can_view_organization_private(actor, org)
    current_grade = organization_current_grade(organization=org, on=today)
    grades = list(org.grades.all())
    context = {
        # those who may read the private file see it as written; everyone else the public facts, masked
        "org": org if private else public_organization(org),
        "today": today,
        "current_grade": current_grade if private else public_grade(current_grade),
        "grades": grades if private else public_grades(grades),
        "inspections": list(org.inspections.all()),
        "private": private,
        "can_edit": can_edit_organization(actor, org),
        "can_record": actor.is_district_admin,
    }
    if private:
        context["contacts"] = list(org.contacts.all())
        context["members"] = organization_members(actor=actor, organization=org)
    if can_view_audit_of(actor, org):
        from huimin.audit.selectors import audit_events_for

        context["history"] = audit_events_for(target=org)[:50]
        context["show_history"] = True
    return render(request, "core/organization_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def organization_create_view(request):
    actor = request.actor
    if not can_create_organization(actor):
        deny(_("Only the district administrator may register organizations."))
    form = OrganizationForm(request.POST or None, divisions=_locations(actor))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            org = organization_create(actor=actor, name=data.pop("name"), org_type=data.pop("org_type"), **data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The organization “%(name)s” has been registered.") % {"name": org.name})
            return redirect("core:organization_detail", public_id=org.public_id)
    return render(request, "core/organization_form.html", {"form": form, "org": None})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def organization_edit_view(request, public_id):
    actor = request.actor
    org = _get_organization(actor, public_id)
    if not can_edit_organization(actor, org):
        deny(_("You may not change this organization."))
    form = OrganizationForm(
        request.POST or None,
        initial=OrganizationForm.initial_from(org),
        divisions=_locations(actor),
        identity_locked=not actor.is_district_admin,
    )
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            org = organization_update(organization=org, actor=actor, **changes)
        except ServiceError as exc:
            if exc.error_code == CoreError.FORBIDDEN and not hasattr(exc, "error_dict"):
                # Fields only the administrator may change: say so next to each one that was changed.
                for name in sorted(ADMIN_ONLY_FIELDS & set(changes)):
                    form.add_error(name, _("Only the district administrator may change this."))
            show_service_error(form, exc)
        else:
            if changes:
                messages.success(request, _("The organization “%(name)s” has been saved.") % {"name": org.name})
            else:
                messages.info(request, _("Nothing was changed."))
            return redirect("core:organization_detail", public_id=org.public_id)
    return render(request, "core/organization_form.html", {"form": form, "org": org})


def _record_view(request, public_id, *, form_class, title: str, call, success: str):
    actor = request.actor
    org = _get_organization(actor, public_id)
    if not actor.is_district_admin:
        deny(_("Only the district administrator may record this."))
    initial = {"year": timezone.localdate().year - 1} if form_class is InspectionForm else {}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            call(organization=org, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, success)
            return redirect("core:organization_detail", public_id=org.public_id)
    return render(request, "core/organization_record_form.html", {"form": form, "org": org, "title": title})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def organization_inspection_add(request, public_id):
    return _record_view(
        request,
        public_id,
        form_class=InspectionForm,
        title=_("Record an annual inspection"),
        call=organization_inspection_record,
        success=_("The annual inspection has been recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def organization_grade_add(request, public_id):
    return _record_view(
        request,
        public_id,
        form_class=GradeForm,
        title=_("Record an evaluation grade"),
        call=organization_grade_award,
        success=_("The evaluation grade has been recorded."),
    )


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def organization_contact_add_view(request, public_id):
    actor = request.actor
    org = _get_organization(actor, public_id)
    if not can_edit_organization(actor, org):
        deny(_("You may not change this organization."))
    form = ContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organization_contact_add(organization=org, actor=actor, **form.cleaned_data)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The contact has been added."))
            return redirect("core:organization_detail", public_id=org.public_id)
    return render(
        request, "core/organization_record_form.html", {"form": form, "org": org, "title": _("Add a contact person")}
    )
