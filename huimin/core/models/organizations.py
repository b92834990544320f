from __future__ import annotations

import uuid
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationType(models.TextChoices):
    SOCIAL_GROUP = "social_group", _("Social group (社会团体)")
    SOCIAL_SERVICE = "social_service", _("Private non-enterprise unit (民办非企业单位/社会服务机构)")
    FOUNDATION = "foundation", _("Foundation (基金会)")
    ENTERPRISE = "enterprise", _("Enterprise (企业)")
    INDIVIDUAL_BUSINESS = "individual_business", _("Individual business (个体工商户)")
    RESIDENTS_COMMITTEE = "residents_committee", _("Residents' / villagers' committee (居委会/村委会)")
    PUBLIC_INSTITUTION = "public_institution", _("Public institution (事业单位)")
    GOVERNMENT = "government", _("Government body (机关)")
    COLLECTIVE = "collective", _("Rural collective economic organization (农村集体经济组织)")


class Organization(models.Model):
    """Any organization the platform knows: providers, purchasers' offices, reporting units, the manager."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("legal name"), max_length=200)
    org_type = models.CharField(_("type"), max_length=32, choices=OrganizationType.choices)
    uscc = models.CharField(_("unified social credit code"), max_length=18, unique=True, null=True, blank=True)
    registration_authority = models.CharField(_("registration authority"), max_length=100, blank=True)
    registration_number = models.CharField(_("registration certificate number"), max_length=64, blank=True)
    founded_on = models.DateField(_("date founded"), null=True, blank=True)
    legal_representative = models.CharField(_("legal representative"), max_length=64, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    def __str__(self) -> str:
        return self.name


class AnnualInspectionResult(models.TextChoices):
    PASSED = "passed", _("Passed (合格)")
    BASIC = "basic", _("Basically passed (基本合格)")
    FAILED = "failed", _("Failed (不合格)")
    ABSENT = "absent", _("Not inspected (未参检)")


class AnnualInspection(models.Model):
    """年检 / 年报 conclusion for one year."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="inspections")
    year = models.PositiveSmallIntegerField(_("year"))
    result = models.CharField(_("result"), max_length=16, choices=AnnualInspectionResult.choices)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="uniq_inspection_org_year")]
        verbose_name = _("annual inspection")
        verbose_name_plural = _("annual inspections")

    def __str__(self) -> str:
        return f"{self.year} {self.get_result_display()}"


class EvaluationGrade(models.Model):
    """社会组织评估等级 (民政部令第39号): 5A … 1A, valid five years from the award."""

    VALIDITY_YEARS = 5  # 民政部令第39号《社会组织评估管理办法》: an evaluation grade is valid for five years.

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="grades")
    grade = models.PositiveSmallIntegerField(_("grade (number of A)"))
    awarded_on = models.DateField(_("awarded on"))
    valid_until = models.DateField(_("valid until"))
    authority = models.CharField(_("awarding authority"), max_length=100, blank=True)

    class Meta:
        ordering = ["-awarded_on"]
        constraints = [
            models.CheckConstraint(condition=models.Q(grade__gte=1, grade__lte=5), name="grade_between_1_and_5"),
        ]
        verbose_name = _("evaluation grade")
        verbose_name_plural = _("evaluation grades")

    def __str__(self) -> str:
        return f"{self.grade}A"

    @classmethod
    def valid_until_for(cls, awarded_on: date) -> date:
        """The last day of validity: the day before the fifth anniversary (29 February falls back to 28)."""
        year = awarded_on.year + cls.VALIDITY_YEARS
        try:
            anniversary = awarded_on.replace(year=year)
        except ValueError:
            anniversary = awarded_on.replace(year=year, day=28)
        return anniversary - timedelta(days=1)


class OrganizationContact(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=64)
    position = models.CharField(_("position"), max_length=64, blank=True)
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("email"), blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")

    def __str__(self) -> str:
        return self.name
