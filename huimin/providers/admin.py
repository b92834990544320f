"""The back office for organization profiles — read-only here.

A team member, a past project or a standing document changes only through the services (the organization's own
providers; the platform for the projects of earlier rounds), which check the actor and write the audit trail;
editing in the admin would be a silent change, so the admin only shows. Team members' phone numbers are the
organization's own (`permissions.can_view_private_profile`): the back office does not show them either.
"""

from __future__ import annotations

from django.contrib import admin

from huimin.core.adminkit import ReadOnlyAdmin

from .models import PastProject, ProfileDocument, TeamMember


@admin.register(TeamMember)
class TeamMemberAdmin(ReadOnlyAdmin):
    list_display = ("name", "organization", "qualification", "position", "is_full_time", "is_active")
    list_filter = ("qualification", "is_active", "is_full_time")
    search_fields = ("name", "organization__name")
    exclude = ("phone",)
    list_select_related = ("organization",)

    def get_readonly_fields(self, request, obj=None):
        return [name for name in super().get_readonly_fields(request, obj) if name != "phone"]


@admin.register(PastProject)
class PastProjectAdmin(ReadOnlyAdmin):
    list_display = ("title", "organization", "year", "source", "round_name", "amount", "evaluation_score")
    list_filter = ("source", "year")
    search_fields = ("title", "round_name", "purchaser_name", "organization__name")
    list_select_related = ("organization",)


@admin.register(ProfileDocument)
class ProfileDocumentAdmin(ReadOnlyAdmin):
    list_display = ("organization", "code", "valid_until", "uploaded_at")
    list_filter = ("code",)
    search_fields = ("organization__name",)
    list_select_related = ("organization",)
