"""The back office for planning: rounds with their purchasers' budgets, and intentions — read-only here.

Rounds, budgets and intentions change through the pages and the API, whose services check the scopes, the budget
ceiling under lock, the linked needs and write the audit trail; the admin only shows them.
"""

from __future__ import annotations

from django.contrib import admin

from huimin.core.adminkit import ReadOnlyAdmin, ReadOnlyInline

from .models import Intention, Round, RoundBudget


class RoundBudgetInline(ReadOnlyInline):
    model = RoundBudget
    fields = ("purchaser", "amount")
    readonly_fields = ("purchaser", "amount")


@admin.register(Round)
class RoundAdmin(ReadOnlyAdmin):
    list_display = ("code", "name", "year", "status", "opened_at", "closed_at")
    list_filter = ("status", "year")
    search_fields = ("code", "name")
    inlines = [RoundBudgetInline]


@admin.register(Intention)
class IntentionAdmin(ReadOnlyAdmin):
    list_display = ("number", "title", "round", "purchaser", "category", "budget", "status")
    list_filter = ("status", "round", "category")
    search_fields = ("number", "title")
    raw_id_fields = ("needs",)
    list_select_related = ("round", "purchaser", "category")
