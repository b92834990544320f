"""The credit check page (staff who screen providers): enter a credit code or pick an organization, see blocked /
warned / clear with every finding, and the saved evidence (/credit/checks/<id>/)."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huimin.core.models import Organization
from huimin.core.services.errors import ServiceError
from huimin.core.viewkit import deny, not_found, refuse_service_denials, show_service_error

from ..check import can_run_credit_check, credit_check, credit_check_get, credit_check_verify
from ..forms import CreditCheckForm
from ..models import CreditCheck


def _organizations():
    return Organization.objects.filter(is_active=True).exclude(uscc="").order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def check(request):
    actor = request.actor
    if not can_run_credit_check(actor):
        deny(_("Credit checks are run by the district's staff, the project manager, the purchasers and credit staff."))
    organizations = list(_organizations())
    initial = {}
    if request.GET.get("uscc"):
        initial["uscc"] = request.GET["uscc"]
    form = CreditCheckForm(request.POST or None, organizations=organizations, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        organization = next((o for o in organizations if str(o.public_id) == data.get("organization")), None)
        try:
            outcome = credit_check(
                organization=organization,
                uscc=data.get("uscc") or None,
                legal_rep_id=data.get("legal_rep_id") or None,
                on=data["on"],
                purpose=data.get("purpose") or "",
                actor=actor,
            )
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            evidence = cast(CreditCheck, outcome.check)  # saved: credit_check(save=True)
            messages.success(request, _("The check has been saved as evidence."))
            return redirect("credit:check_detail", public_id=evidence.public_id)
    recent = CreditCheck.objects.order_by("-checked_at")[:20]
    return render(request, "credit/check.html", {"form": form, "recent": recent})


@login_required
@require_GET
@refuse_service_denials
def check_detail(request, public_id):
    try:
        evidence = credit_check_get(public_id=public_id, actor=request.actor)
    except CreditCheck.DoesNotExist:
        not_found(_("There is no such credit check."))
    return render(
        request,
        "credit/check_detail.html",
        {"check": evidence, "intact": credit_check_verify(evidence)},
    )
