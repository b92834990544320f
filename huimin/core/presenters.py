"""Objects as the public may read them: the kit every context uses to hand public pages and the public API a record
whose free text is masked (huimin.core.masking), and the organization directory's own public shapes.

A `PublicView` wraps a model instance. The attributes named in `text_fields` come back masked (ID, mobile and
landline numbers however written); those in `related` come back wrapped in their own public view; every other
attribute (identifiers, codes, dates, amounts, statuses, `get_…_display`) is the instance's own. Each context
declares its views next to its models, and a test of that context holds every text field of the model to a
decision: masked, or named as not free text.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar

from .masking import mask_text
from .models import Division, EvaluationGrade, Organization


class PublicView:
    """A record as the public reads it: `text_fields` masked, `related` wrapped, the rest as stored."""

    __slots__ = ("_record",)
    text_fields: ClassVar[tuple[str, ...]] = ()
    related: ClassVar[dict[str, Callable[[Any], Any]]] = {}

    def __init__(self, record: Any) -> None:
        object.__setattr__(self, "_record", record)

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._record, name)
        if name in self.text_fields:
            return mask_text(value)
        if name in self.related and value is not None:
            return self.related[name](value)
        return value

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} is read-only")

    def __eq__(self, other: object) -> bool:
        other_record = other._record if isinstance(other, PublicView) else other
        return bool(self._record == other_record)

    def __hash__(self) -> int:
        return hash(self._record)

    def __str__(self) -> str:
        return mask_text(str(self._record))

    @property
    def record(self) -> Any:
        """The stored record (for permission checks, never for a template)."""
        return self._record

    @classmethod
    def many(cls, records: Iterable[Any]) -> list[Any]:
        return [cls(r) for r in records]


class PublicDivision(PublicView):
    """A division as the public reads it: its note is typed in (its code, name and level are the register's)."""

    __slots__ = ()
    text_fields = ("note",)


class PublicGrade(PublicView):
    """An evaluation grade as the public reads it: the awarding authority's name is free text."""

    __slots__ = ()
    text_fields = ("authority",)


class PublicOrganization(PublicView):
    """An organization's public registration facts. The legal name, credit code and registration number are
    identifiers as registered and stay as they are; the registration authority and the legal representative are
    typed in, and are masked. The rest of the file (address, phone, description, contacts, inspection notes) is not
    public: the pages and the API show it only to those who may read the private file, from the stored record."""

    __slots__ = ()
    text_fields = ("registration_authority", "legal_representative")


# The other text fields of Organization: identifiers and codes as registered (shown as they are), and the private
# file (never on a public page or in the public API shape). A test holds every text field of the model to one of
# these or to PublicOrganization.text_fields.
ORGANIZATION_AS_REGISTERED = ("name", "org_type", "uscc", "registration_number")
ORGANIZATION_PRIVATE = ("address", "phone", "email", "description")


def public_division(division: Division) -> PublicDivision:
    return PublicDivision(division)


def public_organization(organization: Organization) -> PublicOrganization:
    return PublicOrganization(organization)


def public_grade(grade: EvaluationGrade | None) -> PublicGrade | None:
    return PublicGrade(grade) if grade is not None else None


def public_grades(grades: Iterable[EvaluationGrade]) -> list[PublicGrade]:
    return [PublicGrade(g) for g in grades]
