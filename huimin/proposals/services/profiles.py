"""The organization's profile, reused by every proposal it writes: its team (with social work qualifications), the
projects it carried out (declared by itself, or recorded by the platform from earlier rounds — those are read-only to
the organization), and its standing documents (登记证书, 年检结论, 评估等级证书, 章程 …).

Every write checks the actor (the organization's own provider; the platform for recorded projects), validates,
changes and records an audit event in one transaction. Text may be typed with full-width digits and spaces; amounts
accept “1,000.50”, “１０００元”.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.permissions import PermissionDenied
from huimin.core.services.errors import ServiceError
from huimin.files.services import attachment_create

from ..error_codes_profiles import ProfilesError
from ..models import PastProject, PastProjectSource, ProfileDocument, Qualification, TeamMember
from ..permissions_profiles import can_edit_profile, can_record_past_project
from ..selectors_profiles import PROFILE_DOCUMENT_CODES, document_label

if TYPE_CHECKING:
    from huimin.core.models import Organization
    from huimin.core.permissions import Actor

__all__ = [
    "past_project_declare",
    "past_project_record",
    "past_project_remove",
    "past_project_update",
    "profile_document_remove",
    "profile_document_upload",
    "team_member_create",
    "team_member_deactivate",
    "team_member_reactivate",
    "team_member_update",
]

FIRST_YEAR = 1990
MAX_AMOUNT = Decimal("1000000000")  # 10 亿元: anything above is a typing mistake
PHONE_RE = re.compile(r"^\+?[0-9][0-9\-]{4,19}$")

TEAM_FIELDS = ("name", "education", "qualification", "qualification_note", "position", "phone", "is_full_time")
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


# --- input cleaning --------------------------------------------------------------------------------------------------


def _text(value: Any) -> str:
    """NFKC (full-width letters and digits become ASCII; Chinese is unchanged), trimmed, inner runs of spaces one."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return re.sub(r"[ \t\u3000]+", " ", text).strip()


def _long_text(value: Any) -> str:
    return unicodedata.normalize("NFC", str(value or "")).strip()


def _decimal(value: Any) -> Decimal | None:
    """None for blank; ValueError for anything that is not an amount."""
    if value is None or value == "":
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        raise ValueError("floats round")
    text = _text(value).replace(",", "").replace("，", "").removesuffix("元").strip()
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ValueError(text) from exc
    if not number.is_finite():
        raise ValueError(text)
    return number


