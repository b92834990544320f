"""Proposals (项目书) answering a call; the project team is chosen from the organization's team (huimin.providers).

A proposal is a draft its organization edits (autosaved) until it submits it before the call's deadline; each
submission is sealed (nobody but the organization sees it until the deadline) and gets a receipt with a number, a
time and the SHA-256 of the sealed content. It may be withdrawn and resubmitted before the deadline. After the
deadline nothing changes, except the sections screening asks to fix, within the fix window (`fix_sections`,
`fix_until`, set by the screening context through proposals' own service).
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

# --- proposals ------------------------------------------------------------------------------------------------


class ProposalStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted (sealed)")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Proposal(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    call = models.ForeignKey("calls.Call", verbose_name=_("call"), on_delete=models.PROTECT, related_name="proposals")
    organization = models.ForeignKey(
        "core.Organization", verbose_name=_("organization"), on_delete=models.PROTECT, related_name="proposals"
    )
    intentions = models.ManyToManyField(
        "planning.Intention", verbose_name=_("project intentions answered"), related_name="proposals", blank=True
    )
    title = models.CharField(_("project name"), max_length=120, blank=True)
    category = models.ForeignKey(
        "needs.NeedCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    communities = models.ManyToManyField(
        "core.Division", verbose_name=_("communities served"), related_name="proposals", blank=True
    )
    target_group = models.CharField(_("target group"), max_length=200, blank=True)
    direct_beneficiaries = models.PositiveIntegerField(_("direct beneficiaries"), null=True, blank=True)
    indirect_beneficiaries = models.PositiveIntegerField(_("indirect beneficiaries"), null=True, blank=True)
    summary = models.TextField(_("project summary"), blank=True)  # 项目简介 ≤ 500 字
    need_analysis = models.TextField(_("need analysis"), blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    risks = models.TextField(_("risks and responses"), blank=True)
    sustainability = models.TextField(_("sustainability"), blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    applied_amount = models.DecimalField(
        _("amount applied for (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    contact_name = models.CharField(_("contact person"), max_length=64, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=32, blank=True)
    commitment_accepted_at = models.DateTimeField(_("commitment accepted at"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=ProposalStatus.choices, default=ProposalStatus.DRAFT)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    receipt_number = models.CharField(_("receipt number"), max_length=40, blank=True)
    # The last amendment of the call the organization confirmed having read (0: none); a later published amendment
    # asks it to re-confirm.
    confirmed_amendment = models.PositiveSmallIntegerField(_("amendments confirmed"), default=0)
    # Screening's fix window: the sections the organization may change, until when (empty / null: none).
    fix_sections = models.JSONField(_("sections to fix"), default=list, blank=True)
    fix_until = models.DateTimeField(_("fix before"), null=True, blank=True)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"))
    updated_at = models.DateTimeField(_("last saved"))

    class Meta:
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["call", "status"]), models.Index(fields=["organization", "call"])]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")

    def __str__(self) -> str:
        return self.title or str(self.public_id)


class Activity(models.Model):
    """One line of the activity plan: what, how many sessions, when, where, for how many."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("activity"), max_length=120)
    description = models.TextField(_("content"), blank=True)
    sessions = models.PositiveSmallIntegerField(_("sessions"), default=1)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("to"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=120, blank=True)
    participants = models.PositiveIntegerField(_("participants per session"), null=True, blank=True)

    class Meta:
        ordering = ["proposal_id", "position"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self) -> str:
        return self.name


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    OUTCOME = "outcome", _("Outcome")


class Indicator(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="indicators")
    position = models.PositiveSmallIntegerField(_("position"))
    kind = models.CharField(_("kind"), max_length=16, choices=IndicatorKind.choices)
    name = models.CharField(_("indicator"), max_length=120)
    target_value = models.DecimalField(_("target value"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20, blank=True)

    class Meta:
        ordering = ["proposal_id", "position"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class ProposalTeamMember(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="team")
    member = models.ForeignKey("providers.TeamMember", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role in the project"), max_length=120)
    is_lead = models.BooleanField(_("project lead"), default=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["proposal", "member"], name="uniq_proposal_member")]
        verbose_name = _("project team member")
        verbose_name_plural = _("project team")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.member_id}"


class BudgetCategory(models.TextChoices):
    """Budget line types (REFERENCE.md §2.3). `labour` lines count toward the labour share, `management` toward the
    management fee share; lines may name a unit-price cap of the call (`cap_code`)."""

    LABOUR = "labour", _("Labour and volunteer allowances (劳务费)")
    EXPERT = "expert", _("Experts (专家费)")
    TRAINING = "training", _("Training (培训费)")
    MEETING = "meeting", _("Meetings (会议费)")
    ACTIVITY = "activity", _("Activity materials (活动物资)")
    PUBLICITY = "publicity", _("Publicity (宣传费)")
    TRANSPORT = "transport", _("Transport (交通费)")
    OFFICE = "office", _("Office costs (办公经费)")
    MANAGEMENT = "management", _("Management fee (管理费)")
    TAX = "tax", _("Taxes (税费)")
    OTHER = "other", _("Other")


class BudgetLine(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="budget_lines")
    position = models.PositiveSmallIntegerField(_("position"))
    category = models.CharField(_("category"), max_length=16, choices=BudgetCategory.choices)
    item = models.CharField(_("item"), max_length=120)
    unit_price = models.DecimalField(_("unit price (yuan)"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("unit"), max_length=20)
    quantity = models.DecimalField(_("quantity"), max_digits=10, decimal_places=2)
    total = models.DecimalField(_("total (yuan)"), max_digits=14, decimal_places=2)
    cap_code = models.CharField(_("unit-price cap"), max_length=40, blank=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["proposal_id", "position"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")

    def __str__(self) -> str:
        return self.item


class ProposalDocument(models.Model):
    """A document the call requires (RequiredDocument.code), attached to the proposal."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="documents")
    code = models.SlugField(_("document"), max_length=40)
    attachment = models.ForeignKey("files.Attachment", on_delete=models.PROTECT, related_name="+")
    added_at = models.DateTimeField(_("added at"))

    class Meta:
        ordering = ["proposal_id", "code"]
        constraints = [models.UniqueConstraint(fields=["proposal", "code"], name="uniq_proposal_document")]
        verbose_name = _("proposal document")
        verbose_name_plural = _("proposal documents")

    def __str__(self) -> str:
        return f"{self.proposal_id}:{self.code}"


class Receipt(models.Model):
    """One submission: its number (R-<call number>-<sequence>), time and the SHA-256 of the sealed content."""

    proposal = models.ForeignKey(Proposal, on_delete=models.PROTECT, related_name="receipts")
    number = models.CharField(_("receipt number"), max_length=60, unique=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    digest = models.CharField(_("SHA-256 of the submitted content"), max_length=64)
    content = models.JSONField(_("submitted content"))
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    kind = models.CharField(max_length=16, default="submission")  # submission | fix

    class Meta:
        ordering = ["proposal_id", "submitted_at"]
        verbose_name = _("submission receipt")
        verbose_name_plural = _("submission receipts")

    def __str__(self) -> str:
        return self.number
