"""/api/v1/needs, /api/v1/need-categories: the needs context over HTTP. Thin: reads through huimin.needs.selectors
(public shapes from huimin.needs.presenters), writes through the services with `actor=request.actor`.

- Everyone: the needs (all are public once submitted) with their answers and support totals; the categories.
- Community workers (their community), residents (resident account): record / submit needs; authors and workers
  change submitted needs.
- Residents: support a need once — with a resident account, or with a mobile phone and the code sent to it.
- Community workers, the purchaser above, the district administrator: accept, merge, decline.
- The district administrator: the category catalogue.
"""

# No `from __future__ import annotations`: ninja reads the endpoints' annotations at runtime.
from typing import TYPE_CHECKING
from uuid import UUID

from django.utils.translation import gettext as _
from ninja import PatchDict, Query, Router, Status

from huimin.core.apikit import ANONYMOUS_WRITE, PUBLIC, WRITE_ERRORS, Mapped, NotFound, paginated, require_signed_in
from huimin.core.clients import RequestOrigin
from huimin.core.models import Division
from huimin.core.permissions import PermissionDenied
from huimin.core.schemas import ErrorOut
from huimin.core.services.errors import ServiceError
from huimin.core.services.phones import CODE_VALIDITY, phone_verification_confirm, phone_verification_start
from huimin.surveys.selectors import QuestionnaireNotFound

from . import selectors
from .error_codes import NeedsError
from .models import Need, NeedCategory
from .permissions import can_manage_categories
from .presenters import need_detail, need_row
from .schemas import (
    CategoryIn,
    CategoryPatchIn,
    NeedCategoryOut,
    NeedDecisionIn,
    NeedFieldsIn,
    NeedFilter,
    NeedIn,
    NeedOut,
    NeedPhoneCodeIn,
    NeedPhoneCodeOut,
    NeedRowOut,
    NeedSupportOut,
    SupportIn,
)
from .services import (
    need_category_activate,
    need_category_create,
    need_category_deactivate,
    need_category_update,
    need_create,
    need_decide,
    need_link_questionnaires,
    need_support,
    need_update,
)

if TYPE_CHECKING:
    from huimin.surveys.models import Questionnaire


router = Router(tags=["needs"])

READ_ERRORS = {frozenset({404}): ErrorOut}


def _need(public_id: UUID) -> Need:
    try:
        return selectors.need_get_public(public_id=public_id)
    except Need.DoesNotExist:
        raise NotFound(_("No need has the id %(id)s.") % {"id": public_id}) from None


def _community(code: str | None, *, field: str = "community") -> Division | None:
    if not code:
        return None
    try:
        return selectors.community_get(code=code)
    except Division.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("There is no community with the code %(code)s.") % {"code": code}},
            code=NeedsError.COMMUNITY_INVALID,
        ) from None


def _street(code: str | None) -> Division | None:
    if not code:
        return None
    try:
        return selectors.street_get(code=code)
    except Division.DoesNotExist:
        raise ServiceError.for_fields(
            {"street": _("There is no street or township with the code %(code)s.") % {"code": code}},
            code=NeedsError.INVALID,
        ) from None


def _category(code: str | None, *, field: str = "category") -> NeedCategory | None:
    if not code:
        return None
    try:
        return selectors.category_get(code=code)
    except NeedCategory.DoesNotExist:
        raise ServiceError.for_fields(
            {field: _("There is no category with the code %(code)s.") % {"code": code}},
            code=NeedsError.CATEGORY_INVALID,
        ) from None


def _questionnaires(community: Division, ids: list[UUID]) -> "list[Questionnaire]":
    try:
        return selectors.questionnaires_by_ids(community=community, public_ids=ids)
    except QuestionnaireNotFound as exc:
        raise ServiceError.for_fields({"questionnaires": str(exc)}, code=NeedsError.QUESTIONNAIRE_INVALID) from None


# --- needs ---------------------------------------------------------------------------------------------------------


@router.get(
    "/needs",
    response=list[NeedRowOut],
    summary="Needs of every community, with answers and supports",
    openapi_extra=PUBLIC,
)
@paginated(page_size=50)
def need_list(request, filters: Query[NeedFilter]):
    qs = selectors.public_needs(
        q=filters.q,
        community=_community(filters.community),
        street=_street(filters.street),
        category=_category(filters.category),
        status=filters.status,
        sort=filters.sort,
    )
    return Mapped(qs, need_row)


@router.get(
    "/needs/{public_id}",
    response={200: NeedOut, **READ_ERRORS},
    summary="One need with its evidence",
    openapi_extra=PUBLIC,
)
def need_get(request, public_id: UUID):
    return need_detail(_need(public_id))


@router.post(
    "/needs",
    response={201: NeedOut, **WRITE_ERRORS},
    summary="Record a need (community worker) or submit one (resident account)",
)
def need_new(request, payload: NeedIn):
    require_signed_in(request)
    community = _community(payload.community)
    category = _category(payload.category)
    if category is None:
        raise ServiceError.for_fields({"category": _("Choose a category.")}, code=NeedsError.NEED_INVALID)
    need = need_create(
        community=community,  # type: ignore[arg-type]
        title=payload.title,
        category=category,
        target_group=payload.target_group,
        description=payload.description,
        estimated_beneficiaries=payload.estimated_beneficiaries,
        residents_asking=payload.residents_asking,
        evidence_note=payload.evidence_note,
        questionnaires=_questionnaires(community, payload.questionnaires) if payload.questionnaires else [],  # type: ignore[arg-type]
        actor=request.actor,
    )
    return Status(201, need_detail(_need(need.public_id)))


