"""Who an attachment belongs to, and so who may fetch it.

An attachment is a document of some object of a later context: a proposal's required document, an organization's
standing document, a call's text, a need's photo, the evidence of a credit repair. The right to download it is the
right to see that object, asked of the object's own context. The files app cannot import those contexts (they sit
above it), so each of them registers itself here from its AppConfig.ready(), as the counters are:

    from huimin.files.owners import register_owner
    register_owner("proposal:", proposal_attachment_visible, seals_audit=True)

An attachment names its owner by its `purpose`: a key ending in ":" matches every purpose that starts with it
("proposal:" ← "proposal:budget"), any other key matches exactly ("call_document"). `can_see(actor, attachment)`
answers for the owner; it is only asked about private files (public ones are everyone's) and only for signed-in
actors. Attachments whose purpose has no registered owner (generic uploads) fall back to the uploader, the members
of the attachment's organization and the division's staff (huimin.files.permissions.uploader_or_member) — never to
staff district-wide.

`seals_audit`: the owner's objects are sealed (a proposal before its call's deadline), so the audit trail records
uploads and claims of its attachments with their public id only — no name, size, hash or organization.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from huimin.core.permissions import Actor

    from .models import Attachment

CanSee = Callable[["Actor", "Attachment"], bool]


@dataclass(frozen=True)
class Owner:
    key: str
    can_see: CanSee
    seals_audit: bool = False

    @property
    def is_prefix(self) -> bool:
        return self.key.endswith(":")

    def matches(self, purpose: str) -> bool:
        return purpose.startswith(self.key) if self.is_prefix else purpose == self.key


_REGISTRY: dict[str, Owner] = {}


def register_owner(key: str, can_see: CanSee, *, seals_audit: bool = False) -> None:
    """Register (or replace) the owner of the attachments whose purpose is `key` (or starts with it, when `key` ends
    in ":")."""
    key = (key or "").strip()
    if not key or len(key) > 64:
        raise ValueError(f"An owner key is a purpose of 1–64 characters, got {key!r}.")
    if not callable(can_see):
        raise TypeError(f"The owner {key!r} needs a callable can_see(actor, attachment) -> bool.")
    _REGISTRY[key] = Owner(key=key, can_see=can_see, seals_audit=seals_audit)


def unregister_owner(key: str) -> None:
    _REGISTRY.pop(key, None)


def owners() -> list[Owner]:
    """The registered owners, sorted by key."""
    return [_REGISTRY[key] for key in sorted(_REGISTRY)]


def owner_of(purpose: str | None) -> Owner | None:
    """The owner of attachments with this purpose: an exact key first, then the longest matching prefix."""
    purpose = purpose or ""
    exact = _REGISTRY.get(purpose)
    if exact is not None and not exact.is_prefix:
        return exact
    prefixes = [o for o in _REGISTRY.values() if o.is_prefix and o.matches(purpose)]
    return max(prefixes, key=lambda o: len(o.key)) if prefixes else None
