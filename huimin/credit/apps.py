from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _count(model_name: str, **filters):
    """A counter of this app's `model_name` rows matching `filters` (the models are imported when it runs)."""

    def counter() -> int:
        from . import models

        return getattr(models, model_name).objects.filter(**filters).count()

    return counter


def _records(**filters):
    licensing = _count("LicensingRecord", **filters)
    penalty = _count("PenaltyRecord", **filters)
    return lambda: licensing() + penalty()


def _register_attachment_owners() -> None:
    """The evidence of a credit repair is fetched by those who see the repair request (the credit and district
    administrators, the penalized organization's providers); evidence not (yet) on a request by its uploader and
    its organization's members."""
    from huimin.files.owners import register_owner
    from huimin.files.permissions import uploader_or_member

    from .selectors import repair_requests
    from .services.repairs import REPAIR_EVIDENCE_PURPOSE

    def evidence_visible(actor, attachment) -> bool:
        if repair_requests(actor=actor).filter(evidence=attachment).exists():
            return True
        return uploader_or_member(actor, attachment)

    register_owner(REPAIR_EVIDENCE_PURPOSE, evidence_visible)


class CreditConfig(AppConfig):
    name = "huimin.credit"
    label = "credit"

    def ready(self) -> None:
        from datetime import time

        from huimin.core.schedule import register_periodic
        from huimin.core.stats import register_counter

        from .tasks import expire_records_task

        # 公示截止期 passed ⇒ off public view, every day shortly after midnight (Asia/Shanghai).
        register_periodic("credit.expire_records", expire_records_task, at=time(0, 10))

        register_counter("credit_records", _records(), label=_("Credit records (licensing and penalty)"))
        register_counter("published_credit_records", _records(is_public=True), label=_("Published credit records"))
        register_counter(
            "unpublished_credit_records",
            _records(is_public=False),
            label=_("Credit records not on public view"),
        )
        register_counter("licensing_records", _count("LicensingRecord"), label=_("Licensing records"))
        register_counter("penalty_records", _count("PenaltyRecord"), label=_("Penalty records"))
        register_counter("reporting_units", _count("ReportingUnit"), label=_("Reporting units"))
        register_counter("catalogue_items", _count("CatalogueItem"), label=_("Catalogue items"))
        register_counter("list_entries", _count("ListEntry"), label=_("Joint-punishment list entries"))
        register_counter("credit_checks", _count("CreditCheck"), label=_("Credit checks"))
        register_counter("repair_requests", _count("RepairRequest"), label=_("Credit repair requests"))
        _register_attachment_owners()
