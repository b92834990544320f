"""A provider's credit page: the published penalties on its own organizations and its repair requests, and the form
to ask for a credit repair (信用修复) with its evidence."""

from __future__ import annotations

from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huimin.core.services.errors import ServiceError
from huimin.core.uploads import accepts_upload
from huimin.core.viewkit import deny, not_found, refuse_service_denials, show_service_error
from huimin.files.services import attachment_create

from .. import selectors
from ..forms import RepairRequestForm
from ..masking import public_record_dict
from ..models import CatalogueKind, PenaltyRecord
from ..permissions import can_manage_credit
from ..selectors import RecordNotFound
from ..services.repairs import REPAIR_EVIDENCE_PURPOSE, repair_request_submit


@login_required
@require_GET
def mine(request):
    actor = request.actor
    organizations = selectors.provider_organizations(actor)
    if not organizations and not can_manage_credit(actor):
        deny(_("This page is for providers: it lists the penalties on their own organizations."))
    return render(
        request,
        "credit/mine.html",
        {
            "organizations": organizations,
            "penalties": selectors.penalties_of_my_organizations(actor=actor),
            "repairs": selectors.repair_requests(actor=actor)[:50],
        },
    )


# The evidence files one repair request may send at once (each within ATTACHMENT_MAX_BYTES).
REPAIR_MAX_FILES = 10


@accepts_upload(files=REPAIR_MAX_FILES)
@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def repair_new(request, public_id):
    actor = request.actor
    try:
        record = cast(PenaltyRecord, selectors.record_get_public(public_id=public_id, kind=CatalogueKind.PENALTY))
    except RecordNotFound:
        not_found(_("There is no published penalty with this id."))
    own = record.subject_uscc and record.subject_uscc in selectors.provider_credit_codes(actor)
    if not (own or can_manage_credit(actor)):
        deny(_("Only the penalized organization (its provider account) may ask for the repair of this penalty."))
    organization = next((o for o in selectors.provider_organizations(actor) if o.uscc == record.subject_uscc), None)
    form = RepairRequestForm(
        request.POST or None,
        request.FILES or None,
        initial={"applicant_name": organization.name if organization else record.subject_name},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                evidence = [
                    attachment_create(
                        uploaded_file=f, purpose=REPAIR_EVIDENCE_PURPOSE, actor=actor, organization=organization
                    )
                    for f in data["evidence"]
                ]
                repair = repair_request_submit(
                    record=record,
                    applicant_name=data["applicant_name"],
                    commitment=data["commitment"],
                    fulfilment=data["fulfilment"],
                    training_certificate=data["training_certificate"],
                    evidence=evidence,
                    actor=actor,
                )
        except ServiceError as exc:
            show_service_error(form, exc, field_map={"file": "evidence"}, name_other_fields=True)
        else:
            messages.success(request, _("Your repair request has been submitted to the credit office."))
            return redirect("credit:repair_detail", public_id=repair.public_id)
    return render(request, "credit/repair_form.html", {"form": form, "record": record, "r": public_record_dict(record)})
