"""Shapes of /api/v1/proposals: `<Entity>In` (request bodies), `<Entity>Out` (responses), `<Entity>Filter`.

Values are taken as typed and checked by the services: numbers and amounts may be text with full-width digits
("３５０", "5万元"), dates "2030-11-01" or "2030年11月1日". Rows of a proposal are named by their `position`
(activities, indicators, budget lines), team members by the profile member's `public_id`, documents by the call's
document code. Budget line totals are computed by the server; a `total` sent is ignored.
"""

# No `from __future__ import annotations` here: ninja's PatchDict re-reads these annotations at runtime.
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

Number = str | int | float | None

# --- input --------------------------------------------------------------------------------------------------------


class ProposalIn(Schema):
    call: UUID = Field(description="public_id of the call.")
    organization: UUID | None = Field(
        None, description="public_id of your organization; optional when you act for one organization only."
    )


class ProposalFieldsIn(Schema):
    """Autosave: send any subset; each field is saved as typed (only its form is checked)."""

    title: str | None = None
    category: str | None = Field(None, description="Code of one of the call's categories.")
    intentions: list[UUID] | None = Field(None, description="public_ids of the call's intentions answered.")
    communities: list[str] | None = Field(None, description="Codes of the communities served.")
    start_date: str | None = None
    end_date: str | None = None
    contact_name: str | None = None
    contact_phone: str | None = None
    target_group: str | None = None
    direct_beneficiaries: Number = None
    indirect_beneficiaries: Number = None
    summary: str | None = Field(None, description="项目简介, at most 500 characters at submission.")
    need_analysis: str | None = None
    objectives: str | None = None
    risks: str | None = None
    sustainability: str | None = None
    applied_amount: Number = Field(None, description='元 ("50000", "5万").')
    commitment_accepted: bool | None = Field(None, description="true accepts the commitment, false takes it back.")


class ActivityIn(Schema):
    name: str | None = None
    description: str | None = None
    sessions: Number = None
    start_date: str | None = None
    end_date: str | None = None
    place: str | None = None
    participants: Number = None


class IndicatorIn(Schema):
    kind: str | None = Field(None, description="output | outcome")
    name: str | None = None
    target_value: Number = None
    unit: str | None = None


class TeamIn(Schema):
    member: UUID = Field(description="public_id of a member of the organization's team (profile).")
    role: str
    is_lead: bool = False


class TeamChangeIn(Schema):
    role: str | None = None
    is_lead: bool | None = None


class BudgetLineIn(Schema):
    category: str | None = Field(None, description="labour, expert, training, meeting, activity, … management, tax")
    item: str | None = None
    unit_price: Number = None
    unit: str | None = None
    quantity: Number = None
    cap_code: str | None = Field(None, description="Code of the call's unit-price cap the line falls under.")
    note: str | None = None


class DocumentIn(Schema):
    code: str = Field(description="Code of a document the call asks for.")
    attachment: UUID = Field(description="public_id of a file uploaded through /api/v1/files.")


class DocumentChangeIn(Schema):
    attachment: UUID = Field(description="public_id of a file uploaded through /api/v1/files.")


class ProposalFilter(Schema):
    call: UUID | None = None
    status: str | None = None


class CountFilter(Schema):
    call: UUID


# --- output -------------------------------------------------------------------------------------------------------


class ProblemOut(Schema):
    section: str
    field: str
    code: str
    message: str
    blocking: bool


class ProposalOut(Schema):
    public_id: UUID
    call: UUID
    call_number: str
    call_deadline: datetime
    organization: UUID
    organization_name: str
    title: str
    status: str
    status_label: str
    submitted_at: datetime | None
    receipt_number: str
    updated_at: datetime
    amendments_unconfirmed: bool
    fix_sections: list[str]
    fix_until: datetime | None


class RefOut(Schema):
    public_id: UUID
    number: str
    title: str
    purchaser_code: str
    purchaser_name: str


class ProposalCommunityOut(Schema):
    code: str
    name: str


class ActivityOut(Schema):
    position: int
    name: str
    description: str
    sessions: int
    start_date: date | None
    end_date: date | None
    place: str
    participants: int | None


class IndicatorOut(Schema):
    position: int
    kind: str
    name: str
    target_value: Decimal
    unit: str


class TeamOut(Schema):
    member: UUID
    name: str
    education: str
    qualification: str
    qualification_label: str
    role: str
    is_lead: bool


class BudgetLineOut(Schema):
    position: int
    category: str
    category_label: str
    item: str
    unit_price: Decimal
    unit: str
    quantity: Decimal
    total: Decimal
    cap_code: str
    note: str


class BudgetSummaryOut(Schema):
    total: Decimal
    labour_total: Decimal
    labour_share: Decimal | None
    management_total: Decimal
    management_share: Decimal | None
    applied_amount: Decimal | None
    self_funded: Decimal
    by_category: dict[str, Decimal]
    lines: int


class ProposalDocumentOut(Schema):
    code: str
    attachment: UUID
    name: str
    sha256: str
    added_at: datetime


class ReceiptOut(Schema):
    number: str
    kind: str
    submitted_at: datetime
    digest: str
    withdrawn_at: datetime | None


class ProposalDetailOut(ProposalOut):
    category: str | None
    intentions: list[RefOut]
    communities: list[ProposalCommunityOut]
    start_date: date | None
    end_date: date | None
    contact_name: str
    contact_phone: str
    target_group: str
    direct_beneficiaries: int | None
    indirect_beneficiaries: int | None
    summary: str
    need_analysis: str
    objectives: str
    risks: str
    sustainability: str
    applied_amount: Decimal | None
    commitment_accepted_at: datetime | None
    confirmed_amendment: int
    activities: list[ActivityOut]
    indicators: list[IndicatorOut]
    team: list[TeamOut]
    budget_lines: list[BudgetLineOut]
    budget: BudgetSummaryOut
    budget_problems: list[ProblemOut]
    documents: list[ProposalDocumentOut]
    receipts: list[ReceiptOut]
    missing: list[ProblemOut]
    editable_sections: list[str] = Field(description="What the caller may change now (empty: nothing).")


class CountOut(Schema):
    call: UUID
    submitted: int


def drop_unset(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if v is not None}
