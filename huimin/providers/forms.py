"""Forms of the profile pages: they read what the browser sent and show errors next to the fields. Every rule
(lengths, numbers, full-width digits, dates in range) is the services' job; the forms take text and pass it on, then
put a service's refusal back on the fields it names (huimin.core.formkit.show_service_errors)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huimin.core.formkit import BootstrapForm

from .models import Qualification
from .selectors import PROFILE_DOCUMENT_CODES

TEXT: dict[str, str] = {}
SELECT: dict[str, str] = {}


class TeamMemberForm(BootstrapForm):
    name = forms.CharField(
        label=_("Name"), max_length=200, widget=forms.TextInput(attrs={**TEXT, "autocomplete": "off"})
    )
    qualification = forms.ChoiceField(
        label=_("Social work qualification"),
        choices=Qualification.choices,
        initial=Qualification.NONE,
        required=False,
        widget=forms.Select(attrs=SELECT),
    )
    qualification_note = forms.CharField(
        label=_("Other qualifications"),
        required=False,
        max_length=400,
        help_text=_("e.g. 国家二级社会体育指导员, 心理咨询师"),
        widget=forms.TextInput(attrs=TEXT),
    )
    education = forms.CharField(
        label=_("Education and major"),
        required=False,
        max_length=240,
        help_text=_("e.g. 本科 社会工作"),
        widget=forms.TextInput(attrs=TEXT),
    )
    position = forms.CharField(label=_("Position"), required=False, max_length=128, widget=forms.TextInput(attrs=TEXT))
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "tel", "autocomplete": "off"}),
    )
    is_full_time = forms.BooleanField(
        label=_("Full time"),
        required=False,
        initial=True,
        widget=forms.CheckboxInput,
    )

    @staticmethod
    def initial_for(member: Any) -> dict[str, Any]:
        return {name: getattr(member, name) for name in TeamMemberForm.base_fields}


class PastProjectForm(BootstrapForm):
    year = forms.CharField(
        label=_("Year"), max_length=10, widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"})
    )
    title = forms.CharField(label=_("Project"), max_length=400, widget=forms.TextInput(attrs=TEXT))
    round_name = forms.CharField(
        label=_("Round or programme"),
        required=False,
        max_length=240,
        help_text=_("e.g. 大同市公益创投大赛"),
        widget=forms.TextInput(attrs=TEXT),
    )
    purchaser_name = forms.CharField(
        label=_("Purchaser or funder"), required=False, max_length=400, widget=forms.TextInput(attrs=TEXT)
    )
    amount = forms.CharField(
        label=_("Amount (yuan)"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )
    beneficiaries = forms.CharField(
        label=_("Beneficiaries"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "numeric"}),
    )
    evaluation_score = forms.CharField(
        label=_("Closure evaluation score"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={**TEXT, "inputmode": "decimal"}),
    )
    funds_use = forms.CharField(
        label=_("Use of funds"), required=False, max_length=400, widget=forms.TextInput(attrs=TEXT)
    )
    outcome = forms.CharField(
        label=_("Implementation and results"),
        required=False,
        max_length=8000,
        widget=forms.Textarea(attrs={**TEXT, "rows": 3}),
    )

    @staticmethod
    def initial_for(project: Any) -> dict[str, Any]:
        out = {}
        for name in PastProjectForm.base_fields:
            value = getattr(project, name)
            out[name] = "" if value is None else value
        return out


class ProfileDocumentForm(BootstrapForm):
    code = forms.ChoiceField(
        label=_("Document"),
        choices=[("", "—")] + [(code, label) for code, label in PROFILE_DOCUMENT_CODES.items()],
        widget=forms.Select(attrs=SELECT),
    )
    file = forms.FileField(label=_("File"), widget=forms.ClearableFileInput(attrs=TEXT))
    valid_until = forms.DateField(
        label=_("Valid until"),
        required=False,
        help_text=_("Leave empty when the document does not expire."),
        widget=forms.DateInput(attrs={**TEXT, "type": "date"}, format="%Y-%m-%d"),
    )
