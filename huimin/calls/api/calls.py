"""/api/v1/calls: calls for proposals over HTTP. Thin: reads through huimin.calls.selectors, writes through the
services with `actor=request.actor`.

- Everyone: published, closed and cancelled calls with their intentions, rules, documents, amendments and answered
  questions (never the asking organization).
- Project managers (their organization's calls) and the district administrator: drafts; create, edit (drafts only —
  a published call answers 409 `call_published_use_amendment`), publish, amend, cancel; answer questions.
- Providers: ask clarification questions while a call is open, and see their own questions.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from typing import TYPE_CHECKING, Any
from uuid import UUID

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Router, Status

from huimin.core.apikit import PUBLIC, READ_ERRORS, WRITE_ERRORS, Mapped, NotFound, paginated, require_signed_in
from huimin.core.masking import mask_json, mask_text
from huimin.core.models import Organization
from huimin.core.permissions import Actor, PermissionDenied
from huimin.core.schemas import ErrorOut
from huimin.core.services.errors import ServiceError
from huimin.files.selectors import attachment_get
from huimin.planning.presenters import public_intentions

from .. import presenters, selectors
from ..error_codes import CallsError
from ..models import Call, CallAmendment, CallQuestion
from ..permissions import can_manage_call, manager_organizations, provider_organizations
from ..rules import call_rules
from ..schemas import (
    AmendmentIn,
    AmendmentOut,
    CallAnswerIn,
    CallDetailOut,
    CallDraftFieldsIn,
    CallFilter,
    CallIn,
    CallOut,
    CallQuestionIn,
    CallQuestionOut,
    CancelIn,
    CorrectionIn,
    RejectIn,
)
from ..services.amendments import call_amend
from ..services.calls import call_cancel, call_create, call_publish, call_update
from ..services.questions import (
    call_question_answer,
    call_question_ask,
    call_question_correct,
    call_question_reject,
)
from ..states import require_editable

if TYPE_CHECKING:
    from huimin.planning.models import Round

router = Router(tags=["calls"])


# --- output builders ------------------------------------------------------------------------------------------------


def _call_dict(call: Call, *, private: bool = False) -> dict[str, Any]:
    """A call's row. `private` (the call's managers): its text as written; everyone else reads it masked."""
    shown: Any = call if private else presenters.public_call(call)
    return {
        "public_id": call.public_id,
        "number": call.number,
        "title": shown.title,
        "status": call.status,
        "status_label": str(call.get_status_display()),
        "round": call.round.code,
        "round_name": shown.round.name,
        "manager": call.manager.public_id,
        "manager_name": call.manager.name,
        "cap_per_project": call.cap_per_project,
        "total_budget": call.total_budget,
        "deadline": call.deadline,
        "original_deadline": call.original_deadline,
        "published_at": call.published_at,
        "closed_at": call.closed_at,
    }


def _question_dict(question: CallQuestion, *, private: bool, corrected: dict) -> dict[str, Any]:
    """A question. `private` (the call's managers, the asking organization): as written, with the asker; everyone
    else reads it masked, without the asker."""
    shown: Any = question if private else presenters.PublicQuestion(question)
    return {
        "public_id": question.public_id,
        "question": shown.question,
        "status": question.status,
        "status_label": str(question.get_status_display()),
        "answer": shown.answer,
        "asked_at": question.asked_at,
        "answered_at": question.answered_at,
        "corrected_at": corrected.get(question.pk),
        "organization": question.organization.name if private and question.organization else None,
    }


def _questions_for(actor: Actor, call: Call) -> list[dict[str, Any]]:
    managing = can_manage_call(actor, call)
    if managing:
        questions = list(selectors.questions_inbox(actor=actor, call=call))
    else:
        questions = list(selectors.questions_public(call))
        seen = {q.pk for q in questions}
        questions += [q for q in selectors.questions_of_asker(actor=actor, call=call) if q.pk not in seen]
    own = {o.pk for o in provider_organizations(actor)}
    corrected = selectors.question_corrections([q for q in questions if q.status == "answered"])
    return [
        _question_dict(q, private=managing or q.organization_id in own, corrected=corrected)
        for q in sorted(questions, key=lambda q: (q.asked_at, q.pk))
    ]


def _amendment_dict(amendment: CallAmendment, *, private: bool = False) -> dict[str, Any]:
    shown: Any = amendment if private else presenters.public_amendment(amendment)
    return {
        "sequence": amendment.sequence,
        "reason": shown.reason,
        "changes": shown.changes,
        "deadline_before": amendment.deadline_before,
        "deadline_after": amendment.deadline_after,
        "extended": amendment.extended,
        "published_at": amendment.published_at,
    }


def _detail_dict(actor: Actor, call: Call) -> dict[str, Any]:
    """A call in full. Its managers read it as written (what they edit); everyone else as the public reads it."""
    private = can_manage_call(actor, call)
    rules = call_rules(call)
    shown: Any = call if private else presenters.public_call(call)
    text: Any = (lambda value: value) if private else mask_json
    data = _call_dict(call, private=private)
    data.update(
        body=shown.body,
        intentions=[
            {
                "public_id": i.public_id,
                "number": i.number,
                "title": i.title,
                "purchaser_code": i.purchaser.code,
                "purchaser_name": i.purchaser.name,
                "category": i.category.code,
                "budget": i.budget,
            }
            for i in (
                selectors.call_intentions(call) if private else public_intentions(selectors.call_intentions(call))
            )
        ],
        categories=[{"code": c.code, "name": c.name} for c in call.categories.order_by("position", "code")],
        max_proposals_per_organization=call.max_proposals_per_organization,
        expected_proposals=call.expected_proposals,
        opens_at=call.opens_at,
        late_amendment_working_days=call.late_amendment_working_days,
        extension_working_days=call.extension_working_days,
        eligibility=text(rules.eligibility.to_json()),
        eligibility_text=text(rules.eligibility.describe()),
        required_documents=[text(d.to_json()) for d in rules.required_documents],
        budget_rules=text(rules.budget_rules.to_json()),
        review_criteria=[text(c.to_json()) for c in rules.review_criteria],
        documents=[
            {
                "public_id": a.public_id,
                "name": a.original_name if private else mask_text(a.original_name),
                "size": a.size,
                "sha256": a.sha256,
                "url": reverse("files:download", kwargs={"public_id": a.public_id}),
            }
            for a in selectors.call_documents(call)
        ],
        amendments=[_amendment_dict(a, private=private) for a in selectors.call_amendments(call)],
        questions=_questions_for(actor, call),
    )
    return data


# --- references -----------------------------------------------------------------------------------------------------


def _call_or_404(request, public_id: UUID) -> Call:
    try:
        return selectors.call_get(actor=request.actor, public_id=public_id)
    except Call.DoesNotExist:
        raise NotFound(_("No call with the id %(id)s is visible to you.") % {"id": public_id}) from None


def _round_ref(code: str) -> "Round":
    try:
        return selectors.round_get(code=(code or "").strip())
    except ObjectDoesNotExist:
        raise ServiceError.for_fields(
            {"round": _("There is no round with the code %(code)s.") % {"code": code}}, code=CallsError.INVALID
        ) from None


def _manager_ref(actor: Actor, public_id: UUID | None) -> Organization | None:
    if public_id is None:
        return None
    choices = {str(o.public_id): o for o in manager_organizations(actor)}
    if str(public_id) in choices:
        return choices[str(public_id)]
    if actor.is_district_admin:
        found = selectors.organization_by_public_id(public_id)
        if found is not None:
            return found
    raise ServiceError.for_fields(
        {"manager": _("You do not manage calls for the organization %(id)s.") % {"id": public_id}},
        code=CallsError.MANAGER_INVALID,
    )


def _resolve(actor: Actor, round_: "Round", data: dict[str, Any]) -> dict[str, Any]:
    """Replace the ids of intentions, categories and documents by the objects the services take."""
    out = dict(data)
    if out.get("intentions") is not None:
        found, missing = selectors.intentions_by_public_ids(round=round_, public_ids=out["intentions"])
        if missing:
            raise ServiceError.for_fields(
                {
                    "intentions": _("No intention of the round %(round)s has the id %(id)s.")
                    % {"round": round_.code, "id": missing[0]}
                },
                code=CallsError.INTENTION_INVALID,
            )
        out["intentions"] = found
    if out.get("categories") is not None:
        found_categories, missing = selectors.categories_by_codes(out["categories"])
        if missing:
            raise ServiceError.for_fields(
                {"categories": _("There is no category with the code %(code)s.") % {"code": missing[0]}},
                code=CallsError.CATEGORY_INVALID,
            )
        out["categories"] = found_categories
    if out.get("documents") is not None:
        documents = []
        for public_id in out["documents"]:
            try:
                documents.append(attachment_get(actor=actor, public_id=public_id))
            except (ObjectDoesNotExist, PermissionDenied):
                raise ServiceError.for_fields(
                    {"documents": _("No attachment with the id %(id)s is visible to you.") % {"id": public_id}},
                    code=CallsError.DOCUMENT_INVALID,
                ) from None
        out["documents"] = documents
    for name in ("intentions", "categories", "documents"):
        if name in out and out[name] is None:
            out[name] = []
    return out


# --- calls ----------------------------------------------------------------------------------------------------------


@router.get(
    "/calls",
    response=list[CallOut],
    summary="Calls: published ones for everyone, drafts for their managers",
    openapi_extra=PUBLIC,
)
@paginated(page_size=50)
def call_list(request, filters: Query[CallFilter]):
    round_ = None
    if filters.round:
        round_ = _round_ref(filters.round)
    actor = request.actor
    qs = selectors.calls_visible(actor=actor, status=filters.status, round=round_, q=filters.q.strip())
    return Mapped(qs, lambda call: _call_dict(call, private=can_manage_call(actor, call)))


@router.get(
    "/calls/{public_id}",
    response={200: CallDetailOut, **READ_ERRORS},
    summary="One call, in full",
    openapi_extra=PUBLIC,
)
def call_detail(request, public_id: UUID):
    return _detail_dict(request.actor, _call_or_404(request, public_id))


@router.post("/calls", response={201: CallDetailOut, **WRITE_ERRORS}, summary="Draft a call (project manager)")
def call_new(request, payload: CallIn):
    require_signed_in(request)
    data = payload.dict(exclude_unset=True)
    round_ = _round_ref(data.pop("round"))
    manager = _manager_ref(request.actor, data.pop("manager", None))
    title = data.pop("title")
    data = _resolve(request.actor, round_, {k: v for k, v in data.items() if v is not None})
    call = call_create(round=round_, title=title, manager=manager, actor=request.actor, **data)
    return Status(201, _detail_dict(request.actor, call))


@router.patch(
    "/calls/{public_id}",
    response={200: CallDetailOut, 409: ErrorOut, **WRITE_ERRORS},
    summary="Edit a draft (a published call changes only by amendment: 409 call_published_use_amendment)",
)
def call_change(request, public_id: UUID, payload: PatchDict[CallDraftFieldsIn]):
    require_signed_in(request)
    call = _call_or_404(request, public_id)
    if not can_manage_call(request.actor, call):
        raise PermissionDenied(_("Only the call's project managers may edit it."))
    try:
        require_editable(call)
    except ServiceError as exc:
        return Status(409, {"code": exc.error_code, "message": " ".join(exc.messages), "errors": {}})
    data = _resolve(request.actor, call.round, dict(payload))
    call = call_update(call=call, actor=request.actor, **data)
    return _detail_dict(request.actor, call)


@router.post(
    "/calls/{public_id}/publish",
    response={200: CallDetailOut, **WRITE_ERRORS},
    summary="Publish a complete draft",
)
def call_publish_endpoint(request, public_id: UUID):
    require_signed_in(request)
    call = call_publish(call=_call_or_404(request, public_id), actor=request.actor)
    return _detail_dict(request.actor, call)


@router.post(
    "/calls/{public_id}/cancel",
    response={200: CallDetailOut, **WRITE_ERRORS},
    summary="Cancel a draft or a published call, with a reason (published as the last amendment)",
)
def call_cancel_endpoint(request, public_id: UUID, payload: CancelIn):
    require_signed_in(request)
    call = call_cancel(call=_call_or_404(request, public_id), reason=payload.reason, actor=request.actor)
    return _detail_dict(request.actor, call)


# --- amendments -----------------------------------------------------------------------------------------------------


@router.get(
    "/calls/{public_id}/amendments",
    response={200: list[AmendmentOut], **READ_ERRORS},
    summary="The published amendments of a call",
    openapi_extra=PUBLIC,
)
def amendment_list(request, public_id: UUID):
    call = _call_or_404(request, public_id)
    private = can_manage_call(request.actor, call)
    return [_amendment_dict(a, private=private) for a in selectors.call_amendments(call)]


@router.post(
    "/calls/{public_id}/amendments",
    response={201: AmendmentOut, **WRITE_ERRORS},
    summary="Publish an amendment with its reason (a late one extends the deadline)",
)
def amendment_new(request, public_id: UUID, payload: AmendmentIn):
    require_signed_in(request)
    call = _call_or_404(request, public_id)
    changes = payload.dict(exclude_unset=True).get("changes", {})
    changes = _resolve(request.actor, call.round, changes)
    amendment = call_amend(call=call, changes=changes, reason=payload.reason, actor=request.actor)
    return Status(201, _amendment_dict(amendment, private=True))


# --- questions ------------------------------------------------------------------------------------------------------


@router.get(
    "/calls/{public_id}/questions",
    response={200: list[CallQuestionOut], **READ_ERRORS},
    summary="Questions: answered ones for everyone; all for the managers; your own as a provider",
    openapi_extra=PUBLIC,
)
def question_list(request, public_id: UUID):
    return _questions_for(request.actor, _call_or_404(request, public_id))


def _question_or_404(request, call: Call, question_id: UUID) -> CallQuestion:
    try:
        return selectors.question_get(actor=request.actor, public_id=question_id, call=call)
    except CallQuestion.DoesNotExist:
        raise NotFound(_("No question with the id %(id)s is visible to you.") % {"id": question_id}) from None


def _question_out(request, question: CallQuestion) -> dict[str, Any]:
    corrected = selectors.question_corrections([question])
    return _question_dict(question, private=True, corrected=corrected)


@router.post(
    "/calls/{public_id}/questions",
    response={201: CallQuestionOut, **WRITE_ERRORS},
    summary="Ask a clarification question (provider, while the call is open)",
)
def question_new(request, public_id: UUID, payload: CallQuestionIn):
    require_signed_in(request)
    call = _call_or_404(request, public_id)
    organization = None
    if payload.organization is not None:
        organization = next(
            (o for o in provider_organizations(request.actor) if o.public_id == payload.organization), None
        )
        if organization is None:
            raise ServiceError.for_fields(
                {"organization": _("You do not act for the organization %(id)s.") % {"id": payload.organization}},
                code=CallsError.QUESTION_NOT_PROVIDER,
            )
    question = call_question_ask(call=call, question=payload.question, organization=organization, actor=request.actor)
    return Status(201, _question_out(request, question))


@router.post(
    "/calls/{public_id}/questions/{question_id}/answer",
    response={200: CallQuestionOut, **WRITE_ERRORS},
    summary="Answer a question in public (the call's managers, once)",
)
def question_answer(request, public_id: UUID, question_id: UUID, payload: CallAnswerIn):
    require_signed_in(request)
    question = _question_or_404(request, _call_or_404(request, public_id), question_id)
    question = call_question_answer(question=question, answer=payload.answer, actor=request.actor)
    return _question_out(request, question)


@router.post(
    "/calls/{public_id}/questions/{question_id}/reject",
    response={200: CallQuestionOut, **WRITE_ERRORS},
    summary="Decline a question with a reason for the asker (the call's managers)",
)
def question_reject(request, public_id: UUID, question_id: UUID, payload: RejectIn):
    require_signed_in(request)
    question = _question_or_404(request, _call_or_404(request, public_id), question_id)
    question = call_question_reject(question=question, reason=payload.reason, actor=request.actor)
    return _question_out(request, question)


@router.post(
    "/calls/{public_id}/questions/{question_id}/correction",
    response={200: CallQuestionOut, **WRITE_ERRORS},
    summary="Correct a published answer, with a reason (recorded in the audit trail)",
)
def question_correct(request, public_id: UUID, question_id: UUID, payload: CorrectionIn):
    require_signed_in(request)
    question = _question_or_404(request, _call_or_404(request, public_id), question_id)
    question = call_question_correct(
        question=question, answer=payload.answer, reason=payload.reason, actor=request.actor
    )
    return _question_out(request, question)
