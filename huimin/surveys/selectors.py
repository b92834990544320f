"""Reads of the surveys context, scoped to the actor. Views, the API and other contexts read only through these.

`questionnaire_summary` is the results of a questionnaire as plain data (per question: counts and shares per
option, how many answered, the latest free-text answers without anything naming who wrote them); the needs context
shows it as evidence, the results pages draw it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from huimin.core.masking import mask_text
from huimin.core.models import Division, Role
from huimin.core.permissions import Actor

from .models import Answer, Question, QuestionKind, Questionnaire, QuestionnaireStatus, Response, ResponseChannel
from .permissions import can_manage_questionnaire, can_view_questionnaire, managed_scope_q
from .states import PUBLISHED

LATEST_TEXTS = 50


class QuestionnaireNotFound(Questionnaire.DoesNotExist):
    """No questionnaire with this id is visible to the actor."""


def mask_identity(text: str) -> str:
    """A free-text answer as the public sees it: ID, mobile and landline numbers someone wrote in are masked, however
    written (huimin.core.masking)."""
    return mask_text(text)


def _with_division(qs: QuerySet[Questionnaire]) -> QuerySet[Questionnaire]:
    return qs.select_related("division", "division__parent")


def questionnaire_list(
    *,
    actor: Actor,
    managed: bool = False,
    status: str | None = None,
    division: Division | None = None,
    search: str = "",
) -> QuerySet[Questionnaire]:
    """Questionnaires the actor may see: published ones (open or closed) for everyone, drafts too for those who
    manage them. `managed=True` keeps only those the actor manages (the desk)."""
    scope = managed_scope_q(actor)
    qs = Questionnaire.objects.all()
    if managed:
        if scope is not None:
            qs = qs.filter(scope)
    else:
        visible = Q(status__in=sorted(PUBLISHED))
        if scope is None:
            visible = Q()
        else:
            visible |= scope
        qs = qs.filter(visible)
    if status:
        qs = qs.filter(status=status)
    if division is not None:
        qs = qs.filter(Q(division=division) | Q(division__parent=division))
    if search:
        in_title = Q(title__icontains=search)
        if scope is not None and any(ch.isdigit() for ch in search):
            # words with a digit match a title only as the public reads it (masked), except in the questionnaires
            # the actor manages: no one finds a hidden phone or ID number by trying its digits
            needle = search.casefold()
            own = set(Questionnaire.objects.filter(scope).values_list("pk", flat=True))
            in_title = Q(
                pk__in=[
                    pk
                    for pk, title in qs.filter(in_title).values_list("pk", "title")
                    if pk in own or needle in mask_text(title).casefold()
                ]
            )
        qs = qs.filter(in_title | Q(division__name__icontains=search))
    return _with_division(qs).order_by("-created_at", "-pk")


def public_questionnaire_list(*, status: str | None = None, search: str = "") -> QuerySet[Questionnaire]:
    """Published questionnaires, newest first (what the public list and GET /questionnaires show)."""
    return questionnaire_list(actor=Actor.anonymous(), status=status, search=search)


def questionnaire_get(*, actor: Actor, public_id: UUID | str) -> Questionnaire:
    """One questionnaire visible to the actor, or QuestionnaireNotFound (drafts are visible to managers only)."""
    try:
        questionnaire = _with_division(Questionnaire.objects.all()).get(public_id=public_id)
    except (Questionnaire.DoesNotExist, ValueError, ValidationError):
        raise QuestionnaireNotFound(public_id) from None
    if not can_view_questionnaire(actor, questionnaire):
        raise QuestionnaireNotFound(public_id)
    return questionnaire


def questionnaire_get_managed(*, actor: Actor, public_id: UUID | str) -> Questionnaire:
    """A questionnaire the actor manages, or QuestionnaireNotFound."""
    questionnaire = questionnaire_get(actor=actor, public_id=public_id)
    if not can_manage_questionnaire(actor, questionnaire):
        raise QuestionnaireNotFound(public_id)
    return questionnaire


def questions_of(questionnaire: Questionnaire) -> list[Question]:
    return list(questionnaire.questions.order_by("position"))


def question_get(*, questionnaire: Questionnaire, question_id: int | str) -> Question:
    try:
        return questionnaire.questions.get(pk=int(question_id))
    except (Question.DoesNotExist, ValueError, TypeError):
        raise Question.DoesNotExist(question_id) from None


def divisions_for_new_questionnaire(*, actor: Actor) -> QuerySet[Division]:
    """Divisions the actor may create questionnaires for: its community; a purchaser's street and its communities;
    every division for the district administrator."""
    qs = Division.objects.filter(is_active=True)
    if not actor.is_district_admin:
        workers = [d.pk for d in actor.divisions_for(Role.COMMUNITY_WORKER)]
        purchasers = [d.pk for d in actor.divisions_for(Role.PURCHASER)]
        qs = qs.filter(Q(pk__in=workers + purchasers) | Q(parent_id__in=purchasers))
    return qs.select_related("parent").order_by("code")


def paper_responses(*, actor: Actor, questionnaire: Questionnaire, limit: int = 20) -> list[Response]:
    """The latest paper forms entered (for the entry page's list), for those who manage the questionnaire."""
    if not can_manage_questionnaire(actor, questionnaire):
        return []
    return list(
        Response.objects.filter(questionnaire=questionnaire, channel=ResponseChannel.PAPER)
        .select_related("entered_by")
        .order_by("-submitted_at", "-pk")[:limit]
    )


def paper_response_get(*, actor: Actor, questionnaire: Questionnaire, public_id: UUID | str) -> Response:
    if not can_manage_questionnaire(actor, questionnaire):
        raise Response.DoesNotExist(public_id)
    try:
        return Response.objects.select_related("questionnaire__division").get(
            questionnaire=questionnaire, channel=ResponseChannel.PAPER, public_id=public_id
        )
    except (Response.DoesNotExist, ValueError, ValidationError):
        raise Response.DoesNotExist(public_id) from None


def has_answered(*, questionnaire: Questionnaire, respondent_key: str | None) -> bool:
    """Whether the resident named by `respondent_key` has answered online already."""
    if not respondent_key:
        return False
    return Response.objects.filter(questionnaire=questionnaire, respondent_key=respondent_key).exists()


def responses_for_export(*, actor: Actor, questionnaire: Questionnaire) -> QuerySet[Response] | None:
    """Every response with its answers, oldest first, for those who manage the questionnaire (None otherwise).
    Who answered is not part of it: only the channel and, for paper forms, the form's number."""
    if not can_manage_questionnaire(actor, questionnaire):
        return None
    return (
        Response.objects.filter(questionnaire=questionnaire)
        .prefetch_related(
            Prefetch("answers", queryset=Answer.objects.only("response_id", "question_id", "selected", "text"))
        )
        .only("public_id", "channel", "paper_number", "submitted_at", "questionnaire_id")
        .order_by("submitted_at", "pk")
    )


def _share(count: int, total: int) -> float:
    return round(count / total, 4) if total else 0.0


def questionnaire_summary(questionnaire: Questionnaire) -> dict[str, Any]:
    """The results of `questionnaire` as plain, JSON-ready data. Per question: `answered` (how many responses
    answered it); for choice questions `options` [{index, label, count, share}] where share = count / answered
    (for multiple choice the shares may add up to more than 1); for free text `texts` (the latest 50, masked, no
    identity) and `text_count`. The results are public: the title, questions and options are masked too. Paper
    forms count like online answers; `online` and `paper` tell them apart."""
    questions = questions_of(questionnaire)
    channels = Counter(
        Response.objects.filter(questionnaire=questionnaire).values_list("channel", flat=True).iterator()
    )
    answered: Counter[int] = Counter()
    picked: dict[int, Counter[int]] = {q.pk: Counter() for q in questions}
    choice_ids = [q.pk for q in questions if q.kind != QuestionKind.TEXT]
    text_ids = [q.pk for q in questions if q.kind == QuestionKind.TEXT]
    for question_id, selected in (
        Answer.objects.filter(question_id__in=choice_ids).values_list("question_id", "selected").iterator()
    ):
        if not selected:
            continue
        answered[question_id] += 1
        picked[question_id].update(int(i) for i in selected)
    texts: dict[int, list[str]] = {pk: [] for pk in text_ids}
    text_counts: Counter[int] = Counter()
    for pk in text_ids:
        base = Answer.objects.filter(question_id=pk).exclude(text="")
        text_counts[pk] = base.count()
        answered[pk] = text_counts[pk]
        texts[pk] = [
            mask_identity(t)
            for t in base.order_by("-response__submitted_at", "-pk").values_list("text", flat=True)[:LATEST_TEXTS]
        ]
    rows: list[dict[str, Any]] = []
    for q in questions:
        row: dict[str, Any] = {
            "id": q.pk,
            "position": q.position,
            "kind": q.kind,
            "text": mask_text(q.text),
            "required": q.required,
            "answered": answered[q.pk],
        }
        if q.kind == QuestionKind.TEXT:
            row["options"] = []
            row["texts"] = texts[q.pk]
            row["text_count"] = text_counts[q.pk]
        else:
            row["options"] = [
                {
                    "index": i,
                    "label": mask_text(str(label)),
                    "count": picked[q.pk][i],
                    "share": _share(picked[q.pk][i], answered[q.pk]),
                }
                for i, label in enumerate(q.choices)
            ]
            row["texts"] = []
            row["text_count"] = 0
        rows.append(row)
    return {
        "public_id": str(questionnaire.public_id),
        "title": mask_text(questionnaire.title),
        "division": questionnaire.division.name,
        "status": questionnaire.status,
        "responses": sum(channels.values()),
        "online": channels.get(ResponseChannel.ONLINE, 0),
        "paper": channels.get(ResponseChannel.PAPER, 0),
        "questions": rows,
    }


def questionnaires_by_ids(*, public_ids: Iterable[Any]) -> list[Questionnaire]:
    """The questionnaires with these public ids (what another context links as evidence); QuestionnaireNotFound
    naming the first unknown id."""
    ids = [str(x) for x in public_ids]
    found = list(Questionnaire.objects.filter(public_id__in=ids))
    if len(found) != len(set(ids)):
        known = {str(q.public_id) for q in found}
        missing = [i for i in ids if i not in known]
        raise QuestionnaireNotFound(_("No questionnaire has the id %(id)s.") % {"id": missing[0]})
    return found


def questionnaires_for_division(*, division: Division) -> QuerySet[Questionnaire]:
    """A division's published questionnaires (what another context may link as evidence)."""
    return _with_division(
        Questionnaire.objects.filter(division=division).exclude(status=QuestionnaireStatus.DRAFT)
    ).order_by("-created_at")
