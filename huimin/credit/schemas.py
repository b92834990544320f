"""Shapes of /api/v1/credit/: `<Entity>In` (bodies), `<Entity>Out` (responses), `<Entity>Filter` (query strings).

Public shapes (`PublicRecord…`, `ListEntryOut`) carry what huimin.credit.masking lets out: natural persons' names and
ID numbers masked. Records are named by `public_id`, units by their code, catalogue items by (unit, kind, code).
Record bodies are lenient on purpose (text as in a file is accepted): the rules check them and answer 400 with the
messages per field.
"""

# No `from __future__ import annotations` here: ninja's PatchDict re-reads these annotations at runtime.
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from .models import CatalogueKind, ListEffect, ListType, RepairStatus, Sector, SubjectCategory

# --- public records --------------------------------------------------------------------------------------------------


class RecordFilter(Schema):
    q: str = Field("", description="Part of the party's name, its full credit code, or a decision number.")
    kind: CatalogueKind | None = Field(None, description="licensing or penalty; both when left out.")
    unit: str | None = Field(None, description="Code of the reporting unit.")
    date_from: date | None = Field(None, alias="from", description="Decisions taken on or after this day.")
    date_to: date | None = Field(None, alias="to", description="Decisions taken on or before this day.")
    party: SubjectCategory | None = Field(None, description="legal_person, natural_person or individual_business.")


class PublicRecordRowOut(Schema):
    public_id: UUID
    kind: CatalogueKind
    title: str = Field(description="The licensing decision document's name, or the penalty's type of violation.")
    subject_name: str = Field(description="The party; a natural person's name keeps the surname only (张**).")
    subject_category: str
    subject_uscc: str = Field(description="The party's credit code (blank for natural persons).")
    decision_number: str
    decision_date: date
    authority: str
    unit_code: str
    unit_name: str


class PublicRecordOut(Schema):
    """A published record, masked (REFERENCE.md §3.6). Fields of the other kind are null."""

    public_id: UUID
    kind: CatalogueKind
    unit_code: str
    unit_name: str
    catalogue_item_code: str
    catalogue_item_name: str
    subject_name: str
    subject_category: str
    subject_category_label: str
    subject_uscc: str
    subject_business_reg_no: str
    subject_org_code: str
    subject_tax_no: str
    subject_institution_no: str
    subject_social_org_no: str
    legal_rep: str
    legal_rep_id_type: str
    legal_rep_id_number: str = Field(description="Masked: first 6 and last 4 characters of a resident ID.")
    person_id_type: str
    person_id_type_label: str
    person_id_number: str = Field(description="A natural person's ID number, masked (140213********1233).")
    decision_number: str
    decision_date: date
    authority: str
    authority_uscc: str
    source_unit: str
    source_unit_uscc: str
    remarks: str = Field(description="Shown for legal persons only.")
    publication_start: date | None
    # licensing
    document_name: str | None = None
    licence_category: str | None = None
    licence_category_label: str | None = None
    licence_category_other: str | None = None
    certificate_name: str | None = None
    licence_number: str | None = None
    valid_from: date | None = None
    valid_to: date | None = None
    is_long_term: bool | None = None
    current_status: str | None = None
    current_status_label: str | None = None
    # both (licence content / penalty content)
    content: str
    # penalty
    violation_type: str | None = None
    facts: str | None = None
    basis: str | None = None
    categories: list[str] | None = None
    category_labels: list[str] | None = None
    fine_amount: Decimal | None = Field(None, description="In 10,000 yuan (万元).")
    confiscated_amount: Decimal | None = Field(None, description="In 10,000 yuan (万元).")
    licence_affected: str | None = None
    penalty_valid_until: date | None = None
    publication_deadline: date | None = Field(None, description="公示截止期: off public view after this day.")


# --- writing records (officers) ----------------------------------------------------------------------------------

Text = str | None
Amount = Decimal | str | None


