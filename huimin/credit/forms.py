"""Forms of the credit pages. They parse and render input; the rules (huimin.credit.rules) and the services decide
what is valid and allowed, and their errors are shown next to the fields they name.

Every form renders through `partials/field.html` (label tied to the input, help text and errors linked with
`aria-describedby`, Bootstrap's `is-invalid` on fields with errors).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any, cast

from django import forms
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from huimin.core.formkit import BootstrapForm, PersonalNumbersCheckMixin

from .models import (
    CatalogueItem,
    CatalogueKind,
    LicenceCategory,
    LicensingRecord,
    ListEffect,
    ListType,
    Memorandum,
    PenaltyCategory,
    PenaltyRecord,
    ProcedureKind,
    PublicationStatus,
    RegimeRule,
    ReportingUnit,
    Sector,
    SubjectCategory,
)
from .models.records import PersonIdType
from .rules import LEGAL_REP_FIELDS, PARTY_CODE_FIELDS

# --- rendering -----------------------------------------------------------------------------------------------------


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _choice_field(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _blank(label) -> list[tuple[str, Any]]:
    return [("", label)]


KIND_CHOICES = [
    (CatalogueKind.LICENSING, _("Administrative licensing")),
    (CatalogueKind.PENALTY, _("Administrative penalties")),
]


def unit_choices(units: Iterable[ReportingUnit]) -> list[tuple[str, str]]:
    return [(u.code, f"{u.code} {u}") for u in units]


# --- public search -------------------------------------------------------------------------------------------------


class PublicSearchForm(BootstrapForm):
    q = forms.CharField(
        label=_("Name, credit code or decision number"),
        required=False,
        max_length=200,
        help_text=_(
            "Part of the party's name, its full 18-character unified social credit code, or a decision number."
        ),
    )
    kind = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *KIND_CHOICES])
    unit = forms.ChoiceField(label=_("Reporting unit"), required=False)
    date_from = forms.DateField(label=_("Decided from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Decided until"), required=False, widget=DateInput())
    party = forms.ChoiceField(
        label=_("Party"), required=False, choices=[("", _("All parties")), *SubjectCategory.choices]
    )

    def __init__(self, *args, units: Iterable[ReportingUnit] = (), fixed_kind: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "unit").choices = _blank(_("All units")) + unit_choices(units)
        if fixed_kind:
            del self.fields["kind"]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end of the period is before its start."))
        return data


# --- the records desk -----------------------------------------------------------------------------------------------


class DeskFilterForm(PublicSearchForm):
    status = forms.ChoiceField(
        label=_("Publication status"), required=False, choices=[("", _("Any status")), *PublicationStatus.choices]
    )
    late = forms.ChoiceField(
        label=_("Timeliness"),
        required=False,
        choices=[("", _("All")), ("1", _("Late (more than 7 working days)")), ("0", _("On time"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].label = _("Name, credit code, ID number or decision number")
        self.fields["q"].help_text = ""
        _choice_field(self, "kind").choices = KIND_CHOICES


PARTY_FIELDS = (
    "subject_name",
    "subject_category",
    *PARTY_CODE_FIELDS,
    *LEGAL_REP_FIELDS,
    "person_id_type",
    "person_id_number",
)
LICENSING_DECISION_FIELDS = (
    "catalogue_item",
    "document_name",
    "decision_number",
    "licence_category",
    "licence_category_other",
    "certificate_name",
    "licence_number",
    "content",
    "decision_date",
    "valid_from",
    "valid_to",
    "current_status",
    "authority",
    "authority_uscc",
)
PENALTY_DECISION_FIELDS = (
    "catalogue_item",
    "decision_number",
    "procedure",
    "violation_type",
    "facts",
    "basis",
    "categories",
    "content",
    "fine_amount",
    "confiscated_amount",
    "licence_affected",
    "decision_date",
    "penalty_valid_until",
    "authority",
    "authority_uscc",
)
LICENSING_PUBLICATION_FIELDS = ("source_unit", "source_unit_uscc", "remarks")
PENALTY_PUBLICATION_FIELDS = ("publication_deadline", "source_unit", "source_unit_uscc", "remarks")

TEXTAREAS = frozenset({"content", "facts", "basis", "remarks"})


def record_groups(kind: str) -> list[tuple[str, tuple[str, ...]]]:
    """The form's sections: the party, the decision, publication."""
    decision: tuple[str, ...]
    publication: tuple[str, ...]
    if kind == CatalogueKind.LICENSING:
        decision, publication = LICENSING_DECISION_FIELDS, LICENSING_PUBLICATION_FIELDS
    else:
        decision, publication = PENALTY_DECISION_FIELDS, PENALTY_PUBLICATION_FIELDS
    return [
        (str(_("The party (行政相对人)")), PARTY_FIELDS),
        (str(_("The decision")), decision),
        (str(_("Publication")), publication),
    ]


