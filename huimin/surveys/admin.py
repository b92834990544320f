"""The back office for questionnaires: read-only. Questionnaires are written, opened and closed on the desk pages and
through the API (the services check scope and state and write the audit trail); answers are never edited."""

from __future__ import annotations

from django.contrib import admin

from .models import Answer, Question, Questionnaire, Response


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class QuestionInline(admin.TabularInline):
    model = Question
    fields = ("position", "kind", "text", "required", "choices")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Questionnaire)
class QuestionnaireAdmin(ReadOnlyAdmin):
    list_display = ("title", "division", "status", "response_count", "published_at", "closes_at", "closed_at")
    list_filter = ("status",)
    search_fields = ("title", "division__name", "division__code")
    readonly_fields = (
        "public_id",
        "division",
        "title",
        "description",
        "status",
        "opens_at",
        "closes_at",
        "published_at",
        "closed_at",
        "response_count",
        "created_by",
        "created_at",
        "updated_at",
    )
    inlines = [QuestionInline]


class AnswerInline(admin.TabularInline):
    model = Answer
    fields = ("question", "selected", "text")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    # The respondent's key is a digest kept for "once per resident" only: not shown.
    list_display = ("public_id", "questionnaire", "channel", "paper_number", "submitted_at")
    list_filter = ("channel",)
    search_fields = ("questionnaire__title", "paper_number")
    fields = ("public_id", "questionnaire", "channel", "paper_number", "entered_by", "submitted_at")
    readonly_fields = fields
    inlines = [AnswerInline]
