"""The back office for proposals — read-only here.

A proposal changes only through its services (the organization's members, before the deadline; sealed once
submitted), which check scopes and sealing and write the audit trail; editing in the admin would break the seal
silently, so the admin only shows. And it shows only what the seal allows: a proposal (with its parts and receipts)
appears once it is submitted and its call's deadline has passed (`permissions.is_sealed`); before that the back
office, like every page, API and file, knows nothing of it.
"""

from __future__ import annotations

from django.contrib import admin
from django.utils import timezone

from huimin.core.adminkit import ReadOnlyAdmin, ReadOnlyInline

from .models import (
    Activity,
    BudgetLine,
    Indicator,
    Proposal,
    ProposalDocument,
    ProposalStatus,
    ProposalTeamMember,
    Receipt,
)


def unsealed(queryset, prefix: str = ""):
    """Only the rows of proposals whose seal has lifted: submitted, and their call's deadline passed (the queryset
    form of `permissions.is_sealed`). `prefix` leads from the row to its proposal ("proposal__")."""
    return queryset.filter(
        **{f"{prefix}status": ProposalStatus.SUBMITTED, f"{prefix}call__deadline__lte": timezone.now()}
    )


class _Sealed:
    """Lists only what the seal allows (the inlines are shown on an unsealed proposal's page only)."""

    seal_prefix: str = "proposal__"  # the way from a row to its proposal

    def get_queryset(self, request):
        return unsealed(super().get_queryset(request), self.seal_prefix)  # type: ignore[misc]


class _Inline(ReadOnlyInline):
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
class ProposalAdmin(_Sealed, ReadOnlyAdmin):
    seal_prefix = ""
    list_display = ("title", "organization", "call", "status", "receipt_number", "submitted_at", "updated_at")
    list_filter = ("status", "call")
    search_fields = ("title", "receipt_number", "organization__name", "call__number")
    inlines = [ActivityInline, IndicatorInline, TeamInline, BudgetLineInline, DocumentInline, ReceiptInline]


@admin.register(Receipt)
class ReceiptAdmin(_Sealed, ReadOnlyAdmin):
    list_display = ("number", "kind", "proposal", "submitted_at", "withdrawn_at", "digest")
    list_filter = ("kind",)
    search_fields = ("number", "digest")