def _integer(value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValueError(value)
    if isinstance(value, int):
        return value
    text = _text(value).replace(",", "")
    if not text:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(text)
    return int(text)


def _require_editor(actor: Actor, organization: Organization) -> None:
    if not can_edit_profile(actor, organization):
        raise PermissionDenied(_("Only the organization's own providers may change its profile."))


def _unknown(fields: dict[str, Any], allowed: tuple[str, ...]) -> None:
    unknown = set(fields) - set(allowed)
    if unknown:
        raise ServiceError(
            _("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))}, code=ProfilesError.INVALID
        )


# --- team ------------------------------------------------------------------------------------------------------------


def _clean_team(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "name" in data:
        out["name"] = _text(data["name"])
        if not out["name"]:
            errors["name"] = _("Enter the team member's name.")
        elif len(out["name"]) > 64:
            errors["name"] = _("The name may have at most 64 characters.")
    for key, limit in (("education", 120), ("qualification_note", 200), ("position", 64)):
        if key in data:
            out[key] = _text(data[key])
            if len(out[key]) > limit:
                errors[key] = _("At most %(n)d characters.") % {"n": limit}
    if "qualification" in data:
        out["qualification"] = _text(data["qualification"]) or Qualification.NONE
        if out["qualification"] not in Qualification.values:
            errors["qualification"] = _("Choose a qualification from the list.")
    if "phone" in data:
        phone = re.sub(r"[\s()（）]", "", _text(data["phone"]))
        if phone and not PHONE_RE.match(phone):
            errors["phone"] = _("Enter a phone number of digits (e.g. 13912345678 or 0352-1234567).")
        out["phone"] = phone
    if "is_full_time" in data:
        out["is_full_time"] = bool(data["is_full_time"])
    if errors:
        raise ServiceError.for_fields(errors, code=ProfilesError.TEAM_MEMBER_INVALID)
    return out


def _check_duplicate(organization: Organization, name: str, phone: str, *, exclude: int | None = None) -> None:
    qs = TeamMember.objects.filter(organization=organization, is_active=True, name=name, phone=phone)
    if exclude is not None:
        qs = qs.exclude(pk=exclude)
    if qs.exists():
        raise ServiceError.for_fields(
            {"name": _("%(name)s is already in the team.") % {"name": name}},
            code=ProfilesError.TEAM_MEMBER_DUPLICATE,
        )


def _member_payload(member: TeamMember) -> dict[str, Any]:
    return {
        "member": str(member.public_id),
        "organization": str(member.organization.public_id),
        "name": member.name,
        "qualification": member.qualification,
        "position": member.position,
        "is_full_time": member.is_full_time,
        "is_active": member.is_active,
    }


@transaction.atomic
def team_member_create(*, organization: Organization, actor: Actor, **fields: Any) -> TeamMember:
    """Add a person to the organization's team (name required; qualification from `Qualification`)."""
    _require_editor(actor, organization)
    _unknown(fields, TEAM_FIELDS)
    data = _clean_team({"name": "", **fields})
    _check_duplicate(organization, data["name"], data.get("phone", ""))
    member = TeamMember.objects.create(organization=organization, **data)
    audit_record(actor=actor, event_type="profile.team_member_added", target=member, payload=_member_payload(member))
    return member


@transaction.atomic
def team_member_update(*, member: TeamMember, actor: Actor, **changes: Any) -> TeamMember:
    """Change some fields of a team member (those given)."""
    member = TeamMember.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_editor(actor, member.organization)
    _unknown(changes, TEAM_FIELDS)
    data = _clean_team(changes)
    before = {k: getattr(member, k) for k in data}
    for key, value in data.items():
        setattr(member, key, value)
    if member.is_active and ("name" in data or "phone" in data):
        _check_duplicate(member.organization, member.name, member.phone, exclude=member.pk)
    member.save()
    changed = {k: [str(before[k]), str(v)] for k, v in data.items() if before[k] != v and k != "phone"}
    if "phone" in data and before["phone"] != data["phone"]:
        changed["phone"] = ["…", "…"]  # never the number itself in the trail
    audit_record(
        actor=actor,
        event_type="profile.team_member_changed",
        target=member,
        payload={**_member_payload(member), "changes": changed},
    )
    return member


@transaction.atomic
def team_member_deactivate(*, member: TeamMember, actor: Actor) -> TeamMember:
    """The person left: kept (proposals may name them) but no longer offered for new proposals."""
    member = TeamMember.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_editor(actor, member.organization)
    if not member.is_active:
        return member
    member.is_active = False
    member.save(update_fields=["is_active"])
    audit_record(
        actor=actor, event_type="profile.team_member_deactivated", target=member, payload=_member_payload(member)
    )
    return member


@transaction.atomic
def team_member_reactivate(*, member: TeamMember, actor: Actor) -> TeamMember:
    member = TeamMember.objects.select_for_update().select_related("organization").get(pk=member.pk)
    _require_editor(actor, member.organization)
    if member.is_active:
        return member
    _check_duplicate(member.organization, member.name, member.phone, exclude=member.pk)
    member.is_active = True
    member.save(update_fields=["is_active"])
    audit_record(
        actor=actor, event_type="profile.team_member_reactivated", target=member, payload=_member_payload(member)
    )
    return member


# --- past projects ---------------------------------------------------------------------------------------------------


def _clean_past_project(data: dict[str, Any], *, today: date) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "year" in data:
        try:
            year = _integer(data["year"])
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
        out["title"] = _text(data["title"])
        if not out["title"]:
            errors["title"] = _("Enter the project's name.")
        elif len(out["title"]) > 200:
            errors["title"] = _("At most %(n)d characters.") % {"n": 200}
    for key, limit in (("round_name", 120), ("purchaser_name", 200), ("funds_use", 200)):
        if key in data:
            out[key] = _text(data[key])
            if len(out[key]) > limit:
                errors[key] = _("At most %(n)d characters.") % {"n": limit}
    if "outcome" in data:
        out["outcome"] = _long_text(data["outcome"])
        if len(out["outcome"]) > 4000:
            errors["outcome"] = _("At most %(n)d characters.") % {"n": 4000}
    if "amount" in data:
        try:
            amount = _decimal(data["amount"])
        except ValueError:
            errors["amount"] = _("Enter an amount in yuan, e.g. 50000 or 50000.00.")
        else:
            if amount is not None and not (Decimal(0) <= amount < MAX_AMOUNT):
                errors["amount"] = _("The amount must be between 0 and 1,000,000,000 yuan.")
            elif amount is not None and amount != amount.quantize(Decimal("0.01")):
                errors["amount"] = _("The amount has at most two decimals (fen).")
            out["amount"] = amount
    if "beneficiaries" in data:
        try:
            people = _integer(data["beneficiaries"])
        except ValueError:
            errors["beneficiaries"] = _("Enter a whole number of people.")
        else:
            if people is not None and not 0 <= people <= 10_000_000:
                errors["beneficiaries"] = _("Enter a whole number of people between 0 and 10,000,000.")
            out["beneficiaries"] = people
    if "evaluation_score" in data:
        try:
            score = _decimal(data["evaluation_score"])
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
    _require_editor(actor, organization)
    _unknown(fields, PAST_PROJECT_FIELDS)
    data = _clean_past_project({"year": None, "title": "", **fields}, today=_today(now))
    project = PastProject.objects.create(organization=organization, source=PastProjectSource.DECLARED, **data)
    audit_record(
        actor=actor, event_type="profile.past_project_declared", target=project, payload=_project_payload(project)
    )
    return project


@transaction.atomic
def past_project_update(
    *, project: PastProject, actor: Actor, now: datetime | None = None, **changes: Any
) -> PastProject:
    project = PastProject.objects.select_for_update().select_related("organization").get(pk=project.pk)
    _require_editor(actor, project.organization)
    _require_declared(project)
    _unknown(changes, PAST_PROJECT_FIELDS)
    data = _clean_past_project(changes, today=_today(now))
    before = {k: getattr(project, k) for k in data}
    for key, value in data.items():
        setattr(project, key, value)
    project.save()
    audit_record(
        actor=actor,
        event_type="profile.past_project_changed",
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
    _require_editor(actor, project.organization)
    _require_declared(project)
    payload = _project_payload(project)
    audit_record(actor=actor, event_type="profile.past_project_removed", target=project, payload=payload)
    project.delete()


@transaction.atomic
def past_project_record(
    organization: Organization,
    *,
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
    if not can_record_past_project(actor):
        raise PermissionDenied(_("Only the platform records projects of earlier rounds."))
    _unknown(fields, PAST_PROJECT_FIELDS)
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
        event = "profile.past_project_recorded"
    else:
        project = existing
        for key, value in data.items():
            setattr(project, key, value)
        project.save()
        event = "profile.past_project_record_updated"
    audit_record(actor=actor, event_type=event, target=project, payload=_project_payload(project))
    return project


# --- standing documents ----------------------------------------------------------------------------------------------


@transaction.atomic
def profile_document_upload(
    *,
    organization: Organization,
    code: str,
    uploaded_file: Any,
    actor: Actor,
    valid_until: date | None = None,
    now: datetime | None = None,
) -> ProfileDocument:
    """Store a standing document of the organization (a newer upload of the same code supersedes the older one,
    which is kept). The file is checked by huimin.files (type from its bytes, size)."""
    _require_editor(actor, organization)
    code = _text(code).lower()
    if code not in PROFILE_DOCUMENT_CODES:
        raise ServiceError.for_fields(
            {"code": _("Choose the kind of document from the list.")}, code=ProfilesError.DOCUMENT_CODE_UNKNOWN
        )
    moment = now or timezone.now()
    if valid_until is not None and valid_until < timezone.localdate(moment):
        raise ServiceError.for_fields(
            {"valid_until": _("The document has already expired: upload the current one.")},
            code=ProfilesError.DOCUMENT_INVALID,
        )
    attachment = attachment_create(
        uploaded_file=uploaded_file, purpose=f"profile:{code}", actor=actor, organization=organization
    )
    document = ProfileDocument.objects.create(
        organization=organization, code=code, attachment=attachment, valid_until=valid_until, uploaded_at=moment
    )
    audit_record(
        actor=actor,
        event_type="profile.document_uploaded",
        target=document,
        target_label=f"{organization.name[:120]} · {document_label(code)}"[:200],
        payload={
            "organization": str(organization.public_id),
            "code": code,
            "attachment": str(attachment.public_id),
            "sha256": attachment.sha256,
            "valid_until": valid_until.isoformat() if valid_until else None,
        },
    )
    return document


@transaction.atomic
def profile_document_remove(*, document: ProfileDocument, actor: Actor) -> None:
    """Take a standing document off the profile (the stored file stays: proposals may have attached it)."""
    document = (
        ProfileDocument.objects.select_for_update().select_related("organization", "attachment").get(pk=document.pk)
    )
    _require_editor(actor, document.organization)
    audit_record(
        actor=actor,
        event_type="profile.document_removed",
        target=document,
        payload={
            "organization": str(document.organization.public_id),
            "code": document.code,
            "attachment": str(document.attachment.public_id),
        },
    )
    document.delete()
