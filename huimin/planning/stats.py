"""Counters of planning for `huimin stats`. `register_planning_stats()` is called from the app's ready()."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _


def _rounds() -> int:
    from .models import Round

    return Round.objects.count()


def _intentions() -> int:
    from .models import Intention

    return Intention.objects.count()


def _confirmed_intentions() -> int:
    from .models import Intention, IntentionStatus

    return Intention.objects.filter(status=IntentionStatus.CONFIRMED).count()


def register_planning_stats() -> None:
    from huimin.core.stats import register_counter

    register_counter("rounds", _rounds, label=_("Rounds"))
    register_counter("intentions", _intentions, label=_("Project intentions"))
    register_counter("confirmed_intentions", _confirmed_intentions, label=_("Confirmed project intentions"))
