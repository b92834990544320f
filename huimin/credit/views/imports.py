"""Importing record files on the records desk: the templates, the upload (a background job), its progress (polled by
htmx every second) and its report with the error workbook."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.core.uploads import accepts_upload
from huimin.core.viewkit import deny, not_found, refuse_service_denials, show_service_error

from .. import selectors
from ..forms import ImportForm
from ..importing import (
    build_csv_template,
    build_template,
    import_job_get,
    import_job_list,
    import_job_start,
    template_filename,
)
from ..importing.jobs import DEFAULT_MAX_BYTES
from ..models import CatalogueKind, ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _require_desk(actor) -> None:
    if not selectors.can_use_records_desk(actor):
        deny(_("The records desk is for the credit officers of the reporting units and the credit administrator."))


@login_required
@require_GET
@refuse_service_denials
def template_download(request, kind: str, extension: str):
    """The import template with the national Chinese headers (.xlsx with the unit's catalogue items, or .csv)."""
    actor = request.actor
    _require_desk(actor)
    if kind not in CatalogueKind.values or extension not in ("xlsx", "csv"):
        not_found(_("There is no such template: use licensing or penalty, .xlsx or .csv."))
    if extension == "csv":
        response = HttpResponse(build_csv_template(kind), content_type="text/csv; charset=utf-8")
    else:
        code = request.GET.get("unit")
        unit = next((u for u in selectors.units_for(actor) if u.code == code), None) if code else None
        if unit is None:
            units = list(selectors.units_for(actor)[:2])
            unit = units[0] if len(units) == 1 else None
        response = HttpResponse(build_template(kind, unit=unit), content_type=XLSX)
    response["Content-Disposition"] = content_disposition_header(True, template_filename(kind, extension))
    return response


def import_max_bytes() -> int:
    """The largest record file an import takes (settings.CREDIT_IMPORT_MAX_BYTES, 1 GB by default)."""
    return int(getattr(settings, "CREDIT_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


@accepts_upload(max_bytes=import_max_bytes)
@login_required
@require_http_methods(["GET", "POST"])
@refuse_service_denials
def import_start(request):
    actor = request.actor
    _require_desk(actor)
    units = [u for u in selectors.units_for(actor) if u.is_active]
    form = ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        unit = next((u for u in units if u.code == data["unit"]), None)
        if unit is None:
            deny(_("You may import records of your own reporting unit only."))
        upload = data["file"]
        try:
            job = import_job_start(
                file=upload,
                filename=upload.name,
                kind=data.get("kind") or None,
                unit=unit,
                actor=actor,
                valid_only=bool(data.get("valid_only")),
            )
        except ServiceError as exc:
            show_service_error(form, exc, name_other_fields=True)
        else:
            return redirect("credit:import_job", public_id=job.public_id)
    return render(
        request,
        "credit/import.html",
        {"form": form, "jobs": import_job_list(actor=actor, limit=10), "units": units},
    )


def _job_or_404(actor, public_id) -> ImportJob:
    try:
        return import_job_get(public_id=public_id, actor=actor)
    except ImportJob.DoesNotExist:
        not_found(_("There is no such import."))
    except PermissionDenied as exc:
        deny(str(exc))


@login_required
@require_GET
def import_job(request, public_id):
    job = _job_or_404(request.actor, public_id)
    return render(request, "credit/import_job.html", {"job": job})


@login_required
@require_GET
def import_progress(request, public_id):
    """The progress block alone (htmx polls it every second until the job is finished)."""
    job = _job_or_404(request.actor, public_id)
    return render(request, "credit/_import_progress.html", {"job": job})


@login_required
@require_GET
def import_errors(request, public_id):
    """The error workbook: every rejected row with its row number and what is wrong."""
    job = _job_or_404(request.actor, public_id)
    if not job.error_workbook:
        not_found(_("This import has no error workbook: no row was rejected."))
    stem = job.original_name.rsplit(".", 1)[0][:100] or "import"
    return FileResponse(
        job.error_workbook.open("rb"), as_attachment=True, filename=f"{stem}-错误.xlsx", content_type=XLSX
    )
