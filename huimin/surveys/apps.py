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

    from .models import QuestionnaireStatus
    from .selectors import questionnaire_list

    def drafts(actor) -> int:
        return questionnaire_list(actor=actor, managed=True, status=QuestionnaireStatus.DRAFT).count()

    for role in (Role.COMMUNITY_WORKER, Role.PURCHASER, Role.DISTRICT_ADMIN):
        register_work_link(
            role,
            "surveys:desk",
            _("Questionnaires (问需)"),
            hint=_("Ask residents what they need, enter paper forms, see the results"),
            waiting=drafts,
            waiting_label=_("drafts not opened yet"),
            order=20,
        )
    register_work_link(Role.RESIDENT, "surveys:list", _("Questionnaires: tell your community what you need"), order=20)


class SurveysConfig(AppConfig):
    name = "huimin.surveys"
    label = "surveys"
    verbose_name = _("Questionnaires")

    def ready(self) -> None:
        from datetime import timedelta

        from huimin.core.schedule import register_periodic
        from huimin.core.stats import register_counter

        from .tasks import close_due_questionnaires_task

        # closes_at passed ⇒ closed, checked every 10 minutes (answers after closes_at are refused anyway).
        register_periodic("surveys.close_due", close_due_questionnaires_task, every=timedelta(minutes=10))

        _register_work_links()
        register_counter("questionnaires", _count("Questionnaire"), label=_("Questionnaires"))
        register_counter("open_questionnaires", _count("Questionnaire", status="open"), label=_("Open questionnaires"))
        register_counter("questionnaire_responses", _count("Response"), label=_("Questionnaire responses"))
        register_counter(
            "paper_questionnaire_responses",
            _count("Response", channel="paper"),
            label=_("Questionnaire responses entered from paper"),
        )
