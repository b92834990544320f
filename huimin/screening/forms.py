"""Forms of the screening pages. They only shape input; the services decide what is allowed."""

from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from huimin.core.formkit import BootstrapForm

from .services import DEFAULT_FIX_WORKING_DAYS, MAX_FIX_WORKING_DAYS
from .states import FIX, PASS, REJECT


class DecisionForm(BootstrapForm):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[(PASS, _("Pass")), (REJECT, _("Reject")), (FIX, _("Request a fix"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason given to the organization"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required to reject, to ask for a fix and to change a decision already taken."),
    )
    fix_sections = forms.MultipleChoiceField(
        label=_("Sections the organization may change"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    fix_working_days = forms.IntegerField(
        label=_("Working days to fix"),
        min_value=1,
        max_value=MAX_FIX_WORKING_DAYS,
        initial=DEFAULT_FIX_WORKING_DAYS,
        required=False,
        help_text=_("The window closes at 17:00 on the last of these working days."),
    )

    # The screening's version the manager decides on (see services.decisions): a stale one is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args, sections: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["fix_sections"]).choices = sections
