"""What every app's API router shares: the error responses it documents, the 404 it raises, the signed-in check and
the mapped queryset its paginated lists return.

A module of its own, not huimin.core.api: the apps may not import core's API (transport is private).
"""

from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _

from huimin.core.permissions import PermissionDenied
from huimin.core.schemas import ErrorOut

WRITE_ERRORS = {frozenset({400, 401, 403, 404}): ErrorOut}
READ_ERRORS = {frozenset({401, 403, 404}): ErrorOut}

# `openapi_extra=PUBLIC` on an operation anonymous callers may use: a public read (its selector shows the public only
# what is published) or one of the anonymous flows (a resident's support, a survey answer). The document then lists
# "no credentials" (`{}`) among its security alternatives; every other operation is documented as needing a token
# or the session. tests/api/test_openapi_contract.py holds each declaration to what an anonymous call gets.
PUBLIC: dict = {"security": [{}]}


class NotFound(ObjectDoesNotExist):
    """What the path names does not exist (or is not visible to the caller); the message says which."""


class Mapped:
    """A queryset whose items pass through `fn` when sliced (ninja's pagination counts it and slices it)."""

    def __init__(self, queryset, fn: Callable[[Any], Any]):
        self.queryset = queryset
        self.fn = fn

    def all(self) -> "Mapped":
        return self

    def count(self) -> int:
        return self.queryset.count()

    def __getitem__(self, item):
        if isinstance(item, slice):
            return [self.fn(row) for row in self.queryset[item]]
        return self.fn(self.queryset[item])

    def __iter__(self) -> Iterator[Any]:
        return (self.fn(row) for row in self.queryset)

    def __len__(self) -> int:
        return self.count()


def require_signed_in(request) -> None:
    if not request.actor.is_authenticated:
        raise PermissionDenied(_("Sign in first."))
