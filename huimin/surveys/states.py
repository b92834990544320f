"""The life of a questionnaire: draft → open → closed.

- draft: the community writes it; questions are added, changed, removed and reordered; nobody else sees it.
- open: published; residents answer (online, once each) and workers enter paper forms. Questions are frozen, so
  every answer refers to the same wording and options.
- closed: no more online answers; results stay public. A questionnaire with `closes_at` is closed by the periodic
  job `surveys.close_due` once that moment has passed (answers after it are refused even before the job runs).

Only the services in huimin.surveys.services change the status, through `next_status`.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from .models import QuestionnaireStatus


class QuestionnaireAction(StrEnum):
    OPEN = "open"
    CLOSE = "close"


TRANSITIONS: dict[tuple[str, str], str] = {
    (QuestionnaireStatus.DRAFT, QuestionnaireAction.OPEN): QuestionnaireStatus.OPEN,
    (QuestionnaireStatus.OPEN, QuestionnaireAction.CLOSE): QuestionnaireStatus.CLOSED,
}

# Questions (and the questionnaire's text) may change only here.
EDITABLE: frozenset[str] = frozenset({QuestionnaireStatus.DRAFT})
# Seen by the public (list, answer page, results, API).
PUBLISHED: frozenset[str] = frozenset({QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED})
# Paper forms collected before closing may still be entered this long after the questionnaire closed.
PAPER_ENTRY_GRACE = timedelta(days=7)


def next_status(status: str, action: str) -> str | None:
    """The status `action` leads to from `status`, or None when the transition does not exist."""
    return TRANSITIONS.get((status, action))


def allowed_actions(status: str) -> list[str]:
    return [action for (source, action) in TRANSITIONS if source == status]
