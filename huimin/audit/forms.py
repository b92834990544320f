from __future__ import annotations

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from .selectors import AuditFilters, audit_event_types, audit_target_types


class AuditFilterForm(forms.Form):
    event_type = forms.ChoiceField(label=_("Event type"), required=False)
    target_type = forms.ChoiceField(label=_("Target type"), required=False)
    actor = forms.CharField(label=_("Actor"), required=False, max_length=150)
    date_from = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        everything = [("", _("All"))]
        event_type = cast(forms.ChoiceField, self.fields["event_type"])
        target_type = cast(forms.ChoiceField, self.fields["target_type"])
        event_type.choices = everything + [(t, t) for t in audit_event_types()]
        target_type.choices = everything + [(t, t) for t in audit_target_types() if t]
        for field in self.fields.values():
            css = "form-select" if isinstance(field, forms.ChoiceField) else "form-control"
            field.widget.attrs.setdefault("class", f"{css} {css}-sm")

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to",
                _("The end date %(end)s is before the start date %(start)s.")
                % {"end": end.isoformat(), "start": start.isoformat()},
            )
        return data

    def filters(self) -> AuditFilters:
        if not self.is_valid():
            return AuditFilters()
        d = self.cleaned_data
        return AuditFilters(
            event_type=d.get("event_type") or "",
            target_type=d.get("target_type") or "",
            actor=d.get("actor") or "",
            date_from=d.get("date_from"),
            date_to=d.get("date_to"),
        )
