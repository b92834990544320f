"""Residents' needs (需求征集): recorded by community workers or submitted by residents, supported (附议) by residents,
then accepted, merged or declined with a public answer. Accepted needs are consolidated into project intentions
(calls context), which keeps the chain need → intention → call → proposal → contract traceable.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class NeedCategory(models.Model):
    """The configurable catalogue of service categories (文化体育, 为老服务 …): needs, intentions and calls."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=64, unique=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("service category")
        verbose_name_plural = _("service categories")

    def __str__(self) -> str:
        return self.name


class NeedStatus(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    MERGED = "merged", _("Merged into another need")
    DECLINED = "declined", _("Declined")


class NeedSource(models.TextChoices):
    WORKER = "worker", _("Recorded by the community")
    RESIDENT = "resident", _("Submitted by a resident")


class Need(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # N-<community code>-<year>-<sequence>, e.g. N-140213001001-2020-007
    number = models.CharField(_("number"), max_length=40, unique=True)
    community = models.ForeignKey(
        "core.Division", verbose_name=_("community"), on_delete=models.PROTECT, related_name="needs"
    )
    title = models.CharField(_("title"), max_length=120)
    category = models.ForeignKey(
        NeedCategory, verbose_name=_("category"), on_delete=models.PROTECT, related_name="needs"
    )
    target_group = models.CharField(_("target group"), max_length=120)
    estimated_beneficiaries = models.PositiveIntegerField(_("estimated beneficiaries"), default=0)
    description = models.TextField(_("description"))
    # Evidence: how many residents asked (surveys, visits, meetings), questionnaires and photos.
    residents_asking = models.PositiveIntegerField(_("residents asking"), default=0)
    evidence_note = models.TextField(_("evidence"), blank=True)
    questionnaires = models.ManyToManyField(
        "surveys.Questionnaire", verbose_name=_("questionnaires"), blank=True, related_name="needs"
    )
    photos = models.ManyToManyField("files.Attachment", verbose_name=_("photos"), blank=True, related_name="+")
    source = models.CharField(_("source"), max_length=16, choices=NeedSource.choices)
    submitted_by = models.ForeignKey("core.User", null=True, on_delete=models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(_("status"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.SUBMITTED)
    merged_into = models.ForeignKey(
        "self", verbose_name=_("merged into"), null=True, blank=True, on_delete=models.PROTECT, related_name="merged"
    )
    answer = models.TextField(_("public answer"), blank=True)
    answered_by = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    # Supports of this need itself, and the residents supporting it or any need merged into it (counted once each):
    # the figure shown to the public. Both are kept by the services in the transaction that changes them.
    support_count = models.PositiveIntegerField(_("supports"), default=0)
    support_total = models.PositiveIntegerField(_("supports including merged needs"), default=0)
    # The resident who submitted it (account or verified phone, as a digest), so that they may edit it while it is
    # submitted. Blank for needs recorded by the community.
    submitter_key = models.CharField(max_length=64, blank=True, db_index=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-submitted_at"]
        indexes = [models.Index(fields=["community", "status"])]
        verbose_name = _("need")
        verbose_name_plural = _("needs")

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def merged_tree_ids(self) -> list[int]:
        """This need and every need merged into it, directly or through another merged need."""
        ids = [self.pk]
        frontier = [self.pk]
        while frontier:
            frontier = list(Need.objects.filter(merged_into_id__in=frontier).values_list("pk", flat=True))
            frontier = [pk for pk in frontier if pk not in ids]
            ids.extend(frontier)
        return ids


class SupportChannel(models.TextChoices):
    ACCOUNT = "account", _("Resident account")
    PHONE = "phone", _("Verified mobile phone")


class Support(models.Model):
    """附议: one resident's support of one need. `supporter_key` identifies the resident (account or verified phone,
    as a digest), and is unique per need: a resident supports a need once."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="supports")
    supporter_key = models.CharField(max_length=64)
    channel = models.CharField(_("channel"), max_length=16, choices=SupportChannel.choices)
    user = models.ForeignKey("core.User", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("supported at"))

    class Meta:
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["need", "supporter_key"], name="uniq_support_per_resident")]
        verbose_name = _("support")
        verbose_name_plural = _("supports")

    def __str__(self) -> str:
        return f"{self.need_id}:{self.channel}"
