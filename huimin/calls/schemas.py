"""Shapes of /api/v1/calls: request bodies (`…In`), responses (`…Out`) and query strings (`…Filter`).

Database ids never leave the server: calls, intentions, questions, organizations and documents are named by their
`public_id`, rounds and categories by their code. The four structured parts of a call are typed in responses
(`EligibilityOut`, `RequiredDocumentOut`, `BudgetRulesOut`, `ReviewCriterionOut` — the JSON of huimin.calls.rules);
in requests they are sent in the same shape and checked by huimin.calls.rules, whose per-field messages come back
in `errors` keyed by a dotted path (`budget_rules.unit_price_caps.2.amount`). Decimals are sent as strings.
"""

# No `from __future__ import annotations` here: ninja's PatchDict re-reads these annotations at runtime.
from datetime import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from .models import CallStatus, QuestionStatus

RULES_NOTE = "Same shape as in the response; a missing key takes the default of a new call (huimin.calls.rules)."

# --- the structured parts -------------------------------------------------------------------------------------------


class EligibilityOut(Schema):
    civil_affairs_registration: bool = Field(description="Registered with the civil affairs authority (民政登记).")
    annual_inspection: str = Field(description="Previous year's 年检: passed | basic (合格或基本合格) | none.")
    min_grade: int = Field(description="0 = no evaluation grade needed; 1–5 = at least that many A.")
    credit_check: bool = Field(description="Not on a joint-punishment list (checked at screening).")
    no_major_violation_years: int = Field(description="No 重大违法记录 in the last N years; 0 = not asked.")
    min_years_operating: int = Field(description="Founded at least N full years before the deadline.")
    allowed_org_types: list[str] = Field(description="Organization types that may apply (core OrganizationType).")
    other_conditions: list[str]


class RequiredDocumentOut(Schema):
    code: str
    name: str
    required: bool
    description: str


class UnitPriceCapOut(Schema):
    code: str
    item: str
    unit: str = Field(description="e.g. 元/人天")
    amount: str = Field(description="Yuan per unit, as a decimal string.")


class BudgetRulesOut(Schema):
    labour_share_max: str = Field(description='Percent of the project total (劳务费 + 志愿者补贴), e.g. "50".')
    management_fee_max: str = Field(description='Percent of the project total (机构管理费), e.g. "10".')
    unit_price_caps: list[UnitPriceCapOut]
    total_within_cap: bool = Field(description="The amount requested may not exceed the cap per project.")
    forbidden_expenses: list[str]


class ReviewCriterionOut(Schema):
    code: str
    name: str
    weight: str = Field(description="Points out of 100; the weights of a call add up to exactly 100.")
    description: str
    source: str = Field(description="experts | past_performance")


# --- calls ----------------------------------------------------------------------------------------------------------


class CallFilter(Schema):
    status: CallStatus | None = None
    round: str | None = Field(None, description="Code of the round.")
    q: str = Field("", description="Part of the title or number.")


class CallOut(Schema):
    public_id: UUID
    number: str = Field(description="C-<round code>-<sequence>")
    title: str
    status: CallStatus
    status_label: str
    round: str = Field(description="Code of the round.")
    round_name: str
    manager: UUID = Field(description="public_id of the organization running the call.")
    manager_name: str
    cap_per_project: Decimal
    total_budget: Decimal = Field(description="Sum of the budgets of the intentions listed.")
    deadline: datetime
    original_deadline: datetime | None
    published_at: datetime | None
    closed_at: datetime | None


class IntentionRefOut(Schema):
    public_id: UUID
    number: str
    title: str
    purchaser_code: str
    purchaser_name: str
    category: str
    budget: Decimal


class CallCategoryOut(Schema):
    code: str
    name: str


class CallDocumentOut(Schema):
    public_id: UUID
    name: str
    size: int
    sha256: str
    url: str


class AmendmentOut(Schema):
    sequence: int
    reason: str
    changes: dict[str, Any] = Field(
        description='Field → {before, after}; a moved deadline carries "automatic": true when a late amendment '
        "moved it."
    )
    deadline_before: datetime
    deadline_after: datetime
    extended: bool = Field(description="The late-amendment rule moved the deadline.")
    published_at: datetime


class CallQuestionOut(Schema):
    public_id: UUID
    question: str
    status: QuestionStatus
    status_label: str
    answer: str
    asked_at: datetime
    answered_at: datetime | None
    corrected_at: datetime | None = None
    organization: str | None = Field(
        None, description="The asking organization: shown to the call's managers and to the asker only."
    )


class CallDetailOut(CallOut):
    body: str
    intentions: list[IntentionRefOut]
    categories: list[CallCategoryOut]
    max_proposals_per_organization: int
    expected_proposals: int
    opens_at: datetime | None
    late_amendment_working_days: int
    extension_working_days: int
    eligibility: EligibilityOut
    eligibility_text: list[str] = Field(description="The eligibility criteria in words.")
    required_documents: list[RequiredDocumentOut]
    budget_rules: BudgetRulesOut
    review_criteria: list[ReviewCriterionOut]
    documents: list[CallDocumentOut]
    amendments: list[AmendmentOut]
    questions: list[CallQuestionOut] = Field(
        description="Answered questions for everyone; the managers see all, a provider also its own."
    )


class CallFieldsIn(Schema):
    """The editable fields of a call; every one is optional in a PATCH and in an amendment's `changes`."""

    title: str | None = None
    body: str | None = None
    cap_per_project: Decimal | None = None
    max_proposals_per_organization: int | None = None
    expected_proposals: int | None = None
    deadline: datetime | None = None
    intentions: list[UUID] | None = Field(None, description="public_id of confirmed intentions of the call's round.")
    categories: list[str] | None = Field(None, description="Codes of service categories.")
    documents: list[UUID] | None = Field(None, description="public_id of attachments uploaded by you.")
    eligibility: dict[str, Any] | None = Field(None, description=RULES_NOTE)
    required_documents: list[dict[str, Any]] | None = Field(None, description=RULES_NOTE)
    budget_rules: dict[str, Any] | None = Field(None, description=RULES_NOTE)
    review_criteria: list[dict[str, Any]] | None = Field(None, description=RULES_NOTE)


class CallDraftFieldsIn(CallFieldsIn):
    """What only a draft may change besides."""

    opens_at: datetime | None = None
    late_amendment_working_days: int | None = Field(None, description="Working days before the deadline (0–20).")
    extension_working_days: int | None = Field(None, description="Working days granted after a late amendment.")


class CallIn(CallDraftFieldsIn):
    round: str = Field(description="Code of the round.")
    title: str  # type: ignore[assignment]
    manager: UUID | None = Field(
        None, description="public_id of the intermediary; optional when you manage for one organization only."
    )


class AmendmentIn(Schema):
    reason: str = Field(description="Published with the amendment.")
    changes: CallFieldsIn


class CancelIn(Schema):
    reason: str


class CallQuestionIn(Schema):
    question: str
    organization: UUID | None = Field(None, description="Your organization, when you act for several.")


class CallAnswerIn(Schema):
    answer: str


class RejectIn(Schema):
    reason: str


class CorrectionIn(Schema):
    answer: str
    reason: str
