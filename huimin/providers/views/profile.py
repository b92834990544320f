"""The organization's profile (/proposals/profile/): registration facts, inspections and grade from core
(read-only), the team, past projects (platform ones read-only) and standing documents. For the organization's own
providers; an actor keeping several organizations chooses one with ?org=<public id>.

Every form posts to its own URL and comes back to the profile (or shows its errors on its own page)."""

from __future__ import annotations

from collections.abc import Callable
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
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.formkit import show_service_errors
from huimin.core.models import Organization
from huimin.core.viewkit import deny, not_found, refuse_service_denials

from .. import selectors as sel
from ..forms import PastProjectForm, ProfileDocumentForm, TeamMemberForm
from ..models import PastProject, ProfileDocument, TeamMember
from ..services import (
    past_project_declare,
    past_project_remove,
    past_project_update,
    profile_document_remove,
    profile_document_upload,
    team_member_create,
    team_member_deactivate,
    team_member_reactivate,
    team_member_update,
)
from ._common import now


def _organization(request, public_id: Any = None) -> Organization:
    """The provider's organization named by ?org= / the form's `org` (or its only one)."""
    public_id = public_id or request.POST.get("org") or request.GET.get("org")
    if not sel.profile_organizations(actor=request.actor):
        deny(_("The profile is for the organizations' own providers."))
    organization = sel.profile_organization_for(actor=request.actor, public_id=public_id)
    if organization is None:
        not_found(_("You do not keep the profile of this organization."))
    return organization


def _back(organization: Organization, anchor: str) -> HttpResponse:
    return redirect(f"{reverse('providers:profile')}?org={organization.public_id}#{anchor}")


def _member(request, public_id: UUID) -> TeamMember:
    for organization in sel.profile_organizations(actor=request.actor):
        try:
            return sel.team_member_get(actor=request.actor, organization=organization, public_id=public_id)
        except TeamMember.DoesNotExist:
            continue
    not_found(_("Your organization has no such team member."))


def _project(request, public_id: UUID) -> PastProject:
    for organization in sel.profile_organizations(actor=request.actor):
        try:
            return sel.past_project_get(actor=request.actor, organization=organization, public_id=public_id)
        except PastProject.DoesNotExist:
            continue
    not_found(_("Your organization has no such project."))


