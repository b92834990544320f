"""The lifecycle of a need: submitted → accepted | merged | declined, as an explicit transition table.

Only the services in `huimin.needs.services` change a need's status, and only through `next_status`. A merged or
declined need must carry a public answer (why it was merged or declined); an accepted need may carry one. Accepted,
merged and declined are final here: an accepted need goes on to be consolidated into a project intention.
"""

from __future__ import annotations

from enum import StrEnum

from django.utils.translation import gettext_lazy as _

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

# (from status, action) → to status. Anything not listed is refused.
TRANSITIONS: dict[tuple[str, str], str] = {
    (NeedStatus.SUBMITTED, NeedAction.ACCEPT): NeedStatus.ACCEPTED,
    (NeedStatus.SUBMITTED, NeedAction.MERGE): NeedStatus.MERGED,
    (NeedStatus.SUBMITTED, NeedAction.DECLINE): NeedStatus.DECLINED,
}

# Actions whose public answer may not be blank.
ANSWER_REQUIRED: frozenset[str] = frozenset({NeedAction.MERGE, NeedAction.DECLINE})

# Statuses in which residents may still support a need, and in which a need may receive merged needs.
SUPPORTABLE: frozenset[str] = frozenset({NeedStatus.SUBMITTED, NeedStatus.ACCEPTED})
MERGE_TARGETS: frozenset[str] = SUPPORTABLE
# Statuses in which the text of a need may still be changed.
EDITABLE: frozenset[str] = frozenset({NeedStatus.SUBMITTED})
# Statuses in which questionnaires may still be linked as evidence.
EVIDENCE_LINKABLE: frozenset[str] = frozenset({NeedStatus.SUBMITTED, NeedStatus.ACCEPTED})


def next_status(status: str, action: str) -> str | None:
    """The status `action` leads to from `status`, or None when the table does not allow it."""
    return TRANSITIONS.get((str(status), str(action)))


def allowed_actions(status: str) -> list[NeedAction]:
    return [NeedAction(action) for (source, action) in TRANSITIONS if source == status]


def is_final(status: str) -> bool:
    return not allowed_actions(status)
