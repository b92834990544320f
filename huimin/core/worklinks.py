"""The home page's work links: each app says, per role, where that role's work of the app is and how much of it
waits. Registered in the app's AppConfig.ready(), so core shows later contexts' desks without importing them:

    from huimin.core.worklinks import register_work_link
    register_work_link(Role.COMMUNITY_WORKER, "needs:desk", _("Needs of my community"),
                       waiting=lambda actor: needs_waiting(actor=actor), waiting_label=_("awaiting an answer"))

`waiting` (optional) returns how many items wait for the actor (shown as a badge; 0 hides it).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise

if TYPE_CHECKING:
    from .permissions import Actor


@dataclass(frozen=True)
class WorkLink:
    role: str
    url_name: str
    label: str | Promise
    hint: str | Promise = ""
    waiting: Callable[[Actor], int] | None = None
    waiting_label: str | Promise = ""
    order: int = 100


@dataclass(frozen=True)
class ShownLink:
    url: str
    label: str | Promise
    hint: str | Promise
    waiting: int
    waiting_label: str | Promise


_REGISTRY: dict[tuple[str, str], WorkLink] = {}


def register_work_link(
    role: str,
    url_name: str,
    label: str | Promise,
    *,
    hint: str | Promise = "",
    waiting: Callable[[Actor], int] | None = None,
    waiting_label: str | Promise = "",
    order: int = 100,
) -> None:
    """Register (or replace) the link to `url_name` (a URL name without arguments) for holders of `role`."""
    _REGISTRY[(role, url_name)] = WorkLink(role, url_name, label, hint, waiting, waiting_label, order)


def unregister_work_link(role: str, url_name: str) -> None:
    _REGISTRY.pop((role, url_name), None)


def work_links(*, actor: Actor, role: str) -> list[ShownLink]:
    """The links of `role` in their order, with what waits for the actor; links whose URL is gone are left out."""
    shown = []
    for link in sorted((x for x in _REGISTRY.values() if x.role == role), key=lambda x: (x.order, x.url_name)):
        try:
            url = reverse(link.url_name)
        except NoReverseMatch:
            continue
        waiting = link.waiting(actor) if link.waiting is not None else 0
        shown.append(ShownLink(url, link.label, link.hint, waiting, link.waiting_label))
    return shown
