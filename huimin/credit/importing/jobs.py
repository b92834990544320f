"""Imports in the background: store the upload, queue the job, run it, and show how far it is.

`import_job_start` checks the actor and the file (an .xlsx workbook or a CSV file, not empty, within
CREDIT_IMPORT_MAX_BYTES), stores it under MEDIA_ROOT/imports/ with its SHA-256, records an ImportJob and queues
`import_records_task` once the transaction commits (the test settings' immediate backend runs it then and there).
The task runs `import_records` with the permissions of the user who uploaded the file and keeps its report and error
workbook on the job; pages poll `import_job_get` for `stage`, `progress_done` / `progress_total` and `report`.

Progress is saved at most once a second. On PostgreSQL the rows are written while they are checked, in the
import's own connection, so pages see the progress throughout; elsewhere (SQLite allows one writer) the progress of
the final write is seen when it ends.
"""

from __future__ import annotations

import hashlib
import logging
import time
import uuid
from typing import Any

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.models import Role, User
from huimin.core.permissions import Actor, PermissionDenied, SystemActor, require
from huimin.core.services.errors import ServiceError
from huimin.files.detect import detect
from huimin.files.names import clean_file_name, format_megabytes

from ..error_codes import CreditError
from ..events import CreditEvent
from ..models import CatalogueKind, ImportJob, ImportJobStatus, ImportStage, ReportingUnit
from ..permissions import can_manage_credit, can_submit_records
from .run import ImportProgress, import_records, resolve_unit

logger = logging.getLogger(__name__)

DEFAULT_MAX_BYTES = 1024 * 1024 * 1024  # 1 GB; settings.CREDIT_IMPORT_MAX_BYTES overrides
PROGRESS_INTERVAL = 1.0  # seconds between progress saves
CHUNK = 1 << 16
JOB_ERRORS_KEPT = 200  # problems kept in the job's report (the error workbook has every one)


def _max_bytes() -> int:
    return int(getattr(settings, "CREDIT_IMPORT_MAX_BYTES", DEFAULT_MAX_BYTES))


def _stream(file: Any) -> Any:
    inner = getattr(file, "file", None)
    return inner if inner is not None and hasattr(inner, "read") else file


def _file_format(stream: Any, name: str) -> str:
    """ "xlsx" or "csv" from the bytes; ServiceError for anything else."""
    kind = detect(stream)
    if kind.kind == "xlsx":
        return "xlsx"
    if kind.kind == "text":
        return "csv"
    raise ServiceError.for_fields(
        {
            "file": _("“%(name)s” is a %(kind)s; import an Excel workbook (.xlsx) or a CSV file.")
            % {"name": name, "kind": kind.label}
        },
        code="import_file_type",
    )


def _measure(stream: Any, name: str) -> tuple[int, str]:
    limit = _max_bytes()
    digest = hashlib.sha256()
    size = 0
    stream.seek(0)
    while chunk := stream.read(CHUNK):
        size += len(chunk)
        if size > limit:
            raise ServiceError.for_fields(
                {
                    "file": _("“%(name)s” is larger than %(limit)s MB, the most an import may be.")
                    % {"name": name, "limit": format_megabytes(limit)}
                },
                code="import_file_too_large",
            )
        digest.update(chunk)
    stream.seek(0)
    if size == 0:
        raise ServiceError.for_fields(
            {"file": _("“%(name)s” is empty (0 bytes).") % {"name": name}}, code="import_file_empty"
        )
    return size, digest.hexdigest()


@transaction.atomic
def import_job_start(
    *,
    file: Any,
    filename: str = "",
    kind: str | None,
    unit: ReportingUnit | str,
    actor: Actor,
    valid_only: bool = False,
) -> ImportJob:
    """Store an uploaded record file and queue its import for `unit`. `kind` "licensing" / "penalty", or None or
    "" to tell it from the headers. Returns the ImportJob (status queued; done already under the immediate
    backend once the transaction has committed)."""
    unit = resolve_unit(unit)
    require(
        can_submit_records(actor, unit),
        _("You may import records of your own reporting unit only; %(unit)s is not yours.") % {"unit": unit.code},
    )
    if kind and kind not in CatalogueKind.values:
        raise ServiceError.for_fields(
            {"kind": _("“%(kind)s” is not a kind of record; use licensing or penalty.") % {"kind": kind}},
            code=CreditError.INVALID,
        )
    name = clean_file_name(filename or getattr(file, "name", "") or "import")
    stream = _stream(file)
    if not (hasattr(stream, "seekable") and stream.seekable()):
        raise ServiceError.for_fields({"file": _("The uploaded file cannot be read.")}, code="import_file_unreadable")
    size, sha256 = _measure(stream, name)
    extension = _file_format(stream, name)
    stored = default_storage.save(f"imports/{uuid.uuid4().hex}.{extension}", File(stream, name=name))
    job = ImportJob.objects.create(
        kind=kind or "",
        unit=unit,
        user=actor.user,
        actor_label=actor.audit_label[:150],
        original_name=name,
        file=stored,
        size=size,
        sha256=sha256,
        valid_only=valid_only,
    )
    audit_record(
        actor=actor,
        event_type=CreditEvent.IMPORT_JOB_QUEUED,
        target=job,
        target_label=name,
        payload={
            "unit": unit.code,
            "kind": kind or "",
            "file": name,
            "size": size,
            "sha256": sha256,
            "valid_only": valid_only,
        },
    )
    job_id = str(job.public_id)
    transaction.on_commit(lambda: import_records_task.enqueue(job_id))
    return job


