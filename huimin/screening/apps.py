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

    from .models import Screening, ScreeningStatus
    from .permissions import screenings_scope_q

    def awaiting(actor) -> int:
        q = screenings_scope_q(actor)
        qs = Screening.objects.filter(status__in=[ScreeningStatus.AWAITING_DECISION, ScreeningStatus.FIX_SUBMITTED])
        if q is not None:
            qs = qs.filter(pk__in=Screening.objects.filter(q).values("pk"))
        return qs.count()

    for role in (Role.PROJECT_MANAGER, Role.DISTRICT_ADMIN):
        register_work_link(
            role,
            "screening:index",
            _("Screening of proposals"),
            hint=_("The automatic checks of every proposal; pass, reject or ask for a fix"),
            waiting=awaiting,
            waiting_label=_("awaiting a decision"),
            order=24,
        )
    register_work_link(
        Role.PURCHASER,
        "screening:index",
        _("Screening of proposals"),
        hint=_("How the proposals answering your intentions fared at screening"),
        order=24,
    )
    register_work_link(
        Role.PROVIDER,
        "screening:mine",
        _("Screening results of my proposals"),
        hint=_("Decisions with their reasons; fixes asked for"),
        order=14,
    )


class ScreeningConfig(AppConfig):
    name = "huimin.screening"
    label = "screening"
    verbose_name = _("Screening")

    def ready(self) -> None:
        from datetime import timedelta

        from huimin.core.schedule import register_periodic
        from huimin.core.stats import register_counter
        from huimin.proposals.hooks import register_fix_listener

        from .listeners import on_fix_submitted
        from .models import ScreeningStatus
        from .tasks import screening_expire_fixes_task, screening_run_due_task

        # Deadlines passed ⇒ the automatic checks run; fix windows over ⇒ marked expired.
        register_periodic("screening.run_due", screening_run_due_task, every=timedelta(minutes=5))
        register_periodic("screening.expire_fixes", screening_expire_fixes_task, every=timedelta(minutes=15))
        register_fix_listener(on_fix_submitted)

        register_counter("screenings", _count("Screening"), label=_("Screenings"))
        labels = {
            ScreeningStatus.AWAITING_DECISION: _("Screenings awaiting a decision"),
            ScreeningStatus.PASSED: _("Screenings passed"),
            ScreeningStatus.REJECTED: _("Screenings rejected"),
            ScreeningStatus.FIX_REQUESTED: _("Screenings with a fix requested"),
            ScreeningStatus.FIX_SUBMITTED: _("Screenings with a fix submitted"),
        }
        for status, label in labels.items():
            register_counter(f"screenings_{status}", _count("Screening", status=status), label=label)
        register_counter("screening_runs", _count("ScreeningRun"), label=_("Screening runs"))
        _register_work_links()
