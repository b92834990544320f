"""Template helpers of the needs pages: status colours, and the link to a questionnaire's results when the surveys
pages offer one. (Public pages get needs as `presenters.PublicNeed`s, whose free text is already masked.)"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

STATUS_CLASSES = {
    "submitted": "text-bg-primary",
    "accepted": "text-bg-success",
    "merged": "text-bg-secondary",
    "declined": "text-bg-danger",
}


@register.filter
def status_class(status: str) -> str:
    return STATUS_CLASSES.get(str(status), "text-bg-light")


@register.simple_tag
def survey_results_url(questionnaire) -> str:
    """The questionnaire's public results page, or "" while the surveys pages do not offer one."""
    try:
        return reverse("surveys:results", args=[questionnaire.public_id])
    except NoReverseMatch:
        return ""
