"""Forms of the call pages. They parse and render input; huimin.calls.rules and the services decide what is valid,
and their errors are shown next to the fields, rows and sections they name.

The call editor is one form for the scalar fields and the eligibility checkboxes, plus three row tables read
straight from the POST data (unit-price caps, required documents, review criteria: one `<input name="cap_item">`
etc. per row, rows with every cell blank are dropped) and the intentions picker (`intentions` = public ids).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from huimin.core.cleaning import parse_decimal
from huimin.core.formkit import BootstrapForm, PersonalNumbersCheckMixin
from huimin.core.models import Organization, OrganizationType

from .models import Call
from .rules import NEVER_PROVIDERS, SCALAR_FIELDS, AnnualInspection, CriterionSource, call_rules, decimal_text
from .selectors import categories_available, rounds_for_new_call

# --- rendering ------------------------------------------------------------------------------------------------------


class DateTimeLocalInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


def local_minutes(value: datetime | None) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%dT%H:%M") if value else ""


# --- new call -------------------------------------------------------------------------------------------------------


class CallNewForm(BootstrapForm):
    round = forms.ModelChoiceField(label=_("Round"), queryset=rounds_for_new_call().none(), to_field_name="code")
    manager = forms.ModelChoiceField(
        label=_("Organization running the call"), queryset=Organization.objects.none(), to_field_name="public_id"
    )
    title = forms.CharField(label=_("Title"), max_length=200)

    def __init__(self, *args, rounds, managers: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["round"].queryset = rounds  # type: ignore[attr-defined]
        self.fields["manager"].queryset = Organization.objects.filter(pk__in=[m.pk for m in managers])  # type: ignore[attr-defined]
        if len(managers) == 1:
            self.fields["manager"].initial = managers[0].public_id
            self.fields["manager"].widget = forms.HiddenInput()


# --- the editor -----------------------------------------------------------------------------------------------------

GRADE_CHOICES = [("0", _("No grade required"))] + [(str(n), f"{n}A") for n in range(1, 6)]
ORG_TYPE_CHOICES = [(v, label) for v, label in OrganizationType.choices if v not in NEVER_PROVIDERS]


class CallEditorForm(BootstrapForm):
    """The scalar fields and the eligibility checkboxes of a call (drafts; amendments without the draft-only ones)."""

    title = forms.CharField(label=_("Title"), max_length=200)
    body = forms.CharField(
        label=_("Text of the call"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Background, timetable, how to submit, contacts."),
    )
    cap_per_project = forms.CharField(label=_("Cap per project (yuan)"), help_text=_("e.g. 50000"))
    max_proposals_per_organization = forms.CharField(label=_("Proposals per organization at most"))
    expected_proposals = forms.CharField(label=_("Proposals expected"), required=False)
    opens_at = forms.DateTimeField(
        label=_("Opens at"),
        required=False,
        widget=DateTimeLocalInput(),
        help_text=_("Empty: from publication."),
    )
    deadline = forms.DateTimeField(label=_("Deadline for proposals"), widget=DateTimeLocalInput())
    late_amendment_working_days = forms.CharField(
        label=_("Late amendment window (working days)"),
        help_text=_("An amendment published this close to the deadline extends it."),
    )
    extension_working_days = forms.CharField(
        label=_("Deadline extension (working days)"),
        help_text=_("After a late amendment, providers have at least this many working days."),
    )
    categories = forms.ModelMultipleChoiceField(
        label=_("Categories"),
        queryset=categories_available().none(),
        to_field_name="code",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Empty: the categories of the intentions listed."),
    )
    # eligibility
    civil_affairs_registration = forms.BooleanField(
        label=_("Registered with the civil affairs authority (民政登记)"), required=False
    )
    annual_inspection = forms.ChoiceField(
        label=_("Previous year's annual inspection"),
        choices=[(v, AnnualInspection.labels[v]) for v in AnnualInspection.values],
    )
    min_grade = forms.ChoiceField(label=_("Evaluation grade at least"), choices=GRADE_CHOICES)
    credit_check = forms.BooleanField(
        label=_("Not on any joint-punishment list (credit check at screening)"), required=False
    )
    no_major_violation_years = forms.CharField(
        label=_("No major violation of law in the last … years"), help_text=_("0: not asked.")
    )
    min_years_operating = forms.CharField(label=_("Founded at least … years before the deadline"))
    allowed_org_types = forms.MultipleChoiceField(
        label=_("Who may apply"), choices=ORG_TYPE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    other_conditions = forms.CharField(
        label=_("Other conditions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )
    # budget rules (the caps are rows)
    labour_share_max = forms.CharField(label=_("Labour costs at most (percentage of the project)"))
    management_fee_max = forms.CharField(label=_("Management fee at most (percentage of the project)"))
    total_within_cap = forms.BooleanField(
        label=_("The amount requested may not exceed the cap per project"), required=False
    )
    forbidden_expenses = forms.CharField(
        label=_("Expenses not allowed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line."),
    )

    DRAFT_ONLY = ("opens_at", "late_amendment_working_days", "extension_working_days")
    ELIGIBILITY = (
        "civil_affairs_registration",
        "annual_inspection",
        "min_grade",
        "credit_check",
        "no_major_violation_years",
        "min_years_operating",
        "allowed_org_types",
        "other_conditions",
    )
    BUDGET = ("labour_share_max", "management_fee_max", "total_within_cap", "forbidden_expenses")
    CALL = SCALAR_FIELDS

    def __init__(self, *args, amendment: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.amendment = amendment
        self.fields["categories"].queryset = categories_available()  # type: ignore[attr-defined]
        if amendment:
            for name in self.DRAFT_ONLY:
                del self.fields[name]

    @classmethod
    def initial_for(cls, call: Call) -> dict[str, Any]:
        rules = call_rules(call)
        e, b = rules.eligibility, rules.budget_rules
        return {
            "title": call.title,
            "body": call.body,
            "cap_per_project": decimal_text(call.cap_per_project),
            "max_proposals_per_organization": call.max_proposals_per_organization,
            "expected_proposals": call.expected_proposals,
            "opens_at": local_minutes(call.opens_at),
            "deadline": local_minutes(call.deadline),
            "late_amendment_working_days": call.late_amendment_working_days,
            "extension_working_days": call.extension_working_days,
            "categories": [c.code for c in call.categories.all()],
            "civil_affairs_registration": e.civil_affairs_registration,
            "annual_inspection": e.annual_inspection,
            "min_grade": str(e.min_grade),
            "credit_check": e.credit_check,
            "no_major_violation_years": e.no_major_violation_years,
            "min_years_operating": e.min_years_operating,
            "allowed_org_types": list(e.allowed_org_types),
            "other_conditions": "\n".join(e.other_conditions),
            "labour_share_max": decimal_text(b.labour_share_max),
            "management_fee_max": decimal_text(b.management_fee_max),
            "total_within_cap": b.total_within_cap,
            "forbidden_expenses": "\n".join(b.forbidden_expenses),
        }

    def changes(self, rows: EditorRows) -> dict[str, Any]:
        """The values for call_update / call_amend (intentions are added by the view)."""
        data = self.cleaned_data
        out: dict[str, Any] = {name: data[name] for name in self.CALL if name in self.fields}
        out["categories"] = list(data["categories"])
        out["eligibility"] = {
            "civil_affairs_registration": data["civil_affairs_registration"],
            "annual_inspection": data["annual_inspection"],
            "min_grade": data["min_grade"],
            "credit_check": data["credit_check"],
            "no_major_violation_years": data["no_major_violation_years"],
            "min_years_operating": data["min_years_operating"],
            "allowed_org_types": list(data["allowed_org_types"]),
            "other_conditions": data["other_conditions"],
        }
        out["budget_rules"] = {
            "labour_share_max": data["labour_share_max"],
            "management_fee_max": data["management_fee_max"],
            "total_within_cap": data["total_within_cap"],
            "forbidden_expenses": data["forbidden_expenses"],
            "unit_price_caps": rows.caps,
        }
        out["required_documents"] = rows.documents
        out["review_criteria"] = rows.criteria
        return out


# --- the row tables -------------------------------------------------------------------------------------------------

ROW_KINDS: dict[str, tuple[str, ...]] = {
    "cap": ("code", "item", "unit", "amount"),
    "doc": ("code", "name", "required", "description"),
    "criterion": ("code", "name", "weight", "description", "source"),
}
SOURCE_CHOICES = [(v, CriterionSource.labels[v]) for v in CriterionSource.values]


class EditorRows:
    """The three row tables of the editor, as JSON for huimin.calls.rules and as rows for the template."""

    def __init__(self, caps: list[dict], documents: list[dict], criteria: list[dict]):
        self.caps = caps
        self.documents = documents
        self.criteria = criteria

    @staticmethod
    def _read(post: QueryDict, kind: str) -> list[dict[str, str]]:
        names = ROW_KINDS[kind]
        columns = {n: post.getlist(f"{kind}_{n}") for n in names}
        count = max((len(v) for v in columns.values()), default=0)
        rows = []
        for i in range(count):
            row = {n: (columns[n][i] if i < len(columns[n]) else "").strip() for n in names}
            meaningful = [v for n, v in row.items() if n not in ("code", "required", "source")]
            if any(meaningful):
                rows.append(row)
        return rows

    @classmethod
    def from_post(cls, post: QueryDict) -> EditorRows:
        documents = [dict(r, required=r.get("required") != "0") for r in cls._read(post, "doc")]
        return cls(caps=cls._read(post, "cap"), documents=documents, criteria=cls._read(post, "criterion"))

    @classmethod
    def from_call(cls, call: Call) -> EditorRows:
        rules = call_rules(call)
        return cls(
            caps=[c.to_json() for c in rules.budget_rules.unit_price_caps],
            documents=[d.to_json() for d in rules.required_documents],
            criteria=[c.to_json() for c in rules.review_criteria],
        )

    def weights_total(self) -> str:
        """The sum of the weights typed so far (unreadable ones count as 0), as shown under the criteria."""
        total = sum((parse_decimal(r.get("weight")) or Decimal(0) for r in self.criteria), Decimal(0))
        return decimal_text(total)


# --- small forms ----------------------------------------------------------------------------------------------------


class ReasonForm(BootstrapForm):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))


class AmendmentExtraForm(BootstrapForm):
    reason = forms.CharField(
        label=_("Reason for the amendment"),
        required=False,  # required to publish (the service says so), not to preview
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Published with the amendment."),
    )
    upload = forms.FileField(label=_("Add a document"), required=False)


class QuestionForm(PersonalNumbersCheckMixin, BootstrapForm):
    """A provider's clarification question. It is published with its answer and the asker is not named: an ID or
    phone number in it has no use, and the provider is asked to remove it."""

    personal_number_fields = ("question",)
    refuse_personal_numbers = True

    question = forms.CharField(
        label=_("Your question"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The answer is published for everyone; your organization is not named."),
    )


class AnswerForm(BootstrapForm):
    answer = forms.CharField(label=_("Answer"), widget=forms.Textarea(attrs={"rows": 3}))


class CorrectionForm(BootstrapForm):
    answer = forms.CharField(label=_("Corrected answer"), widget=forms.Textarea(attrs={"rows": 3}))
    reason = forms.CharField(label=_("Reason for the correction"))


class DocumentForm(BootstrapForm):
    file = forms.FileField(label=_("Document"))


def error_sections(
    errors: Mapping[str, Iterable[str]],
) -> tuple[dict[str, list[str]], dict[tuple[str, int], list[str]]]:
    """Service errors keyed by dotted path → (messages per section or field, messages per (row kind, index))."""
    sections: dict[str, list[str]] = {}
    rows: dict[tuple[str, int], list[str]] = {}
    kinds = {"budget_rules.unit_price_caps": "cap", "required_documents": "doc", "review_criteria": "criterion"}
    for path, messages in errors.items():
        placed = False
        for prefix, kind in kinds.items():
            rest = path[len(prefix) + 1 :] if path.startswith(prefix + ".") else ""
            index = rest.split(".")[0]
            if index.isdigit():
                rows.setdefault((kind, int(index)), []).extend(messages)
                placed = True
                break
        if not placed:
            parts = path.split(".")
            key = parts[1] if len(parts) > 1 and parts[0] in ("eligibility", "budget_rules") else parts[0]
            sections.setdefault(key, []).extend(messages)
    return sections, rows
