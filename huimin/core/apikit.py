"""What every app's API router shares: the error responses it documents, the 404 it raises, the signed-in check,
the mapped queryset its paginated lists return and the one pagination every list uses (`@paginated(page_size=…)`).

A module of its own, not huimin.core.api: the apps may not import core's API (transport is private).
"""

import math
from collections.abc import Callable, Iterator
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils.translation import gettext as _
from ninja import Field, Schema
from ninja.pagination import PageNumberPagination, paginate
from ninja.utils import contribute_operation_callback
from pydantic import ValidationInfo, field_validator

from huimin.core.api_auth import anonymous_writes
from huimin.core.error_codes import CoreError
from huimin.core.permissions import PermissionDenied
from huimin.core.schemas import ErrorOut
from huimin.core.services.errors import ServiceError

WRITE_ERRORS = {frozenset({400, 401, 403, 404}): ErrorOut}
READ_ERRORS = {frozenset({401, 403, 404}): ErrorOut}

# `openapi_extra=PUBLIC` on an operation anonymous callers may use: a public read (its selector shows the public only
# what is published) or one of the anonymous flows (a resident's support, a survey answer). The document then lists
# "no credentials" (`{}`) among its security alternatives; every other operation is documented as needing a token
# or the session. tests/api/test_openapi_contract.py holds each declaration to what an anonymous call gets.
PUBLIC: dict = {"security": [{}]}
# `auth=ANONYMOUS_WRITE` (with `openapi_extra=PUBLIC`) on a write the public may make without an account; every other
# write refuses a caller without credentials with 401 before its body is read.
ANONYMOUS_WRITE = anonymous_writes


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


# --- pagination -------------------------------------------------------------------------------------------------

MAX_PAGE_SIZE = 100
# Far beyond any list of the platform, far below what a database offset can hold (SQLite: 2**63 - 1).
MAX_PAGE = 1_000_000


def _bad_page(field: str, message: str) -> ServiceError:
    return ServiceError.for_fields({field: message}, code=CoreError.INVALID_PAGE)


def _whole_number(raw: Any, field: str, low: int, high: int) -> Any:
    """`raw` (the query's text) unless it is not a whole number in [low, high] (absent or empty is fine)."""
    if isinstance(raw, list):
        raw = raw[-1] if raw else None
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    text = str(raw).strip()
    digits = text.removeprefix("+")
    if not (digits.isascii() and digits.isdigit()):
        raise _bad_page(
            field,
            _("“%(value)s” is not a page: ?%(field)s= takes a whole number from %(low)d.")
            % {"value": text[:40], "field": field, "low": low},
        )
    number = int(digits) if len(digits) <= 12 else high + 1  # (no need to read a thousand digits to refuse them)
    if not low <= number <= high:
        raise _bad_page(
            field,
            _("?%(field)s= must be between %(low)d and %(high)d.") % {"field": field, "low": low, "high": high},
        )
    return number


class Pages(PageNumberPagination):
    """The pagination of every API list: `?page=` (from 1) and `?page_size=` (1 to 100, default the list's own).

    A page that is not a whole number, below 1 or above MAX_PAGE (`?page=99999999999999999999`) is refused with 400
    `{"code": "invalid_page", "message", "errors": {"page": […]}}` before the database is asked, and so is a page
    past the last one once the list is counted; an empty list has one (empty) page. Lists are declared with
    `@paginated(page_size=50)`, which also documents the 400.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="Page number, from 1 to the last page.")
        page_size: int | None = Field(
            None, ge=1, le=MAX_PAGE_SIZE, description=f"Items per page (1 to {MAX_PAGE_SIZE})."
        )

        @field_validator("page", "page_size", mode="before")
        @classmethod
        def refuse_bad_numbers(cls, value: Any, info: ValidationInfo) -> Any:
            # A django ValidationError passes through pydantic untouched: the API answers it as 400, not 422.
            high = MAX_PAGE if info.field_name == "page" else MAX_PAGE_SIZE
            number = _whole_number(value, str(info.field_name), 1, high)
            return 1 if number is None and info.field_name == "page" else number

    def __init__(self, page_size: int = 50, max_page_size: int = MAX_PAGE_SIZE, **kwargs: Any) -> None:
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)

    def paginate_queryset(self, queryset, pagination: Any, request, **params: Any) -> Any:
        page_size = self._get_page_size(pagination.page_size)
        count = self._items_count(queryset)
        last = max(1, math.ceil(count / page_size))
        if pagination.page > last:
            raise _bad_page(
                "page",
                _("There is no page %(page)d: the last page is %(last)d.") % {"page": pagination.page, "last": last},
            )
        offset = (pagination.page - 1) * page_size
        return {self.items_attribute: queryset[offset : offset + page_size], "count": count}


def _document_bad_page(op: Any) -> None:
    if 400 not in op.response_models:
        op.response_models[400] = op._create_response_model(ErrorOut)


def paginated(page_size: int = 50) -> Callable[[Callable[..., Any]], Any]:
    """`@paginated(page_size=50)` under the router's decorator: the list answers `{"items": […], "count": n}` a page at
    a time (Pages), and its documentation lists the 400 of a bad page."""

    def decorate(func: Callable[..., Any]) -> Any:
        view = paginate(Pages, page_size=page_size)(func)
        contribute_operation_callback(view, _document_bad_page)
        return view

    return decorate
