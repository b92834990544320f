"""Joint-punishment memoranda (联合惩戒合作备忘录) and the lists they act on (REFERENCE.md §3.5)."""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class ListEffect(models.TextChoices):
    BLOCK = "block", _("Bars purchased services")
    WARN = "warn", _("Warning")


class ListType(models.TextChoices):
    DISHONEST_JUDGMENT_DEBTOR = "dishonest_debtor", _("Dishonest judgment debtors (失信被执行人)")
    MAJOR_TAX_VIOLATION = "major_tax", _("Major tax violation cases (重大税收违法案件当事人)")
    PROCUREMENT_SERIOUS = (
        "procurement_serious",
        _("Serious dishonesty in government procurement (政府采购严重违法失信)"),
    )
    SOCIAL_ORG_SERIOUS = (
        "social_org_serious",
        _("Social organizations' serious dishonesty list (社会组织严重违法失信名单)"),
    )
    SOCIAL_ORG_ABNORMAL = "social_org_abnormal", _("Social organizations' abnormal activity list (活动异常名录)")
    WAGE_ARREARS = "wage_arrears", _("Serious wage arrears (拖欠农民工工资失信联合惩戒对象)")
    OTHER = "other", _("Other list")


# The effect of each list on purchased services (财库〔2016〕125号; 民政部令第60号).
LIST_DEFAULT_EFFECT: dict[str, str] = {
    ListType.DISHONEST_JUDGMENT_DEBTOR: ListEffect.BLOCK,
    ListType.MAJOR_TAX_VIOLATION: ListEffect.BLOCK,
    ListType.PROCUREMENT_SERIOUS: ListEffect.BLOCK,
    ListType.SOCIAL_ORG_SERIOUS: ListEffect.BLOCK,
    ListType.SOCIAL_ORG_ABNORMAL: ListEffect.WARN,
    ListType.WAGE_ARREARS: ListEffect.BLOCK,
    ListType.OTHER: ListEffect.WARN,
}


class Memorandum(models.Model):
    code = models.CharField(_("document number"), max_length=100, unique=True)
    title = models.CharField(_("title"), max_length=300)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    forwarded_on = models.DateField(_("forwarded to the units on"), null=True, blank=True)
    list_type = models.CharField(_("list acted on"), max_length=32, choices=ListType.choices)
    bars_purchased_services = models.BooleanField(_("bars purchased services"), default=True)
    measures = models.TextField(_("measures"), blank=True)

    class Meta:
        ordering = ["signed_on", "code"]
        verbose_name = _("joint-punishment memorandum")
        verbose_name_plural = _("joint-punishment memoranda")

    def __str__(self) -> str:
        return f"{self.title}（{self.code}）"


class ListEntry(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    list_type = models.CharField(_("list"), max_length=32, choices=ListType.choices, db_index=True)
    effect = models.CharField(_("effect"), max_length=8, choices=ListEffect.choices)
    memorandum = models.ForeignKey(Memorandum, null=True, blank=True, on_delete=models.PROTECT, related_name="entries")
    subject_name = models.CharField(_("name"), max_length=200)
    subject_uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    person_id_number = models.CharField(_("ID number (natural person)"), max_length=32, blank=True, db_index=True)
    reason = models.TextField(_("reason"), blank=True)
    decided_by = models.CharField(_("listing authority"), max_length=200, blank=True)
    document_number = models.CharField(_("listing document number"), max_length=128, blank=True)
    start_date = models.DateField(_("listed from"))
    end_date = models.DateField(_("listed until"), null=True, blank=True)
    removed_on = models.DateField(_("removed on"), null=True, blank=True)
    removal_reason = models.TextField(_("removal reason"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-start_date"]
        indexes = [models.Index(fields=["subject_uscc", "start_date"], name="listentry_uscc_start_idx")]
        verbose_name = _("list entry")
        verbose_name_plural = _("list entries")

    def __str__(self) -> str:
        return f"{self.get_list_type_display()} · {self.subject_name}"
