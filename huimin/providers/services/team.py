"""The organization's team: the people (with their social work qualifications) its proposals choose the project team
from. A person who leaves is deactivated, never deleted: proposals that name them keep them."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django.db import transaction
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record
from huimin.core.services.errors import ServiceError

from ..error_codes import ProfilesError
from ..events import ProvidersEvent
from ..models import Qualification, TeamMember
from ..permissions import require_profile_editor
from ..rules import line, read_texts, refuse_unknown

if TYPE_CHECKING:
    from huimin.core.models import Organization
    from huimin.core.permissions import Actor

PHONE_RE = re.compile(r"^\+?[0-9][0-9\-]{4,19}$")
TEAM_FIELDS = ("name", "education", "qualification", "qualification_note", "position", "phone", "is_full_time")


def _clean_team(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if "name" in data:
        out["name"] = line(data["name"])
        if not out["name"]:
            errors["name"] = _("Enter the team member's name.")
        elif len(out["name"]) > 64:
            errors["name"] = _("The name may have at most 64 characters.")
    read_texts(data, {"education": 120, "qualification_note": 200, "position": 64}, out, errors)
    if "qualification" in data:
        out["qualification"] = line(data["qualification"]) or Qualification.NONE
        if out["qualification"] not in Qualification.values:
            errors["qualification"] = _("Choose a qualification from the list.")
    if "phone" in data:
        phone = re.sub(r"[\s()（）]", "", line(data["phone"]))
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
    require_profile_editor(actor, organization)
    refuse_unknown(fields, TEAM_FIELDS)
    data = _clean_team({"name": "", **fields})
    _check_duplicate(organization, data["name"], data.get("phone", ""))
    member = TeamMember.objects.create(organization=organization, **data)
    audit_record(
        actor=actor, event_type=ProvidersEvent.TEAM_MEMBER_ADDED, target=member, payload=_member_payload(member)
    )
    return member


@transaction.atomic
def team_member_update(*, member: TeamMember, actor: Actor, **changes: Any) -> TeamMember:
    """Change some fields of a team member (those given)."""
    member = TeamMember.objects.select_for_update().select_related("organization").get(pk=member.pk)
    require_profile_editor(actor, member.organization)
    refuse_unknown(changes, TEAM_FIELDS)
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
        event_type=ProvidersEvent.TEAM_MEMBER_CHANGED,
        target=member,
        payload={**_member_payload(member), "changes": changed},
    )
    return member


@transaction.atomic
def team_member_deactivate(*, member: TeamMember, actor: Actor) -> TeamMember:
    """The person left: kept (proposals may name them) but no longer offered for new proposals."""
    member = TeamMember.objects.select_for_update().select_related("organization").get(pk=member.pk)
    require_profile_editor(actor, member.organization)
    if not member.is_active:
        return member
    member.is_active = False
    member.save(update_fields=["is_active"])
    audit_record(
        actor=actor, event_type=ProvidersEvent.TEAM_MEMBER_DEACTIVATED, target=member, payload=_member_payload(member)
    )
    return member


@transaction.atomic
def team_member_reactivate(*, member: TeamMember, actor: Actor) -> TeamMember:
    member = TeamMember.objects.select_for_update().select_related("organization").get(pk=member.pk)
    require_profile_editor(actor, member.organization)
    if member.is_active:
        return member
    _check_duplicate(member.organization, member.name, member.phone, exclude=member.pk)
    member.is_active = True
    member.save(update_fields=["is_active"])
    audit_record(
        actor=actor, event_type=ProvidersEvent.TEAM_MEMBER_REACTIVATED, target=member, payload=_member_payload(member)
    )
    return member
