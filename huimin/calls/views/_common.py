"""What the call pages share that is the calls' own: the call a page shows, or the 404 page."""

from __future__ import annotations

from uuid import UUID

from django.http import HttpRequest
from django.utils.translation import gettext as _

from huimin.core.viewkit import not_found

from .. import selectors
from ..models import Call


def call_or_404(request: HttpRequest, public_id: UUID) -> Call:
    try:
        return selectors.call_get(actor=request.actor, public_id=public_id)  # type: ignore[attr-defined]
    except Call.DoesNotExist:
        not_found(_("There is no such call, or you may not see it."))
