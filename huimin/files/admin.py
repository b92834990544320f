"""Attachments in the admin: a read-only listing (uploads go through the upload endpoint and its checks)."""

from django.contrib import admin

from .models import Attachment


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = (
        "original_name",
        "kind",
        "size",
        "purpose",
        "organization",
        "division",
        "is_public",
        "uploaded_by",
        "uploaded_at",
    )
    list_filter = ("kind", "is_public", "purpose")
    search_fields = ("original_name", "sha256", "public_id", "organization__name")
    list_select_related = ("organization", "division", "uploaded_by")
    date_hierarchy = "uploaded_at"
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
