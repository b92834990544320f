from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record

from ..error_codes import CoreError
from ..events import CoreEvent
from ..models import (
    AnnualInspection,
    AnnualInspectionResult,
    EvaluationGrade,
    Organization,
    OrganizationContact,
    OrganizationType,
)
from ..permissions import Actor, can_create_organization, can_edit_organization, require
from ..validators import check_uscc
from .errors import ServiceError

EDITABLE_FIELDS = (
    "name",
    "org_type",
    "uscc",
    "registration_authority",
    "registration_number",
    "founded_on",
    "legal_representative",
    "address",
    "division",
    "phone",
    "email",
    "description",
    "is_active",
)
# Fields a provider may not change about itself: identity is set by the registration authority.
ADMIN_ONLY_FIELDS = frozenset(
    {"name", "org_type", "uscc", "registration_authority", "registration_number", "founded_on", "is_active"}
)


def _clean(fields: dict[str, Any], *, today: date, instance: Organization | None = None) -> dict[str, Any]:
    errors: dict[str, list[str]] = {}
    data = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    if "name" in data and not data["name"]:
        errors["name"] = [_("The legal name is required.")]
    if "org_type" in data and data["org_type"] not in OrganizationType.values:
        errors["org_type"] = [_("Unknown organization type “%(t)s”.") % {"t": data["org_type"]}]
    duplicate = False
    if data.get("uscc"):
        result = check_uscc(data["uscc"])
        if not result.valid:
            errors["uscc"] = list(result.errors)
        else:
            data["uscc"] = result.code
            clash = Organization.objects.filter(uscc=result.code).exclude(pk=instance.pk if instance else -1).first()
            if clash is not None:
                duplicate = True
                errors["uscc"] = [
                    _("The credit code %(code)s is already registered to “%(name)s”.")
                    % {"code": result.code, "name": clash.name}
                ]
    elif "uscc" in data:
        data["uscc"] = None
    founded = data.get("founded_on")
    if isinstance(founded, date) and founded > today:
        errors["founded_on"] = [_("The founding date cannot be in the future.")]
    if errors:
        code = CoreError.USCC_INVALID if "uscc" in errors else CoreError.INVALID
        if duplicate:
            code = CoreError.USCC_DUPLICATE
        raise ServiceError.for_fields(errors, code=code)
    return data


def _snapshot(org: Organization) -> dict[str, Any]:
    data = {f: getattr(org, f) for f in EDITABLE_FIELDS if f != "division"}
    data["division"] = org.division.code if org.division else None
    return data


@transaction.atomic
def organization_create(
    *, actor: Actor, name: str, org_type: str, now: datetime | None = None, **fields: Any
) -> Organization:
    require(can_create_organization(actor), _("Only the district administrator may register organizations."))
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    data = _clean({"name": name, "org_type": org_type, **fields}, today=timezone.localdate(now))
    try:
        with transaction.atomic():
            org = Organization.objects.create(**data)
    except IntegrityError as exc:  # a concurrent registration of the same code
        raise ServiceError.for_fields(
            {"uscc": _("The credit code %(code)s is already registered.") % {"code": data.get("uscc")}},
            code=CoreError.USCC_DUPLICATE,
        ) from exc
    audit_record(actor=actor, event_type=CoreEvent.ORGANIZATION_CREATED, target=org, payload=_snapshot(org))
    return org


