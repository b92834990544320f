"""The admin kit: the two kinds of back-office page every context uses.

- `AuditedAdmin`: editable; every save, deletion and inline change made here is an audit event
  `admin.<model>.created|changed|deleted` with the changed fields, in the same transaction.
- `ReadOnlyAdmin` / `ReadOnlyInline`: shown and searchable, never added, changed or deleted here (the object's
  services are the only writers).

Apps import these from here (`huimin.core.admin` itself is private to core).
"""

from __future__ import annotations

from django.contrib import admin
from django.db import transaction

from huimin.audit.services import audit_record

from .events import AdminAction, admin_event
from .permissions import Actor


def admin_actor(request) -> Actor:
    """The actor of an admin request (the middleware's, or built from the signed-in user)."""
    actor = getattr(request, "actor", None)
    return actor if actor is not None else Actor.for_user(request.user)


class AuditedAdmin(admin.ModelAdmin):
    """Records `admin.<model>.created|changed|deleted` with the changed fields for every save made here."""

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            audit_record(
                actor=admin_actor(request),
                event_type=admin_event(obj, AdminAction.CHANGED if change else AdminAction.CREATED),
                target=obj,
                payload={"fields": sorted(form.changed_data)},
            )

    def delete_model(self, request, obj):
        with transaction.atomic():
            audit_record(
                actor=admin_actor(request),
                event_type=admin_event(obj, AdminAction.DELETED),
                target=obj,
                payload={"label": str(obj)},
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        with transaction.atomic():
            actor = admin_actor(request)
            for obj in queryset:
                audit_record(
                    actor=actor,
                    event_type=admin_event(obj, AdminAction.DELETED),
                    target=obj,
                    payload={"label": str(obj)},
                )
            super().delete_queryset(request, queryset)

    def save_formset(self, request, form, formset, change):
        with transaction.atomic():
            super().save_formset(request, form, formset, change)
            parent = form.instance
            actor = admin_actor(request)
            for obj in formset.new_objects:
                audit_record(
                    actor=actor,
                    event_type=admin_event(obj, AdminAction.CREATED),
                    target=parent,
                    payload={"item": str(obj)},
                )
            for obj, fields in formset.changed_objects:
                audit_record(
                    actor=actor,
                    event_type=admin_event(obj, AdminAction.CHANGED),
                    target=parent,
                    payload={"item": str(obj), "fields": sorted(fields)},
                )
            for obj in formset.deleted_objects:
                audit_record(
                    actor=actor,
                    event_type=admin_event(obj, AdminAction.DELETED),
                    target=parent,
                    payload={"item": str(obj)},
                )


class _NoWrites:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyAdmin(_NoWrites, admin.ModelAdmin):
    """Shown, searchable, never edited here: every field is read-only."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


class ReadOnlyInline(_NoWrites, admin.TabularInline):
    extra = 0
    can_delete = False
