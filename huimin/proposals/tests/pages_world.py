"""Builders for the page tests: the pages act at the real time, so the call's deadline is set around it.

w = page_world(deadline_in=timedelta(days=10))      # open call: deadline in ten days
w = page_world(deadline_in=-timedelta(hours=1))      # the deadline passed an hour ago
p = complete(w)                                     # a complete draft, made before the deadline
browser(w.provider)                                 # a Client signed in, asking for English pages
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.test import Client
from django.utils import timezone

from huimin.calls.models import Call

from ..models import Proposal
from .factories import World, build_world, make_complete_proposal, make_draft, submit


@dataclass
class PageWorld:
    w: World
    real_now: datetime
    before: datetime  # a moment before the deadline (and after the call opened)

    def __getattr__(self, name: str):
        return getattr(self.w, name)


def page_world(*, deadline_in: timedelta) -> PageWorld:
    real_now = timezone.now()
    deadline = real_now + deadline_in
    w = build_world()
    opened = min(real_now, deadline) - timedelta(days=20)
    Call.objects.filter(pk=w.call.pk).update(
        deadline=deadline, original_deadline=deadline, opens_at=opened, published_at=opened
    )
    w.call.refresh_from_db()
    before = min(real_now, deadline) - timedelta(days=1)
    return PageWorld(w=w, real_now=real_now, before=before)


def complete(pw: PageWorld, **overrides) -> Proposal:
    return make_complete_proposal(pw.w, now=pw.before, **overrides)


def draft(pw: PageWorld) -> Proposal:
    return make_draft(pw.w, now=pw.before)


def submitted(pw: PageWorld, **overrides) -> Proposal:
    proposal = complete(pw, **overrides)
    submit(proposal, pw.w.provider, now=pw.before)
    proposal.refresh_from_db()
    return proposal


def browser(actor=None) -> Client:
    client = Client(headers={"accept-language": "en"})
    if actor is not None:
        client.force_login(actor.user)
    return client


def htmx(actor) -> Client:
    client = Client(headers={"accept-language": "en", "HX-Request": "true"})
    client.force_login(actor.user)
    return client


def text(response) -> str:
    return response.content.decode()
