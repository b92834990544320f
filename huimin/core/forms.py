"""Forms of the core pages. They parse and render input; the services decide what is valid and allowed.

Every form renders through `partials/field.html`: a label tied to the input, help text and errors linked with
`aria-describedby`, and Bootstrap's `is-invalid` class on fields with errors.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .formkit import BootstrapBoundField, BootstrapForm, ErrorSummaryMixin
from .models import (
    AnnualInspectionResult,
    CalendarDay,
    Division,
    DivisionLevel,
    Organization,
    OrganizationType,
    Role,
)
from .services.organizations import ADMIN_ONLY_FIELDS


def _set_queryset(form: forms.Form, name: str, queryset: QuerySet | None) -> None:
    """Give a choice field the objects it may offer (a selector's queryset, scoped to the actor)."""
    if queryset is not None:  # otherwise the field keeps its empty default
        cast(forms.ModelChoiceField, form.fields[name]).queryset = queryset


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def _division_label(d: Division) -> str:
    return f"{d.code} {d.name}"


class DivisionChoiceField(forms.ModelChoiceField):
    """Chooses a division by its official code (never by database id)."""

    def __init__(self, queryset: QuerySet[Division] | None = None, **kwargs: Any):
        kwargs.setdefault("to_field_name", "code")
        super().__init__(queryset=queryset if queryset is not None else Division.objects.none(), **kwargs)

    def label_from_instance(self, obj: Division) -> str:  # type: ignore[override]
        return _division_label(obj)


class OrganizationChoiceField(forms.ModelChoiceField):
    """Chooses an organization by its public UUID."""

    def __init__(self, queryset: QuerySet[Organization] | None = None, **kwargs: Any):
        kwargs.setdefault("to_field_name", "public_id")
        super().__init__(queryset=queryset if queryset is not None else Organization.objects.none(), **kwargs)

    def label_from_instance(self, obj: Organization) -> str:  # type: ignore[override]
        return f"{obj.name} ({obj.uscc})" if obj.uscc else obj.name


# --- sign-in ------------------------------------------------------------------------------------------------------


class LoginForm(ErrorSummaryMixin, AuthenticationForm):
    """Django's sign-in form with one neutral refusal: an unknown user name, a wrong password and an attempt refused
    by the throttle (core.services.signin) all get the same message, status and page."""

    bound_field_class = BootstrapBoundField
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "The user name or password is not correct, or there were too many attempts; please try again later."
        ),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.pop("autofocus", None)


