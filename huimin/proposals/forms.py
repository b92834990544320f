"""Forms of the proposal pages: they read what the browser sent and show errors next to the fields. Every rule is the
services' job; a service's refusal goes back on the fields it names (huimin.core.formkit.show_service_errors)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from huimin.core.formkit import BootstrapForm


class NewProposalForm(BootstrapForm):
    """Which open call the new draft answers (the call's public id)."""

    call = forms.UUIDField(widget=forms.HiddenInput)


class ReasonlessConfirmForm(BootstrapForm):
    """A confirmation checkbox (submit, withdraw, confirm amendments)."""

    confirm = forms.BooleanField(label=_("I confirm"), required=True, widget=forms.CheckboxInput)
