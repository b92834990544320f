"""The lifecycle of a need: submitted → accepted | merged | declined, as an explicit transition table.

    submitted ──accept──▶ accepted
        ├──merge(answer, into)──▶ merged
        └──decline(answer)──▶ declined

Only the services in `huimin.needs.services` change a need's status, and only through `NEED_MACHINE`. A merged or
declined need must carry a public answer (why it was merged or declined); an accepted need may carry one. Accepted,
merged and declined are final here: an accepted need goes on to be consolidated into a project intention.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

from huimin.core.statemachine import StateMachine, Transition

from .error_codes import NeedsError
from .models import NeedStatus


class NeedAction(StrEnum):
    ACCEPT = "accept"
    MERGE = "merge"
    DECLINE = "decline"


ACTION_LABELS = {
    NeedAction.ACCEPT: _("Accept"),
    NeedAction.MERGE: _("Merge into another need"),
    NeedAction.DECLINE: _("Decline"),
}

_ONLY_SUBMITTED = _("Need %(number)s is %(status)s; only a submitted need can be accepted, merged or declined.")

# Anything not in the table is refused (NeedsError.TRANSITION_REFUSED; the refusal names the need's number).
NEED_MACHINE = StateMachine(
    Transition(NeedAction.ACCEPT, {NeedStatus.SUBMITTED}, NeedStatus.ACCEPTED, _ONLY_SUBMITTED),
    Transition(NeedAction.MERGE, {NeedStatus.SUBMITTED}, NeedStatus.MERGED, _ONLY_SUBMITTED),
    Transition(NeedAction.DECLINE, {NeedStatus.SUBMITTED}, NeedStatus.DECLINED, _ONLY_SUBMITTED),
    statuses=NeedStatus,
    code=NeedsError.TRANSITION_REFUSED,
)

# Actions whose public answer may not be blank.
ANSWER_REQUIRED: frozenset[str] = frozenset({NeedAction.MERGE, NeedAction.DECLINE})

# Statuses in which residents may still support a need, and in which a need may receive merged needs.
SUPPORTABLE: frozenset[str] = frozenset({NeedStatus.SUBMITTED, NeedStatus.ACCEPTED})
MERGE_TARGETS: frozenset[str] = SUPPORTABLE
# Statuses in which the text of a need may still be changed.
EDITABLE: frozenset[str] = frozenset({NeedStatus.SUBMITTED})
# Statuses in which questionnaires may still be linked as evidence.
EVIDENCE_LINKABLE: frozenset[str] = frozenset({NeedStatus.SUBMITTED, NeedStatus.ACCEPTED})
