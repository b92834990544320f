"""The back office for calls: calls, their amendments and clarification questions — read-only here.

A call changes only through its services (drafts edited in place, published calls by published amendments with a
reason), which check scopes and write the audit trail; editing in the admin would be a silent change, so the admin
only shows. Rounds and intentions are huimin.planning's (planning/admin.py).
"""

from __future__ import annotations

from django.contrib import admin

from huimin.core.adminkit import ReadOnlyAdmin, ReadOnlyInline

from .models import Call, CallAmendment, CallQuestion


class CallAmendmentInline(ReadOnlyInline):
    model = CallAmendment
    fields = ("sequence", "published_at", "reason", "deadline_before", "deadline_after", "extended")
    readonly_fields = fields


@admin.register(Call)
class CallAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "round", "manager", "status", "deadline", "published_at")
    list_filter = ("status", "round")
    search_fields = ("number", "title")
    inlines = [CallAmendmentInline]


@admin.register(CallQuestion)
class CallQuestionAdmin(ReadOnlyAdmin):
    list_display = ("call", "asked_at", "status", "answered_at")
    list_filter = ("status",)
    search_fields = ("question", "answer", "call__number")
