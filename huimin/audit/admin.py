"""The audit trail in the admin: readable, never writable — not even by superusers."""

from django.contrib import admin

from .models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ("seq", "occurred_at", "actor_label", "role", "event_type", "target_type", "target_id")
    list_filter = ("event_type", "target_type")
    search_fields = ("actor_label", "event_type", "target_type", "target_id", "target_label")
    ordering = ("-seq",)
    date_hierarchy = "occurred_at"
    list_per_page = 100
    show_full_result_count = False
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
