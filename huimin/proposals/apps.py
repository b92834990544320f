from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _count(**filters):
    def counter() -> int:
        from .models import Proposal

        return Proposal.objects.filter(**filters).count()

    return counter


class ProposalsConfig(AppConfig):
    name = "huimin.proposals"
    label = "proposals"
    verbose_name = _("Proposals")

    def ready(self) -> None:
        from huimin.core.stats import register_counter

        from .models import ProposalStatus

        register_counter("proposals", _count(), label=_("Proposals"))
        register_counter("draft_proposals", _count(status=ProposalStatus.DRAFT), label=_("Proposals: drafts"))
        register_counter(
            "submitted_proposals", _count(status=ProposalStatus.SUBMITTED), label=_("Proposals: submitted")
        )
        register_counter(
            "withdrawn_proposals", _count(status=ProposalStatus.WITHDRAWN), label=_("Proposals: withdrawn")
        )

        try:
            from .stats_profiles import register_profile_stats
        except ImportError:
            pass
        else:
            register_profile_stats()