class RecordFieldsIn(Schema):
    """The national fields by model field name (see huimin.credit.fields for headers and codes). Dates as
    YYYY-MM-DD or YYYY/MM/DD; amounts in 万元; categories as codes (02) or names (罚款), a list or one text."""

    catalogue_item: Text = Field(None, description="Code (or exact name) of an item of the unit's catalogue.")
    subject_name: Text = None
    subject_category: Text = Field(None, description="法人及非法人组织 / 自然人 / 个体工商户, or legal_person …")
    subject_uscc: Text = None
    subject_business_reg_no: Text = None
    subject_org_code: Text = None
    subject_tax_no: Text = None
    subject_institution_no: Text = None
    subject_social_org_no: Text = None
    legal_rep: Text = None
    legal_rep_id_type: Text = None
    legal_rep_id_number: Text = None
    person_id_type: Text = None
    person_id_number: Text = None
    decision_number: Text = None
    decision_date: Text = None
    authority: Text = None
    authority_uscc: Text = None
    source_unit: Text = None
    source_unit_uscc: Text = None
    remarks: Text = None
    content: Text = None
    # licensing
    document_name: Text = None
    licence_category: Text = None
    licence_category_other: Text = None
    certificate_name: Text = None
    licence_number: Text = None
    valid_from: Text = None
    valid_to: Text = Field(None, description="2099-12-31 means long-term.")
    current_status: Text = None
    # penalty
    procedure: Text = Field(None, description="01 简易程序 / 02 一般程序 (default).")
    violation_type: Text = None
    facts: Text = None
    basis: Text = None
    categories: list[str] | str | None = None
    fine_amount: Amount = None
    confiscated_amount: Amount = None
    licence_affected: Text = None
    penalty_valid_until: Text = None
    publication_deadline: Text = Field(None, description="Leave out: computed from the regime.")


class RecordIn(RecordFieldsIn):
    kind: CatalogueKind
    unit: str = Field(description="Code of the reporting unit the record belongs to.")


def _json_value(value: Any) -> Any:
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    if hasattr(value, "code") and hasattr(value, "unit_id"):  # a CatalogueItem
        return value.code
    return value


def _is_licensing(obj) -> bool:
    return not hasattr(obj, "violation_type")


class RecordOut(Schema):
    """A record with every field, for the officers of its unit and the credit administrator."""

    public_id: UUID
    kind: CatalogueKind
    unit_code: str
    catalogue_item_code: str
    fields: dict[str, Any] = Field(description="Every national field by model field name, unmasked.")
    status: str
    is_public: bool
    reported_at: datetime
    publication_start: date | None
    working_days_late: int
    is_late: bool = Field(description="Published more than 7 working days after the decision.")
    severity: str | None = None
    regime: str | None = None
    min_period_end: date | None = None
    max_period_end: date | None = None
    publication_deadline: date | None = None
    repairable: bool | None = None

    @staticmethod
    def resolve_kind(obj) -> str:
        return CatalogueKind.LICENSING if _is_licensing(obj) else CatalogueKind.PENALTY

    @staticmethod
    def resolve_unit_code(obj) -> str:
        return obj.unit.code

    @staticmethod
    def resolve_catalogue_item_code(obj) -> str:
        return obj.catalogue_item.code

    @staticmethod
    def resolve_fields(obj) -> dict[str, Any]:
        from .rules import record_fields

        kind = CatalogueKind.LICENSING if _is_licensing(obj) else CatalogueKind.PENALTY
        return {name: _json_value(getattr(obj, name, None)) for name in record_fields(kind)}

    @staticmethod
    def resolve_severity(obj) -> str | None:
        return getattr(obj, "severity", None)

    @staticmethod
    def resolve_regime(obj) -> str | None:
        regime = getattr(obj, "regime", None)
        return regime.code if regime is not None else None

    @staticmethod
    def resolve_min_period_end(obj) -> date | None:
        return getattr(obj, "min_period_end", None)

    @staticmethod
    def resolve_max_period_end(obj) -> date | None:
        return getattr(obj, "max_period_end", None)

    @staticmethod
    def resolve_publication_deadline(obj) -> date | None:
        return getattr(obj, "publication_deadline", None)

    @staticmethod
    def resolve_repairable(obj) -> bool | None:
        return getattr(obj, "repairable", None)


class RevocationIn(Schema):
    reason: str = Field(description="Why the decision was revoked.")


class DeskFilter(Schema):
    kind: CatalogueKind = CatalogueKind.PENALTY
    unit: str | None = Field(None, description="Code of one of your reporting units.")
    q: str = ""
    status: str | None = None
    late: bool | None = Field(None, description="true: late records only; false: on-time records only.")


# --- catalogues ------------------------------------------------------------------------------------------------------


class CatalogueFilter(Schema):
    unit: str | None = Field(None, description="Code of the reporting unit.")
    kind: CatalogueKind | None = None
    q: str = Field("", description="Part of the item's name, or the beginning of its code.")


class CatalogueItemOut(Schema):
    unit_code: str
    kind: CatalogueKind
    code: str
    name: str
    sector: str
    legal_basis: str
    is_active: bool

    @staticmethod
    def resolve_unit_code(obj) -> str:
        return obj.unit.code


