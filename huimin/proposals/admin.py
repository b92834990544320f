"""The back office for proposals — read-only here.

A proposal changes only through its services (the organization's members, before the deadline; sealed once
submitted), which check scopes and sealing and write the audit trail; editing in the admin would break the seal
silently, so the admin only shows. The organization profiles' admin is registered by admin_profiles when present.
"""

from __future__ import annotations

import importlib.util

from django.contrib import admin

from .models import Activity, BudgetLine, Indicator, Proposal, ProposalDocument, ProposalTeamMember, Receipt


class _ReadOnly:
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class _Inline(_ReadOnly, admin.TabularInline):
    extra = 0

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]


class ActivityInline(_Inline):
    model = Activity


class IndicatorInline(_Inline):
    model = Indicator


class TeamInline(_Inline):
    model = ProposalTeamMember


class BudgetLineInline(_Inline):
    model = BudgetLine


class DocumentInline(_Inline):
    model = ProposalDocument


class ReceiptInline(_Inline):
    model = Receipt
    exclude = ("content",)

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields if f.name != "content"]


@admin.register(Proposal)
class ProposalAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("title", "organization", "call", "status", "receipt_number", "submitted_at", "updated_at")
    list_filter = ("status", "call")
    search_fields = ("title", "receipt_number", "organization__name", "call__number")
    readonly_fields = [f.name for f in Proposal._meta.fields]
    inlines = [ActivityInline, IndicatorInline, TeamInline, BudgetLineInline, DocumentInline, ReceiptInline]


@admin.register(Receipt)
class ReceiptAdmin(_ReadOnly, admin.ModelAdmin):
    list_display = ("number", "kind", "proposal", "submitted_at", "withdrawn_at", "digest")
    list_filter = ("kind",)
    search_fields = ("number", "digest")
    readonly_fields = [f.name for f in Receipt._meta.fields]


if importlib.util.find_spec(f"{__package__}.admin_profiles") is not None:
    importlib.import_module(f"{__package__}.admin_profiles")
