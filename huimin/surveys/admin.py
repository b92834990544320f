"""The back office for questionnaires: read-only. Questionnaires are written, opened and closed on the desk pages and
through the API (the services check scope and state and write the audit trail); answers are never edited."""

from __future__ import annotations

from django.contrib import admin

from huimin.core.adminkit import ReadOnlyAdmin, ReadOnlyInline

from .models import Answer, Question, Questionnaire, Response


class QuestionInline(ReadOnlyInline):
    model = Question
    fields = ("position", "kind", "text", "required", "choices")
    readonly_fields = fields


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


class AnswerInline(ReadOnlyInline):
    model = Answer
    fields = ("question", "selected", "text")
    readonly_fields = fields


@admin.register(Response)
class ResponseAdmin(ReadOnlyAdmin):
    # The respondent's key is a digest kept for "once per resident" only: not shown.
    list_display = ("public_id", "questionnaire", "channel", "paper_number", "submitted_at")
    list_filter = ("channel",)
    search_fields = ("questionnaire__title", "paper_number")
    fields = ("public_id", "questionnaire", "channel", "paper_number", "entered_by", "submitted_at")
    readonly_fields = fields
    inlines = [AnswerInline]
