"""Background tasks of the core context (the django.tasks API).

`purge_security_records_task` forgets old sign-in throttle pairs and text-message requests (older than
settings.SECURITY_RECORDS_DAYS), so that neither table grows with whatever user names or numbers are tried. It is
the daily periodic job `core.purge_security_records`; running it twice changes nothing the second time.
"""

from __future__ import annotations

from django.tasks import task

from huimin.audit.services import audit_record

from .events import CoreEvent
from .permissions import SystemActor
from .services.phones import sms_sends_purge
from .services.signin import sign_in_throttles_purge


@task
def purge_security_records_task() -> dict[str, int]:
    actor = SystemActor("security-purge")
    counts = {"sign_in_throttles": sign_in_throttles_purge(actor=actor), "sms_sends": sms_sends_purge(actor=actor)}
    if any(counts.values()):
        audit_record(actor=actor, event_type=CoreEvent.SECURITY_RECORDS_PURGED, payload=counts)
    return counts
