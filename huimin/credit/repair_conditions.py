"""The conditions of a credit repair (信用修复), checked against the regime the penalty was decided under
(REFERENCE.md §3.4): the penalty must be on public view and repairable (特定严重失信 is not), its minimum publication
period must have been served, and under 发改办财金〔2019〕527号 a serious penalty needs the credit repair training
certificate. `huimin.credit.services.repairs` refuses what fails them; the pages show them to the administrator."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils.translation import gettext as _

from .models import PenaltyRecord, PublicationStatus, RepairRequest, Severity

# (regime code, severity) pairs whose repair needs the 信用修复培训证明 (527号: 严重失信).
TRAINING_CERTIFICATE_REQUIRED: frozenset[tuple[str, str]] = frozenset({("ndrc-2019-527", Severity.SERIOUS)})


def not_published_reason(record: PenaltyRecord) -> str | None:
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
    reason = not_published_reason(record)
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
