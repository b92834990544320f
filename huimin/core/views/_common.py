"""What the core pages share: the view kit (huimin.core.viewkit) with the core lists' page size."""

from __future__ import annotations

from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import HttpRequest

from ..viewkit import deny, list_links, refuse_service_denials, show_service_error, sort_by
from ..viewkit import paginate as _paginate

PAGE_SIZE = 50

__all__ = ["deny", "list_links", "paginate", "refuse_service_denials", "show_service_error", "sort_by"]


def paginate(request: HttpRequest, items: QuerySet | list, per_page: int = PAGE_SIZE) -> Page:
    return _paginate(request, items, per_page)
