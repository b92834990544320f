"""What a proposal's seal covers: the content a receipt digests — everything the organization submits, as plain JSON
values (`proposal_content`), its canonical JSON (keys sorted, no spaces, UTF-8, amounts as "50000.00", dates ISO)
and the SHA-256 of it (`content_digest`) — and the purpose its document files are stored under
(`document_purpose`), by which huimin.files fetches them with the proposal's rule and seals their audit events."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .models import Proposal

# The purpose of a proposal document's attachment is this prefix and the document's code. Stored with every file:
# never change it.
DOCUMENT_PURPOSE_PREFIX = "proposal:"


def document_purpose(code: str) -> str:
    """The purpose of a proposal's document file: "proposal:<document code>" (huimin.files.owners)."""
    return f"{DOCUMENT_PURPOSE_PREFIX}{code}"


def _money(value: Decimal | None) -> str | None:
    return None if value is None else f"{value:.2f}"


def _date(value: Any) -> str | None:
    return None if value is None else value.isoformat()


def proposal_content(proposal: Proposal) -> dict[str, Any]:
    """Everything the organization submits, as plain JSON values (what the receipt's digest covers)."""
    p = proposal
    return {
        "call": p.call.number,
        "organization": {
            "public_id": str(p.organization.public_id),
            "name": p.organization.name,
            "uscc": p.organization.uscc or "",
        },
        "proposal": str(p.public_id),
        "basics": {
            "title": p.title,
            "category": p.category.code if p.category else None,
            "intentions": sorted(i.number for i in p.intentions.all()),
            "communities": sorted(c.code for c in p.communities.all()),
            "start_date": _date(p.start_date),
            "end_date": _date(p.end_date),
            "contact_name": p.contact_name,
            "contact_phone": p.contact_phone,
        },
        "beneficiaries": {
            "target_group": p.target_group,
            "direct_beneficiaries": p.direct_beneficiaries,
            "indirect_beneficiaries": p.indirect_beneficiaries,
        },
        "narrative": {
            "summary": p.summary,
            "need_analysis": p.need_analysis,
            "objectives": p.objectives,
            "risks": p.risks,
            "sustainability": p.sustainability,
        },
        "activities": [
            {
                "position": a.position,
                "name": a.name,
                "description": a.description,
                "sessions": a.sessions,
                "start_date": _date(a.start_date),
                "end_date": _date(a.end_date),
                "place": a.place,
                "participants": a.participants,
            }
            for a in sorted(p.activities.all(), key=lambda a: a.position)
        ],
        "indicators": [
            {
                "position": i.position,
                "kind": i.kind,
                "name": i.name,
                "target_value": _money(i.target_value),
                "unit": i.unit,
            }
            for i in sorted(p.indicators.all(), key=lambda i: i.position)
        ],
        "team": [
            {
                "member": str(t.member.public_id),
                "name": t.member.name,
                "education": t.member.education,
                "qualification": t.member.qualification,
                "qualification_note": t.member.qualification_note,
                "role": t.role,
                "is_lead": t.is_lead,
            }
            for t in sorted(p.team.all(), key=lambda t: (not t.is_lead, t.member.name, str(t.member.public_id)))
        ],
        "budget": {
            "applied_amount": _money(p.applied_amount),
            "lines": [
                {
                    "position": line.position,
                    "category": line.category,
                    "item": line.item,
                    "unit_price": _money(line.unit_price),
                    "unit": line.unit,
                    "quantity": _money(line.quantity),
                    "total": _money(line.total),
                    "cap_code": line.cap_code,
                    "note": line.note,
                }
                for line in sorted(p.budget_lines.all(), key=lambda line: line.position)
            ],
        },
        "documents": [
            {"code": d.code, "name": d.attachment.original_name, "sha256": d.attachment.sha256}
            for d in sorted(p.documents.all(), key=lambda d: d.code)
        ],
        "commitment_accepted": p.commitment_accepted_at is not None,
        "confirmed_amendment": p.confirmed_amendment,
    }


def canonical_json(content: dict[str, Any]) -> str:
    return json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def content_digest(content: dict[str, Any]) -> str:
    """SHA-256 (hex) of the canonical JSON of `content`."""
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()
