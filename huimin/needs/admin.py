"""The back office for needs.

Needs and supports are read-only here: they are written through the pages, the API and the services (numbers,
counters, transitions and the audit trail stay consistent). Supports show no key: a supporter is never identified.
Categories are edited here through the catalogue services, so their checks apply and every change is audited.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError

from huimin.core.adminkit import ReadOnlyAdmin, admin_actor
from huimin.core.permissions import PermissionDenied

from .models import Need, NeedCategory, Support
from .services import need_category_activate, need_category_create, need_category_deactivate, need_category_update


@admin.register(Need)
class NeedAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "community", "category", "source", "status", "support_total", "submitted_at")
    list_filter = ("status", "source", "category")
    search_fields = ("number", "title", "community__name", "community__code")
    date_hierarchy = "submitted_at"
    list_select_related = ("community", "category")
    exclude = ("submitter_key",)

    def get_readonly_fields(self, request, obj=None):
        # The submitter's key is a digest kept for "one need, one supporter" only: never shown.
        return [name for name in super().get_readonly_fields(request, obj) if name not in self.exclude]


@admin.register(Support)
class SupportAdmin(ReadOnlyAdmin):
    list_display = ("need", "channel", "created_at")
    list_filter = ("channel",)
    search_fields = ("need__number",)
    list_select_related = ("need",)
    fields = ("need", "channel", "created_at")


class NeedCategoryAdminForm(forms.ModelForm):
    class Meta:
        model = NeedCategory
        fields = ("code", "name", "description", "position", "is_active")


@admin.register(NeedCategory)
class NeedCategoryAdmin(admin.ModelAdmin):
    form = NeedCategoryAdminForm
    list_display = ("position", "code", "name", "is_active")
    list_display_links = ("code", "name")
    list_filter = ("is_active",)
    search_fields = ("code", "name")

    def get_readonly_fields(self, request, obj=None):
        return ("code",) if obj is not None else ()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deactivate instead: needs, intentions and calls keep their category

    def save_model(self, request, obj, form, change):
        actor = admin_actor(request)
        try:
            if change:
                need_category_update(
                    category=obj,
                    actor=actor,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data.get("description", ""),
                    position=form.cleaned_data.get("position"),
                )
                if "is_active" in form.changed_data:
                    (need_category_activate if obj.is_active else need_category_deactivate)(category=obj, actor=actor)
            else:
                created = need_category_create(
                    code=form.cleaned_data["code"],
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data.get("description", ""),
                    position=form.cleaned_data.get("position"),
                    actor=actor,
                )
                obj.pk = created.pk
        except (ValidationError, PermissionDenied) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
