from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _register_work_links() -> None:
    from huimin.core.models import Role
    from huimin.core.worklinks import register_work_link

    register_work_link(
        Role.PROVIDER,
        "providers:profile",
        _("Organization profile"),
        hint=_("Team, past projects and standing documents, reused by every proposal"),
        order=6,
    )


class ProvidersConfig(AppConfig):
    name = "huimin.providers"
    label = "providers"
    verbose_name = _("Organization profile")

    def ready(self) -> None:
        from .stats import register_profile_stats

        register_profile_stats()
        _register_work_links()
