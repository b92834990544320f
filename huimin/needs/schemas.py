"""Shapes of the needs API: `<Entity>In` (bodies), `<Entity>Out` (responses), `<Entity>Filter` (query strings).

Needs are named by `public_id`, communities and streets by their division code, categories by their code. Public
shapes carry no personal data: no submitter, no supporter, free text with phone and ID numbers masked.
"""

# No `from __future__ import annotations` here: ninja reads these annotations at runtime.
from datetime import datetime
from typing import Literal
from uuid import UUID

from ninja import Field, Schema

from .models import NeedSource, NeedStatus


class NeedFilter(Schema):
    q: str = Field("", description="Words of the title, description or target group, a need number, a community.")
    community: str | None = Field(None, description="Code of a community (or village).")
    street: str | None = Field(None, description="Code of a street or township: the needs of its communities.")
    category: str | None = Field(None, description="Code of a service category.")
    status: NeedStatus | None = Field(None, description="submitted, accepted, merged or declined.")
    sort: Literal["recent", "supports", "number"] = Field("recent", description="Newest, most supported, or number.")


class DivisionRef(Schema):
    code: str
    name: str


class CategoryRef(Schema):
    code: str
    name: str


class NeedRef(Schema):
    public_id: UUID
    number: str
    title: str


class PhotoOut(Schema):
    id: UUID
    url: str


class QuestionnaireRef(Schema):
    public_id: UUID
    title: str
    response_count: int
    results_url: str | None = Field(description="The questionnaire's public results page, when there is one.")


class NeedRowOut(Schema):
    public_id: UUID
    number: str = Field(description="N-<community code>-<year>-<sequence>")
    url: str
    title: str
    category: CategoryRef
    community: DivisionRef
    street: DivisionRef | None
    target_group: str
    estimated_beneficiaries: int
    residents_asking: int
    source: NeedSource
    status: NeedStatus
    status_label: str
    submitted_at: datetime
    answer: str = Field(description="The community's public answer (required for merged and declined needs).")
    answered_at: datetime | None
    merged_into: NeedRef | None
    support_count: int = Field(description="Supports of this need itself.")
    support_total: int = Field(
        description="Residents supporting this need or a need merged into it, each counted once: the figure shown."
    )


class NeedOut(NeedRowOut):
    description: str
    evidence_note: str
    merged_from: list[NeedRef]
    photos: list[PhotoOut]
    questionnaires: list[QuestionnaireRef]


class NeedIn(Schema):
    community: str = Field(description="Code of the community the need is for.")
    title: str
    category: str = Field(description="Code of an active service category.")
    target_group: str
    description: str
    estimated_beneficiaries: int | str = 0
    residents_asking: int | str = 0
    evidence_note: str = ""
    questionnaires: list[UUID] = Field(
        default_factory=list, description="Questionnaires of the same community (community staff only)."
    )


class NeedFieldsIn(Schema):
    title: str
    category: str
    target_group: str
    description: str
    estimated_beneficiaries: int | str
    residents_asking: int | str
    evidence_note: str


class SupportIn(Schema):
    phone: str | None = Field(None, description="Without a resident account: the mobile phone the code was sent to.")
    code: str | None = Field(None, description="The 6-digit code sent by POST /needs/{public_id}/support-code.")


class NeedSupportOut(Schema):
    need: UUID
    channel: str
    support_count: int
    support_total: int


class NeedPhoneCodeIn(Schema):
    phone: str


class NeedPhoneCodeOut(Schema):
    sent: bool
    valid_minutes: int


class NeedDecisionIn(Schema):
    action: Literal["accept", "merge", "decline"]
    answer: str = Field("", description="The public answer; required to merge or decline.")
    merged_into: UUID | None = Field(None, description="For a merge: the need of the same community to merge into.")


class NeedCategoryOut(Schema):
    code: str
    name: str
    description: str
    position: int
    is_active: bool


class CategoryIn(Schema):
    code: str
    name: str
    description: str = ""
    position: int | None = None


class CategoryPatchIn(Schema):
    name: str
    description: str
    position: int
    is_active: bool
