"""The screening pages.

- /screening/                           the calls to screen (project managers, district administrator; purchasers read)
- /screening/<call>/                    the board: counts, filters, the table with check icons, batch decisions
- /screening/<call>/run/                POST: run (or re-run) the automatic checks
- /screening/<call>/batch/              POST: pass or reject the chosen proposals at once
- /screening/<call>/export.xlsx         the board's rows (filtered, or all with ?all=1) as a workbook
- /screening/proposals/<screening>/     one proposal's screening: checks, credit evidence, decisions, the decision form
- /screening/mine/                      the provider's results
"""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlencode
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from huimin.core.models import Role
from huimin.core.services.errors import Conflict, ServiceError
from huimin.core.viewkit import deny, not_found, refuse_service_denials
from huimin.credit.check import credit_check_verify

from . import selectors
from .export import board_workbook
from .forms import DecisionForm
from .models import CheckResult, Screening, ScreeningStatus
from .permissions import (
    can_decide,
    can_screen_call,
    can_use_screening_desk,
    sees_check_details,
)
from .services import screening_decide, screening_decide_batch, screening_run
from .states import fix_window_open

if TYPE_CHECKING:
    from huimin.calls.models import Call


def _board_call(request: HttpRequest, public_id: UUID) -> Call:
    try:
        return selectors.board_call_get(actor=request.actor, public_id=public_id)  # type: ignore[attr-defined]
    except ObjectDoesNotExist:  # the call's DoesNotExist
        if not can_use_screening_desk(request.actor):  # type: ignore[attr-defined]
            deny(_("The screening board is for the call's project managers and its purchasers."))
        not_found(_("There is no screening of such a call for you."))


def _screening(request: HttpRequest, public_id: UUID) -> Screening:
    try:
        return selectors.screening_get(actor=request.actor, public_id=public_id)  # type: ignore[attr-defined]
    except Screening.DoesNotExist:
        not_found(_("There is no such screening, or you may not see it."))


def _proposal_url(screening: Screening) -> str | None:
    try:
        return reverse("proposals:detail", kwargs={"public_id": screening.proposal.public_id})
    except NoReverseMatch:
        return None


def _service_messages(exc: ServiceError) -> str:
    if hasattr(exc, "error_dict"):
        return " ".join(m for errors in exc.message_dict.values() for m in errors)
    return " ".join(exc.messages)


# --- the desk -------------------------------------------------------------------------------------------------------


@login_required
@require_GET
@refuse_service_denials
def index(request):
    actor = request.actor
    if not can_use_screening_desk(actor):
        if actor.organization_ids(Role.PROVIDER):
            return redirect("screening:mine")
        deny(_("Screening is for the project managers, the district administrator and the purchasers."))
    calls = list(selectors.calls_for_screening(actor=actor))
    for call in calls:
        call.can_screen = can_screen_call(actor, call)  # type: ignore[attr-defined]
    return render(request, "screening/index.html", {"calls": calls})


# --- the board ------------------------------------------------------------------------------------------------------


@login_required
@require_GET
@refuse_service_denials
def board(request, public_id: UUID):
    actor = request.actor
    call = _board_call(request, public_id)
    now = timezone.now()
    filters = selectors.BoardFilters.from_query(request.GET)
    rows = selectors.board_rows(selectors.screenings_visible(actor=actor, call=call, filters=filters, now=now), now)
    summary = selectors.board_summary(actor=actor, call=call, now=now)
    managing = can_screen_call(actor, call)
    query = urlencode(filters.as_query())
    return render(
        request,
        "screening/board.html",
        {
            "call": call,
            "rows": rows,
            "summary": summary,
            "filters": filters,
            "query": query,
            "managing": managing,
            "runs": list(selectors.call_runs(call)[:5]),
            "statuses": ScreeningStatus.choices,
            "expired_value": selectors.EXPIRED,
            "results": CheckResult.choices,
        },
    )


def _back_to_board(call: Call, query: str):
    url = reverse("screening:board", kwargs={"public_id": call.public_id})
    return redirect(f"{url}?{query}" if query else url)


@login_required
@require_POST
@refuse_service_denials
def run(request, public_id: UUID):
    call = _board_call(request, public_id)
    if not can_screen_call(request.actor, call):
        deny(_("Only the call's project managers may run its screening."))
    try:
        result = screening_run(call=call, actor=request.actor)
    except ServiceError as exc:
        messages.error(request, _service_messages(exc))
    else:
        messages.success(
            request,
            ngettext(
                "The automatic checks ran on %(count)d proposal.",
                "The automatic checks ran on %(count)d proposals.",
                result.proposals,
            )
            % {"count": result.proposals},
        )
    return _back_to_board(call, "")


