from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def _count(**filters):
    def counter() -> int:
        from .models import Proposal

        return Proposal.objects.filter(**filters).count()

    return counter


def _register_work_links() -> None:
    from huimin.core.models import Role
    from huimin.core.worklinks import register_work_link

    from .models import Proposal, ProposalStatus

    def drafts(actor) -> int:
        own = [o.pk for o in actor.organizations_for(Role.PROVIDER)]
        return Proposal.objects.filter(organization_id__in=own, status=ProposalStatus.DRAFT).count()

    register_work_link(
        Role.PROVIDER,
        "proposals:mine",
        _("My proposals"),
        hint=_("Write, submit and follow your organization's proposals"),
        waiting=drafts,
        waiting_label=_("drafts not yet submitted"),
        order=5,
    )
    register_work_link(
        Role.PROVIDER,
        "proposals:profile",
        _("Organization profile"),
        hint=_("Team, past projects and standing documents, reused by every proposal"),
        order=6,
    )


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

        _register_work_links()

        try:
            from .stats_profiles import register_profile_stats
        except ImportError:
            pass
        else:
            register_profile_stats()
