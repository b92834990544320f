"""The back office for credit data.

Records are read-mostly here: they are filed, corrected and revoked through the pages, the API and imports (the
services validate and compute their publication plan), so the admin shows them without editing. Catalogue items,
regime rules and list entries can be corrected here; every change is written to the audit trail in the same
transaction, and regime rules go through `regime_rule_update` so their checks apply.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin

from huimin.core.adminkit import AuditedAdmin, ReadOnlyAdmin, admin_actor

from .models import (
    CatalogueItem,
    CreditCheck,
    LicensingRecord,
    ListEntry,
    Memorandum,
    PenaltyRecord,
    PublicationRegime,
    RegimeRule,
    RepairRequest,
    ReportingUnit,
)
from .permissions import can_manage_credit
from .rules import check_regime_periods
from .services.regimes import regime_rule_update


class CatalogueItemInline(admin.TabularInline):
    model = CatalogueItem
    extra = 0
    fields = ("kind", "code", "name", "sector", "is_active")
    show_change_link = True


@admin.register(ReportingUnit)
class ReportingUnitAdmin(AuditedAdmin):
    list_display = ("code", "short_name", "organization", "is_active")
    list_filter = ("is_active",)
    search_fields = ("code", "short_name", "organization__name")
    autocomplete_fields = ("organization",)
    inlines = [CatalogueItemInline]

    def has_delete_permission(self, request, obj=None):
        return False  # units have records; deactivate instead


@admin.register(CatalogueItem)
class CatalogueItemAdmin(AuditedAdmin):
    list_display = ("code", "name", "kind", "unit", "sector", "is_active")
    list_filter = ("kind", "sector", "is_active", "unit")
    search_fields = ("code", "name", "unit__code")
    list_select_related = ("unit",)

    def has_delete_permission(self, request, obj=None):
        return False  # records reference items; deactivate instead


RECORD_COLUMNS = ("decision_number", "subject_name", "unit", "decision_date", "status", "is_public")


class RecordAdmin(ReadOnlyAdmin):
    search_fields = ("decision_number", "subject_name", "subject_uscc")
    date_hierarchy = "decision_date"
    list_select_related = ("unit",)
    show_full_result_count = False


@admin.register(LicensingRecord)
class LicensingRecordAdmin(RecordAdmin):
    list_display = (*RECORD_COLUMNS,)
    list_filter = ["status", "is_public", "unit"]


@admin.register(PenaltyRecord)
class PenaltyRecordAdmin(RecordAdmin):
    list_display = (*RECORD_COLUMNS, "severity", "publication_deadline")
    list_filter = ["status", "is_public", "severity", "regime", "unit"]


class RegimeRuleInline(admin.TabularInline):
    model = RegimeRule
    extra = 0
    fields = ("severity", "sector", "published", "min_months", "max_months", "repairable")
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(PublicationRegime)
class PublicationRegimeAdmin(AuditedAdmin):
    list_display = ("code", "document", "effective_from")
    inlines = [RegimeRuleInline]

    def has_delete_permission(self, request, obj=None):
        return False  # records refer to the regime they were measured by


class RegimeRuleForm(forms.ModelForm):
    class Meta:
        model = RegimeRule
        fields = ("published", "min_months", "max_months", "repairable")

    def clean(self):
        data = super().clean() or {}
        if "min_months" in data and "max_months" in data:
            for field, messages_ in check_regime_periods(
                data["min_months"], data["max_months"], bool(data.get("published"))
            ).items():
                for message in messages_:
                    self.add_error(field, message)
        return data


@admin.register(RegimeRule)
class RegimeRuleAdmin(admin.ModelAdmin):
    """Rules are corrected through regime_rule_update (credit administrator; the minimum may not exceed the
    maximum); they are added with regime_rule_create and never deleted."""

    form = RegimeRuleForm
    list_display = ("regime", "severity", "sector", "published", "min_months", "max_months", "repairable")
    list_filter = ("regime", "severity")
    readonly_fields = ("regime", "severity", "sector")
    fields = ("regime", "severity", "sector", "published", "min_months", "max_months", "repairable")

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_manage_credit(admin_actor(request))

    def save_model(self, request, obj, form, change):
        regime_rule_update(
            rule=obj,
            min_months=obj.min_months,
            max_months=obj.max_months,
            published=obj.published,
            repairable=obj.repairable,
            actor=admin_actor(request),
        )


@admin.register(RepairRequest)
class RepairRequestAdmin(ReadOnlyAdmin):
    list_display = ("record", "applicant_name", "status", "submitted_at", "decided_at")
    list_filter = ("status",)
    search_fields = ("record__decision_number", "applicant_name")


@admin.register(Memorandum)
class MemorandumAdmin(AuditedAdmin):
    list_display = ("code", "title", "list_type", "signed_on", "bars_purchased_services")
    search_fields = ("code", "title")


@admin.register(ListEntry)
class ListEntryAdmin(AuditedAdmin):
    list_display = ("subject_name", "subject_uscc", "list_type", "effect", "start_date", "end_date", "removed_on")
    list_filter = ("list_type", "effect")
    search_fields = ("subject_name", "subject_uscc", "document_number")
    readonly_fields = ("public_id", "created_at")


@admin.register(CreditCheck)
class CreditCheckAdmin(ReadOnlyAdmin):
    list_display = ("subject_name", "subject_uscc", "as_of", "result", "checked_at", "checked_by")
    list_filter = ("result",)
    search_fields = ("subject_name", "subject_uscc")
