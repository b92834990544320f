"""The Bootstrap rendering every app's forms share (for `partials/field.html` and `partials/form_errors.html`).

A module of its own, not huimin.core.forms: the apps may not import core's forms (transport is private).
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField


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
