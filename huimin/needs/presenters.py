"""A need as the public may read it: the only shape public pages and the public API get.

`PublicNeed` carries a need's free text (title, description, target group, evidence, answer) already masked by
huimin.core.masking — ID, mobile and landline numbers however written, the submitter's name — and no submitter or
supporter. Public templates receive `PublicNeed`s (`public_need`, `public_needs`, `public_page`), never a `Need`, so
that no field can reach a page unmasked; the API's `need_row` / `need_detail` are built from the same object.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any
from uuid import UUID

from django.core.paginator import Page
from django.urls import NoReverseMatch, reverse

from huimin.core.masking import mask_text
from huimin.core.models import Division

from .models import Need, NeedCategory
from .selectors import merged_needs, public_photos, public_questionnaires


def _names(need: Need) -> tuple[str, ...]:
    user = need.submitted_by if need.submitted_by_id else None
    if user is None:
        return ()
    return tuple(n for n in (user.full_name, user.last_name + user.first_name) if n)


class PublicNeedRef:
    """Another need named on a need's page (merged into, merged from): its number, masked title and support count."""

    __slots__ = ("number", "public_id", "support_count", "title")

    def __init__(self, need: Need) -> None:
        self.public_id: UUID = need.public_id
        self.number: str = need.number
        self.title: str = mask_text(need.title, names=_names(need))
        self.support_count: int = need.support_count


class PublicNeed:
    """A need's public face. Free-text attributes are masked; the rest are what the board shows."""

    __slots__ = (
        "_need",
        "answer",
        "answered_at",
        "category",
        "community",
        "description",
        "estimated_beneficiaries",
        "evidence_note",
        "merged_into",
        "number",
        "public_id",
        "residents_asking",
        "source",
        "status",
        "submitted_at",
        "support_count",
        "support_total",
        "target_group",
        "title",
    )

    def __init__(self, need: Need) -> None:
        names = _names(need)
        self._need = need
        self.public_id: UUID = need.public_id
        self.number: str = need.number
        self.title: str = mask_text(need.title, names=names)
        self.target_group: str = mask_text(need.target_group, names=names)
        self.description: str = mask_text(need.description, names=names)
        self.evidence_note: str = mask_text(need.evidence_note, names=names)
        self.answer: str = mask_text(need.answer, names=names)
        self.category: NeedCategory = need.category
        self.community: Division = need.community
        self.estimated_beneficiaries: int = need.estimated_beneficiaries
        self.residents_asking: int = need.residents_asking
        self.source: str = need.source
        self.status: str = need.status
        self.submitted_at: datetime = need.submitted_at
        self.answered_at: datetime | None = need.answered_at
        self.support_count: int = need.support_count
        self.support_total: int = need.support_total
        self.merged_into: PublicNeedRef | None = PublicNeedRef(need.merged_into) if need.merged_into else None

    def get_status_display(self) -> str:
        return str(self._need.get_status_display())

    def get_source_display(self) -> str:
        return str(self._need.get_source_display())

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


def public_need(need: Need) -> PublicNeed:
    return PublicNeed(need)


def public_needs(needs: Iterable[Need]) -> list[PublicNeed]:
    return [PublicNeed(n) for n in needs]


def public_refs(needs: Iterable[Need]) -> list[PublicNeedRef]:
    return [PublicNeedRef(n) for n in needs]


class PublicQuestionnaireRef:
    """A questionnaire linked as a need's evidence: its id, masked title and number of responses."""

    __slots__ = ("public_id", "response_count", "title")

    def __init__(self, questionnaire) -> None:
        self.public_id: UUID = questionnaire.public_id
        self.title: str = mask_text(questionnaire.title)
        self.response_count: int = questionnaire.response_count


def public_questionnaire_refs(*, need: Need) -> list[PublicQuestionnaireRef]:
    return [PublicQuestionnaireRef(q) for q in public_questionnaires(need=need)]


def public_page(page: Page) -> Page:
    """The page with its needs replaced by their public faces (paging links unchanged)."""
    page.object_list = public_needs(page.object_list)
    return page


def survey_results_url(questionnaire) -> str | None:
    try:
        return reverse("surveys:results", args=[questionnaire.public_id])
    except NoReverseMatch:
        return None


def _division(d) -> dict[str, str] | None:
    return {"code": d.code, "name": d.name} if d is not None else None


def _ref(n: PublicNeedRef | None) -> dict[str, Any] | None:
    if n is None:
        return None
    return {"public_id": n.public_id, "number": n.number, "title": n.title}


def need_row(need: Need | PublicNeed) -> dict[str, Any]:
    p = need if isinstance(need, PublicNeed) else PublicNeed(need)
    return {
        "public_id": p.public_id,
        "number": p.number,
        "url": reverse("needs:detail", kwargs={"public_id": p.public_id}),
        "title": p.title,
        "category": {"code": p.category.code, "name": p.category.name},
        "community": _division(p.community),
        "street": _division(p.community.parent),
        "target_group": p.target_group,
        "estimated_beneficiaries": p.estimated_beneficiaries,
        "residents_asking": p.residents_asking,
        "source": p.source,
        "status": p.status,
        "status_label": p.get_status_display(),
        "submitted_at": p.submitted_at,
        "answer": p.answer,
        "answered_at": p.answered_at,
        "merged_into": _ref(p.merged_into),
        "support_count": p.support_count,
        "support_total": p.support_total,
    }


def need_detail(need: Need) -> dict[str, Any]:
    p = PublicNeed(need)
    return {
        **need_row(p),
        "description": p.description,
        "evidence_note": p.evidence_note,
        "merged_from": [_ref(n) for n in public_refs(merged_needs(need=need))],
        "photos": [
            {"id": ph.public_id, "url": reverse("files:download", kwargs={"public_id": ph.public_id})}
            for ph in public_photos(need=need)
        ],
        "questionnaires": [
            {
                "public_id": q.public_id,
                "title": q.title,
                "response_count": q.response_count,
                "results_url": survey_results_url(q),
            }
            for q in public_questionnaire_refs(need=need)
        ],
    }
