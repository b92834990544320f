"""附议: a resident supports a need, once.

A resident is named by a key (`huimin.core.residents`): a signed-in resident account gives
`resident_key_for_user` — the key of its mobile phone when it has one, so that the same person cannot support once by
account and once more by phone — and a phone verified by a one-time code gives the phone's key (`resident_key`).
The unique constraint (need, supporter_key) makes "once" hold under concurrent requests; the need's counters are
changed in the same transaction. Merged and declined needs take no more supports; a resident who supported a need
that was later merged into this one already counts for it.
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.services.errors import ServiceError

from ..error_codes import NeedsError
from ..events import NeedsEvent
from ..models import Need, Support, SupportChannel
from ..permissions import supporter_of
from ..states import SUPPORTABLE


def _duplicate() -> ServiceError:
    return ServiceError(
        _("You have already supported this need; each resident supports a need once."), NeedsError.SUPPORT_DUPLICATE
    )


@transaction.atomic
def need_support(*, need: Need, actor: Actor, resident_key: str | None = None, now: datetime | None = None) -> Support:
    """Record one resident's support of `need` and add it to the need's counters."""
    now = now or timezone.now()
    who = supporter_of(actor, resident_key)
    if who is None:
        raise PermissionDenied(_("Sign in with a resident account, or verify your mobile phone, to support a need."))
    key, channel = who
    need = Need.objects.select_for_update(of=("self",)).select_related("merged_into").get(pk=need.pk)
    if need.status not in SUPPORTABLE:
        if need.merged_into is not None:
            message = _("Need %(number)s was merged into need %(into)s; support that one instead.") % {
                "number": need.number,
                "into": need.merged_into.number,
            }
        else:
            message = _("Need %(number)s was %(status)s; it takes no more supports.") % {
                "number": need.number,
                "status": need.get_status_display(),
            }
        raise ServiceError(message, NeedsError.SUPPORT_CLOSED)
    if Support.objects.filter(need=need, supporter_key=key).exists():
        raise _duplicate()
    earlier = (
        Support.objects.filter(need_id__in=need.merged_tree_ids(), supporter_key=key)
        .exclude(need=need)
        .select_related("need")
        .first()
    )
    if earlier is not None:
        raise ServiceError(
            _(
                "You supported need %(number)s, which was merged into this one: your support already counts here; "
                "each resident supports a need once."
            )
            % {"number": earlier.need.number},
            NeedsError.SUPPORT_DUPLICATE,
        )
    try:
        with transaction.atomic():
            support = Support.objects.create(
                need=need,
                supporter_key=key,
                channel=channel,
                user=actor.user if channel == SupportChannel.ACCOUNT else None,
                created_at=now,
            )
    except IntegrityError:  # a concurrent request of the same resident won the race
        raise _duplicate() from None
    Need.objects.filter(pk=need.pk).update(support_count=F("support_count") + 1, support_total=F("support_total") + 1)
    audit_record(
        actor=actor,
        event_type=NeedsEvent.NEED_SUPPORTED,
        target=need,
        payload={"channel": channel, "support": support.pk},
    )
    return support