def _national_help(kind: str) -> dict[str, str]:
    """The national header and field code of each field, as help text ("行政相对人名称 · XK_XDR_MC")."""
    try:
        from .fields import national_fields
    except ImportError:  # pragma: no cover - the field lists ship with the rules
        return {}
    out = {}
    for f in national_fields(kind):
        out[f.name] = f"{f.header} · {f.code}" if f.code else f.header
    return out


def _model_field_label(model, name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


class RecordForm(PersonalNumbersCheckMixin, BootstrapForm):
    """One 双公示 record in the national field format. Every field is optional here: the rules say what a record
    needs (conditional on the kind of party and the penalty categories) and their messages come back per field.

    An ID or phone number typed into the published free text is flagged; the officer removes it or keeps it (the
    public sees it masked)."""

    personal_number_fields = (
        "violation_type",
        "facts",
        "basis",
        "content",
        "licence_affected",
        "document_name",
        "certificate_name",
        "licence_category_other",
        "remarks",
    )

    def __init__(
        self,
        *args,
        kind: str,
        items: Iterable[CatalogueItem] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        self.kind = kind
        model = LicensingRecord if kind == CatalogueKind.LICENSING else PenaltyRecord
        helps = _national_help(kind)
        for _title, names in record_groups(kind):
            for name in names:
                field = self._make_field(name, items)
                if not field.label:
                    field.label = _model_field_label(model, name)
                if not field.help_text and name in helps:
                    field.help_text = helps[name]
                self.fields[name] = field

    def _make_field(self, name: str, items: Iterable[CatalogueItem]) -> forms.Field:
        blank = _blank("—")
        if name == "catalogue_item":
            return forms.ChoiceField(
                label=_("Catalogue item (权责事项)"),
                required=False,
                choices=blank + [(i.code, f"{i.code} {i.name}") for i in items],
            )
        if name == "subject_category":
            return forms.ChoiceField(required=False, choices=blank + list(SubjectCategory.choices))
        if name == "person_id_type":
            return forms.ChoiceField(required=False, choices=blank + list(PersonIdType.choices))
        if name == "licence_category":
            return forms.ChoiceField(required=False, choices=blank + list(LicenceCategory.choices))
        if name == "current_status":
            return forms.ChoiceField(required=False, choices=[("1", _("Valid")), ("2", _("Invalid"))], initial="1")
        if name == "procedure":
            return forms.ChoiceField(
                label=_("Procedure (案件程序类别)"),
                required=False,
                choices=list(ProcedureKind.choices),
                initial=ProcedureKind.GENERAL,
            )
        if name == "categories":
            return forms.MultipleChoiceField(
                required=False,
                choices=list(PenaltyCategory.choices),
                widget=forms.CheckboxSelectMultiple,
            )
        if name in ("fine_amount", "confiscated_amount"):
            return forms.DecimalField(
                required=False,
                max_digits=14,
                decimal_places=6,
                help_text=_("In 10,000 yuan (万元): 0.5 means 5,000 yuan."),
            )
        if name in ("decision_date", "valid_from", "valid_to", "penalty_valid_until", "publication_deadline"):
            field = forms.DateField(required=False, widget=DateInput())
            if name == "valid_to":
                field.help_text = _("2099-12-31 means long-term (长期).")
            if name == "publication_deadline":
                field.help_text = _("Leave blank: it is computed from the regime in force on the decision date.")
            return field
        if name == "licence_category_other":
            return forms.CharField(label=_("Other category (specify)"), required=False, max_length=64)
        widget = forms.Textarea(attrs={"rows": 3}) if name in TEXTAREAS else None
        return forms.CharField(required=False, widget=widget, max_length=None if widget else 300)

    def groups(self) -> list[tuple[str, list[BoundField]]]:
        return [
            (title, [self[name] for name in names if name in self.fields]) for title, names in record_groups(self.kind)
        ]

    def data_for_service(self, *, only_changed: bool = False) -> dict[str, Any]:
        names = self.changed_data if only_changed else list(self.fields)
        out: dict[str, Any] = {}
        for name in names:
            if name == self.PERSONAL_NUMBERS_ACK:
                continue
            value = self.cleaned_data.get(name)
            out[name] = "" if value is None and name not in ("fine_amount", "confiscated_amount") else value
        return out

    @staticmethod
    def initial_from(record: LicensingRecord | PenaltyRecord) -> dict[str, Any]:
        data: dict[str, Any] = {}
        kind = CatalogueKind.LICENSING if isinstance(record, LicensingRecord) else CatalogueKind.PENALTY
        for _title, names in record_groups(kind):
            for name in names:
                if name == "catalogue_item":
                    data[name] = record.catalogue_item.code
                else:
                    data[name] = getattr(record, name, "")
        return data


class RevokeForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Why was the decision revoked?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class ImportForm(BootstrapForm):
    kind = forms.ChoiceField(
        label=_("Type of records"), required=False, choices=[("", _("Tell from the file's headers")), *KIND_CHOICES]
    )
    unit = forms.ChoiceField(label=_("Reporting unit"))
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file whose columns carry the national Chinese headers or the "
            "field codes."
        ),
    )
    valid_only = forms.BooleanField(
        label=_("Only import the valid rows (otherwise a file with any bad row imports nothing)"), required=False
    )

    def __init__(self, *args, units: Iterable[ReportingUnit] = (), **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "unit").choices = unit_choices(units)


