"""The call editor shared by the draft page and the amendment page: reading the POST into service values, and the
template context (row tables with their errors, the intentions picker grouped by purchaser, section errors)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.translation import gettext as _

from .. import selectors
from ..forms import CallEditorForm, EditorRows, error_sections
from ..models import Call
from ..rules import CriterionSource

BLANK: dict[str, dict[str, Any]] = {
    "cap": {"code": "", "item": "", "unit": "", "amount": ""},
    "doc": {"code": "", "name": "", "required": True, "description": ""},
    "criterion": {"code": "", "name": "", "weight": "", "description": "", "source": CriterionSource.EXPERTS},
}


@dataclass
class Editor:
    call: Call
    form: CallEditorForm
    rows: EditorRows
    selected: set[str]
    sections: dict[str, list[str]] = field(default_factory=dict)
    row_errors: dict[tuple[str, int], list[str]] = field(default_factory=dict)
    changes: dict[str, Any] | None = None

    def show_errors(self, exc: ValidationError) -> None:
        """Put a service's refusal next to the fields, rows and sections it names."""
        if not hasattr(exc, "error_dict"):
            self.sections.setdefault("__all__", []).extend(exc.messages)
            return
        sections, rows = error_sections(exc.message_dict)
        for key, messages in sections.items():
            if key in self.form.fields and key not in ("categories",):
                for message in messages:
                    self.form.add_error(key, message)
            else:
                self.sections.setdefault(key, []).extend(messages)
        for row_key, row_messages in rows.items():
            self.row_errors.setdefault(row_key, []).extend(row_messages)

    @property
    def all_messages(self) -> list[str]:
        """Every problem, for the summary on top of the page."""
        out = [m for messages in self.sections.values() for m in messages]
        out += [m for messages in self.row_errors.values() for m in messages]
        return out

    def context(self) -> dict[str, Any]:
        groups = selectors.group_by_purchaser(
            {
                *selectors.listable_intentions(round=self.call.round, call=self.call),
                *[i for i in selectors.call_intentions(self.call) if str(i.public_id) in self.selected],
            }
        )
        tables: dict[str, list[tuple[dict[str, Any], list[str]]]] = {}
        for kind, rows in (("cap", self.rows.caps), ("doc", self.rows.documents), ("criterion", self.rows.criteria)):
            tables[kind] = [(row, self.row_errors.get((kind, i), [])) for i, row in enumerate(rows)]
            tables[kind].append((BLANK[kind], []))
        selected_total = sum(
            (i.budget for g in groups for i in g.intentions if str(i.public_id) in self.selected),
            Decimal(0),
        )
        return {
            "call": self.call,
            "form": self.form,
            "tables": tables,
            "groups": groups,
            "selected": self.selected,
            "selected_total": selected_total,
            "sections": self.sections,
            "summary": self.all_messages,
            "weights_total": self.rows.weights_total(),
        }


def editor_for(call: Call, *, amendment: bool) -> Editor:
    return Editor(
        call=call,
        form=CallEditorForm(initial=CallEditorForm.initial_for(call), amendment=amendment),
        rows=EditorRows.from_call(call),
        selected={str(i.public_id) for i in selectors.call_intentions(call)},
    )


def editor_from_post(request: HttpRequest, call: Call, *, amendment: bool) -> Editor:
    """Parse the editor's POST. `editor.changes` is None when the form itself is invalid (errors shown)."""
    editor = Editor(
        call=call,
        form=CallEditorForm(request.POST, amendment=amendment),
        rows=EditorRows.from_post(request.POST),
        selected=set(request.POST.getlist("intentions")),
    )
    found, missing = selectors.intentions_by_public_ids(round=call.round, public_ids=sorted(editor.selected))
    if missing:
        editor.sections.setdefault("intentions", []).append(_("Some chosen intentions no longer exist."))
    if editor.form.is_valid() and not missing:
        changes = editor.form.changes(editor.rows)
        changes["intentions"] = found
        editor.changes = changes
    return editor
