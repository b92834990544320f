from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _count(model_name: str, **filters):
    def counter() -> int:
        from django.apps import apps

        return apps.get_model("needs", model_name).objects.filter(**filters).count()

    return counter


class NeedsConfig(AppConfig):
    name = "huimin.needs"
    label = "needs"
    verbose_name = _("Needs")

    def ready(self) -> None:
        from huimin.core.stats import register_counter

        from .models import NeedStatus

        register_counter("needs", _count("Need"), label=_("Needs"))
        register_counter(
            "needs_submitted", _count("Need", status=NeedStatus.SUBMITTED), label=_("Needs awaiting an answer")
        )
        register_counter("needs_accepted", _count("Need", status=NeedStatus.ACCEPTED), label=_("Needs accepted"))
        register_counter("needs_merged", _count("Need", status=NeedStatus.MERGED), label=_("Needs merged into another"))
        register_counter("needs_declined", _count("Need", status=NeedStatus.DECLINED), label=_("Needs declined"))
        register_counter("need_supports", _count("Support"), label=_("Supports of needs"))
        register_counter(
            "need_categories", _count("NeedCategory", is_active=True), label=_("Service categories in use")
        )
