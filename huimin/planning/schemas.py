"""Shapes of /api/v1/rounds and /api/v1/intentions: `<Entity>In` (bodies), `<Entity>Out` (responses),
`<Entity>Filter` (query strings).

Rounds are named by code, purchasers and communities by their division code, categories by code, intentions and
needs by `public_id`. Money is a decimal string in 元 with two decimals. The trace of an intention carries no personal
data: supports are given by date and channel only.
"""

# No `from __future__ import annotations` here: ninja's PatchDict re-reads these annotations at runtime.
from datetime import datetime
from decimal import Decimal
from uuid import UUID

from ninja import Field, Schema

from .models import IntentionStatus, RoundStatus

# --- rounds --------------------------------------------------------------------------------------------------------


class RoundBudgetOut(Schema):
    purchaser_code: str
    purchaser_name: str
    amount: Decimal = Field(description="The purchaser's budget in the round (元).")
    confirmed: Decimal = Field(description="Budget of its confirmed intentions (元).")
    confirmed_intentions: int
    planned: Decimal | None = Field(
        None,
        description="Budget of its draft and confirmed intentions (元); shown to the district administrator and the "
        "purchaser itself only.",
    )
    remaining: Decimal | None = Field(None, description="amount − planned; same audience as `planned`.")


class RoundOut(Schema):
    code: str
    name: str
    year: int
    status: RoundStatus
    status_label: str
    description: str
    opened_at: datetime | None
    closed_at: datetime | None
    total_budget: Decimal = Field(description="The sum of the purchasers' budgets (元).")
    budgets: list[RoundBudgetOut]


class RoundIn(Schema):
    code: str = Field(description="Lower-case letters, digits, “-” and “_”; at most 32 characters, e.g. pc-2020.")
    name: str = Field(description="e.g. 平城区第二届政府向社会力量购买服务")
    year: int
    description: str = ""


class RoundPatchIn(Schema):
    code: str = Field(description="Only while the round is a draft.")
    name: str
    year: int
    description: str


class RoundFilter(Schema):
    status: RoundStatus | None = None


class BudgetIn(Schema):
    purchaser: str = Field(description="Code of the street or township.")
    amount: Decimal = Field(description="元, ≥ 0, at most two decimals; not below what its intentions already plan.")


# --- intentions ----------------------------------------------------------------------------------------------------


class PlanCommunityOut(Schema):
    code: str
    name: str


class IntentionOut(Schema):
    public_id: UUID
    number: str = Field(description="I-<purchaser code>-<round code>-<sequence>")
    round: str = Field(description="Code of the round.")
    purchaser_code: str
    purchaser_name: str
    title: str
    category: str
    category_name: str
    communities: list[PlanCommunityOut]
    needs: list[UUID] = Field(description="public_id of each linked need.")
    budget: Decimal
    expected_beneficiaries: int
    description: str
    status: IntentionStatus
    status_label: str
    created_at: datetime
    updated_at: datetime


class PlanSupportOut(Schema):
    supported_at: datetime
    channel: str


class NeedTraceOut(Schema):
    public_id: UUID
    number: str
    title: str
    community_code: str
    community_name: str
    category: str
    status: str
    support_count: int = Field(description="Supports of this need itself.")
    total_support_count: int = Field(description="Supports of this need and of the needs merged into it.")
    resident_count: int = Field(description="Distinct residents supporting it or a need merged into it.")
    supports: list[PlanSupportOut]
    merged: list["NeedTraceOut"] = Field(description="Needs merged into this one, with their supports.")


NeedTraceOut.model_rebuild()


class TraceOut(Schema):
    need_count: int
    support_count: int
    needs: list[NeedTraceOut]


class IntentionDetailOut(IntentionOut):
    trace: TraceOut = Field(description="The needs behind the intention, their communities and supports.")


class IntentionFilter(Schema):
    round: str | None = Field(None, description="Code of the round.")
    purchaser: str | None = Field(None, description="Code of the street or township.")
    category: str | None = Field(None, description="Code of the service category.")
    status: IntentionStatus | None = None


class IntentionIn(Schema):
    round: str = Field(description="Code of an open round.")
    purchaser: str = Field(description="Code of the street or township (yours, unless you are the administrator).")
    title: str
    category: str = Field(description="Code of the service category.")
    communities: list[str] = Field(description="Codes of the purchaser's communities covered.")
    needs: list[UUID] = Field(default_factory=list, description="public_id of accepted needs of those communities.")
    budget: Decimal = Field(description="元, > 0, at most two decimals.")
    expected_beneficiaries: int = 0
    description: str = ""


class IntentionPatchIn(Schema):
    title: str
    category: str
    communities: list[str]
    needs: list[UUID]
    budget: Decimal
    expected_beneficiaries: int
    description: str


class WithdrawIn(Schema):
    reason: str = ""
