"""双公示 records in the national field format: 行政许可 (28 fields) and 行政处罚 (30 fields), REFERENCE.md §3.2/3.3.

Each national field is a model field; `huimin.credit.fields` maps national headers and field codes (current and
pre-2019) to these names. Publication bookkeeping (start, minimum and maximum period, 公示截止期, status) is computed
by the services from the regime in force on the decision date.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectCategory(models.TextChoices):
    LEGAL_PERSON = "legal_person", _("Legal person or unincorporated organization (法人及非法人组织)")
    NATURAL_PERSON = "natural_person", _("Natural person (自然人)")
    INDIVIDUAL_BUSINESS = "individual_business", _("Individual business (个体工商户)")


class PersonIdType(models.TextChoices):
    RESIDENT_ID = "01", _("Resident ID card (身份证)")
    PASSPORT = "02", _("Passport (护照)")
    HK_MACAO = "03", _("Mainland travel permit for Hong Kong and Macao residents (港澳居民来往内地通行证)")
    TAIWAN = "04", _("Mainland travel permit for Taiwan residents (台湾居民来往大陆通行证)")
    FOREIGN_PR = "05", _("Foreigner's permanent residence ID (外国人永久居留身份证)")
    OTHER = "99", _("Other (其他)")


class PublicationStatus(models.TextChoices):
    PUBLISHED = "published", _("Published")
    NOT_PUBLISHED = "not_published", _("Not published (minor)")
    EXPIRED = "expired", _("Publication period ended")
    REPAIRED = "repaired", _("Publication ended by credit repair")
    REVOKED = "revoked", _("Decision revoked")


class RecordBase(models.Model):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "credit.ReportingUnit", verbose_name=_("reporting unit"), on_delete=models.PROTECT, related_name="+"
    )
    catalogue_item = models.ForeignKey(
        "credit.CatalogueItem", verbose_name=_("catalogue item"), on_delete=models.PROTECT, related_name="+"
    )
    # 1–13: the party (行政相对人)
    subject_name = models.CharField(_("party name"), max_length=200)
    subject_category = models.CharField(_("party category"), max_length=24, choices=SubjectCategory.choices)
    subject_uscc = models.CharField(_("unified social credit code"), max_length=18, blank=True, db_index=True)
    subject_business_reg_no = models.CharField(_("business registration number"), max_length=32, blank=True)
    subject_org_code = models.CharField(_("organization code"), max_length=16, blank=True)
    subject_tax_no = models.CharField(_("tax registration number"), max_length=32, blank=True)
    subject_institution_no = models.CharField(_("public institution certificate number"), max_length=32, blank=True)
    subject_social_org_no = models.CharField(_("social organization registration number"), max_length=32, blank=True)
    legal_rep = models.CharField(_("legal representative"), max_length=64, blank=True)
    legal_rep_id_type = models.CharField(_("legal representative ID type"), max_length=64, blank=True)
    legal_rep_id_number = models.CharField(_("legal representative ID number"), max_length=32, blank=True)
    person_id_type = models.CharField(_("ID type"), max_length=2, choices=PersonIdType.choices, blank=True)
    person_id_number = models.CharField(_("ID number"), max_length=32, blank=True)
    # the decision
    decision_number = models.CharField(_("decision document number"), max_length=128)
    decision_date = models.DateField(_("decision date"), db_index=True)
    authority = models.CharField(_("deciding authority"), max_length=200)
    authority_uscc = models.CharField(_("deciding authority's credit code"), max_length=18)
    source_unit = models.CharField(_("data source unit"), max_length=200)
    source_unit_uscc = models.CharField(_("data source unit's credit code"), max_length=18)
    remarks = models.TextField(_("remarks"), blank=True)
    # publication bookkeeping
    status = models.CharField(
        _("publication status"),
        max_length=16,
        choices=PublicationStatus.choices,
        default=PublicationStatus.PUBLISHED,
        db_index=True,
    )
    is_public = models.BooleanField(_("on public view"), default=True, db_index=True)
    reported_at = models.DateTimeField(_("reported at"), db_index=True)
    publication_start = models.DateField(_("publication start"), null=True, blank=True)
    working_days_late = models.IntegerField(
        _("working days after the decision when published"),
        default=0,
        help_text=_("More than 7 is late (国发〔2016〕33号 §17)."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.decision_number} {self.subject_name}"

    @property
    def is_late(self) -> bool:
        return self.working_days_late > 7


class LicenceCategory(models.TextChoices):
    ORDINARY = "01", _("Ordinary (普通)")
    FRANCHISE = "02", _("Franchise (特许)")
    RECOGNITION = "03", _("Recognition (认可)")
    APPROVAL = "04", _("Approval (核准)")
    REGISTRATION = "05", _("Registration (登记)")
    OTHER = "06", _("Other (其他)")


LONG_TERM_DATE = "2099-12-31"  # 有效期至 2099/12/31 means 长期 (long-term)


class LicensingRecord(RecordBase):
    document_name = models.CharField(_("licensing decision document name"), max_length=300)
    licence_category = models.CharField(_("licence category"), max_length=2, choices=LicenceCategory.choices)
    licence_category_other = models.CharField(_("other category (specify)"), max_length=64, blank=True)
    certificate_name = models.CharField(_("licence certificate name"), max_length=200, blank=True)
    licence_number = models.CharField(_("licence number"), max_length=128, blank=True)
    content = models.TextField(_("licence content"), blank=True)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    current_status = models.CharField(
        _("current status"), max_length=1, default="1", choices=[("1", _("Valid")), ("2", _("Invalid"))]
    )

    class Meta:
        ordering = ["-decision_date", "decision_number"]
        constraints = [models.UniqueConstraint(fields=["decision_number"], name="uniq_licensing_decision_number")]
        indexes = [models.Index(fields=["unit", "decision_date"], name="licensing_unit_date_idx")]
        verbose_name = _("licensing record")
        verbose_name_plural = _("licensing records")

    @property
    def is_long_term(self) -> bool:
        return self.valid_to.isoformat() == LONG_TERM_DATE


class PenaltyCategory(models.TextChoices):
    """处罚决定种类 (行政处罚法 2021 §9; codes of the provincial 归集 standard)."""

    WARNING = "01", _("Warning (警告)")
    FINE = "02", _("Fine (罚款)")
    CONFISCATE_GAINS = "03", _("Confiscation of illegal gains (没收违法所得)")
    SUSPEND_BUSINESS = "04", _("Order to suspend production or business (责令停产停业)")
    REVOKE_LICENCE = "05", _("Revocation of licence (吊销许可证件)")
    DETENTION = "06", _("Administrative detention (行政拘留)")
    OTHER = "07", _("Other penalty prescribed by law (其他)")
    CIRCULATE_CRITICISM = "08", _("Circulated criticism (通报批评)")
    CONFISCATE_PROPERTY = "09", _("Confiscation of illegal property (没收非法财物)")
    LOWER_QUALIFICATION = "10", _("Lowering of qualification grade (降低资质等级)")
    SUSPEND_LICENCE = "11", _("Temporary suspension of licence (暂扣许可证件)")
    RESTRICT_BUSINESS = "12", _("Restriction of business activities (限制开展生产经营活动)")
    RESTRICT_PRACTICE = "13", _("Restriction of practice (限制从业)")
    ORDER_CLOSURE = "14", _("Order to close (责令关闭)")


class ProcedureKind(models.TextChoices):
    SIMPLE = "01", _("Simplified procedure (简易程序)")
    GENERAL = "02", _("General procedure (一般程序)")


class Severity(models.TextChoices):
    MINOR = "minor", _("Minor (轻微)")
    GENERAL = "general", _("General (一般)")
    SERIOUS = "serious", _("Serious (严重)")
    SPECIFIC_SERIOUS = "specific_serious", _("Specific serious (特定严重, not repairable)")


class PenaltyRecord(RecordBase):
    violation_type = models.CharField(_("type of violation"), max_length=300)
    facts = models.TextField(_("facts of the violation"))
    basis = models.TextField(_("legal basis of the penalty"))
    categories = models.JSONField(_("penalty categories"), default=list)
    content = models.TextField(_("penalty content"))
    fine_amount = models.DecimalField(_("fine (10,000 yuan)"), max_digits=14, decimal_places=6, null=True, blank=True)
    confiscated_amount = models.DecimalField(
        _("confiscated amount (10,000 yuan)"), max_digits=14, decimal_places=6, null=True, blank=True
    )
    licence_affected = models.CharField(_("licence suspended or revoked (name and number)"), max_length=300, blank=True)
    penalty_valid_until = models.DateField(_("penalty valid until"))
    publication_deadline = models.DateField(
        _("publication deadline (公示截止期)"), null=True, blank=True, db_index=True
    )
    procedure = models.CharField(
        _("procedure"), max_length=2, choices=ProcedureKind.choices, default=ProcedureKind.GENERAL
    )
    severity = models.CharField(_("severity"), max_length=24, choices=Severity.choices, default=Severity.GENERAL)
    regime = models.ForeignKey(
        "credit.PublicationRegime",
        verbose_name=_("publication regime"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    min_period_end = models.DateField(_("end of the minimum publication period"), null=True, blank=True)
    max_period_end = models.DateField(_("end of the maximum publication period"), null=True, blank=True)
    repairable = models.BooleanField(_("repairable"), default=True)

    class Meta:
        ordering = ["-decision_date", "decision_number"]
        constraints = [models.UniqueConstraint(fields=["decision_number"], name="uniq_penalty_decision_number")]
        indexes = [
            models.Index(fields=["unit", "decision_date"], name="penalty_unit_date_idx"),
            models.Index(fields=["subject_uscc", "decision_date"], name="penalty_uscc_date_idx"),
            models.Index(fields=["subject_name", "decision_date"], name="penalty_name_date_idx"),
        ]
        verbose_name = _("penalty record")
        verbose_name_plural = _("penalty records")
