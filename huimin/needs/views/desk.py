"""The needs desk: community workers (their community), purchasers (the communities under their street) and the
district administrator (everything) — filters and counts, recording and editing needs, decisions with public answers,
batch acceptance, questionnaire evidence, and the purchaser's overview per community."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.services.errors import ServiceError
from huimin.core.uploads import accepts_upload
from huimin.core.viewkit import deny, not_found, paginate, query_without, refuse_service_denials, show_service_error

from .. import selectors
from ..forms import BatchAcceptForm, BoardFilterForm, DecisionForm, NeedForm, QuestionnaireLinkForm
from ..models import Need
from ..permissions import can_edit_need, can_record_need, can_use_desk
from ..services import MAX_PHOTOS, need_create, need_decide, need_link_questionnaires, need_update, needs_accept_batch
from ..states import EDITABLE, EVIDENCE_LINKABLE, NeedAction
from ._common import PAGE_SIZE, session_resident_key
from .public import _by_code, _filter_args


def _require_desk(actor) -> None:
    if not can_use_desk(actor):
        deny(_("The needs desk is for community workers, purchasers and the district administrator."))


def _recordable(actor):
    return [c for c in selectors.managed_communities(actor=actor) if can_record_need(actor, c)]


@login_required
@require_GET
def desk(request):
    """/needs/desk/: the needs the actor decides, with filters by status and category, and counts."""
    actor = request.actor
    _require_desk(actor)
    communities = list(selectors.managed_communities(actor=actor))
    streets = list(selectors.managed_streets(actor=actor))
    categories = list(selectors.categories(active_only=False))
    form = BoardFilterForm(request.GET or None, streets=streets, communities=communities, categories=categories)
    args = _filter_args(form, streets, communities, categories)
    needs = selectors.managed_needs(actor=actor, **args)
    counts = selectors.status_counts(selectors.managed_needs(actor=actor, **{**args, "status": None}))
    return render(
        request,
        "needs/desk.html",
        {
            "form": form,
            "page": paginate(request, needs, per_page=PAGE_SIZE),
            "counts": counts,
            "communities": communities,
            "can_record": bool(_recordable(actor)),
            "batch_form": BatchAcceptForm(),
            "query": query_without(request, "page"),
            "status_query": query_without(request, "page", "status"),
            "status": args["status"] or "",
            "next": request.get_full_path(),
        },
    )


@accepts_upload(files=MAX_PHOTOS)
@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def need_new(request):
    """Record a need for the worker's community (the district administrator: any community)."""
    actor = request.actor
    _require_desk(actor)
    communities = _recordable(actor)
    if not communities:
        deny(_("Only community workers record needs for their community; residents submit theirs on the public page."))
    chosen = _by_code(communities, request.GET.get("community", ""))
    form = NeedForm(
        request.POST or None,
        request.FILES or None,
        communities=selectors.managed_communities(actor=actor).filter(pk__in=[c.pk for c in communities]),
        categories=selectors.categories(),
        initial={"community": chosen.pk} if chosen else None,
    )
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            need = need_create(
                community=data.pop("community"), photos=data.pop("photos", []) or [], actor=actor, **data
            )
        except ServiceError as exc:
            show_service_error(form, exc)
        else:
            messages.success(request, _("Need %(number)s has been recorded.") % {"number": need.number})
            return redirect("needs:manage", public_id=need.public_id)
    return render(request, "needs/need_form.html", {"form": form, "need": None})