def import_job_get(*, public_id: uuid.UUID | str, actor: Actor) -> ImportJob:
    """One import job, for the user who started it, the unit's credit officers or the credit administrator.
    Raises ImportJob.DoesNotExist or PermissionDenied."""
    job = ImportJob.objects.select_related("unit", "unit__organization", "user").get(public_id=public_id)
    if not _may_see(actor, job):
        raise PermissionDenied(_("This import belongs to another reporting unit."))
    return job


def import_job_list(*, actor: Actor, unit: ReportingUnit | None = None, limit: int = 20) -> list[ImportJob]:
    """The latest imports the actor may see (of `unit` when given), newest first."""
    jobs = ImportJob.objects.select_related("unit", "unit__organization", "user").order_by("-created_at")
    if unit is not None:
        jobs = jobs.filter(unit=unit)
    if not can_manage_credit(actor):
        mine = Q(unit__organization_id__in=sorted(actor.organization_ids(Role.CREDIT_OFFICER)))
        if actor.user is not None:
            mine |= Q(user=actor.user)
        jobs = jobs.filter(mine)
    return list(jobs[:limit])


def _may_see(actor: Actor, job: ImportJob) -> bool:
    if can_manage_credit(actor) or can_submit_records(actor, job.unit):
        return True
    return actor.user is not None and job.user_id == actor.user.pk


# --- running -----------------------------------------------------------------------------------------------------


class _JobProgress:
    """Saves an import's progress on its job, at most once per PROGRESS_INTERVAL (and at every change of stage)."""

    def __init__(self, job: ImportJob):
        self.job_pk = job.pk
        self.last = 0.0
        self.stage = ""

    def __call__(self, progress: ImportProgress) -> None:
        now = time.monotonic()
        if progress.stage == self.stage and now - self.last < PROGRESS_INTERVAL:
            return
        self.stage, self.last = progress.stage, now
        done, total = progress.done, progress.total
        if progress.unit == "bytes":  # a CSV file is measured in bytes read: shown as rows, the total estimated
            total = round(progress.rows * total / done) if done and total and progress.rows else None
            done = progress.rows
        ImportJob.objects.filter(pk=self.job_pk).update(stage=progress.stage, progress_done=done, progress_total=total)


def _actor_for(job: ImportJob) -> Actor:
    if job.user_id is None:
        return SystemActor(job.actor_label or "import")
    user = User.objects.get(pk=job.user_id)
    return Actor.for_user(user)


def _finish(job: ImportJob, status: str, **values: Any) -> None:
    job.status = status
    job.stage = ImportStage.FINISHED
    job.finished_at = timezone.now()
    for name, value in values.items():
        setattr(job, name, value)
    job.save()


@task
def import_records_task(job_id: str) -> dict[str, Any]:
    """Run the import of an ImportJob (by its public id); returns the report as JSON. Running it again for a
    finished job changes nothing."""
    job = ImportJob.objects.select_related("unit", "unit__organization").get(public_id=job_id)
    if job.is_finished:
        return job.report
    job.status, job.stage, job.started_at = ImportJobStatus.RUNNING, ImportStage.VALIDATING, timezone.now()
    job.save(update_fields=["status", "stage", "started_at"])
    progress = _JobProgress(job)
    try:
        actor = _actor_for(job)
        with job.file.open("rb") as fh:
            report = import_records(
                fh,
                kind=job.kind or None,
                unit=job.unit,
                actor=actor,
                valid_only=job.valid_only,
                filename=job.original_name,
                progress=progress,
            )
    except (ServiceError, PermissionDenied) as exc:
        message = "; ".join(exc.messages) if isinstance(exc, ServiceError) else str(exc)
        _finish(job, ImportJobStatus.FAILED, message=message, report={"file_errors": [message]})
        return job.report
    except Exception as exc:
        logger.exception("import job %s failed", job.public_id)
        _finish(
            job,
            ImportJobStatus.FAILED,
            message=_("The import stopped on an unexpected error (%(error)s); nothing was imported.")
            % {"error": type(exc).__name__},
        )
        return job.report
    try:
        if report.has_error_workbook:
            with report._workbook as workbook:  # type: ignore[union-attr]
                workbook.seek(0)
                stem = job.original_name.rsplit(".", 1)[0][:100]
                job.error_workbook.save(
                    f"{uuid.uuid4().hex}.xlsx", File(workbook, name=f"{stem}-errors.xlsx"), save=False
                )
                report._workbook = None
        _finish(
            job,
            ImportJobStatus.DONE,
            kind=report.kind,
            report=report.as_json(errors=JOB_ERRORS_KEPT),
            progress_done=report.total,
            progress_total=report.total,
        )
    finally:
        report.close()
    return job.report
