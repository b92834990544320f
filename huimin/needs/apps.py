from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _count(model_name: str, **filters):
    """A counter of this app's `model_name` rows matching `filters` (the models are imported when it runs)."""

    def counter() -> int:
        from . import models

        return getattr(models, model_name).objects.filter(**filters).count()

    return counter


def _register_work_links() -> None:
    from huimin.core.models import Role
    from huimin.core.worklinks import register_work_link

    from .models import NeedStatus
    from .selectors import managed_needs

    def waiting(actor) -> int:
        return managed_needs(actor=actor).filter(status=NeedStatus.SUBMITTED).count()

    for role in (Role.COMMUNITY_WORKER, Role.PURCHASER, Role.DISTRICT_ADMIN):
        register_work_link(
            role,
            "needs:desk",
            _("Residents' needs"),
            hint=_("Record needs, answer them: accept, merge or decline"),
            waiting=waiting,
            waiting_label=_("awaiting an answer"),
            order=10,
        )
    register_work_link(Role.PURCHASER, "needs:street", _("Needs by community"), order=11)
    register_work_link(Role.DISTRICT_ADMIN, "needs:categories", _("Service categories"), order=90)
    register_work_link(Role.RESIDENT, "needs:submit", _("Tell us what your community needs"), order=10)
    register_work_link(Role.RESIDENT, "needs:mine", _("My needs and supports"), order=11)
    register_work_link(Role.RESIDENT, "needs:board", _("Needs board: support your neighbours' needs"), order=12)


def _register_attachment_owners() -> None:
    """A need's photos are public with the need. A photo kept private is fetched by those who may decide or edit a
    need that shows it, and otherwise by its uploader and the staff of its community."""
    from huimin.files.owners import register_owner
    from huimin.files.permissions import uploader_or_member

    from .models import Need
    from .permissions import can_decide_need, can_edit_need
    from .services.needs import PHOTO_PURPOSE

    def photo_visible(actor, attachment) -> bool:
        needs = Need.objects.filter(photos=attachment).select_related("community")
        if any(can_decide_need(actor, need) or can_edit_need(actor, need) for need in needs):
            return True
        return uploader_or_member(actor, attachment)

    register_owner(PHOTO_PURPOSE, photo_visible)


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
        _register_work_links()
        _register_attachment_owners()
        register_counter(
            "need_categories", _count("NeedCategory", is_active=True), label=_("Service categories in use")
        )
