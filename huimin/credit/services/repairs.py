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
from datetime import date, timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Role
from huimin.core.permissions import Actor, PermissionDenied, require
from huimin.core.services.errors import ServiceError
from huimin.files.services import attachment_claim

from ..models import ListEntry, PenaltyRecord, PublicationStatus, RepairRequest, RepairStatus, Severity
from ..permissions import can_manage_credit

# The purpose of an evidence file (huimin.files.owners: fetched by those who see the repair request).
REPAIR_EVIDENCE_PURPOSE = "credit_repair"

# (regime code, severity) pairs whose repair needs the 信用修复培训证明 (527号: 严重失信).
TRAINING_CERTIFICATE_REQUIRED: frozenset[tuple[str, str]] = frozenset({("ndrc-2019-527", Severity.SERIOUS)})


def _is_subject_provider(actor: Actor, record: PenaltyRecord) -> bool:
    """The actor holds the provider role for the organization the penalty was imposed on (same credit code)."""
    if not record.subject_uscc:
        return False
    return any(o.uscc == record.subject_uscc for o in actor.organizations_for(Role.PROVIDER))


def _not_published_reason(record: PenaltyRecord) -> str | None:
    """Why a repair cannot be asked for this record, or None when the record is on public view."""
    number = record.decision_number
    if record.status == PublicationStatus.PUBLISHED and record.is_public:
        return None
    if record.status == PublicationStatus.REPAIRED:
        return _("Penalty %(number)s has already been repaired; it is no longer published.") % {"number": number}
    if record.status == PublicationStatus.EXPIRED:
        return _(
            "The publication period of penalty %(number)s has ended; it is no longer published, so there is nothing "
            "to repair."
        ) % {"number": number}
    if record.status == PublicationStatus.REVOKED:
        return _("Penalty %(number)s was revoked; it is no longer published.") % {"number": number}
    if record.status == PublicationStatus.NOT_PUBLISHED:
        return _("Penalty %(number)s is not published (a minor penalty), so there is nothing to repair.") % {
            "number": number
        }
    return _("Penalty %(number)s is not on public view, so there is nothing to repair.") % {"number": number}


def repair_possible_from(record: PenaltyRecord) -> date:
    """The first day a repair may be approved: the day after the minimum publication period ends.

    `min_period_end` is the last day of the minimum period (counted from the decision date, as the plan computes
    it; a 公示截止期 may be that very day), so the period has been served once that day is over.
    """
    if record.min_period_end is None:
        raise ValueError("the record has no minimum publication period")
    return record.min_period_end + timedelta(days=1)


def repair_conditions_unmet(record: PenaltyRecord, request: RepairRequest, *, today: date) -> list[str]:
    """Every condition of the record's regime that an approval on `today` would fail, as messages (empty = met)."""
    problems: list[str] = []
    number = record.decision_number
    reason = _not_published_reason(record)
    if reason:
        problems.append(reason)
    regime = record.regime
    regime_name = regime.document if regime is not None else _("the regime in force on its decision date")
    if not record.repairable:
        problems.append(
            _(
                "Penalty %(number)s cannot be repaired: under %(regime)s a penalty of severity “%(severity)s” stays "
                "published for its whole period."
            )
            % {"number": number, "regime": regime_name, "severity": record.get_severity_display()}
        )
    if record.min_period_end is None:
        problems.append(
            _(
                "The minimum publication period of penalty %(number)s is not known; its publication plan must be "
                "computed before it can be repaired."
            )
            % {"number": number}
        )
    elif today < repair_possible_from(record):
        problems.append(
            _(
                "The minimum publication period of penalty %(number)s runs until %(end)s and has not been served: "
                "it may be repaired from %(date)s."
            )
            % {
                "number": number,
                "end": record.min_period_end.isoformat(),
                "date": repair_possible_from(record).isoformat(),
            }
        )
    if (
        regime is not None
        and (regime.code, record.severity) in TRAINING_CERTIFICATE_REQUIRED
        and not request.training_certificate
    ):
        problems.append(
            _(
                "Penalty %(number)s is a serious penalty under %(regime)s: its repair needs the credit repair training "
                "certificate (信用修复培训证明), which the request does not have."
            )
            % {"number": number, "regime": regime_name}
        )
    return problems


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
    reason = _not_published_reason(record)
    if reason:
        raise ServiceError(reason, code="repair_not_published")
    if RepairRequest.objects.filter(record=record, status=RepairStatus.SUBMITTED).exists():
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
        submitted_at=timezone.now(),
    )
    if attachments:
        for attachment in attachments:
            attachment_claim(attachment=attachment, purpose=REPAIR_EVIDENCE_PURPOSE, actor=actor)
        request.evidence.set(attachments)
    audit_record(
        actor=actor,
        event_type="credit.repair_submitted",
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
    *, request: RepairRequest, approve: bool, reason: str, actor: Actor, today: date | None = None
) -> RepairRequest:
    """Approve or refuse a pending repair request (credit administrator; a reason is always required).

    Approval checks the regime's conditions on `today` (default: today in Asia/Shanghai); if one is not met it
    raises ServiceError (code `repair_conditions_not_met`) naming each, and nothing changes. An approved repair takes
    the penalty off public view (status `repaired`) and removes, as of `today`, the list entries resting on it.
    """
    if not can_manage_credit(actor):
        raise PermissionDenied(_("Only the credit administrator may decide on credit repair requests."))
    today = today or timezone.localdate()
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError.for_fields({"reason": _("Give the reason for the decision.")})
    request = RepairRequest.objects.select_for_update().get(pk=request.pk)
    record = PenaltyRecord.objects.select_for_update(of=("self",)).select_related("regime").get(pk=request.record_id)
    if request.status != RepairStatus.SUBMITTED:
        raise ServiceError(
            _("This repair request of penalty %(number)s was already decided (%(status)s).")
            % {"number": record.decision_number, "status": request.get_status_display()},
            code="repair_already_decided",
        )
    now = timezone.now()
    if not approve:
        request.status = RepairStatus.REFUSED
        request.decided_at = now
        request.decided_by = actor.user
        request.decision_reason = reason
        request.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])
        audit_record(
            actor=actor,
            event_type="credit.repair_refused",
            target=request,
            payload={"record": str(record.public_id), "decision_number": record.decision_number, "reason": reason},
        )
        return request

    problems = repair_conditions_unmet(record, request, today=today)
    if problems:
        raise ServiceError(" ".join(problems), code="repair_conditions_not_met")

    request.status = RepairStatus.APPROVED
    request.decided_at = now
    request.decided_by = actor.user
    request.decision_reason = reason
    request.save(update_fields=["status", "decided_at", "decided_by", "decision_reason"])

    previous_status = record.status
    record.status = PublicationStatus.REPAIRED
    record.is_public = False
    record.save(update_fields=["status", "is_public", "updated_at"])

    lifted = _lift_list_entries(record, today=today)
    audit_record(
        actor=actor,
        event_type="credit.repair_approved",
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
        event_type="credit.record_repaired",
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
        entry.removed_on = today
        entry.removal_reason = removal_reason
    ListEntry.objects.bulk_update(entries, ["removed_on", "removal_reason"])
    return [str(e.public_id) for e in entries]
