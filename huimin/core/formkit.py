"""The Bootstrap rendering every app's forms share (for `partials/field.html` and `partials/form_errors.html`),
`show_service_errors` (a service's refusal back on the form's fields), and the check that flags ID and phone numbers
typed into published free text (`PersonalNumbersCheckMixin`).

A module of its own, not huimin.core.forms: the apps may not import core's forms (transport is private).
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils.translation import gettext as _

from .masking import personal_number_kinds


class BootstrapBoundField(BoundField):
    """Adds Bootstrap classes to widgets, and `is-invalid` when the field has errors."""

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        widget = widget or self.field.widget
        if isinstance(widget, forms.CheckboxInput | forms.RadioSelect | forms.CheckboxSelectMultiple):
            css = "form-check-input"
        elif isinstance(widget, forms.Select | forms.SelectMultiple):
            css = "form-select"
        else:
            css = "form-control"
        classes = [c for c in (attrs.get("class") or widget.attrs.get("class") or "").split() if c]
        if css not in classes:
            classes.insert(0, css)
        if self.errors and "is-invalid" not in classes:
            classes.append("is-invalid")
        attrs["class"] = " ".join(classes)
        return attrs

    @property
    def is_checkbox(self) -> bool:
        return isinstance(self.field.widget, forms.CheckboxInput)


class ErrorSummaryMixin:
    def fields_with_errors(self) -> list[BoundField]:
        """Visible fields with errors, in form order (for the error summary on top of the form)."""
        return [bf for bf in self.visible_fields() if bf.errors]  # type: ignore[attr-defined]


class BootstrapForm(ErrorSummaryMixin, forms.Form):
    bound_field_class = BootstrapBoundField


def show_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put a service's refusal (`ServiceError.message_dict`) next to the fields it names (the rest on top of the
    form)."""
    if hasattr(exc, "error_dict"):
        for key, messages in exc.message_dict.items():
            form.add_error(key if key in form.fields else None, messages)
    else:
        form.add_error(None, exc.messages)


class PersonalNumbersCheckMixin:
    """Flags ID card and phone numbers typed into free text that is published, so that the writer removes them.

    List the published free-text fields in `personal_number_fields`. What is found (huimin.core.masking, in any
    spelling) is flagged when the form is submitted:

    - `refuse_personal_numbers=True` (residents writing a need): an error next to each field asks to remove it;
    - otherwise (community workers, credit officers): a warning on top of the form and a checkbox
      "keep the numbers as written" appear; the form saves once it is ticked (the public sees the numbers masked).

    Put the mixin before the form base class: `class NeedForm(PersonalNumbersCheckMixin, BootstrapForm)`.
    """

    personal_number_fields: tuple[str, ...] = ()
    refuse_personal_numbers: bool = False
    PERSONAL_NUMBERS_ACK = "personal_numbers_ok"

    def __init__(self, *args, refuse_personal_numbers: bool | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if refuse_personal_numbers is not None:
            self.refuse_personal_numbers = refuse_personal_numbers
        self.personal_numbers_found: dict[str, list[str]] = {}

    def full_clean(self) -> None:
        # here rather than in __init__: forms that build their fields after the base __init__ have them by now
        form: forms.Form = self  # type: ignore[assignment]
        self.personal_numbers_found = {}
        if form.is_bound:
            for name in self.personal_number_fields:
                if name in form.fields:
                    kinds = personal_number_kinds(form.data.get(form.add_prefix(name)))
                    if kinds:
                        self.personal_numbers_found[name] = kinds
        if self.personal_numbers_found and not self.refuse_personal_numbers:
            form.fields[self.PERSONAL_NUMBERS_ACK] = forms.BooleanField(
                label=_("Keep the numbers as written (the public sees them masked)"), required=False
            )
        super().full_clean()  # type: ignore[misc]

    def personal_numbers_ack(self) -> BoundField | None:
        """The "keep as written" checkbox, when the form shows it (for templates that lay out fields by hand)."""
        form: forms.Form = self  # type: ignore[assignment]
        return form[self.PERSONAL_NUMBERS_ACK] if self.PERSONAL_NUMBERS_ACK in form.fields else None

    def clean(self):
        cleaned = super().clean()  # type: ignore[misc]
        form: forms.Form = self  # type: ignore[assignment]
        acknowledged = bool(form.cleaned_data.pop(self.PERSONAL_NUMBERS_ACK, False))  # not for the services
        if not self.personal_numbers_found:
            return cleaned
        if self.refuse_personal_numbers:
            for name, kinds in self.personal_numbers_found.items():
                form.add_error(
                    name,
                    _(
                        "This looks like %(kinds)s. Please remove it: this text is published, and no one needs your "
                        "ID or phone number here."
                    )
                    % {"kinds": _kinds_text(kinds)},
                )
        elif not acknowledged:
            kinds = sorted({k for found in self.personal_numbers_found.values() for k in found}, key=KIND_ORDER.index)
            labels = "、".join(str(form.fields[name].label or name) for name in self.personal_numbers_found)
            form.add_error(
                None,
                _(
                    "%(fields)s: this looks like %(kinds)s. Please remove it, as this text is published; to keep it "
                    "as written (the public sees it masked), tick “Keep the numbers as written”."
                )
                % {"fields": labels, "kinds": _kinds_text(kinds)},
            )
        return cleaned


KIND_ORDER = ["resident_id", "mobile", "landline"]


def _kinds_text(kinds: list[str]) -> str:
    names = {
        "resident_id": _("an ID card number"),
        "mobile": _("a mobile phone number"),
        "landline": _("a landline number"),
    }
    return str(_(" or ").join(str(names[k]) for k in kinds))