@transaction.atomic
def organization_update(
    *, organization: Organization, actor: Actor, now: datetime | None = None, **changes: Any
) -> Organization:
    require(can_edit_organization(actor, organization), _("You may not change this organization."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    org = Organization.objects.select_for_update().get(pk=organization.pk)
    if not actor.is_district_admin:
        locked = {k for k, v in changes.items() if k in ADMIN_ONLY_FIELDS and getattr(org, k) != v}
        if locked:
            names = ", ".join(str(getattr(Organization._meta.get_field(k), "verbose_name", k)) for k in sorted(locked))
            raise ServiceError(
                _("Only the district administrator may change: %(fields)s.") % {"fields": names},
                code=CoreError.FORBIDDEN,
            )
    data = _clean(changes, today=timezone.localdate(now), instance=org)
    before = _snapshot(org)
    for key, value in data.items():
        setattr(org, key, value)
    org.save()
    after = _snapshot(org)
    diff = {k: [before[k], after[k]] for k in after if before[k] != after[k]}
    if diff:
        audit_record(actor=actor, event_type=CoreEvent.ORGANIZATION_UPDATED, target=org, payload={"changes": diff})
    return org


@transaction.atomic
def organization_inspection_record(
    *, organization: Organization, year: int, result: str, actor: Actor, note: str = "", now: datetime | None = None
) -> AnnualInspection:
    """Record (or correct) the annual inspection conclusion of one year. District administrator only."""
    require(actor.is_district_admin, _("Only the district administrator may record annual inspections."))
    if result not in AnnualInspectionResult.values:
        raise ServiceError.for_fields({"result": _("Unknown inspection result “%(r)s”.") % {"r": result}})
    if not 1990 <= int(year) <= timezone.localdate(now).year:
        raise ServiceError.for_fields({"year": _("The year %(y)s is not plausible.") % {"y": year}})
    inspection, created = AnnualInspection.objects.update_or_create(
        organization=organization, year=year, defaults={"result": result, "note": note}
    )
    audit_record(
        actor=actor,
        event_type=CoreEvent.ORGANIZATION_INSPECTION_RECORDED,
        target=organization,
        payload={"year": int(year), "result": result, "note": note, "corrected": not created},
    )
    return inspection


@transaction.atomic
def organization_grade_award(
    *,
    organization: Organization,
    grade: int,
    awarded_on: date,
    actor: Actor,
    authority: str = "",
    now: datetime | None = None,
) -> EvaluationGrade:
    require(actor.is_district_admin, _("Only the district administrator may record evaluation grades."))
    if organization.org_type not in (
        OrganizationType.SOCIAL_GROUP,
        OrganizationType.SOCIAL_SERVICE,
        OrganizationType.FOUNDATION,
    ):
        raise ServiceError.for_fields(
            {"grade": _("Evaluation grades are awarded to social organizations only.")}, code=CoreError.GRADE_INVALID
        )
    if not 1 <= int(grade) <= 5:
        raise ServiceError.for_fields({"grade": _("A grade is 1A to 5A.")}, code=CoreError.GRADE_INVALID)
    if awarded_on > timezone.localdate(now):
        raise ServiceError.for_fields(
            {"awarded_on": _("The award date cannot be in the future.")}, code=CoreError.GRADE_INVALID
        )
    record = EvaluationGrade.objects.create(
        organization=organization,
        grade=int(grade),
        awarded_on=awarded_on,
        valid_until=EvaluationGrade.valid_until_for(awarded_on),
        authority=authority,
    )
    audit_record(
        actor=actor,
        event_type=CoreEvent.ORGANIZATION_GRADE_AWARDED,
        target=organization,
        payload={"grade": int(grade), "awarded_on": awarded_on, "valid_until": record.valid_until},
    )
    return record


@transaction.atomic
def organization_contact_add(
    *, organization: Organization, name: str, actor: Actor, position: str = "", phone: str = "", email: str = ""
) -> OrganizationContact:
    require(can_edit_organization(actor, organization), _("You may not change this organization."))
    if not name.strip():
        raise ServiceError.for_fields({"name": _("The contact's name is required.")})
    contact = OrganizationContact.objects.create(
        organization=organization, name=name.strip(), position=position, phone=phone, email=email
    )
    audit_record(
        actor=actor,
        event_type=CoreEvent.ORGANIZATION_CONTACT_ADDED,
        target=organization,
        payload={"name": contact.name, "position": position},
    )
    return contact
