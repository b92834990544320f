"""The life of a questionnaire: draft → open → closed.

    draft ──open (at least one well-formed question, closing time ahead)──▶ open ──close (by hand, or the job)──▶ closed

- draft: the community writes it; questions are added, changed, removed and reordered; nobody else sees it.
- open: published; residents answer (online, once each) and workers enter paper forms. Questions are frozen, so
  every answer refers to the same wording and options.
- closed: no more online answers; results stay public. A questionnaire with `closes_at` is closed by the periodic
  job `surveys.close_due` once that moment has passed (answers after it are refused even before the job runs).

Only the services in huimin.surveys.services change the status, through `QUESTIONNAIRE_MACHINE`.
"""

from __future__ import annotations

from datetime import timedelta
from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huimin.core.statemachine import StateMachine, Transition

from .error_codes import SurveysError
from .models import QuestionnaireStatus


class QuestionnaireAction(StrEnum):
    OPEN = "open"
    CLOSE = "close"


QUESTIONNAIRE_MACHINE = StateMachine(
    Transition(
        QuestionnaireAction.OPEN,
        {QuestionnaireStatus.DRAFT},
        QuestionnaireStatus.OPEN,
        _("Only a draft can be opened; this questionnaire is %(status)s."),
    ),
    Transition(
        QuestionnaireAction.CLOSE,
        {QuestionnaireStatus.OPEN},
        QuestionnaireStatus.CLOSED,
        _("Only an open questionnaire can be closed; this one is %(status)s."),
    ),
    statuses=QuestionnaireStatus,
    code=SurveysError.QUESTIONNAIRE_TRANSITION,
)

# Questions (and the questionnaire's text) may change only here.
EDITABLE: frozenset[str] = frozenset({QuestionnaireStatus.DRAFT})
# Seen by the public (list, answer page, results, API).
PUBLISHED: frozenset[str] = frozenset({QuestionnaireStatus.OPEN, QuestionnaireStatus.CLOSED})
# Paper forms collected before closing may still be entered this long after the questionnaire closed.
PAPER_ENTRY_GRACE = timedelta(days=7)
