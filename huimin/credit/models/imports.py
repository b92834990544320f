"""Background imports of 双公示 records: the uploaded file, its progress and its report."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportJobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


class ImportStage(models.TextChoices):
    WAITING = "waiting", _("Waiting to start")
    VALIDATING = "validating", _("Checking the rows")
    WRITING = "writing", _("Saving the records")
    FINISHED = "finished", _("Finished")


class ImportJob(models.Model):
    """One upload of a record file (.xlsx or .csv) for a reporting unit, checked and imported in the background.

    The file is kept under MEDIA_ROOT/imports/ with its SHA-256; `report` holds the outcome (counts, the first
    errors, file-level problems) and `error_workbook` the workbook that lists every rejected row."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=16, blank=True, help_text=_("Blank: told by the file's headers."))
    unit = models.ForeignKey(
        "credit.ReportingUnit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(
        "core.User", verbose_name=_("imported by"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_label = models.CharField(_("imported by"), max_length=150, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    file = models.FileField(_("file"), upload_to="imports/", max_length=255)
    size = models.BigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    valid_only = models.BooleanField(_("import only the valid rows"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=ImportJobStatus.choices, default=ImportJobStatus.QUEUED, db_index=True
    )
    stage = models.CharField(_("stage"), max_length=16, choices=ImportStage.choices, default=ImportStage.WAITING)
    progress_done = models.BigIntegerField(_("done"), default=0)
    progress_total = models.BigIntegerField(_("to do"), null=True, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    error_workbook = models.FileField(_("error workbook"), upload_to="imports/", max_length=255, blank=True)
    message = models.TextField(_("message"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("record import")
        verbose_name_plural = _("record imports")

    def __str__(self) -> str:
        return f"{self.original_name} · {self.get_status_display()}"

    @property
    def percent(self) -> int | None:
        """How far the current stage is, 0–100 (None when the amount of work is not known)."""
        if not self.progress_total:
            return None
        return max(0, min(100, round(100 * self.progress_done / self.progress_total)))

    @property
    def is_finished(self) -> bool:
        return self.status in (ImportJobStatus.DONE, ImportJobStatus.FAILED)
