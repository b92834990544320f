"""Public pages: the needs board of the district and of each community with their answers, a need's page with its
support button, and the resident's pages (submit a need, verify a phone, my needs). Nothing here names a resident or
shows a phone number; the templates get needs only as `presenters.PublicNeed`s, whose free text is masked
(huimin.core.masking)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.clients import RequestOrigin
from huimin.core.models import Division
from huimin.core.permissions import PermissionDenied
from huimin.core.residents import normalize_mobile
from huimin.core.services.errors import ServiceError
from huimin.core.services.phones import phone_verification_confirm, phone_verification_start
from huimin.core.uploads import accepts_upload
from huimin.core.viewkit import (
    not_found,
    paginate,
    query_without,
    refuse_service_denials,
    safe_next,
    show_service_error,
)

from .. import selectors
from ..forms import BoardFilterForm, CodeForm, NeedForm, PhoneForm
from ..models import Need
from ..permissions import can_decide_need, can_edit_need, can_use_desk, is_resident
from ..presenters import public_need, public_needs, public_page, public_questionnaire_refs, public_refs
from ..services import MAX_PHOTOS, need_create, need_support
from ..states import EDITABLE, SUPPORTABLE
from ._common import PAGE_SIZE, forget_resident_key, remember_resident_key, session_resident, session_resident_key


def _by_code(items, code: str):
    return next((item for item in items if item.code == code), None) if code else None


def _filter_args(form: BoardFilterForm, streets, communities, categories) -> dict:
    return {
        "q": form.value("q"),
        "street": _by_code(streets, form.value("street")) if "street" in form.fields else None,
        "community": _by_code(communities, form.value("community")) if "community" in form.fields else None,
        "category": _by_code(categories, form.value("category")),
        "status": form.value("status") or None,
        "sort": form.value("sort") or "recent",
    }


@require_GET
def board(request):
    """/needs/: every community's needs, with search and filters."""
    streets = list(selectors.public_streets())
    communities = list(selectors.public_communities())
    categories = list(selectors.categories(active_only=False))
    form = BoardFilterForm(request.GET or None, streets=streets, communities=communities, categories=categories)
    args = _filter_args(form, streets, communities, categories)
    needs = selectors.public_needs(**args)
    counts = selectors.status_counts(selectors.public_needs(**{**args, "status": None}))
    return render(
        request,
        "needs/board.html",
        {
            "form": form,
            "page": public_page(paginate(request, needs, per_page=PAGE_SIZE)),
            "counts": counts,
            "query": query_without(request, "page"),
            "status_query": query_without(request, "page", "status"),
            "status": args["status"] or "",
        },
    )


@require_GET
def community_board(request, code: str):
    """/needs/c/<code>/: one community's needs — open ones by support, answered ones with their answers."""
    try:
        community = selectors.community_get(code=code)
    except Division.DoesNotExist:
        not_found(_("There is no community with the code %(code)s.") % {"code": code})
    data = selectors.community_board(community=community)
    return render(
        request,
        "needs/community_board.html",
        {
            "community": community,
            "counts": data["counts"],
            "supports": data["supports"],
            "open_page": public_page(paginate(request, data["open"], per_page=PAGE_SIZE)),
            "answered": public_needs(data["answered"][:200]),
        },
    )


def _resident_state(request) -> dict:
    actor = request.actor
    phone = session_resident(request)
    return {
        "is_resident_account": is_resident(actor),
        "phone": phone,
        "can_act": is_resident(actor) or phone is not None,
    }


@require_GET
def detail(request, public_id):
    """/needs/<id>/: the need, its evidence, its answer, and the support button."""
    try:
        need = selectors.need_get_public(public_id=public_id)
    except Need.DoesNotExist:
        not_found(_("There is no such need."))
    actor = request.actor
    resident_key = session_resident_key(request)
    state = _resident_state(request)
    return render(
        request,
        "needs/detail.html",
        {
            "need": public_need(need),
            "photos": selectors.public_photos(need=need),
            "questionnaires": public_questionnaire_refs(need=need),
            "merged": public_refs(selectors.merged_needs(need=need)),
            "supportable": need.status in SUPPORTABLE,
            "supported": selectors.has_supported(need=need, actor=actor, resident_key=resident_key),
            "can_manage": can_decide_need(actor, need),
            "can_edit": need.status in EDITABLE and can_edit_need(actor, need, resident_key),
            **state,
        },
    )