def _render_profile(
    request,
    organization: Organization,
    *,
    team_form: TeamMemberForm | None = None,
    project_form: PastProjectForm | None = None,
    document_form: ProfileDocumentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    today = timezone.localdate(now())
    profile = sel.profile_page(actor=request.actor, organization=organization, today=today)
    return render(
        request,
        "providers/profile.html",
        {
            "organization": organization,
            "organizations": sel.profile_organizations(actor=request.actor),
            "profile": profile,
            "facts": profile.facts,
            "today": today,
            "team_form": team_form or TeamMemberForm(),
            "project_form": project_form or PastProjectForm(),
            "document_form": document_form or ProfileDocumentForm(),
        },
        status=status,
    )


def _saved(form, *, save: Callable[[], Any], done: Callable[[Any], HttpResponse]) -> HttpResponse | None:
    """When the form is valid, run `save` (a service) and answer `done(its result)`; its refusal goes next to the
    form's fields. None when the form is to be shown again."""
    if form.is_valid():
        try:
            result = save()
        except ValidationError as exc:
            show_service_errors(form, exc)
        else:
            return done(result)
    return None


def _edit_page(request, template: str, form, **context: Any) -> HttpResponse:
    return render(request, template, {"form": form, **context}, status=400 if form.errors else 200)


@login_required
@require_GET
@refuse_service_denials
def profile(request) -> HttpResponse:
    return _render_profile(request, _organization(request))


# --- team --------------------------------------------------------------------------------------------------------


@login_required
@require_POST
@refuse_service_denials
def team_member_add(request) -> HttpResponse:
    organization = _organization(request)
    form = TeamMemberForm(request.POST)

    def done(member: TeamMember) -> HttpResponse:
        messages.success(request, _("%(name)s has been added to the team.") % {"name": member.name})
        return _back(organization, "team")

    saved = _saved(
        form,
        save=lambda: team_member_create(organization=organization, actor=request.actor, **form.cleaned_data),
        done=done,
    )
    return saved or _render_profile(request, organization, team_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def team_member_edit(request, public_id: UUID) -> HttpResponse:
    member = _member(request, public_id)
    form = TeamMemberForm(request.POST or None, initial=TeamMemberForm.initial_for(member))

    def done(_member: TeamMember) -> HttpResponse:
        messages.success(request, _("%(name)s has been saved.") % {"name": form.cleaned_data["name"]})
        return _back(member.organization, "team")

    saved = _saved(
        form, save=lambda: team_member_update(member=member, actor=request.actor, **form.cleaned_data), done=done
    )
    return saved or _edit_page(
        request,
        "providers/profile_team_member.html",
        form,
        member=member,
        organization=member.organization,
        anchor="team",
    )


@login_required
@require_POST
@refuse_service_denials
def team_member_deactivate_view(request, public_id: UUID) -> HttpResponse:
    member = _member(request, public_id)
    team_member_deactivate(member=member, actor=request.actor)
    messages.success(
        request,
        _("%(name)s is no longer offered for new proposals (proposals that name them keep them).")
        % {"name": member.name},
    )
    return _back(member.organization, "team")


@login_required
@require_POST
@refuse_service_denials
def team_member_reactivate_view(request, public_id: UUID) -> HttpResponse:
    member = _member(request, public_id)
    try:
        team_member_reactivate(member=member, actor=request.actor)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("%(name)s is back in the team.") % {"name": member.name})
    return _back(member.organization, "team")


# --- past projects ------------------------------------------------------------------------------------------------


@login_required
@require_POST
@refuse_service_denials
def past_project_add(request) -> HttpResponse:
    organization = _organization(request)
    form = PastProjectForm(request.POST)

    def done(project: PastProject) -> HttpResponse:
        messages.success(request, _("“%(title)s” has been added.") % {"title": project.title})
        return _back(organization, "projects")

    saved = _saved(
        form,
        save=lambda: past_project_declare(
            organization=organization, actor=request.actor, now=now(), **form.cleaned_data
        ),
        done=done,
    )
    return saved or _render_profile(request, organization, project_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def past_project_edit(request, public_id: UUID) -> HttpResponse:
    project = _project(request, public_id)
    if not sel.is_editable_past_project(project):
        if request.method == "POST":
            return render(request, "providers/profile_project_locked.html", {"project": project}, status=409)
        messages.info(request, _("Projects recorded by the platform cannot be changed."))
        return _back(project.organization, "projects")
    form = PastProjectForm(request.POST or None, initial=PastProjectForm.initial_for(project))

    def done(_project: PastProject) -> HttpResponse:
        messages.success(request, _("“%(title)s” has been saved.") % {"title": form.cleaned_data["title"]})
        return _back(project.organization, "projects")

    saved = _saved(
        form,
        save=lambda: past_project_update(project=project, actor=request.actor, now=now(), **form.cleaned_data),
        done=done,
    )
    return saved or _edit_page(
        request,
        "providers/profile_project.html",
        form,
        project=project,
        organization=project.organization,
        anchor="projects",
    )


@login_required
@require_POST
@refuse_service_denials
def past_project_remove_view(request, public_id: UUID) -> HttpResponse:
    project = _project(request, public_id)
    if not sel.is_editable_past_project(project):
        return render(request, "providers/profile_project_locked.html", {"project": project}, status=409)
    past_project_remove(project=project, actor=request.actor)
    messages.success(request, _("“%(title)s” has been removed.") % {"title": project.title})
    return _back(project.organization, "projects")


# --- standing documents -------------------------------------------------------------------------------------------


@login_required
@require_POST
@refuse_service_denials
def profile_document_upload_view(request) -> HttpResponse:
    organization = _organization(request)
    form = ProfileDocumentForm(request.POST, request.FILES)

    def save() -> ProfileDocument:
        return profile_document_upload(
            organization=organization,
            code=form.cleaned_data["code"],
            uploaded_file=form.cleaned_data["file"],
            valid_until=form.cleaned_data["valid_until"],
            actor=request.actor,
            now=now(),
        )

    def done(document: ProfileDocument) -> HttpResponse:
        messages.success(
            request,
            _("“%(name)s” is now the organization's %(document)s.")
            % {"name": document.attachment.original_name, "document": sel.document_label(document.code)},
        )
        return _back(organization, "documents")

    saved = _saved(form, save=save, done=done)
    return saved or _render_profile(request, organization, document_form=form, status=400)


@login_required
@require_POST
@refuse_service_denials
def profile_document_remove_view(request, attachment_id: UUID) -> HttpResponse:
    for organization in sel.profile_organizations(actor=request.actor):
        try:
            document = sel.profile_document_get(
                actor=request.actor, organization=organization, attachment_id=attachment_id
            )
        except ProfileDocument.DoesNotExist:
            continue
        profile_document_remove(document=document, actor=request.actor)
        messages.success(request, _("The document has been taken off the profile."))
        return _back(organization, "documents")
    not_found(_("Your organization has no such document."))
