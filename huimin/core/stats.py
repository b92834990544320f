"""Counters shown by `huimin stats`: how many of each thing the platform holds.

Each app registers its own counters in its AppConfig.ready():

    from huimin.core.stats import register_counter
    register_counter("needs", lambda: Need.objects.count(), label=_("Needs"))

Names are plural snake_case; a counter returns an int. `collect()` runs them all, sorted by name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

_NAME = re.compile(r"^[a-z][a-z0-9]*(?:_[a-z0-9]+)*$")


@dataclass(frozen=True)
class Counter:
    name: str
    fn: Callable[[], int]
    label: str | Promise


_REGISTRY: dict[str, Counter] = {}


def register_counter(name: str, fn: Callable[[], int], *, label: str | Promise | None = None) -> None:
    """Register (or replace) the counter `name`. `label` is the human heading shown by `huimin stats`."""
    if not _NAME.match(name):
        raise ValueError(f"A counter name is snake_case (a-z, 0-9, _), got {name!r}.")
    if not callable(fn):
        raise TypeError(f"The counter {name!r} needs a callable returning an int.")
    _REGISTRY[name] = Counter(name=name, fn=fn, label=label if label is not None else name.replace("_", " "))


def unregister_counter(name: str) -> None:
    _REGISTRY.pop(name, None)


def counters() -> list[Counter]:
    """The registered counters, sorted by name."""
    return [_REGISTRY[name] for name in sorted(_REGISTRY)]


def collect() -> dict[str, int]:
    """Run every counter: {name: count}, keys sorted."""
    return {counter.name: int(counter.fn()) for counter in counters()}


# --- the core context's counters ------------------------------------------------------------------------------


def _divisions() -> int:
    from .models import Division

    return Division.objects.count()


def _communities() -> int:
    from .models import Division, DivisionLevel

    return Division.objects.filter(level=DivisionLevel.COMMUNITY).count()


def _organizations() -> int:
    from .models import Organization

    return Organization.objects.count()


def _users() -> int:
    from .models import User

    return User.objects.count()


def _role_assignments() -> int:
    from .models import RoleAssignment

    return RoleAssignment.objects.filter(is_active=True).count()


def _denied_requests() -> int:
    from django.db.models import Sum

    from .models.monitoring import DeniedRequestCount

    return int(DeniedRequestCount.objects.aggregate(total=Sum("count"))["total"] or 0)


def _audit_events() -> int:
    from huimin.audit.models import AuditEvent

    return AuditEvent.objects.count()


register_counter("divisions", _divisions, label=_("Administrative divisions"))
register_counter("communities", _communities, label=_("Communities"))
register_counter("organizations", _organizations, label=_("Organizations"))
register_counter("users", _users, label=_("Users"))
register_counter("role_assignments", _role_assignments, label=_("Active role assignments"))
register_counter("audit_events", _audit_events, label=_("Audit events"))
register_counter("denied_requests", _denied_requests, label=_("Refused requests (401, 403, 404 on an object)"))
