"""信用修复: requests to end the publication of a penalty early, checked against the regime's conditions.

A request is submitted by the penalized organization's provider account (or by the credit administrator on its
behalf) while the penalty is on public view. The credit administrator approves or refuses it with a reason. An
approval is checked at decision time against the conditions of the regime the penalty was decided under
(REFERENCE.md §3.4): the penalty must be repairable (特定严重失信 is not), its minimum publication period must have
been served, and under 发改办财金〔2019〕527号 a serious penalty needs the credit repair training certificate. An
approval that fails a condition raises ServiceError and changes nothing; the administrator may then refuse the
request with that reason.

An approved repair ends the publication (status `repaired`, off public view, kept internally), lifts the list
entries that rest on the penalty (same document number, or a reason that cites it) and makes later credit checks
ignore the penalty.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Role
from huimin.core.permissions import Actor, PermissionDenied, require
from huimin.core.services.errors import ServiceError
from huimin.files.services import attachment_claim

from ..events import CreditEvent
from ..models import ListEntry, PenaltyRecord, RepairRequest
from ..permissions import can_manage_credit
from ..repair_conditions import not_published_reason, repair_conditions_unmet
from ..states import (
    APPROVE,
    PENDING_REPAIR,
    PUBLICATION_MACHINE,
    REFUSE,
    REPAIR,
    REPAIR_MACHINE,
    list_entry_require_removable,
)

# The purpose of an evidence file (huimin.files.owners: fetched by those who see the repair request).
REPAIR_EVIDENCE_PURPOSE = "credit_repair"


def _is_subject_provider(actor: Actor, record: PenaltyRecord) -> bool:
    """The actor holds the provider role for the organization the penalty was imposed on (same credit code)."""
    if not record.subject_uscc:
        return False
    return any(o.uscc == record.subject_uscc for o in actor.organizations_for(Role.PROVIDER))


@transaction.atomic
def repair_request_submit(
    *,
    record: PenaltyRecord,
    applicant_name: str,
    commitment: str,
    fulfilment: str,
    training_certificate: bool = False,
    evidence: Iterable = (),
    actor: Actor,
    now: datetime | None = None,
) -> RepairRequest:
    """Ask for the repair of a published penalty. The provider of the penalized organization (same credit code) or
    the credit administrator on its behalf; one pending request per penalty."""
    require(
        can_manage_credit(actor) or _is_subject_provider(actor, record),
        _(
            "Only the penalized organization (its provider account) or the credit administrator may ask for the "
            "repair of penalty %(number)s."
        )
        % {"number": record.decision_number},
    )
    record = PenaltyRecord.objects.select_for_update(of=("self",)).select_related("regime").get(pk=record.pk)
    reason = not_published_reason(record)
    if reason:
        raise ServiceError(reason, code="repair_not_published")
    if RepairRequest.objects.filter(record=record, status__in=PENDING_REPAIR).exists():
        raise ServiceError(
            _("A repair request for penalty %(number)s is already waiting for a decision.")
            % {"number": record.decision_number},
            code="repair_duplicate",
        )
    applicant_name = (applicant_name or "").strip()
    commitment = (commitment or "").strip()
    fulfilment = (fulfilment or "").strip()
    errors: dict[str, str] = {}
    if not applicant_name:
        errors["applicant_name"] = _("Give the applicant's name.")
    if not commitment:
        errors["commitment"] = _("The credit commitment (信用承诺) is required.")
    if not fulfilment:
        errors["fulfilment"] = _(
            "The proof of fulfilment (履行证明) is required: say how the penalty was carried out and the violation "
            "corrected."
        )
    if errors:
        raise ServiceError.for_fields(errors)
    attachments = list(evidence)
    request = RepairRequest.objects.create(
        record=record,
        applicant_name=applicant_name,
        commitment=commitment,
        fulfilment=fulfilment,
        training_certificate=bool(training_certificate),
        submitted_at=now or timezone.now(),
    )
    if attachments:
        for attachment in attachments:
            attachment_claim(attachment=attachment, purpose=REPAIR_EVIDENCE_PURPOSE, actor=actor)
        request.evidence.set(attachments)
    audit_record(
        actor=actor,
        event_type=CreditEvent.REPAIR_SUBMITTED,
        target=request,
        payload={
            "record": str(record.public_id),
            "decision_number": record.decision_number,
            "applicant_name": applicant_name,
            "training_certificate": request.training_certificate,
            "evidence": [str(a.public_id) for a in attachments],
        },
    )
    return request


@transaction.atomic
def repair_request_decide(
    *,
    request: RepairRequest,
    approve: bool,
    reason: str,
    actor: Actor,
    today: date | None = None,
    now: datetime | None = None,
) -> RepairRequest:
    """Approve or refuse a pending repair request (credit administrator; a reason is always required).

    Approval checks the regime's conditions on `today` (default: the day of `now` in Asia/Shanghai); if one is not
    met it raises ServiceError (code `repair_conditions_not_met`) naming each, and nothing changes. An approved repair
    takes the penalty off public view (status `repaired`) and removes, as of `today`, the list entries resting on it.
    """
    if not can_manage_credit(actor):
        raise PermissionDenied(_("Only the credit administrator may decide on credit repair requests."))
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.for_fields({"reason": _("Give the reason for the decision.")})
    request = RepairRequest.objects.select_for_update().get(pk=request.pk)
    record = PenaltyRecord.objects.select_for_update(of=("self",)).select_related("regime").get(pk=request.record_id)
    REPAIR_MACHINE.require(request.status, APPROVE if approve else REFUSE, number=record.decision_number)
    if not approve:
        REPAIR_MACHINE.apply(request, REFUSE, number=record.decision_number)
        request.decided_at = now
        request.decided_by = actor.user
        request.decision_reason = reason
        request.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        audit_record(
            actor=actor,
            event_type=CreditEvent.REPAIR_REFUSED,
            target=request,
            payload={"record": str(record.public_id), "decision_number": record.decision_number, "reason": reason},
        )
        return request

    problems = repair_conditions_unmet(record, request, today=today)
    if problems:
        raise ServiceError(" ".join(problems), code="repair_conditions_not_met")

    REPAIR_MACHINE.apply(request, APPROVE, number=record.decision_number)
    request.decided_at = now
    request.decided_by = actor.user
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])

    previous_status = PUBLICATION_MACHINE.apply(record, REPAIR, number=record.decision_number)
    record.is_public = False
    record.save(update_fields=["status", "is_public", "updated_at"])

    lifted = _lift_list_entries(record, today=today)
    audit_record(
        actor=actor,
        event_type=CreditEvent.REPAIR_APPROVED,
        target=request,
        payload={
            "record": str(record.public_id),
            "decision_number": record.decision_number,
            "reason": reason,
            "as_of": today,
            "lifted_list_entries": lifted,
        },
    )
    audit_record(
        actor=actor,
        event_type=CreditEvent.RECORD_REPAIRED,
        target=record,
        payload={
            "repair_request": str(request.public_id),
            "status": [previous_status, record.status],
            "is_public": [True, False],
            "lifted_list_entries": lifted,
        },
    )
    return request


def _lift_list_entries(record: PenaltyRecord, *, today: date) -> list[str]:
    """Remove (as of `today`) the entries still in force that rest on the record: its document number or a reason
    citing it. Returns their public ids."""
    number = record.decision_number.strip()
    if not number:
        return []
    entries = list(
        ListEntry.objects.select_for_update()
        .filter(Q(document_number=number) | Q(reason__contains=number))
        .filter(removed_on__isnull=True)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
    )
    if not entries:
        return []
    removal_reason = _("Lifted by the approved credit repair of penalty %(number)s.") % {"number": number}
    for entry in entries:
        list_entry_require_removable(entry)
        entry.removed_on = today
        entry.removal_reason = removal_reason
    ListEntry.objects.bulk_update(entries, ["removed_on", "removal_reason"])
    return [str(e.public_id) for e in entries]
