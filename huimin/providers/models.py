"""The providers' context: what a provider organization brings to every proposal it writes — its team (with
social work qualifications), the projects it carried out, and its standing documents (登记证书, 年检结论, 评估等级证书,
章程 …).

A past project is declared by the organization itself, or recorded by the platform (source `platform`, read-only for
the organization). The later contexts write that performance record here — the results, the closure evaluation's
score, the use of funds — through `services.past_project_record`, so the next round reads an organization's past
performance from this context without importing the ones that produced it.

The tables keep the names they had when the profile lived in the proposals app (`db_table`), and the audit trail
names their rows as it did then (`audit_target_type`), so an object's history is one, whichever app wrote it.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class Qualification(models.TextChoices):
    NONE = "none", _("None")
    ASSISTANT_SOCIAL_WORKER = "assistant", _("Assistant social worker (助理社会工作师)")
    SOCIAL_WORKER = "social_worker", _("Social worker (社会工作师)")
    SENIOR_SOCIAL_WORKER = "senior", _("Senior social worker (高级社会工作师)")
    OTHER = "other", _("Other professional qualification")


class TeamMember(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="team_members")
    name = models.CharField(_("name"), max_length=64)
    education = models.CharField(_("education and major"), max_length=120, blank=True)
    qualification = models.CharField(
        _("social work qualification"), max_length=16, choices=Qualification.choices, default=Qualification.NONE
    )
    qualification_note = models.CharField(_("other qualifications"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    is_full_time = models.BooleanField(_("full time"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_target_type = "proposals.teammember"

    class Meta:
        db_table = "proposals_teammember"
        ordering = ["organization_id", "name"]
        verbose_name = _("team member")
        verbose_name_plural = _("team members")

    def __str__(self) -> str:
        return self.name


class PastProjectSource(models.TextChoices):
    PLATFORM = "platform", _("Recorded by the platform (an earlier round)")
    DECLARED = "declared", _("Declared by the organization")


class PastProject(models.Model):
    """A project the organization carried out. Those of earlier rounds on the platform are filled in automatically
    (source `platform`, read-only for the organization); others it declares itself."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="past_projects")
    source = models.CharField(_("source"), max_length=16, choices=PastProjectSource.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    round_name = models.CharField(_("round or programme"), max_length=120, blank=True)
    title = models.CharField(_("project"), max_length=200)
    purchaser_name = models.CharField(_("purchaser or funder"), max_length=200, blank=True)
    amount = models.DecimalField(_("amount (yuan)"), max_digits=14, decimal_places=2, null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(_("beneficiaries"), null=True, blank=True)
    outcome = models.TextField(_("implementation and results"), blank=True)
    evaluation_score = models.DecimalField(
        _("closure evaluation score"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    funds_use = models.CharField(_("use of funds"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    audit_target_type = "proposals.pastproject"

    class Meta:
        db_table = "proposals_pastproject"
        ordering = ["organization_id", "-year", "title"]
        verbose_name = _("past project")
        verbose_name_plural = _("past projects")

    def __str__(self) -> str:
        return f"{self.year} {self.title}"


class ProfileDocument(models.Model):
    """A standing document of the organization (登记证书, 年检结论, 评估等级证书, 章程 …), reused by its proposals."""

    organization = models.ForeignKey("core.Organization", on_delete=models.CASCADE, related_name="profile_documents")
    code = models.SlugField(_("document"), max_length=40)
    attachment = models.ForeignKey("files.Attachment", on_delete=models.PROTECT, related_name="+")
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    uploaded_at = models.DateTimeField(_("uploaded at"))

    audit_target_type = "proposals.profiledocument"

    class Meta:
        db_table = "proposals_profiledocument"
        ordering = ["organization_id", "code", "-uploaded_at"]
        verbose_name = _("profile document")
        verbose_name_plural = _("profile documents")

    def __str__(self) -> str:
        return f"{self.organization_id}:{self.code}"