class CatalogueItemIn(Schema):
    unit: str = Field(description="Code of the reporting unit.")
    kind: CatalogueKind
    code: str
    name: str
    sector: Sector = Sector.GENERAL
    legal_basis: str = ""


class ReportingUnitOut(Schema):
    code: str
    name: str
    short_name: str
    organization_id: UUID
    is_active: bool

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.organization.name

    @staticmethod
    def resolve_organization_id(obj) -> UUID:
        return obj.organization.public_id


# --- lists ---------------------------------------------------------------------------------------------------------


class ListFilter(Schema):
    list_type: ListType | None = None
    q: str = Field("", description="Part of the name, the full credit code, or the listing document number.")
    on: date | None = Field(None, description="Entries in force on this day (default: today).")


class ListEntryOut(Schema):
    """A list entry as the public sees it: a natural person's name and ID number masked."""

    public_id: UUID
    list_type: ListType
    list_label: str
    effect: ListEffect
    effect_label: str
    memorandum: str
    subject_name: str
    subject_uscc: str
    person_id_number: str
    is_person: bool
    reason: str
    decided_by: str
    document_number: str
    start_date: date
    end_date: date | None
    removed_on: date | None


class ListEntryIn(Schema):
    list_type: ListType
    subject_name: str
    subject_uscc: str = ""
    person_id_number: str = ""
    start_date: date
    end_date: date | None = None
    reason: str = ""
    decided_by: str = ""
    document_number: str = ""
    memorandum: str | None = Field(None, description="Document number of the memorandum acted on.")
    effect: ListEffect | None = Field(None, description="Default: the list's effect.")


class ListRemovalIn(Schema):
    on: date
    reason: str


# --- repairs -------------------------------------------------------------------------------------------------------


class RepairOut(Schema):
    public_id: UUID
    record_id: UUID
    decision_number: str
    applicant_name: str
    commitment: str
    fulfilment: str
    training_certificate: bool
    evidence: list[UUID]
    status: RepairStatus
    submitted_at: datetime
    decided_at: datetime | None
    decision_reason: str

    @staticmethod
    def resolve_record_id(obj) -> UUID:
        return obj.record.public_id

    @staticmethod
    def resolve_decision_number(obj) -> str:
        return obj.record.decision_number

    @staticmethod
    def resolve_evidence(obj) -> list[UUID]:
        return [a.public_id for a in obj.evidence.all()]


class RepairIn(Schema):
    record: UUID = Field(description="public_id of the published penalty to repair.")
    applicant_name: str
    commitment: str
    fulfilment: str
    training_certificate: bool = False
    evidence: list[UUID] = Field(default_factory=list, description="public_ids of uploaded attachments.")


class RepairDecisionIn(Schema):
    approve: bool
    reason: str


# --- checks --------------------------------------------------------------------------------------------------------


class CheckIn(Schema):
    uscc: str | None = Field(None, description="The credit code to check.")
    organization_id: UUID | None = Field(None, description="Or the public_id of a registered organization.")
    name: str | None = Field(None, description="The name, when no credit code is known (a weaker match).")
    legal_rep_id: str | None = Field(None, description="Also check the legal representative by ID number.")
    on: date | None = Field(None, description="The date to check for (default: today).")
    purpose: str = ""


class FindingOut(Schema):
    kind: str
    rule: str
    clause: str
    message: str
    source: dict[str, Any]


class CreditCheckOut(Schema):
    public_id: UUID = Field(description="The id of the saved evidence.")
    result: str = Field(description="blocked, warned or clear.")
    subject_name: str
    subject_uscc: str
    as_of: date
    checked_at: datetime
    checked_by: str
    purpose: str
    digest: str = Field(description="SHA-256 of the canonical JSON of subject, date and findings.")
    findings: list[FindingOut]


# --- statistics ----------------------------------------------------------------------------------------------------


class UnitCountOut(Schema):
    unit_code: str
    unit_name: str
    licensing: int
    penalty: int


class YearCountOut(Schema):
    year: int
    licensing: int
    penalty: int


class StatsOut(Schema):
    total: int = Field(description="Published records.")
    licensing: int
    penalty: int
    penalties_by_party: dict[str, int] = Field(description="legal_person, natural_person, individual_business.")
    per_unit: list[UnitCountOut]
    by_year: list[YearCountOut]
    units: int = Field(description="Active reporting units.")
    catalogue_licensing: int
    catalogue_penalty: int


class TimelinessOut(Schema):
    unit_code: str
    unit_name: str
    records: int
    late: int = Field(description="Published more than 7 working days after the decision.")
    on_time_ratio: float | None
    average_delay: float | None = Field(description="Working days from decision to publication, on average.")
