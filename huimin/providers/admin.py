"""The back office for organization profiles — read-only here.

A team member, a past project or a standing document changes only through the services (the organization's own
providers; the platform for the projects of earlier rounds), which check the actor and write the audit trail;
editing in the admin would be a silent change, so the admin only shows. Team members' phone numbers are the
organization's own (`permissions.can_view_private_profile`): the back office does not show them either.
"""

from __future__ import annotations

from django.contrib import admin

from .models import PastProject, ProfileDocument, TeamMember


class _ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(TeamMember)
class TeamMemberAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("name", "organization", "qualification", "position", "is_full_time", "is_active")
    list_filter = ("qualification", "is_active", "is_full_time")
    search_fields = ("name", "organization__name")
    exclude = ("phone",)
    readonly_fields = [f.name for f in TeamMember._meta.fields if f.name != "phone"]
    list_select_related = ("organization",)


@admin.register(PastProject)
class PastProjectAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("title", "organization", "year", "source", "round_name", "amount", "evaluation_score")
    list_filter = ("source", "year")
    search_fields = ("title", "round_name", "purchaser_name", "organization__name")
    readonly_fields = [f.name for f in PastProject._meta.fields]
    list_select_related = ("organization",)


@admin.register(ProfileDocument)
class ProfileDocumentAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("organization", "code", "valid_until", "uploaded_at")
    list_filter = ("code",)
    search_fields = ("organization__name",)
    readonly_fields = [f.name for f in ProfileDocument._meta.fields]
    list_select_related = ("organization",)
