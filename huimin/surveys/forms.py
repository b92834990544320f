"""Forms of the questionnaire pages. They parse and render input; the services decide what is valid and allowed,
and their errors are shown next to the fields they name (`q<id>` for an answer to question <id>).

Options are shown lettered A, B, C …; on the paper entry page a worker types the letters or the numbers of the
options ticked on the form (“AC”, “a c”, “1 3”, “１、３” — full-width and half-width alike).
"""

from __future__ import annotations

import re
import string
import unicodedata
from collections.abc import Iterable
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from huimin.core.formkit import BootstrapForm
from huimin.core.models import Division

from .models import Question, QuestionKind

LETTERS = string.ascii_uppercase


def option_letter(index: int) -> str:
    return LETTERS[index] if 0 <= index < len(LETTERS) else str(index + 1)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%dT%H:%M")


# --- the desk ---------------------------------------------------------------------------------------------------------


def _division_label(division: Division) -> str:
    return f"{division.name}（{division.parent.name}）" if division.parent else division.name


class QuestionnaireForm(BootstrapForm):
    division = forms.ModelChoiceField(label=_("Community or street"), queryset=Division.objects.none())
    title = forms.CharField(label=_("Title"), max_length=200)
    description = forms.CharField(
        label=_("Introduction"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown above the questions: why you ask and what happens with the answers."),
    )
    opens_at = forms.DateTimeField(
        label=_("Takes answers from"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("Leave empty to take answers as soon as it is opened."),
    )
    closes_at = forms.DateTimeField(
        label=_("Closes at"),
        required=False,
        widget=DateTimeInput(),
        help_text=_("It closes by itself at this time (China Standard Time). Leave empty to close it by hand."),
    )

    def __init__(self, *args, divisions=None, locked: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if divisions is None:
            del self.fields["division"]
        else:
            field = cast(forms.ModelChoiceField, self.fields["division"])
            field.queryset = divisions
            field.label_from_instance = _division_label  # type: ignore[method-assign,assignment]
        if locked:  # an open questionnaire: only its closing time may change
            for name in ("title", "description", "opens_at"):
                self.fields[name].disabled = True


class QuestionForm(BootstrapForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=QuestionKind.choices, initial=QuestionKind.SINGLE)
    text = forms.CharField(label=_("Question"), max_length=300)
    required = forms.BooleanField(label=_("An answer is required"), required=False, initial=True)
    choices = forms.CharField(
        label=_("Options"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One option per line (2 to 20); leave empty for a free-text question."),
    )

    @classmethod
    def for_question(cls, question: Question, data=None, prefix: str | None = None) -> QuestionForm:
        return cls(
            data,
            prefix=prefix,
            initial={
                "kind": question.kind,
                "text": question.text,
                "required": question.required,
                "choices": "\n".join(question.choices),
            },
        )


class OrderForm(BootstrapForm):
    order = forms.CharField(widget=forms.HiddenInput)

    def clean_order(self) -> list[int]:
        try:
            return [int(x) for x in re.split(r"[,\s]+", self.cleaned_data["order"].strip()) if x]
        except ValueError:
            raise forms.ValidationError(_("Give the questions' numbers separated by commas.")) from None


# --- answering --------------------------------------------------------------------------------------------------------


class AnswerForm(BootstrapForm):
    """A resident's answers: radio buttons, check boxes and text areas, one field `q<id>` per question. Whether an
    answer is required is decided by the service (so that every refusal reads the same on pages and the API)."""

    def __init__(self, *args, questions: Iterable[Any], **kwargs):
        """`questions`: Question records, or their public views (presenters.PublicQuestion) on public pages."""
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            choices = [(str(i), f"{option_letter(i)}. {label}") for i, label in enumerate(q.choices)]
            field: forms.Field
            if q.kind == QuestionKind.SINGLE:
                field = forms.ChoiceField(choices=choices, required=False, widget=forms.RadioSelect)
            elif q.kind == QuestionKind.MULTIPLE:
                field = forms.MultipleChoiceField(choices=choices, required=False, widget=forms.CheckboxSelectMultiple)
            else:
                field = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
            field.label = f"{q.position}. {q.text}"
            setattr(field, "question", q)  # noqa: B010 — read by the template
            self.fields[f"q{q.pk}"] = field

    def answers(self) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for q in self.questions:
            value = self.cleaned_data.get(f"q{q.pk}")
            if q.kind == QuestionKind.TEXT:
                out[q.pk] = value or ""
            elif q.kind == QuestionKind.SINGLE:
                out[q.pk] = [int(value)] if value not in (None, "") else []
            else:
                out[q.pk] = [int(v) for v in value or []]
        return out


_SEPARATORS = re.compile(r"[\s,;、/.]+")


def parse_option_keys(text: str, count: int) -> list[int]:
    """Option indexes (0-based) from what a worker typed: letters (A, b …) or numbers (1-based), separated by spaces
    or punctuation, full-width or half-width; with 9 options or fewer a run like “13” or “AC” means each option.
    Raises ValueError with a message for anything else. The range is checked by the service."""
    text = unicodedata.normalize("NFKC", text or "").strip().upper()
    if not text:
        return []
    indexes: list[int] = []
    for token in (t for t in _SEPARATORS.split(text) if t):
        if token.isdigit():
            if count <= 9 and len(token) > 1:
                indexes.extend(int(ch) - 1 for ch in token)
            else:
                indexes.append(int(token) - 1)
        elif token.isalpha() and token.isascii():
            indexes.extend(LETTERS.index(ch) for ch in token)
        else:
            raise ValueError(str(_("Type the letters or numbers of the options ticked, e.g. “A C” or “1 3”.")))
    return indexes


class PaperForm(BootstrapForm):
    """One paper form, typed quickly: a text box per question (letters or numbers of the options ticked, or the
    text written), and the number written on the form."""

    paper_number = forms.CharField(
        label=_("Form number"),
        required=False,
        max_length=32,
        help_text=_("Optional: the number written on the paper form, so that no form is entered twice."),
    )

    def __init__(self, *args, questions: Iterable[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = list(questions)
        for q in self.questions:
            attrs = {"autocomplete": "off", "data-entry": "1"}
            if q.kind == QuestionKind.TEXT:
                help_text = ""
            else:
                attrs["inputmode"] = "text"
                letters = "".join(option_letter(i) for i in range(len(q.choices)))
                if q.kind == QuestionKind.SINGLE:
                    help_text = _("One of %(letters)s") % {"letters": " ".join(letters)}
                else:
                    help_text = _("Any of %(letters)s") % {"letters": " ".join(letters)}
            self.fields[f"q{q.pk}"] = forms.CharField(
                label=f"{q.position}. {q.text}",
                required=False,
                widget=forms.TextInput(attrs=attrs),
                help_text=help_text,
            )
            setattr(self.fields[f"q{q.pk}"], "question", q)  # noqa: B010 — read by the template

    def clean(self):
        data = super().clean() or {}
        for q in self.questions:
            if q.kind == QuestionKind.TEXT:
                continue
            name = f"q{q.pk}"
            try:
                data[name] = parse_option_keys(data.get(name, ""), len(q.choices))
            except ValueError as exc:
                self.add_error(name, str(exc))
        return data

    def answers(self) -> dict[int, Any]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


# --- phone verification -----------------------------------------------------------------------------------------------


class PhoneForm(BootstrapForm):
    phone = forms.CharField(
        label=_("Mobile number"),
        max_length=32,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
        help_text=_("We send a 6-digit code to check that each resident answers once; the number is not shown."),
    )


class CodeForm(BootstrapForm):
    phone = forms.CharField(widget=forms.HiddenInput, max_length=32)
    code = forms.CharField(
        label=_("Verification code"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class FilterForm(BootstrapForm):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args, statuses, **kwargs):
        super().__init__(*args, **kwargs)
        field = cast(forms.ChoiceField, self.fields["status"])
        field.choices = [("", _("Any status")), *statuses]
