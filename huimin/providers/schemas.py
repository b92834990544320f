"""Shapes of /api/v1/organizations/{public_id}/team, /past-projects and /documents.

Database ids never leave the server: team members and past projects are named by their `public_id`, standing
documents by their attachment's `public_id`. Decimals are sent as strings. A team member's `phone` is only given to
the organization's own providers (null for staff).
"""

# No `from __future__ import annotations` here: ninja's PatchDict re-reads these annotations at runtime.
from datetime import date, datetime
from uuid import UUID

from ninja import Field, Schema


class TeamMemberOut(Schema):
    public_id: UUID
    name: str
    education: str
    qualification: str = Field(description="none | assistant | social_worker | senior | other")
    qualification_label: str
    qualification_note: str
    position: str
    phone: str | None = Field(description="Only for the organization's own providers.")
    is_full_time: bool
    is_active: bool


class TeamMemberIn(Schema):
    name: str
    education: str = ""
    qualification: str = "none"
    qualification_note: str = ""
    position: str = ""
    phone: str = ""
    is_full_time: bool = True


class PastProjectOut(Schema):
    public_id: UUID
    source: str = Field(description="platform (recorded from an earlier round, read-only) | declared")
    editable: bool
    year: int
    round_name: str
    title: str
    purchaser_name: str
    amount: str | None
    beneficiaries: int | None
    outcome: str
    evaluation_score: str | None
    funds_use: str


class PastProjectIn(Schema):
    year: int | str
    title: str
    round_name: str = ""
    purchaser_name: str = ""
    amount: str | None = Field(None, description='Yuan, e.g. "50000.00".')
    beneficiaries: int | None = None
    outcome: str = ""
    evaluation_score: str | None = Field(None, description="0–100.")
    funds_use: str = ""


class ProfileDocumentOut(Schema):
    id: UUID = Field(description="The attachment's public id (download at /files/{id}/).")
    code: str
    label: str
    file_name: str
    size: int
    sha256: str
    valid_until: date | None
    uploaded_at: datetime
    current: bool = Field(description="The latest document of its code.")
