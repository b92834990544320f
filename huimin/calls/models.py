"""Calls for proposals (项目申报通知), their amendments and clarification questions.

A call belongs to a round and lists confirmed project intentions of that round (both held by huimin.planning). The
project manager publishes a call listing intentions, categories, cap per project, structured eligibility criteria,
required documents, budget rules and review criteria; after publication every change is a published amendment with a
reason, and a late amendment extends the deadline.
"""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _


class CallStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published (open for proposals)")
    CLOSED = "closed", _("Closed (deadline passed)")
    CANCELLED = "cancelled", _("Cancelled")


class Call(models.Model):
    """项目申报通知. The structured parts (eligibility, required documents, budget rules, review criteria) are JSON
    validated by huimin.calls.rules, so later contexts (proposals, screening, review) read one typed shape."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # C-<round code>-<sequence>
    number = models.CharField(_("number"), max_length=60, unique=True)
    round = models.ForeignKey("planning.Round", verbose_name=_("round"), on_delete=models.PROTECT, related_name="calls")
    manager = models.ForeignKey(
        "core.Organization",
        verbose_name=_("project manager"),
        on_delete=models.PROTECT,
        related_name="managed_calls",
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text of the call"), blank=True)
    intentions = models.ManyToManyField(
        "planning.Intention", verbose_name=_("project intentions"), related_name="calls"
    )
    categories = models.ManyToManyField(
        "needs.NeedCategory", verbose_name=_("categories"), related_name="calls", blank=True
    )
    cap_per_project = models.DecimalField(_("cap per project (yuan)"), max_digits=14, decimal_places=2)
    max_proposals_per_organization = models.PositiveSmallIntegerField(
        _("proposals per organization at most"), default=3
    )
    expected_proposals = models.PositiveIntegerField(_("proposals expected"), default=0)
    eligibility = models.JSONField(_("eligibility criteria"), default=dict, blank=True)
    required_documents = models.JSONField(_("required documents"), default=list, blank=True)
    budget_rules = models.JSONField(_("budget rules"), default=dict, blank=True)
    review_criteria = models.JSONField(_("review criteria"), default=list, blank=True)
    opens_at = models.DateTimeField(_("opens at"), null=True, blank=True)
    deadline = models.DateTimeField(_("deadline for proposals"))
    original_deadline = models.DateTimeField(_("original deadline"), null=True, blank=True)
    # An amendment published within `late_amendment_working_days` working days of the deadline moves the deadline
    # to at least `extension_working_days` working days after the amendment.
    late_amendment_working_days = models.PositiveSmallIntegerField(_("late amendment window (working days)"), default=3)
    extension_working_days = models.PositiveSmallIntegerField(_("deadline extension (working days)"), default=3)
    status = models.CharField(_("status"), max_length=16, choices=CallStatus.choices, default=CallStatus.DRAFT)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    documents = models.ManyToManyField("files.Attachment", verbose_name=_("documents"), blank=True, related_name="+")
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-deadline"]
        verbose_name = _("call for proposals")
        verbose_name_plural = _("calls for proposals")

    def __str__(self) -> str:
        return self.title

    @property
    def total_budget(self) -> Decimal:
        return sum((i.budget for i in self.intentions.all()), Decimal(0))


class CallAmendment(models.Model):
    """A published change to a published call: what changed (field → before/after), why, and the deadline move."""

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="amendments")
    sequence = models.PositiveSmallIntegerField(_("amendment number"))
    reason = models.TextField(_("reason"))
    changes = models.JSONField(_("changes"), default=dict)
    deadline_before = models.DateTimeField(_("deadline before"))
    deadline_after = models.DateTimeField(_("deadline after"))
    extended = models.BooleanField(_("deadline extended"), default=False)
    published_at = models.DateTimeField(_("published at"))
    published_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["call_id", "sequence"]
        constraints = [models.UniqueConstraint(fields=["call", "sequence"], name="uniq_call_amendment_sequence")]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")

    def __str__(self) -> str:
        return f"{self.call} · {self.sequence}"


class QuestionStatus(models.TextChoices):
    PENDING = "pending", _("Awaiting answer")
    ANSWERED = "answered", _("Answered")
    REJECTED = "rejected", _("Not answered (out of scope or duplicate)")


class CallQuestion(models.Model):
    """A clarification question (答疑) from a provider; answered publicly, without naming who asked."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="questions")
    organization = models.ForeignKey(
        "core.Organization", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    asked_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    question = models.TextField(_("question"))
    asked_at = models.DateTimeField(_("asked at"))
    status = models.CharField(
        _("status"), max_length=16, choices=QuestionStatus.choices, default=QuestionStatus.PENDING
    )
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["call_id", "asked_at"]
        verbose_name = _("clarification question")
        verbose_name_plural = _("clarification questions")

    def __str__(self) -> str:
        return self.question[:40]