# --- the credit office ----------------------------------------------------------------------------------------------


class CatalogueItemForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=KIND_CHOICES)
    code = forms.CharField(label=_("Item code"), max_length=64)
    name = forms.CharField(label=_("Item name"), max_length=300)
    sector = forms.ChoiceField(label=_("Sector"), choices=Sector.choices, initial=Sector.GENERAL)
    legal_basis = forms.CharField(
        label=_("Legal basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=4000
    )


class RegimeRuleForm(BootstrapForm):
    published = forms.BooleanField(label=_("Published"), required=False)
    min_months = forms.IntegerField(label=_("Minimum period (months)"), min_value=0, max_value=120)
    max_months = forms.IntegerField(label=_("Maximum period (months)"), min_value=0, max_value=120)
    repairable = forms.BooleanField(label=_("Repairable"), required=False)

    @staticmethod
    def initial_from(rule: RegimeRule) -> dict[str, Any]:
        return {
            "published": rule.published,
            "min_months": rule.min_months,
            "max_months": rule.max_months,
            "repairable": rule.repairable,
        }


class ListFilterForm(BootstrapForm):
    q = forms.CharField(label=_("Name, credit code or document number"), required=False, max_length=200)
    list_type = forms.ChoiceField(label=_("List"), required=False, choices=[("", _("All lists")), *ListType.choices])
    in_force = forms.BooleanField(label=_("In force today only"), required=False)


class ListEntryForm(PersonalNumbersCheckMixin, BootstrapForm):
    personal_number_fields = ("reason",)

    list_type = forms.ChoiceField(label=_("List"), choices=ListType.choices)
    subject_name = forms.CharField(label=_("Name"), max_length=200)
    subject_uscc = forms.CharField(label=_("Unified social credit code"), required=False, max_length=30)
    person_id_number = forms.CharField(
        label=_("ID number (natural person)"),
        required=False,
        max_length=32,
        help_text=_("For a natural person, e.g. a legal representative on the list of dishonest judgment debtors."),
    )
    start_date = forms.DateField(label=_("Listed from"), widget=DateInput())
    end_date = forms.DateField(label=_("Listed until"), required=False, widget=DateInput())
    reason = forms.CharField(label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    decided_by = forms.CharField(label=_("Listing authority"), required=False, max_length=200)
    document_number = forms.CharField(label=_("Listing document number"), required=False, max_length=128)
    memorandum = forms.ChoiceField(label=_("Memorandum"), required=False)
    effect = forms.ChoiceField(
        label=_("Effect"),
        required=False,
        choices=[("", _("The list's default")), *ListEffect.choices],
    )

    def __init__(self, *args, memoranda: Iterable[Memorandum] = (), **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "memorandum").choices = _blank("—") + [(m.code, str(m)) for m in memoranda]


class ListRemoveForm(BootstrapForm):
    on = forms.DateField(label=_("Removed on"), widget=DateInput(), initial=date.today)
    reason = forms.CharField(label=_("Reason for the removal"), widget=forms.Textarea(attrs={"rows": 2}))


class ListImportForm(BootstrapForm):
    file = forms.FileField(
        label=_("File"), help_text=_("An Excel workbook (.xlsx) or a CSV file with the list columns.")
    )
    valid_only = forms.BooleanField(
        label=_("Only import the valid rows (otherwise a file with any bad row imports nothing)"), required=False
    )


class MemorandumForm(BootstrapForm):
    code = forms.CharField(label=_("Document number"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=300)
    signed_on = forms.DateField(label=_("Signed on"), required=False, widget=DateInput())
    forwarded_on = forms.DateField(label=_("Forwarded to the units on"), required=False, widget=DateInput())
    list_type = forms.ChoiceField(label=_("List acted on"), choices=ListType.choices)
    bars_purchased_services = forms.BooleanField(label=_("Bars purchased services"), required=False, initial=True)
    measures = forms.CharField(label=_("Measures"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class RepairRequestForm(BootstrapForm):
    applicant_name = forms.CharField(label=_("Applicant"), max_length=200)
    commitment = forms.CharField(
        label=_("Credit commitment (信用承诺)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The public commitment to keep the law, which is published with the repair."),
    )
    fulfilment = forms.CharField(
        label=_("Proof of fulfilment (履行证明)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("How the penalty was carried out (e.g. the fine paid on …) and the violation corrected."),
    )
    training_certificate = forms.BooleanField(label=_("Credit repair training completed"), required=False)
    evidence = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("Receipts, the commitment letter, the training certificate … (PDF, images or office documents)."),
    )


class RepairDecisionForm(BootstrapForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve the repair")), ("refuse", _("Refuse the repair"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class CreditCheckForm(BootstrapForm):
    uscc = forms.CharField(label=_("Unified social credit code"), required=False, max_length=30)
    organization = forms.ChoiceField(label=_("Or pick an organization"), required=False)
    legal_rep_id = forms.CharField(
        label=_("Legal representative's ID number"),
        required=False,
        max_length=32,
        help_text=_("Optional: also checks the legal representative against the lists."),
    )
    on = forms.DateField(label=_("Check for the date"), widget=DateInput(), initial=date.today)
    purpose = forms.CharField(label=_("Purpose"), required=False, max_length=200)

    def __init__(self, *args, organizations: Iterable = (), **kwargs):
        super().__init__(*args, **kwargs)
        _choice_field(self, "organization").choices = _blank("—") + [
            (str(o.public_id), f"{o.name} ({o.uscc})" if o.uscc else o.name) for o in organizations
        ]

    def clean(self):
        data = super().clean() or {}
        if not data.get("uscc") and not data.get("organization"):
            self.add_error("uscc", _("Give the credit code, or pick the organization to check."))
        return data
