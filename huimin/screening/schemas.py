"""Shapes of /api/v1/screenings: responses (`…Out`), request bodies (`…In`) and query strings (`…Filter`).

Screenings, calls, proposals, organizations and credit checks are named by their `public_id`. `details` of a check
and the credit evidence are given to the staff only (the call's managers, the district administrator, the
purchasers whose intentions the proposal answers); the organization gets each check's result and reason.
"""

# No `from __future__ import annotations`: ninja reads these annotations at runtime.
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema


class ScreeningCheckOut(Schema):
    code: str = Field(
        description="uscc | registration | org_type | annual_inspection | grade | operating_years | "
        "credit | budget | completeness | proposal_limit | duplicate_text | amendments_confirmed"
    )
    label: str
    result: str = Field(description="pass | review | fail")
    result_label: str
    reason: str
    details: dict[str, Any] = Field(description="What the check looked at (staff only; {} for the organization).")


class DecisionOut(Schema):
    decision: str = Field(description="pass | reject | fix")
    reason: str
    fix_sections: list[str]
    fix_until: datetime | None
    decided_at: datetime


class CreditEvidenceOut(Schema):
    public_id: UUID
    result: str = Field(description="clear | warned | blocked")
    as_of: date
    checked_at: datetime
    checked_by: str
    purpose: str
    digest: str = Field(description="SHA-256 of the canonical JSON of {subject, as_of, findings}.")
    intact: bool = Field(description="Whether the stored findings still match the digest.")
    findings: list[dict[str, Any]]


class ScreeningOut(Schema):
    public_id: UUID
    call: UUID
    call_number: str
    proposal: UUID
    receipt_number: str
    title: str
    organization: UUID
    organization_name: str
    applied_amount: Decimal | None
    purchasers: list[str]
    category: str | None = Field(description="The category's code.")
    automatic_result: str = Field(description="pass | review | fail: the worst of the checks.")
    status: str = Field(description="awaiting | passed | rejected | fix_requested | fix_submitted")
    status_label: str
    fix_expired: bool = Field(description="A fix was asked for and its window ended without a fix.")
    reason: str
    fix_sections: list[str]
    fix_until: datetime | None
    decided_at: datetime | None
    checked_at: datetime
    version: int = Field(
        description="Raised by every change (a decision, a re-check, a fix). Send it back with a decision: a "
        "decision made on an older version is refused with 409."
    )


class ScreeningDetailOut(ScreeningOut):
    checks: list[ScreeningCheckOut]
    decisions: list[DecisionOut]
    credit_evidence: CreditEvidenceOut | None = Field(description="The saved credit check (staff only).")


class ScreeningFilter(Schema):
    call: UUID | None = Field(None, description="A call's public_id.")
    status: str | None = Field(None, description="A status, or `expired` (fix windows over without a fix).")
    result: str | None = Field(None, description="pass | review | fail")
    q: str = Field("", description="Organization, project, receipt number or credit code.")


VERSION_IN = (
    "The screening's `version` the decision was made on (from the screening as read); 409 "
    "`screening_version_conflict` when it has changed since (someone else decided, or it was checked again)."
)


class ScreeningDecisionIn(Schema):
    decision: str = Field(description="pass | reject | fix")
    version: int = Field(description=VERSION_IN)
    reason: str = Field("", description="Required to reject, to ask for a fix and to change a decision.")
    fix_sections: list[str] = Field(default_factory=list, description="Section codes of huimin.proposals.sections.")
    fix_working_days: int = Field(3, description="The window ends at 17:00 on the N-th working day after today.")


class ScreeningVersionIn(Schema):
    public_id: UUID
    version: int = Field(description=VERSION_IN)


class BatchDecisionIn(Schema):
    screenings: list[ScreeningVersionIn] = Field(description="Each screening with the version decided on.")
    decision: str = Field(description="pass | reject")
    reason: str = ""


class BatchOut(Schema):
    decided: int
    screenings: list[ScreeningOut]


class RunOut(Schema):
    public_id: UUID
    call: UUID
    call_number: str
    started_at: datetime
    finished_at: datetime | None
    proposals: int = Field(description="Proposals whose checks this run wrote.")
    started_by: str
