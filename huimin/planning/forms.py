"""Forms of the planning pages. They shape input only; the services decide (scopes, budgets, linkable needs)."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from huimin.core.models import Division
from huimin.needs.models import Need, NeedCategory


class RoundForm(forms.Form):
    code = forms.SlugField(
        label=_("Code"),
        max_length=32,
        help_text=_("Short and stable, used in intention numbers: lower-case letters, digits and “-”, e.g. pc-2020."),
    )
    name = forms.CharField(label=_("Name"), max_length=120)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, code_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if code_locked:
            self.fields["code"].disabled = True
            self.fields["code"].help_text = _("The code cannot change once the round is open.")
        for f in self.fields.values():
            f.widget.attrs.setdefault("class", "form-control")


class BudgetForm(forms.Form):
    purchaser = forms.CharField(widget=forms.HiddenInput)
    amount = forms.DecimalField(label=_("Budget (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal(0))


class _NeedChoice(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:
        return gettext("%(number)s %(title)s — %(community)s, %(supports)s supports (%(status)s)") % {
            "number": obj.number,
            "title": obj.title,
            "community": obj.community.name,
            "supports": obj.support_count,
            "status": obj.get_status_display(),
        }


class IntentionForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=120)
    category = forms.ModelChoiceField(
        label=_("Service category"), queryset=NeedCategory.objects.none(), to_field_name="code"
    )
    communities = forms.ModelMultipleChoiceField(
        label=_("Communities covered"),
        queryset=Division.objects.none(),
        to_field_name="code",
        widget=forms.CheckboxSelectMultiple,
    )
    needs = _NeedChoice(
        label=_("Accepted needs answered"),
        queryset=Need.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Accepted needs of the communities covered; the number of residents' supports is shown."),
    )
    budget = forms.DecimalField(label=_("Budget (yuan)"), max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    expected_beneficiaries = forms.IntegerField(label=_("Expected beneficiaries"), min_value=0, initial=0)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args, categories, communities, needs, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories  # type: ignore[attr-defined]
        self.fields["communities"].queryset = communities  # type: ignore[attr-defined]
        self.fields["needs"].queryset = needs  # type: ignore[attr-defined]
        for name in ("title", "budget", "expected_beneficiaries", "description"):
            self.fields[name].widget.attrs.setdefault("class", "form-control")
        self.fields["category"].widget.attrs.setdefault("class", "form-select")
        for name in ("communities", "needs"):
            self.fields[name].widget.attrs.setdefault("class", "form-check-input")

    @classmethod
    def initial_from(cls, intention) -> dict:
        return {
            "title": intention.title,
            "category": intention.category.code,
            "communities": [c.code for c in intention.communities.all()],
            "needs": [str(n.public_id) for n in intention.needs.all()],
            "budget": intention.budget,
            "expected_beneficiaries": intention.expected_beneficiaries,
            "description": intention.description,
        }


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
    )
