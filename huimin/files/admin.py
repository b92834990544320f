"""Attachments in the admin: a read-only listing (uploads go through the upload endpoint and its checks).

Attachments of sealable objects (owners registered with `seals_audit`, i.e. proposals' documents) are not listed
here at all: their names, sizes and hashes are shown, once the seal lifts, by their object's own admin.
"""

from django.contrib import admin
from django.db.models import Q

from huimin.core.adminkit import ReadOnlyAdmin

from .models import Attachment
from .owners import owners


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
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

    def get_queryset(self, request):
        sealed = Q()
        for owner in owners():
            if owner.seals_audit:
                sealed |= Q(purpose__startswith=owner.key) if owner.is_prefix else Q(purpose=owner.key)
        queryset = super().get_queryset(request)
        return queryset.exclude(sealed) if sealed else queryset
