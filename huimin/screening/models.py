"""Preliminary screening (初筛): at the call's deadline the machine checks every submitted proposal (identity,
registration, annual inspection, grade, credit with its saved evidence, budget rules, completeness, the limit of
proposals per organization, near-duplicate text) and gives each check pass / fail / needs review with the reason;
the project manager then decides pass, reject or fix (a fix window of N working days for the sections named).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ScreeningRun(models.Model):
    """One run of the automatic checks over a call's submitted proposals (at the deadline, or re-run by hand)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="screening_runs")
    started_at = models.DateTimeField(_("started at"))
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    proposals = models.PositiveIntegerField(_("proposals checked"), default=0)
    started_by = models.CharField(_("started by"), max_length=150)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("screening run")
        verbose_name_plural = _("screening runs")

    def __str__(self) -> str:
        return f"{self.call_id} {self.started_at:%Y-%m-%d %H:%M}"


class CheckResult(models.TextChoices):
    PASS = "pass", _("Pass")
    REVIEW = "review", _("Needs review")
    FAIL = "fail", _("Fail")


class ScreeningStatus(models.TextChoices):
    AWAITING_DECISION = "awaiting", _("Awaiting the manager's decision")
    PASSED = "passed", _("Passed")
    REJECTED = "rejected", _("Rejected")
    FIX_REQUESTED = "fix_requested", _("Fix requested")
    FIX_SUBMITTED = "fix_submitted", _("Fix submitted")


class Screening(models.Model):
    """The screening of one proposal: the machine's overall result, then the manager's decision."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    proposal = models.OneToOneField("proposals.Proposal", on_delete=models.PROTECT, related_name="screening")
    call = models.ForeignKey("calls.Call", on_delete=models.PROTECT, related_name="screenings")
    run = models.ForeignKey(ScreeningRun, on_delete=models.PROTECT, related_name="screenings")
    automatic_result = models.CharField(_("automatic result"), max_length=8, choices=CheckResult.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=ScreeningStatus.choices, default=ScreeningStatus.AWAITING_DECISION
    )
    reason = models.TextField(_("reason given to the organization"), blank=True)
    fix_sections = models.JSONField(_("sections to fix"), default=list, blank=True)
    fix_until = models.DateTimeField(_("fix before"), null=True, blank=True)
    # Set by the periodic job when a fix window ended without a fix (the status stays fix_requested; the manager
    # then decides).
    fix_expired_at = models.DateTimeField(_("fix window expired at"), null=True, blank=True)
    decided_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    credit_check = models.ForeignKey(
        "credit.CreditCheck", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(_("checked at"))
    # Raised by every change (a decision, a re-check, a fix submitted or expired). A decision names the version it
    # was made on and is refused when the screening has changed since (two managers deciding at once).
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["call_id", "proposal_id"]
        indexes = [models.Index(fields=["call", "status"])]
        verbose_name = _("screening")
        verbose_name_plural = _("screenings")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.status}"


class ScreeningCheck(models.Model):
    """One automatic check of one proposal: its code (see huimin.screening.checks), result and reason."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="checks")
    code = models.SlugField(_("check"), max_length=40)
    result = models.CharField(_("result"), max_length=8, choices=CheckResult.choices)
    reason = models.TextField(_("reason"))
    details = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["screening_id", "id"]
        constraints = [models.UniqueConstraint(fields=["screening", "code"], name="uniq_screening_check")]
        verbose_name = _("screening check")
        verbose_name_plural = _("screening checks")

    def __str__(self) -> str:
        return f"{self.code}:{self.result}"


class ScreeningDecision(models.Model):
    """Every decision of the manager on a screening, in order (the screening holds the latest)."""

    screening = models.ForeignKey(Screening, on_delete=models.CASCADE, related_name="decisions")
    decision = models.CharField(_("decision"), max_length=16)  # pass | reject | fix
    reason = models.TextField(_("reason"), blank=True)
    fix_sections = models.JSONField(_("sections to fix"), default=list, blank=True)
    fix_until = models.DateTimeField(_("fix before"), null=True, blank=True)
    decided_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))

    class Meta:
        ordering = ["screening_id", "decided_at"]
        verbose_name = _("screening decision")
        verbose_name_plural = _("screening decisions")

    def __str__(self) -> str:
        return f"{self.screening_id}:{self.decision}"