class PasswordChangeForm(BootstrapForm):
    old_password = forms.CharField(
        label=_("Current password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    new_password1 = forms.CharField(
        label=_("New password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password, not like your user name."),
    )
    new_password2 = forms.CharField(
        label=_("New password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean() or {}
        p1, p2 = data.get("new_password1"), data.get("new_password2")
        if p1 and p2 and p1 != p2:
            self.add_error("new_password2", _("The two new passwords do not match."))
        return data


# --- divisions ----------------------------------------------------------------------------------------------------


class DivisionForm(BootstrapForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("6 digits for a district (GB/T 2260), 9 for a street or township, 12 for a community or village."),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    name = forms.CharField(label=_("Name"), max_length=64)
    level = forms.ChoiceField(label=_("Level"), choices=DivisionLevel.choices)
    parent = DivisionChoiceField(label=_("Parent division"), required=False, empty_label=_("(none)"))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
    takes_part = forms.BooleanField(
        label=_("Takes part in purchased services"),
        required=False,
        initial=True,
        help_text=_("Whether it purchases services this round."),
    )
    valid_from = forms.DateField(label=_("Valid from"), required=False, widget=DateInput())
    valid_to = forms.DateField(label=_("Valid to"), required=False, widget=DateInput())
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args, parents: QuerySet[Division] | None = None, note_only: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _set_queryset(self, "parent", parents)
        if note_only:  # a purchaser may annotate the divisions of its street, nothing else
            for name in list(self.fields):
                if name != "note":
                    del self.fields[name]

    def clean(self):
        data = super().clean() or {}
        start, end = data.get("valid_from"), data.get("valid_to")
        if start and end and end < start:
            self.add_error("valid_to", _("The end of validity is before its start."))
        return data


# --- organizations ------------------------------------------------------------------------------------------------


class OrganizationForm(BootstrapForm):
    name = forms.CharField(label=_("Legal name"), max_length=200)
    org_type = forms.ChoiceField(label=_("Type"), choices=OrganizationType.choices)
    uscc = forms.CharField(
        label=_("Unified social credit code"),
        max_length=18,
        required=False,
        help_text=_("18 characters (GB 32100), e.g. 52140213MJY00001X9. Leave empty if it has none."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    registration_authority = forms.CharField(label=_("Registration authority"), max_length=100, required=False)
    registration_number = forms.CharField(label=_("Registration certificate number"), max_length=64, required=False)
    founded_on = forms.DateField(label=_("Date founded"), required=False, widget=DateInput())
    legal_representative = forms.CharField(label=_("Legal representative"), max_length=64, required=False)
    address = forms.CharField(label=_("Address"), max_length=200, required=False)
    division = DivisionChoiceField(
        label=_("Division"),
        required=False,
        empty_label=_("(none)"),
        help_text=_("Where it is located: a street, township or community."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    description = forms.CharField(label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args, divisions: QuerySet[Division] | None = None, identity_locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        _set_queryset(self, "division", divisions)
        self.identity_locked = identity_locked
        if identity_locked:
            # Registration facts are set by the registration authority; only the district administrator edits them.
            for name in ("org_type", "is_active"):
                del self.fields[name]
            for name in ADMIN_ONLY_FIELDS & set(self.fields):
                self.fields[name].widget.attrs["readonly"] = True
                self.fields[name].help_text = _("Only the district administrator may change this.")

    def clean_uscc(self):
        """The credit code's own checks (GB 32100), so they show together with the other fields' errors."""
        from .validators import check_uscc

        value = self.cleaned_data.get("uscc") or ""
        if not value.strip():
            return ""
        result = check_uscc(value)
        if not result.valid:
            raise forms.ValidationError(list(result.errors))
        return result.code

    @classmethod
    def initial_from(cls, org: Organization) -> dict[str, Any]:
        data = {name: getattr(org, name) for name in cls.base_fields if name != "division"}
        data["uscc"] = org.uscc or ""
        data["division"] = org.division.code if org.division else None
        return data


class InspectionForm(BootstrapForm):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    result = forms.ChoiceField(label=_("Result"), choices=AnnualInspectionResult.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class GradeForm(BootstrapForm):
    grade = forms.TypedChoiceField(
        label=_("Grade"),
        coerce=int,
        choices=[(n, f"{n}A") for n in range(5, 0, -1)],
        help_text=_("Valid for five years from the award (民政部令第39号)."),
    )
    awarded_on = forms.DateField(label=_("Awarded on"), widget=DateInput())
    authority = forms.CharField(label=_("Awarding authority"), max_length=100, required=False)


class ContactForm(BootstrapForm):
    name = forms.CharField(label=_("Name"), max_length=64)
    position = forms.CharField(label=_("Position"), max_length=64, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("Email"), required=False)


# --- people -------------------------------------------------------------------------------------------------------


class RoleScopeMixin(forms.Form):
    role = forms.ChoiceField(
        label=_("Role"),
        choices=Role.choices,
        help_text=_(
            "A purchaser is bound to a street or township, a community worker to a community or village; "
            "a provider, project manager or credit officer to an organization; other roles to nothing."
        ),
    )
    division = DivisionChoiceField(label=_("Division scope"), required=False, empty_label=_("(none)"))
    organization = OrganizationChoiceField(label=_("Organization scope"), required=False, empty_label=_("(none)"))

    def set_scopes(self, divisions: QuerySet[Division] | None, organizations: QuerySet[Organization] | None) -> None:
        _set_queryset(self, "division", divisions)
        _set_queryset(self, "organization", organizations)


class RoleAddForm(RoleScopeMixin, BootstrapForm):
    def __init__(self, *args, divisions=None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_scopes(divisions, organizations)


class PersonCreateForm(RoleScopeMixin, BootstrapForm):
    username = forms.CharField(
        label=_("User name"),
        max_length=150,
        help_text=_("Letters, digits and @ . + - _ only; used to sign in."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    full_name = forms.CharField(label=_("Full name"), max_length=64, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Initial password"),
        strip=False,
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("Leave empty to create the account without a usable password."),
    )

    field_order = ["username", "full_name", "phone", "email", "password", "role", "division", "organization"]

    def __init__(self, *args, divisions=None, organizations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.set_scopes(divisions, organizations)
        self.fields["role"].required = False
        cast(forms.ChoiceField, self.fields["role"]).choices = [("", _("(no role yet)")), *Role.choices]

    def clean_username(self):
        value = self.cleaned_data["username"].strip()
        allowed = set("@.+-_")
        if not all(ch.isalnum() or ch in allowed for ch in value):
            raise forms.ValidationError(_("Use letters, digits and @ . + - _ only."))
        return value

    def clean(self):
        data = super().clean() or {}
        if not data.get("role") and (data.get("division") or data.get("organization")):
            self.add_error("role", _("Choose the role the division or organization scope belongs to."))
        return data


class PersonEditForm(BootstrapForm):
    full_name = forms.CharField(label=_("Full name"), max_length=64, required=False)
    phone = forms.CharField(label=_("Mobile phone"), max_length=20, required=False)
    email = forms.EmailField(label=_("Email"), required=False)
    is_active = forms.BooleanField(
        label=_("Active"), required=False, help_text=_("An inactive account cannot sign in.")
    )

    def __init__(self, *args, may_deactivate: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_deactivate:
            del self.fields["is_active"]


class ApiTokenForm(BootstrapForm):
    name = forms.CharField(
        label=_("Token name"), max_length=64, help_text=_("What the token is for, e.g. “statistics export”.")
    )
    lifetime_days = forms.TypedChoiceField(
        label=_("Valid for"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("The token stops working after this time; a password change revokes it at once."),
    )

    def __init__(self, *args, default_days: int = 90, max_days: int = 365, **kwargs):
        super().__init__(*args, **kwargs)
        days = sorted({d for d in (7, 30, 90, 180, 365) if d <= max_days} | {default_days})
        field = cast(forms.TypedChoiceField, self.fields["lifetime_days"])
        field.choices = [(d, ngettext("%(n)d day", "%(n)d days", d) % {"n": d}) for d in days]
        field.initial = default_days


# --- calendar -----------------------------------------------------------------------------------------------------


class CalendarDayForm(BootstrapForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    kind = forms.ChoiceField(label=_("Kind"), choices=CalendarDay.Kind.choices)
    name = forms.CharField(
        label=_("Name"), max_length=64, required=False, help_text=_("The holiday it belongs to, e.g. 春节.")
    )


class CalendarDayClearForm(BootstrapForm):
    date = forms.DateField(label=_("Date"), widget=DateInput())


class ListFilterForm(forms.Form):
    """Search box and filters of a list page (GET)."""

    bound_field_class = BootstrapBoundField
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
