from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _register_work_links() -> None:
    from huimin.core.models import Role
    from huimin.core.worklinks import register_work_link

    from .models import IntentionStatus
    from .selectors import intention_list

    def intention_drafts(actor) -> int:
        own = actor.divisions_for(Role.PURCHASER)
        return intention_list(actor=actor, status=IntentionStatus.DRAFT).filter(purchaser__in=own).count()

    register_work_link(
        Role.PURCHASER,
        "planning:planning_desk",
        _("My project intentions"),
        hint=_("Consolidate accepted needs into intentions within your budget"),
        waiting=intention_drafts,
        waiting_label=_("drafts to confirm"),
        order=20,
    )
    register_work_link(Role.DISTRICT_ADMIN, "planning:round_list", _("Rounds and purchasers' budgets"), order=20)
    register_work_link(Role.DISTRICT_ADMIN, "planning:planning_desk", _("Project intentions"), order=21)
    register_work_link(Role.PROJECT_MANAGER, "planning:round_list", _("Rounds"), order=23)


class PlanningConfig(AppConfig):
    name = "huimin.planning"
    label = "planning"

    def ready(self) -> None:
        from .stats import register_planning_stats

        register_planning_stats()
        _register_work_links()
