from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _count(model_name: str, **filters):
    def counter() -> int:
        from django.apps import apps

        return apps.get_model("calls", model_name).objects.filter(**filters).count()

    return counter


def _register_work_links() -> None:
    from huimin.core.models import Role
    from huimin.core.worklinks import register_work_link

    from .models import CallStatus, QuestionStatus
    from .selectors import calls_managed

    def questions_waiting(actor) -> int:
        from .models import CallQuestion

        calls = calls_managed(actor=actor, status=CallStatus.PUBLISHED)
        return CallQuestion.objects.filter(call__in=calls, status=QuestionStatus.PENDING).count()

    for role in (Role.PROJECT_MANAGER, Role.DISTRICT_ADMIN):
        register_work_link(
            role,
            "calls:call_desk",
            _("Calls for proposals"),
            hint=_("Draft, publish and amend calls; answer providers' questions"),
            waiting=questions_waiting,
            waiting_label=_("questions to answer"),
            order=22,
        )
    register_work_link(
        Role.PROVIDER,
        "calls:call_list",
        _("Open calls for proposals"),
        hint=_("Read the calls, ask clarification questions"),
        order=10,
    )


def _register_attachment_owners() -> None:
    """A call's documents are fetched by those who see the call (everyone once it is published, when they are made
    public; its managers and the district administrator while it is a draft). A document not (yet) listed on a call
    — an amendment's upload before it is published — by those who may draft the calls of its organization."""
    from huimin.files.owners import register_owner
    from huimin.files.permissions import is_uploader

    from .models import Call
    from .permissions import calls_scope_q, can_create_call
    from .services.calls import DOCUMENT_PURPOSE

    def document_visible(actor, attachment) -> bool:
        calls = Call.objects.filter(documents=attachment)
        scope = calls_scope_q(actor)
        if (calls if scope is None else calls.filter(scope)).exists():
            return True
        if attachment.organization is not None and can_create_call(actor, attachment.organization):
            return True
        return is_uploader(actor, attachment)

    register_owner(DOCUMENT_PURPOSE, document_visible)


class CallsConfig(AppConfig):
    name = "huimin.calls"
    label = "calls"

    def ready(self) -> None:
        from datetime import timedelta

        from huimin.core.schedule import register_periodic
        from huimin.core.stats import register_counter

        from .tasks import close_due_calls_task

        # Deadlines passed ⇒ calls closed, checked every five minutes.
        register_periodic("calls.close_due", close_due_calls_task, every=timedelta(minutes=5))

        register_counter("calls", _count("Call"), label=_("Calls for proposals"))
        register_counter(
            "published_calls", _count("Call", published_at__isnull=False), label=_("Published calls (ever)")
        )
        register_counter("call_amendments", _count("CallAmendment"), label=_("Call amendments"))
        register_counter("call_questions", _count("CallQuestion"), label=_("Clarification questions"))

        _register_work_links()
        _register_attachment_owners()
