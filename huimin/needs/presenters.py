"""A need as the public may read it (the public API): personal data masked, no submitter, no supporters."""

from __future__ import annotations

from typing import Any

from django.urls import NoReverseMatch, reverse

from .masking import public_text
from .models import Need
from .selectors import merged_needs, public_photos, public_questionnaires


def _names(need: Need) -> tuple[str, ...]:
    user = need.submitted_by if need.submitted_by_id else None
    if user is None:
        return ()
    return tuple(n for n in (user.full_name, user.last_name + user.first_name) if n)


def _division(d) -> dict[str, str] | None:
    return {"code": d.code, "name": d.name} if d is not None else None


def _ref(n: Need | None) -> dict[str, Any] | None:
    if n is None:
        return None
    return {"public_id": n.public_id, "number": n.number, "title": n.title}


def survey_results_url(questionnaire) -> str | None:
    try:
        return reverse("surveys:results", args=[questionnaire.public_id])
    except NoReverseMatch:
        return None


def need_row(need: Need) -> dict[str, Any]:
    names = _names(need)
    return {
        "public_id": need.public_id,
        "number": need.number,
        "url": reverse("needs:detail", kwargs={"public_id": need.public_id}),
        "title": need.title,
        "category": {"code": need.category.code, "name": need.category.name},
        "community": _division(need.community),
        "street": _division(need.community.parent),
        "target_group": public_text(need.target_group, names=names),
        "estimated_beneficiaries": need.estimated_beneficiaries,
        "residents_asking": need.residents_asking,
        "source": need.source,
        "status": need.status,
        "status_label": str(need.get_status_display()),
        "submitted_at": need.submitted_at,
        "answer": public_text(need.answer, names=names),
        "answered_at": need.answered_at,
        "merged_into": _ref(need.merged_into),
        "support_count": need.support_count,
        "support_total": need.support_total,
    }


def need_detail(need: Need) -> dict[str, Any]:
    names = _names(need)
    return {
        **need_row(need),
        "description": public_text(need.description, names=names),
        "evidence_note": public_text(need.evidence_note, names=names),
        "merged_from": [_ref(n) for n in merged_needs(need=need)],
        "photos": [
            {"id": p.public_id, "url": reverse("files:download", kwargs={"public_id": p.public_id})}
            for p in public_photos(need=need)
        ],
        "questionnaires": [
            {
                "public_id": q.public_id,
                "title": q.title,
                "response_count": q.response_count,
                "results_url": survey_results_url(q),
            }
            for q in public_questionnaires(need=need)
        ],
    }
