"""Rounds, purchasers' budgets and project intentions (项目意向).

A round (e.g. 平城区第二届政府向社会力量购买服务) carries the budget of each purchaser (street / township). Each
purchaser consolidates accepted needs into intentions whose total stays within its budget; a call for proposals
(huimin.calls, a later context) then lists confirmed intentions.

The tables keep the names they were created with (`calls_round`, `calls_roundbudget`, `calls_intention`): the models
moved here from the calls app without moving their data.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class RoundStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=120)
    year = models.PositiveSmallIntegerField(_("year"))
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=RoundStatus.choices, default=RoundStatus.DRAFT)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "calls_round"
        ordering = ["-year", "code"]
        verbose_name = _("round")
        verbose_name_plural = _("rounds")

    def __str__(self) -> str:
        return self.name


class RoundBudget(models.Model):
    """The budget of one purchaser (a street or township) in one round, in 元."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="budgets")
    purchaser = models.ForeignKey(
        "core.Division", verbose_name=_("purchaser"), on_delete=models.PROTECT, related_name="round_budgets"
    )
    amount = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2)

    class Meta:
        db_table = "calls_roundbudget"
        ordering = ["round_id", "purchaser__code"]
        constraints = [models.UniqueConstraint(fields=["round", "purchaser"], name="uniq_round_purchaser_budget")]
        verbose_name = _("purchaser budget")
        verbose_name_plural = _("purchaser budgets")

    def __str__(self) -> str:
        return f"{self.round} · {self.purchaser}"


class IntentionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    CONFIRMED = "confirmed", _("Confirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Intention(models.Model):
    """项目意向: a purchaser's consolidation of accepted needs into one project to buy, with its budget."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # I-<purchaser code>-<round code>-<sequence>
    number = models.CharField(_("number"), max_length=60, unique=True)
    round = models.ForeignKey(Round, verbose_name=_("round"), on_delete=models.PROTECT, related_name="intentions")
    purchaser = models.ForeignKey(
        "core.Division", verbose_name=_("purchaser"), on_delete=models.PROTECT, related_name="intentions"
    )
    title = models.CharField(_("title"), max_length=120)
    category = models.ForeignKey(
        "needs.NeedCategory", verbose_name=_("category"), on_delete=models.PROTECT, related_name="intentions"
    )
    communities = models.ManyToManyField(
        "core.Division", verbose_name=_("communities covered"), related_name="covering_intentions"
    )
    needs = models.ManyToManyField("needs.Need", verbose_name=_("needs answered"), related_name="intentions")
    budget = models.DecimalField(_("budget (yuan)"), max_digits=14, decimal_places=2)
    expected_beneficiaries = models.PositiveIntegerField(_("expected beneficiaries"), default=0)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=IntentionStatus.choices, default=IntentionStatus.DRAFT
    )
    created_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        db_table = "calls_intention"
        ordering = ["round_id", "purchaser__code", "number"]
        verbose_name = _("project intention")
        verbose_name_plural = _("project intentions")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class IntentionListing(models.Model):
    """A published (or closed) call for proposals that lists an intention, as the calls context reports it through
    `intention_listing_set`. While an intention has a listing it can be neither changed nor withdrawn: providers are
    answering it. Planning keeps the call's number and title only, to say which call holds the intention."""

    intention = models.ForeignKey(Intention, on_delete=models.CASCADE, related_name="listings")
    call_number = models.CharField(_("call number"), max_length=60)
    call_title = models.CharField(_("call title"), max_length=200)
    listed_at = models.DateTimeField(_("listed at"))

    class Meta:
        ordering = ["intention_id", "call_number"]
        constraints = [models.UniqueConstraint(fields=["intention", "call_number"], name="uniq_intention_listing_call")]
        verbose_name = _("listing in a call")
        verbose_name_plural = _("listings in calls")

    def __str__(self) -> str:
        return f"{self.intention} · {self.call_number}"
