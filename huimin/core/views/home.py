"""The home page: a public landing page, or one card per role with what needs the person's attention now."""

from __future__ import annotations

from django.shortcuts import render
from django.utils import timezone

from ..selectors import attention_for, division_list, organization_list, profile_gaps


def home(request):
    actor = request.actor
    if not actor.is_authenticated:
        landing: dict[str, object] = {
            "divisions_count": division_list(actor=actor).count(),
            "organizations_count": organization_list(actor=actor, active_only=True).count(),
        }
        return render(request, "core/landing.html", landing)
    today = timezone.localdate()
    context: dict[str, object] = {
        "today": today,
        "cards": attention_for(actor=actor, today=today),
        "profile_gaps": profile_gaps(actor=actor),
    }
    return render(request, "core/home.html", context)
