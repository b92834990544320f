"""Template helpers of the needs pages: masked public text, status colours, and the link to a questionnaire's
results when the surveys pages offer one."""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse

from ..masking import public_text as _public_text
from ..models import Need

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


@register.filter
def public_text(text: str) -> str:
    """Free text with phone numbers and ID numbers masked."""
    return _public_text(text)


@register.filter
def public_field(need: Need, name: str) -> str:
    """A need's free-text field as the public may read it: personal data masked, the submitter's name too."""
    names: tuple[str, ...] = ()
    user = need.submitted_by if need.submitted_by_id else None
    if user is not None:
        names = tuple(n for n in (user.full_name, user.last_name + user.first_name) if n)
    return _public_text(getattr(need, name, "") or "", names=names)


@register.simple_tag
def survey_results_url(questionnaire) -> str:
    """The questionnaire's public results page, or "" while the surveys pages do not offer one."""
    try:
        return reverse("surveys:results", args=[questionnaire.public_id])
    except NoReverseMatch:
        return ""
