"""The sections of a proposal (项目书): stable codes used for completeness (`rules.missing`), for the editor's
tabs and for screening's fix windows (`Proposal.fix_sections`).

    from huimin.proposals.sections import SECTIONS, SECTION_CODES, section_of_field
    SECTION_CODES                        # ("basics", "beneficiaries", "narrative", "activities", …)
    section_of_field("summary")          # "narrative"
    SECTIONS_BY_CODE["budget"].relations # ("budget_lines",)

| code          | fields of Proposal                                                  | relations               |
|---------------|---------------------------------------------------------------------|-------------------------|
| basics        | title, category, start_date, end_date, contact_name, contact_phone  | intentions, communities |
| beneficiaries | target_group, direct_beneficiaries, indirect_beneficiaries          |                         |
| narrative     | summary, need_analysis, objectives, risks, sustainability           |                         |
| activities    |                                                                     | activities              |
| indicators    |                                                                     | indicators              |
| team          |                                                                     | team                    |
| budget        | applied_amount                                                      | budget_lines            |
| documents     |                                                                     | documents               |
| commitment    | commitment_accepted_at                                              |                         |
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    code: str
    label: str | Promise
    fields: tuple[str, ...] = ()  # scalar fields of Proposal
    relations: tuple[str, ...] = ()  # related rows / many-to-many of Proposal


SECTIONS: tuple[Section, ...] = (
    Section(
        "basics",
        _("Basic information"),
        ("title", "category", "start_date", "end_date", "contact_name", "contact_phone"),
        ("intentions", "communities"),
    ),
    Section("beneficiaries", _("Beneficiaries"), ("target_group", "direct_beneficiaries", "indirect_beneficiaries")),
    Section(
        "narrative", _("Project description"), ("summary", "need_analysis", "objectives", "risks", "sustainability")
    ),
    Section("activities", _("Activity plan"), (), ("activities",)),
    Section("indicators", _("Outputs and outcomes"), (), ("indicators",)),
    Section("team", _("Project team"), (), ("team",)),
    Section("budget", _("Budget"), ("applied_amount",), ("budget_lines",)),
    Section("documents", _("Attachments"), (), ("documents",)),
    Section("commitment", _("Commitment"), ("commitment_accepted_at",)),
)

SECTIONS_BY_CODE: dict[str, Section] = {s.code: s for s in SECTIONS}
SECTION_CODES: tuple[str, ...] = tuple(s.code for s in SECTIONS)

# The scalar fields the provider edits with proposal_update (autosave), each in exactly one section.
EDITABLE_FIELDS: tuple[str, ...] = tuple(f for s in SECTIONS for f in s.fields if f != "commitment_accepted_at")

_FIELD_SECTION: dict[str, str] = {name: s.code for s in SECTIONS for name in (*s.fields, *s.relations)}


def section_of_field(name: str) -> str:
    """The section a Proposal field or relation belongs to (KeyError for others)."""
    return _FIELD_SECTION[name]


def section_label(code: str) -> str:
    return str(SECTIONS_BY_CODE[code].label)


def unknown_sections(codes: list[str] | tuple[str, ...]) -> list[str]:
    return [c for c in codes if c not in SECTIONS_BY_CODE]
