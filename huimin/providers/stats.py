"""Counters of organization profiles for `huimin stats`, registered from the app's ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _team_members() -> int:
    from .models import TeamMember

    return TeamMember.objects.filter(is_active=True).count()


def _past_projects() -> int:
    from .models import PastProject

    return PastProject.objects.count()


def register_profile_stats() -> None:
    from huimin.core.stats import register_counter

    register_counter("team_members", _team_members, label=_("Team members (active)"))
    register_counter("past_projects", _past_projects, label=_("Past projects of organizations"))
