"""The projects an organization carried out: declared by itself (source `declared`, its own to change), or recorded
by the platform (source `platform`): the performance record the later contexts write — results, the closure
evaluation's score, the use of funds — read-only for the organization."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import require
from huimin.core.services.errors import ServiceError

from ..error_codes import ProfilesError
from ..events import ProvidersEvent
from ..models import PastProject, PastProjectSource
from ..permissions import can_record_past_project, require_profile_editor
from ..rules import amount, line, long_text, read_texts, refuse_unknown, whole_number

if TYPE_CHECKING:
    from huimin.core.models import Organization
    from huimin.core.permissions import Actor

FIRST_YEAR = 1990
MAX_AMOUNT = Decimal("1000000000")  # 10 亿元: anything above is a typing mistake
PAST_PROJECT_FIELDS = (
    "year",
    "round_name",
    "title",
    "purchaser_name",
    "amount",
    "beneficiaries",
    "outcome",
    "evaluation_score",
    "funds_use",
)


def _clean_past_project(data: dict[str, Any], *, today: date) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "year" in data:
        try:
            year = whole_number(data["year"])
        except ValueError:
            year = None
            errors["year"] = _("Enter the year as four digits, e.g. 2019.")
        else:
            if year is None:
                errors["year"] = _("Enter the year of the project.")
            elif not FIRST_YEAR <= year <= today.year:
                errors["year"] = _("The year must be between %(first)d and %(last)d.") % {
                    "first": FIRST_YEAR,
                    "last": today.year,
                }
        out["year"] = year
    if "title" in data:
        out["title"] = line(data["title"])
        if not out["title"]:
            errors["title"] = _("Enter the project's name.")
        elif len(out["title"]) > 200:
            errors["title"] = _("At most %(n)d characters.") % {"n": 200}
    read_texts(data, {"round_name": 120, "purchaser_name": 200, "funds_use": 200}, out, errors)
    read_texts(data, {"outcome": 4000}, out, errors, read=long_text)
    if "amount" in data:
        try:
            yuan = amount(data["amount"])
        except ValueError:
            errors["amount"] = _("Enter an amount in yuan, e.g. 50000 or 50000.00.")
        else:
            if yuan is not None and not (Decimal(0) <= yuan < MAX_AMOUNT):
                errors["amount"] = _("The amount must be between 0 and 1,000,000,000 yuan.")
            elif yuan is not None and yuan != yuan.quantize(Decimal("0.01")):
                errors["amount"] = _("The amount has at most two decimals (fen).")
            out["amount"] = yuan
    if "beneficiaries" in data:
        try:
            people = whole_number(data["beneficiaries"])
        except ValueError:
            errors["beneficiaries"] = _("Enter a whole number of people.")
        else:
            if people is not None and not 0 <= people <= 10_000_000:
                errors["beneficiaries"] = _("Enter a whole number of people between 0 and 10,000,000.")
            out["beneficiaries"] = people
    if "evaluation_score" in data:
        try:
            score = amount(data["evaluation_score"])
        except ValueError:
            errors["evaluation_score"] = _("Enter a score between 0 and 100.")
        else:
            if score is not None and not Decimal(0) <= score <= Decimal(100):
                errors["evaluation_score"] = _("Enter a score between 0 and 100.")
            elif score is not None and score != score.quantize(Decimal("0.01")):
                errors["evaluation_score"] = _("The score has at most two decimals.")
            out["evaluation_score"] = score
    if errors:
        raise ServiceError.for_fields(errors, code=ProfilesError.PAST_PROJECT_INVALID)
    return out


def _project_payload(project: PastProject) -> dict[str, Any]:
    return {
        "project": str(project.public_id),
        "organization": str(project.organization.public_id),
        "source": project.source,
        "year": project.year,
        "title": project.title,
        "round_name": project.round_name,
        "amount": str(project.amount) if project.amount is not None else None,
        "evaluation_score": str(project.evaluation_score) if project.evaluation_score is not None else None,
    }


def _today(now: datetime | None) -> date:
    return timezone.localdate(now or timezone.now())


def _require_declared(project: PastProject) -> None:
    if project.source != PastProjectSource.DECLARED:
        raise ServiceError(
            _("This project was recorded by the platform from an earlier round; it cannot be changed here."),
            code=ProfilesError.PAST_PROJECT_READ_ONLY,
        )


@transaction.atomic
def past_project_declare(
    *, organization: Organization, actor: Actor, now: datetime | None = None, **fields: Any
) -> PastProject:
    """The organization declares a project it carried out elsewhere (year and name required)."""
    require_profile_editor(actor, organization)
    refuse_unknown(fields, PAST_PROJECT_FIELDS)
    data = _clean_past_project({"year": None, "title": "", **fields}, today=_today(now))
    project = PastProject.objects.create(organization=organization, source=PastProjectSource.DECLARED, **data)
    audit_record(
        actor=actor, event_type=ProvidersEvent.PAST_PROJECT_DECLARED, target=project, payload=_project_payload(project)
    )
    return project


@transaction.atomic
def past_project_update(
    *, project: PastProject, actor: Actor, now: datetime | None = None, **changes: Any
) -> PastProject:
    project = PastProject.objects.select_for_update().select_related("organization").get(pk=project.pk)
    require_profile_editor(actor, project.organization)
    _require_declared(project)
    refuse_unknown(changes, PAST_PROJECT_FIELDS)
    data = _clean_past_project(changes, today=_today(now))
    before = {k: getattr(project, k) for k in data}
    for key, value in data.items():
        setattr(project, key, value)
    project.save()
    audit_record(
        actor=actor,
        event_type=ProvidersEvent.PAST_PROJECT_CHANGED,
        target=project,
        payload={
            **_project_payload(project),
            "changes": {k: [str(before[k]), str(v)] for k, v in data.items() if before[k] != v},
        },
    )
    return project


@transaction.atomic
def past_project_remove(*, project: PastProject, actor: Actor) -> None:
    project = PastProject.objects.select_for_update().select_related("organization").get(pk=project.pk)
    require_profile_editor(actor, project.organization)
    _require_declared(project)
    payload = _project_payload(project)
    audit_record(actor=actor, event_type=ProvidersEvent.PAST_PROJECT_REMOVED, target=project, payload=payload)
    project.delete()


@transaction.atomic
def past_project_record(
    *,
    organization: Organization,
    year: int,
    title: str,
    actor: Actor,
    now: datetime | None = None,
    **fields: Any,
) -> PastProject:
    """The platform records a project the organization carried out in an earlier round (source `platform`).

    Called by later contexts (contracts, closure evaluation) and the demo. Recording the same project again (same
    organization, year, round and title) updates it — e.g. to add the closure evaluation score — instead of adding
    a second row. The organization cannot change or remove these rows.
    """
    require(can_record_past_project(actor), _("Only the platform records projects of earlier rounds."))
    refuse_unknown(fields, PAST_PROJECT_FIELDS)
    data = _clean_past_project({**fields, "year": year, "title": title}, today=_today(now))
    existing = (
        PastProject.objects.select_for_update()
        .filter(
            organization=organization,
            source=PastProjectSource.PLATFORM,
            year=data["year"],
            title=data["title"],
            round_name=data.get("round_name", ""),
        )
        .first()
    )
    if existing is None:
        project = PastProject.objects.create(organization=organization, source=PastProjectSource.PLATFORM, **data)
    else:
        project = existing
        for key, value in data.items():
            setattr(project, key, value)
        project.save()
    audit_record(
        actor=actor,
        event_type=(
            ProvidersEvent.PAST_PROJECT_RECORDED if existing is None else ProvidersEvent.PAST_PROJECT_RECORD_UPDATED
        ),
        target=project,
        payload=_project_payload(project),
    )
    return project
