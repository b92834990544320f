"""People and their roles (district administrator), one's own profile, and one's API tokens."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from ..forms import ApiTokenForm, ListFilterForm, PersonCreateForm, PersonEditForm, RoleAddForm
from ..models import ApiToken, DivisionLevel, Role, User
from ..permissions import can_manage_people, can_view_audit_of
from ..selectors import (
    api_token_get,
    api_token_list,
    division_list,
    organization_list,
    role_assignment_get,
    role_assignments_of,
    user_get,
    user_list,
)
from ..services import (
    ServiceError,
    api_token_create,
    api_token_revoke,
    user_create,
    user_role_assign,
    user_role_revoke,
    user_update,
)
from ._common import deny, list_links, paginate, refuse_service_denials, show_service_error, sort_by

SCOPE_LEVELS = [DivisionLevel.STREET, DivisionLevel.TOWNSHIP, DivisionLevel.COMMUNITY, DivisionLevel.VILLAGE]


def _scopes(actor) -> dict:
    return {
        "divisions": division_list(actor=actor).filter(level__in=SCOPE_LEVELS),
        "organizations": organization_list(actor=actor, active_only=True),
    }


def _get_person(actor, username: str) -> User:
    user = user_get(actor=actor, username=username)
    if user is None:
        if can_manage_people(actor):
            raise Http404(_("There is no person with the user name “%(u)s”.") % {"u": username})
        deny(_("You may only see your own profile."))
    return user


@login_required
def person_list(request):
    actor = request.actor
    if not can_manage_people(actor):
        deny(_("Only the district administrator may see the list of people."))
    form = ListFilterForm(request.GET or None)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    role = request.GET.get("role") or None
    if role not in Role.values:
        role = None
    qs = user_list(actor=actor, search=search, role=role)
    qs, sort = sort_by(request, qs, {"name": ("full_name", "username"), "username": "username"}, "username")
    return render(
        request,
        "core/person_list.html",
        {
            "form": form,
            "page": paginate(request, qs),
            "sort": sort,
            "role": role or "",
            "roles": Role.choices,
            **list_links(request),
        },
    )


@login_required
def person_detail(request, username: str):
    actor = request.actor
    person = _get_person(actor, username)
    manage = can_manage_people(actor)
    context = {
        "person": person,
        "assignments": role_assignments_of(actor=actor, user=person),
        "is_self": actor.user is not None and actor.user.pk == person.pk,
        "can_manage": manage,
    }
    if manage:
        context["role_form"] = RoleAddForm(**_scopes(actor))
    if can_view_audit_of(actor, person):
        from huimin.audit.selectors import audit_events_for

        context["history"] = audit_events_for(target=person)[:50]
        context["show_history"] = True
    return render(request, "core/person_detail.html", context)


@sensitive_post_parameters("password")
@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def person_create(request):
    actor = request.actor
    if not can_manage_people(actor):
        deny(_("Only the district administrator may add people."))
    form = PersonCreateForm(request.POST or None, **_scopes(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        roles = [(data["role"], data["division"], data["organization"])] if data["role"] else []
        try:
            person = user_create(
                username=data["username"],
                password=data["password"] or None,
                actor=actor,
                full_name=data["full_name"],
                phone=data["phone"],
                email=data["email"],
                roles=roles,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The account “%(u)s” has been created.") % {"u": person.username})
            return redirect("core:person_detail", username=person.username)
    return render(request, "core/person_form.html", {"form": form, "person": None})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def person_edit(request, username: str):
    actor = request.actor
    person = _get_person(actor, username)
    manage = can_manage_people(actor)
    initial = {
        "full_name": person.full_name,
        "phone": person.phone,
        "email": person.email,
        "is_active": person.is_active,
    }
    form = PersonEditForm(request.POST or None, initial=initial, may_deactivate=manage)
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.changed_data}
        try:
            user_update(user=person, actor=actor, **changes)
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The profile has been saved.") if changes else _("Nothing was changed."))
            return redirect("core:person_detail", username=person.username)
    return render(request, "core/person_form.html", {"form": form, "person": person})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def person_role_add(request, username: str):
    actor = request.actor
    if not can_manage_people(actor):
        deny(_("Only the district administrator may assign roles."))
    person = _get_person(actor, username)
    form = RoleAddForm(request.POST or None, **_scopes(actor))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user_role_assign(
                user=person,
                role=data["role"],
                division=data["division"],
                organization=data["organization"],
                actor=actor,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The role “%(role)s” has been assigned.") % {"role": Role(data["role"]).label})
            return redirect("core:person_detail", username=person.username)
    return render(request, "core/person_role_form.html", {"form": form, "person": person})


@login_required
@require_POST
@refuse_service_denials
def person_role_revoke(request, username: str):
    actor = request.actor
    if not can_manage_people(actor):
        deny(_("Only the district administrator may revoke roles."))
    person = _get_person(actor, username)
    division = organization = None
    if code := request.POST.get("division"):
        division = division_list(actor=actor).filter(code=code).first()
    if public_id := request.POST.get("organization"):
        organization = organization_list(actor=actor).filter(public_id=public_id).first()
    assignment = role_assignment_get(
        actor=actor, user=person, role=request.POST.get("role", ""), division=division, organization=organization
    )
    if assignment is None:
        raise Http404(_("This person does not hold that role."))
    try:
        user_role_revoke(assignment=assignment, actor=actor)
    except ServiceError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The role “%(role)s” has been revoked.") % {"role": assignment.get_role_display()})
    return redirect("core:person_detail", username=person.username)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def tokens(request):
    actor = request.actor
    lifetimes = {"default_days": ApiToken.default_days(), "max_days": ApiToken.max_days()}
    form = ApiTokenForm(request.POST or None, **lifetimes)
    raw_token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, raw_token = api_token_create(
                user=request.user,
                name=form.cleaned_data["name"],
                lifetime_days=form.cleaned_data["lifetime_days"],
                actor=actor,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("The token “%(name)s” has been created.") % {"name": token.name})
            form = ApiTokenForm(**lifetimes)
    return render(
        request,
        "core/tokens.html",
        {
            "form": form,
            "tokens": api_token_list(actor=actor),
            "raw_token": raw_token,
        },
    )


@login_required
@require_POST
@refuse_service_denials
def token_revoke(request, prefix: str):
    actor = request.actor
    token = api_token_get(actor=actor, prefix=prefix)
    if token is None:
        raise Http404(_("There is no token in force with this prefix."))
    api_token_revoke(token=token, actor=actor)
    messages.success(request, _("The token “%(name)s” has been revoked.") % {"name": token.name})
    return redirect("core:tokens")