@router.patch(
    "/needs/{public_id}",
    response={200: NeedOut, **WRITE_ERRORS},
    summary="Change a submitted need (its community's worker or its author)",
)
def need_change(request, public_id: UUID, payload: PatchDict[NeedFieldsIn]):
    require_signed_in(request)
    need = _need(public_id)
    changes = dict(payload)
    if "category" in changes:
        changes["category"] = _category(changes["category"]) or None
    need_update(need=need, actor=request.actor, **changes)
    return need_detail(_need(public_id))


@router.put(
    "/needs/{public_id}/questionnaires",
    response={200: NeedOut, **WRITE_ERRORS},
    summary="Set the questionnaires of the need's community that are evidence for it (community staff)",
)
def need_questionnaires(request, public_id: UUID, payload: list[UUID]):
    require_signed_in(request)
    need = _need(public_id)
    need_link_questionnaires(need=need, questionnaires=_questionnaires(need.community, payload), actor=request.actor)
    return need_detail(_need(public_id))


@router.post(
    "/needs/{public_id}/support-code",
    response={202: NeedPhoneCodeOut, **WRITE_ERRORS, 429: ErrorOut},
    summary="Send a one-time code to a mobile phone, to support the need without an account",
    openapi_extra=PUBLIC,
    auth=ANONYMOUS_WRITE,
)
def need_support_code(request, public_id: UUID, payload: NeedPhoneCodeIn):
    _need(public_id)
    phone_verification_start(phone=payload.phone, origin=RequestOrigin.of(request), actor=request.actor)
    return Status(202, {"sent": True, "valid_minutes": int(CODE_VALIDITY.total_seconds() // 60)})


@router.post(
    "/needs/{public_id}/support",
    response={201: NeedSupportOut, **WRITE_ERRORS},
    summary="Support (附议) a need once: as a resident account, or with a phone and its code",
    openapi_extra=PUBLIC,
    auth=ANONYMOUS_WRITE,
)
def need_support_new(request, public_id: UUID, payload: SupportIn):
    need = _need(public_id)
    resident_key = None
    if payload.phone or payload.code:
        resident_key = phone_verification_confirm(
            phone=payload.phone or "", code=payload.code or "", actor=request.actor
        )
    support = need_support(need=need, actor=request.actor, resident_key=resident_key)
    need.refresh_from_db()
    return Status(
        201,
        {
            "need": need.public_id,
            "channel": support.channel,
            "support_count": need.support_count,
            "support_total": need.support_total,
        },
    )


@router.post(
    "/needs/{public_id}/decision",
    response={200: NeedOut, **WRITE_ERRORS},
    summary="Accept, merge or decline a submitted need with a public answer (community, purchaser, district)",
)
def need_decision(request, public_id: UUID, payload: NeedDecisionIn):
    require_signed_in(request)
    need = _need(public_id)
    into = None
    if payload.action == "merge" and payload.merged_into is not None:
        try:
            into = selectors.need_get_public(public_id=payload.merged_into)
        except Need.DoesNotExist:
            raise ServiceError.for_fields(
                {"merged_into": _("No need has the id %(id)s.") % {"id": payload.merged_into}},
                code=NeedsError.MERGE_TARGET_INVALID,
            ) from None
    need_decide(need=need, action=payload.action, answer=payload.answer, into=into, actor=request.actor)
    return need_detail(_need(public_id))


# --- categories ------------------------------------------------------------------------------------------------------


@router.get("/need-categories", response=list[NeedCategoryOut], summary="The service categories", openapi_extra=PUBLIC)
def category_list(request, include_inactive: bool = False):
    return list(selectors.categories(active_only=not include_inactive))


@router.post(
    "/need-categories",
    response={201: NeedCategoryOut, **WRITE_ERRORS},
    summary="Add a service category (district administrator)",
)
def category_new(request, payload: CategoryIn):
    require_signed_in(request)
    category = need_category_create(
        code=payload.code,
        name=payload.name,
        description=payload.description,
        position=payload.position,
        actor=request.actor,
    )
    return Status(201, category)


@router.patch(
    "/need-categories/{code}",
    response={200: NeedCategoryOut, **WRITE_ERRORS},
    summary="Rename, describe, reorder, deactivate or reactivate a category (district administrator)",
)
def category_change(request, code: str, payload: PatchDict[CategoryPatchIn]):
    require_signed_in(request)
    if not can_manage_categories(request.actor):  # also when the patch changes nothing
        raise PermissionDenied(_("Only the district administrator keeps the catalogue of service categories."))
    try:
        category = selectors.category_get(code=code)
    except NeedCategory.DoesNotExist:
        raise NotFound(_("There is no category with the code %(code)s.") % {"code": code}) from None
    changes = dict(payload)
    active = changes.pop("is_active", None)
    if changes:
        category = need_category_update(category=category, actor=request.actor, **changes)
    if active is True:
        category = need_category_activate(category=category, actor=request.actor)
    elif active is False:
        category = need_category_deactivate(category=category, actor=request.actor)
    return category