@login_required
@require_POST
@refuse_service_denials
def batch(request, public_id: UUID):
    actor = request.actor
    call = _board_call(request, public_id)
    if not can_screen_call(actor, call):
        deny(_("Only the call's project managers may decide on its screening."))
    query = (request.POST.get("query") or "")[:500]
    chosen = request.POST.getlist("screenings")
    screenings, missing = selectors.screenings_by_public_ids(actor=actor, public_ids=chosen)
    screenings = [s for s in screenings if s.call_id == call.pk]
    if missing or len(screenings) != len(chosen):
        messages.error(request, _("Some of the chosen proposals are not on this board; nothing was decided."))
        return _back_to_board(call, query)
    try:
        done = screening_decide_batch(
            screenings=screenings,
            decision=request.POST.get("decision", ""),
            reason=request.POST.get("reason", ""),
            versions={s.public_id: _posted_version(request, f"version-{s.public_id}") for s in screenings},
            actor=actor,
        )
    except ServiceError as exc:
        messages.error(request, _service_messages(exc))
        return _back_to_board(call, query)
    messages.success(
        request,
        ngettext("%(count)d proposal decided.", "%(count)d proposals decided.", len(done)) % {"count": len(done)},
    )
    return _back_to_board(call, query)


@login_required
@require_GET
@refuse_service_denials
def export(request, public_id: UUID):
    actor = request.actor
    call = _board_call(request, public_id)
    everything = request.GET.get("all") == "1"
    filters = selectors.BoardFilters() if everything else selectors.BoardFilters.from_query(request.GET)
    now = timezone.now()
    rows = selectors.board_rows(selectors.screenings_visible(actor=actor, call=call, filters=filters, now=now), now)
    content = board_workbook(call, rows)
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    stamp = timezone.localtime(now).strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="screening-{call.number}-{stamp}.xlsx"'
    return response


def _posted_version(request: HttpRequest, name: str) -> int:
    """The version the page showed (a page without one is treated as stale: it is refused, not guessed)."""
    try:
        return int(request.POST.get(name, ""))
    except ValueError:
        return 0


# --- one screening --------------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def detail(request, public_id: UUID):
    actor = request.actor
    screening = _screening(request, public_id)
    now = timezone.now()
    deciding = can_decide(actor, screening)
    sections = selectors.section_choices()
    form = None
    status = 200
    if deciding:
        form = DecisionForm(
            request.POST or None,
            sections=sections,
            initial={"fix_working_days": 3, "fix_sections": screening.fix_sections, "version": screening.version},
        )
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            try:
                screening_decide(
                    screening=screening,
                    decision=data["decision"],
                    reason=data.get("reason") or "",
                    fix_sections=data.get("fix_sections") or [],
                    fix_working_days=data.get("fix_working_days") or 0,
                    version=data["version"],
                    actor=actor,
                )
            except Conflict as exc:
                # Someone else decided meanwhile: show the current state, keep what was typed, and decide again
                # on the current version.
                screening = _screening(request, public_id)
                data = request.POST.copy()
                data["version"] = str(screening.version)
                form = DecisionForm(data, sections=sections)
                form.is_valid()
                form.add_error(None, exc.messages)
                status = 409
            except ServiceError as exc:
                if hasattr(exc, "error_dict"):
                    for key, errors in exc.error_dict.items():
                        form.add_error(key if key in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            else:
                messages.success(request, _("The decision has been recorded; the organization can read it."))
                return redirect("screening:detail", public_id=screening.public_id)
        if request.method == "POST" and status == 200:
            status = 400
    elif request.method == "POST":
        deny(_("Only the call's project managers may decide on its screening."))
    evidence = selectors.credit_evidence_for(actor, screening)
    return render(
        request,
        "screening/detail.html",
        {
            "screening": screening,
            "proposal": screening.proposal,
            "call": screening.call,
            "checks": selectors.checks_for(actor, screening),
            "evidence": evidence,
            "evidence_intact": credit_check_verify(evidence) if evidence is not None else None,
            "decisions": list(selectors.screening_decisions(screening)),
            "form": form,
            "deciding": deciding,
            "staff": sees_check_details(actor, screening),
            "own": selectors.is_own_screening(actor, screening),
            "proposal_url": _proposal_url(screening),
            "status_label": selectors.status_label(screening, now),
            "expired": selectors.is_expired(screening, now),
            "fix_open": fix_window_open(screening, now),
            "fix_section_names": selectors.section_names(screening.fix_sections),
            "purchasers": selectors.purchasers_of(screening),
        },
        status=status,
    )


# --- the provider ---------------------------------------------------------------------------------------------------


@login_required
@require_GET
@refuse_service_denials
def mine(request):
    actor = request.actor
    if not actor.organization_ids(Role.PROVIDER):
        deny(_("This page shows an organization's own screening results, to its providers."))
    now = timezone.now()
    screenings = list(selectors.screenings_mine(actor=actor))
    items = [
        {
            "screening": s,
            "proposal": s.proposal,
            "checks": selectors.checks_for(actor, s),
            "status_label": selectors.status_label(s, now),
            "fix_open": fix_window_open(s, now),
            "fix_section_names": selectors.section_names(s.fix_sections),
            "proposal_url": _proposal_url(s),
        }
        for s in screenings
    ]
    return render(
        request,
        "screening/mine.html",
        {"items": items, "waiting": list(selectors.proposals_under_screening(actor=actor))},
    )
