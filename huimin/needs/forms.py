"""Forms of the needs pages. They parse and render input; the services decide what is valid and allowed, and their
errors are shown next to the fields they name. Choices (communities, categories, questionnaires, merge targets)
come from the selectors, passed in by the views."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from huimin.core.formkit import BootstrapForm, PersonalNumbersCheckMixin
from huimin.core.models import Division

from .models import Need, NeedCategory, NeedStatus
from .states import NeedAction


class MultipleImageInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PhotosField(forms.FileField):
    """Several photos in one input; the service checks that each is an image."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleImageInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def community_label(d: Division) -> str:
    return f"{d.parent.name} · {d.name}" if d.parent_id and d.parent else d.name


class CommunityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Division) -> str:  # type: ignore[override]
        return community_label(obj)


class NeedChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Need) -> str:  # type: ignore[override]
        return f"{obj.number} {obj.title}（{obj.get_status_display()}）"


COUNT_ATTRS = {"inputmode": "numeric", "autocomplete": "off"}


class NeedForm(PersonalNumbersCheckMixin, BootstrapForm):
    """Record (worker), submit (resident) or edit a need. `community` is offered only when creating.

    The text is published: an ID or phone number typed into it is refused for residents (`refuse_personal_numbers`)
    and flagged to community workers, who may keep it (the public sees it masked)."""

    personal_number_fields = ("title", "target_group", "description", "evidence_note")

    community = CommunityChoiceField(label=_("Community"), queryset=Division.objects.none(), empty_label=None)
    title = forms.CharField(
        label=_("Title"),
        max_length=200,
        help_text=_("A short name of the service wanted, e.g. 老年人助餐服务."),
    )
    category = forms.ModelChoiceField(label=_("Category"), queryset=NeedCategory.objects.none())
    target_group = forms.CharField(label=_("Target group"), max_length=200, help_text=_("Who it is for."))
    estimated_beneficiaries = forms.CharField(
        label=_("Estimated beneficiaries"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=COUNT_ATTRS),
        help_text=_("How many residents would take part or benefit."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What is missing, for whom, and why it matters. Do not write names or phone numbers."),
    )
    residents_asking = forms.CharField(
        label=_("Residents asking"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=COUNT_ATTRS),
        help_text=_("How many residents asked for it (visits, meetings, questionnaires)."),
    )
    evidence_note = forms.CharField(
        label=_("Evidence"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Surveys, visits or meetings that show the need, e.g. 2020年9月入户走访38户."),
    )
    photos = PhotosField(label=_("Photos"), help_text=_("Up to 9 images (PNG, JPEG, GIF, WebP)."))

    def __init__(
        self,
        *args: Any,
        communities: Iterable[Division] | None = None,
        categories: Iterable[NeedCategory] = (),
        with_photos: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        community_field: forms.ModelChoiceField = self.fields["community"]  # type: ignore[assignment]
        if communities is None:
            del self.fields["community"]
        else:
            community_field.queryset = communities  # type: ignore[assignment]
        category_field: forms.ModelChoiceField = self.fields["category"]  # type: ignore[assignment]
        category_field.queryset = categories  # type: ignore[assignment]
        if not with_photos:
            del self.fields["photos"]

    @staticmethod
    def initial_from(need: Need) -> dict[str, Any]:
        return {
            "title": need.title,
            "category": need.category_id,
            "target_group": need.target_group,
            "estimated_beneficiaries": need.estimated_beneficiaries,
            "description": need.description,
            "residents_asking": need.residents_asking,
            "evidence_note": need.evidence_note,
        }


class DecisionForm(PersonalNumbersCheckMixin, BootstrapForm):
    personal_number_fields = ("answer",)

    action = forms.ChoiceField(
        label=_("Decision"),
        choices=[
            (NeedAction.ACCEPT.value, _("Accept")),
            (NeedAction.MERGE.value, _("Merge into another need")),
            (NeedAction.DECLINE.value, _("Decline")),
        ],
        widget=forms.RadioSelect,
    )
    merged_into = NeedChoiceField(
        label=_("Merge into"),
        queryset=Need.objects.none(),
        required=False,
        help_text=_("Only for a merge: a submitted or accepted need of the same community."),
    )
    answer = forms.CharField(
        label=_("Public answer"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown on the public board. Required to merge or decline."),
    )

    def __init__(self, *args: Any, targets: Iterable[Need] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelChoiceField = self.fields["merged_into"]  # type: ignore[assignment]
        field.queryset = targets  # type: ignore[assignment]


class QuestionnaireChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj) -> str:  # type: ignore[override]
        return f"{obj.title}（{obj.get_status_display()}）"


class QuestionnaireLinkForm(BootstrapForm):
    questionnaires = QuestionnaireChoiceField(
        label=_("Questionnaires of the community"),
        queryset=None,  # the community's, given to the form
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, questionnaires: Iterable = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: forms.ModelMultipleChoiceField = self.fields["questionnaires"]  # type: ignore[assignment]
        field.queryset = questionnaires  # type: ignore[assignment]


class BatchAcceptForm(BootstrapForm):
    answer = forms.CharField(
        label=_("Public answer for all (optional)"),
        required=False,
        widget=forms.TextInput(),
    )


def _choices(items: Iterable[tuple[str, Any]], blank) -> list[tuple[str, Any]]:
    return [("", blank), *items]


SORT_CHOICES = [
    ("recent", _("Newest first")),
    ("supports", _("Most supported first")),
    ("number", _("By number")),
]


class BoardFilterForm(BootstrapForm):
    """The public board's and the desk's search and filters (codes in the address, so a search can be shared)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    street = forms.ChoiceField(label=_("Street / township"), required=False)
    community = forms.ChoiceField(label=_("Community"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=_choices(NeedStatus.choices, _("All statuses"))
    )
    sort = forms.ChoiceField(label=_("Order"), required=False, choices=SORT_CHOICES)

    def __init__(
        self,
        *args: Any,
        streets: Iterable[Division] = (),
        communities: Iterable[Division] = (),
        categories: Iterable[NeedCategory] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        streets = list(streets)
        communities = list(communities)
        street_field: forms.ChoiceField = self.fields["street"]  # type: ignore[assignment]
        community_field: forms.ChoiceField = self.fields["community"]  # type: ignore[assignment]
        category_field: forms.ChoiceField = self.fields["category"]  # type: ignore[assignment]
        if len(streets) > 1:
            street_field.choices = _choices([(d.code, d.name) for d in streets], _("All streets"))
        else:
            del self.fields["street"]
        if len(communities) > 1:
            community_field.choices = _choices(
                [(d.code, community_label(d)) for d in communities], _("All communities")
            )
        else:
            del self.fields["community"]
        category_field.choices = _choices([(c.code, c.name) for c in categories], _("All categories"))

    def value(self, name: str) -> str:
        if not self.is_bound or not self.is_valid():
            return ""
        return str(self.cleaned_data.get(name) or "")


class PhoneForm(BootstrapForm):
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("We send a 6-digit code. The number is never shown and is kept only as a digest."),
    )


class CodeForm(BootstrapForm):
    phone = forms.CharField(widget=forms.HiddenInput, max_length=20)
    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class CategoryForm(BootstrapForm):
    code = forms.CharField(
        label=_("Code"),
        max_length=40,
        help_text=_("Lower-case letters, digits and hyphens; it cannot be changed later (e.g. elderly-care)."),
    )
    name = forms.CharField(label=_("Name"), max_length=80)
    description = forms.CharField(label=_("Description"), required=False, max_length=400)
    position = forms.CharField(
        label=_("Position"),
        required=False,
        max_length=6,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        help_text=_("Smaller numbers come first; left blank, the category goes last."),
    )

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["code"]
