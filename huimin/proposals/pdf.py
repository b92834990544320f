"""The proposal as a printed 申报书: one HTML template (templates/proposals/print.html) rendered for the browser
and, through WeasyPrint, as a Chinese A4 PDF (fonts: Noto CJK of the system). Nothing is stored: the PDF is built
for each request and streamed with a file name.

    context = print_context(proposal, today=…)        # everything the printed proposal shows
    html = render_print_html(proposal, today=…)       # the HTML (tests read text here)
    data = render_pdf(proposal, today=…)              # bytes starting with %PDF
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from huimin.calls.rules import CallRules, call_rules
from huimin.providers.selectors import RegistrationFacts, registration_facts

from .models import (
    Activity,
    BudgetCategory,
    BudgetLine,
    Indicator,
    Proposal,
    ProposalDocument,
    ProposalStatus,
    ProposalTeamMember,
    Receipt,
)
from .rules import BudgetSummary, budget_summary


@dataclass(frozen=True)
class DocumentLine:
    code: str
    name: str
    required: bool
    attached: ProposalDocument | None


@dataclass(frozen=True)
class CategoryTotal:
    code: str
    label: str
    total: Decimal
    share: Decimal | None


@dataclass(frozen=True)
class PrintContext:
    proposal: Proposal
    rules: CallRules
    facts: RegistrationFacts
    intentions: list[Any]
    communities: list[Any]
    team: list[ProposalTeamMember]
    activities: list[Activity]
    indicators: list[Indicator]
    budget_lines: list[BudgetLine]
    summary: BudgetSummary
    categories: list[CategoryTotal]
    documents: list[DocumentLine]
    receipt: Receipt | None
    receipts: list[Receipt]
    sealed: bool  # submitted (a receipt in force)

    def as_dict(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.__dataclass_fields__} | {"print": self}


def _share(part: Decimal, total: Decimal) -> Decimal | None:
    if total <= 0:
        return None
    return (part * 100 / total).quantize(Decimal("0.01"))


def print_context(proposal: Proposal, *, today: date) -> PrintContext:
    """Everything the printed proposal (and the read-only page) shows, read in a fixed number of queries."""
    proposal = (
        Proposal.objects.select_related("call", "organization", "category")
        .prefetch_related(
            "intentions__purchaser",
            "communities",
            "team__member",
            "activities",
            "indicators",
            "budget_lines",
            "documents__attachment",
            "receipts",
        )
        .get(pk=proposal.pk)
    )
    rules = call_rules(proposal.call)
    summary = budget_summary(proposal)
    labels = dict(BudgetCategory.choices)
    categories = [
        CategoryTotal(code=code, label=str(labels.get(code, code)), total=total, share=_share(total, summary.total))
        for code, total in summary.by_category.items()
    ]
    attached = {d.code: d for d in proposal.documents.all()}
    documents = [
        DocumentLine(code=d.code, name=d.name, required=d.required, attached=attached.pop(d.code, None))
        for d in rules.required_documents
    ]
    documents += [
        DocumentLine(code=code, name=code, required=False, attached=doc) for code, doc in sorted(attached.items())
    ]
    receipts = sorted(proposal.receipts.all(), key=lambda r: r.submitted_at)
    in_force = [r for r in receipts if r.withdrawn_at is None]
    team = sorted(proposal.team.all(), key=lambda t: (not t.is_lead, t.member.name))
    return PrintContext(
        proposal=proposal,
        rules=rules,
        facts=registration_facts(organization=proposal.organization, today=today),
        intentions=list(proposal.intentions.all()),
        communities=sorted(proposal.communities.all(), key=lambda c: c.code),
        team=team,
        activities=sorted(proposal.activities.all(), key=lambda a: a.position),
        indicators=sorted(proposal.indicators.all(), key=lambda i: (i.kind != "output", i.position)),
        budget_lines=sorted(proposal.budget_lines.all(), key=lambda b: b.position),
        summary=summary,
        categories=categories,
        documents=documents,
        receipt=in_force[-1] if in_force and proposal.status == ProposalStatus.SUBMITTED else None,
        receipts=receipts,
        sealed=proposal.status == ProposalStatus.SUBMITTED,
    )


def render_print_html(proposal: Proposal, *, today: date, for_pdf: bool = False) -> str:
    context = print_context(proposal, today=today).as_dict()
    context["for_pdf"] = for_pdf
    context["today"] = today
    return render_to_string("proposals/print.html", context)


def render_pdf(proposal: Proposal, *, today: date, base_url: str | None = None) -> bytes:
    """The printed proposal as PDF bytes (A4, Chinese fonts)."""
    from weasyprint import HTML  # imported here: loading WeasyPrint (Pango) is slow and only the PDF needs it

    html = render_print_html(proposal, today=today, for_pdf=True)
    return HTML(string=html, base_url=base_url).write_pdf()


_UNSAFE = re.compile(r'[\\/:*?"<>|\x00-\x1f]+')


def pdf_file_name(proposal: Proposal) -> str:
    """项目申报书-<title or number>-<organization>.pdf, without characters file systems refuse."""
    title = proposal.title or proposal.call.number
    name = f"{_('Proposal')}-{title}-{proposal.organization.name}"
    return _UNSAFE.sub("_", name)[:150] + ".pdf"
