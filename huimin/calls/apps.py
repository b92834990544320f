from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _count(model_name: str, **filters):
    def counter() -> int:
        from django.apps import apps

        return apps.get_model("calls", model_name).objects.filter(**filters).count()

    return counter


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

        try:
            from .stats_planning import register_planning_stats
        except ImportError:
            pass
        else:
            register_planning_stats()