@require_POST
def support(request, public_id):
    """Support a need: as the signed-in resident, or with the phone verified in this session."""
    try:
        need = selectors.need_get_public(public_id=public_id)
    except Need.DoesNotExist:
        not_found(_("There is no such need."))
    detail_url = reverse("needs:detail", kwargs={"public_id": need.public_id})
    actor = request.actor
    resident_key = None if is_resident(actor) else session_resident_key(request)
    if not is_resident(actor) and resident_key is None:
        messages.info(request, _("Verify your mobile phone to support this need; it takes a minute."))
        return redirect(f"{reverse('needs:verify_phone')}?next={detail_url}")
    try:
        need_support(need=need, actor=actor, resident_key=resident_key)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    except PermissionDenied as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Thank you: your support has been counted."))
    return redirect(detail_url)


@require_http_methods(["GET", "POST"])
def verify_phone(request):
    """Verify a mobile phone with a one-time code; the phone is then remembered in this browser for 30 minutes."""
    next_url = safe_next(request, reverse("needs:board"))
    code_form = None
    phone_form = PhoneForm()
    if request.method == "POST" and "code" in request.POST:
        code_form = CodeForm(request.POST)
        if code_form.is_valid():
            phone = code_form.cleaned_data["phone"]
            try:
                key = phone_verification_confirm(phone=phone, code=code_form.cleaned_data["code"], actor=request.actor)
            except ServiceError as exc:
                show_service_error(code_form, exc)
            else:
                remember_resident_key(request, key, normalize_mobile(phone))
                messages.success(request, _("Your phone is verified for the next 30 minutes."))
                return redirect(next_url)
    elif request.method == "POST":
        phone_form = PhoneForm(request.POST)
        if phone_form.is_valid():
            phone = phone_form.cleaned_data["phone"]
            try:
                phone_verification_start(phone=phone, origin=RequestOrigin.of(request), actor=request.actor)
            except ServiceError as exc:
                if exc.error_code == "too_soon":
                    messages.info(request, " ".join(exc.messages))
                    code_form = CodeForm(initial={"phone": normalize_mobile(phone)})
                else:
                    show_service_error(phone_form, exc)
            else:
                messages.info(request, _("A 6-digit code has been sent to your phone."))
                code_form = CodeForm(initial={"phone": normalize_mobile(phone)})
    return render(
        request,
        "needs/verify_phone.html",
        {"phone_form": phone_form, "code_form": code_form, "next": next_url, "phone": session_resident(request)},
    )


@require_POST
def forget_phone(request):
    forget_resident_key(request)
    messages.info(request, _("This browser no longer acts with your phone."))
    return redirect(safe_next(request, reverse("needs:board")))


@accepts_upload(files=MAX_PHOTOS)
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def submit(request):
    """/needs/submit/: a resident (resident account, or verified phone) submits a need for a community they pick."""
    actor = request.actor
    resident_key = None if is_resident(actor) else session_resident_key(request)
    state = _resident_state(request)
    if not state["can_act"]:
        return render(request, "needs/submit.html", {"form": None, "is_staff": can_use_desk(actor), **state})
    communities = selectors.public_communities()
    chosen = communities.filter(code=request.GET.get("community", "")).first() if request.GET.get("community") else None
    form = NeedForm(
        request.POST or None,
        request.FILES or None,
        communities=communities,
        categories=selectors.categories(),
        with_photos=actor.is_authenticated,
        initial={"community": chosen.pk} if chosen else None,
        refuse_personal_numbers=True,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            need = need_create(
                community=data.pop("community"),
                photos=data.pop("photos", []) or [],
                actor=actor,
                resident_key=resident_key,
                **data,
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(
                request,
                _("Your need %(number)s has been submitted; the community will answer it on its board.")
                % {"number": need.number},
            )
            return redirect("needs:detail", public_id=need.public_id)
    return render(request, "needs/submit.html", {"form": form, "is_staff": can_use_desk(actor), **state})


@require_GET
def mine(request):
    """The needs the resident submitted and supported (by account or by the phone verified in this session)."""
    actor = request.actor
    resident_key = session_resident_key(request)
    state = _resident_state(request)
    return render(
        request,
        "needs/mine.html",
        {
            "submitted": public_needs(selectors.needs_of_resident(actor=actor, resident_key=resident_key)[:100]),
            "supported": public_needs(selectors.needs_supported_by(actor=actor, resident_key=resident_key)[:100]),
            **state,
        },
    )