@accepts_upload(files=MAX_PHOTOS)
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def need_edit(request, public_id):
    """Edit a submitted need: the worker of its community, or its author (account or the phone verified here)."""
    actor = request.actor
    resident_key = session_resident_key(request)
    try:
        need = selectors.need_get_editable(actor=actor, public_id=public_id, resident_key=resident_key)
    except Need.DoesNotExist:
        not_found(_("There is no such need."))
    if need.status not in EDITABLE:
        messages.info(
            request,
            _("Need %(number)s has been %(status)s; it can no longer be changed.")
            % {"number": need.number, "status": need.get_status_display()},
        )
        return redirect("needs:detail", public_id=need.public_id)
    categories = selectors.categories_for(need=need)
    form = NeedForm(
        request.POST or None,
        request.FILES or None,
        communities=None,
        categories=categories,
        with_photos=actor.is_authenticated,
        initial=NeedForm.initial_from(need),
        refuse_personal_numbers=not can_use_desk(actor),  # residents editing their own need
    )
    photos = list(selectors.public_photos(need=need))
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        add = data.pop("photos", []) or []
        try:
            need_update(
                need=need,
                actor=actor,
                resident_key=resident_key,
                add_photos=add,
                remove_photos=request.POST.getlist("remove_photo"),
                **data,
            )
        except ServiceError as exc:
            show_service_error(form, exc, {"photos": "photos"})
        else:
            messages.success(request, _("Need %(number)s has been saved.") % {"number": need.number})
            return redirect("needs:detail", public_id=need.public_id)
    return render(request, "needs/need_form.html", {"form": form, "need": need, "photos": photos})


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def need_manage(request, public_id):
    """A need as its deciders see it: who submitted it, the decision with its public answer, questionnaires."""
    actor = request.actor
    try:
        need = selectors.need_get_managed(actor=actor, public_id=public_id)
    except Need.DoesNotExist:
        not_found(_("There is no such need."))
    targets = selectors.merge_targets(need=need)
    decision_form = DecisionForm(targets=targets)
    q_choices = selectors.community_questionnaires(community=need.community)
    q_form = QuestionnaireLinkForm(
        questionnaires=q_choices, initial={"questionnaires": list(need.questionnaires.values_list("pk", flat=True))}
    )
    if request.method == "POST" and request.POST.get("form") == "decision":
        decision_form = DecisionForm(request.POST, targets=targets)
        if decision_form.is_valid():
            data = decision_form.cleaned_data
            action = data["action"]
            try:
                need_decide(
                    need=need,
                    action=action,
                    answer=data.get("answer") or "",
                    into=data.get("merged_into") if action == NeedAction.MERGE else None,
                    actor=actor,
                )
            except ServiceError as exc:
                show_service_error(decision_form, exc)
            else:
                messages.success(request, _("The decision on need %(number)s is published.") % {"number": need.number})
                return redirect("needs:manage", public_id=need.public_id)
    elif request.method == "POST" and request.POST.get("form") == "questionnaires":
        q_form = QuestionnaireLinkForm(request.POST, questionnaires=q_choices)
        if q_form.is_valid():
            try:
                need_link_questionnaires(need=need, questionnaires=q_form.cleaned_data["questionnaires"], actor=actor)
            except ServiceError as exc:
                show_service_error(q_form, exc)
            else:
                messages.success(request, _("The questionnaires have been linked."))
                return redirect("needs:manage", public_id=need.public_id)
    need.refresh_from_db()
    return render(
        request,
        "needs/manage.html",
        {
            "need": need,
            "submitter": selectors.submitter_label(actor=actor, need=need),
            "decision_form": decision_form if need.status == "submitted" else None,
            "q_form": q_form if need.status in EVIDENCE_LINKABLE else None,
            "has_questionnaires": q_choices.exists(),
            "linked": selectors.public_questionnaires(need=need),
            "photos": selectors.public_photos(need=need),
            "merged": selectors.merged_needs(need=need),
            "can_edit": need.status in EDITABLE and can_edit_need(actor, need),
        },
    )


@login_required
@require_POST
@refuse_service_denials
def batch_accept(request):
    """Accept the needs ticked on the desk, all or none."""
    actor = request.actor
    _require_desk(actor)
    back = request.POST.get("next") or reverse("needs:desk")
    if not back.startswith("/needs/desk/"):
        back = reverse("needs:desk")
    ids = request.POST.getlist("need")
    if not ids:
        messages.error(request, _("Tick the needs to accept first."))
        return redirect(back)
    form = BatchAcceptForm(request.POST)
    answer = form.cleaned_data.get("answer", "") if form.is_valid() else ""
    needs = selectors.managed_needs_by_ids(actor=actor, public_ids=ids)
    try:
        accepted = needs_accept_batch(needs=needs, actor=actor, answer=answer)
    except ServiceError as exc:
        messages.error(request, " ".join(exc.messages) + " " + _("No need was accepted."))
    else:
        messages.success(
            request,
            ngettext("%(n)d need accepted.", "%(n)d needs accepted.", len(accepted)) % {"n": len(accepted)},
        )
    return redirect(back)


@login_required
@require_GET
def street(request):
    """The purchaser's overview: the communities under its street with their needs per status and supports."""
    actor = request.actor
    streets = list(selectors.managed_streets(actor=actor))
    if not streets:
        deny(_("This overview is for purchasers (streets and townships) and the district administrator."))
    sections = []
    for s in streets:
        communities = selectors.managed_communities(actor=actor).filter(parent=s)
        rows = selectors.community_summary(communities=communities)
        sections.append(
            {
                "street": s,
                "rows": rows,
                "submitted": sum(r["counts"]["submitted"] for r in rows),
                "accepted": sum(r["counts"]["accepted"] for r in rows),
                "all": sum(r["all"] for r in rows),
            }
        )
    return render(request, "needs/street.html", {"sections": sections})
