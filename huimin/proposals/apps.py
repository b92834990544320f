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


def _register_attachment_owners() -> None:
    """A proposal's documents are fetched by the proposal's rule (sealed until the call's deadline, and their
    uploads recorded in the audit trail by public id only); an organization's standing documents by its profile's
    rule (huimin.providers), or by the rule of a proposal they were attached to. Both rules are known here, in the
    later context, so the owner of the standing documents is registered here too."""
    from huimin.files.owners import register_owner
    from huimin.providers.selectors import profile_attachment_visible
    from huimin.providers.services import PROFILE_DOCUMENT_PURPOSE_PREFIX

    from .content import DOCUMENT_PURPOSE_PREFIX
    from .selectors import document_attachment_visible

    def profile_document_visible(actor, attachment) -> bool:
        return profile_attachment_visible(actor, attachment) or document_attachment_visible(actor, attachment)

    register_owner(DOCUMENT_PURPOSE_PREFIX, document_attachment_visible, seals_audit=True)
    register_owner(PROFILE_DOCUMENT_PURPOSE_PREFIX, profile_document_visible)


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
        _register_attachment_owners()
