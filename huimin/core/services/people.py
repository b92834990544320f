from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.contrib.auth import password_validation
from django.contrib.auth.hashers import identify_hasher
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from huimin.audit.services import audit_record

from ..error_codes import CoreError
from ..events import CoreEvent
from ..models import ApiToken, Division, Organization, Role, RoleAssignment, User
from ..permissions import Actor, can_manage_people, require, role_scope_problem
from .errors import ServiceError

USER_FIELDS = ("full_name", "phone", "email", "is_active")


def _check_role_scope(role: str, division: Division | None, organization: Organization | None) -> None:
    problem = role_scope_problem(role, division, organization)
    if problem is not None:
        raise ServiceError.for_fields({problem.field: problem.message}, code=problem.code)


@transaction.atomic
def user_create(
    *,
    username: str,
    password: str | None,
    actor: Actor,
    full_name: str = "",
    phone: str = "",
    email: str = "",
    roles: list[tuple[str, Division | None, Organization | None]] | None = None,
    validate_password: bool = True,
    password_hash: str | None = None,
) -> User:
    """Create a person's account with their roles. District administrator only.

    `password_hash` sets an already-hashed password instead of `password` (accounts moved from another system, or
    many demo accounts sharing the one published demo password, hashed once): it must be in the format of a
    configured password hasher.
    """
    require(can_manage_people(actor), _("Only the district administrator may add people."))
    username = username.strip()
    if not username:
        raise ServiceError.for_fields({"username": _("The user name is required.")})
    if User.objects.filter(username__iexact=username).exists():
        raise ServiceError.for_fields(
            {"username": _("The user name “%(u)s” is taken.") % {"u": username}}, code=CoreError.USERNAME_TAKEN
        )
    user = User(username=username, full_name=full_name.strip(), phone=phone.strip(), email=email.strip())
    if password_hash:
        try:
            identify_hasher(password_hash)
        except ValueError:
            raise ServiceError.for_fields(
                {"password": _("The password hash is not in the format of any configured hasher.")}
            ) from None
        user.password = password_hash
    elif password:
        if validate_password:
            try:
                password_validation.validate_password(password, user)
            except Exception as exc:  # ValidationError: shown next to the password field
                raise ServiceError.for_fields({"password": list(getattr(exc, "messages", [str(exc)]))}) from exc
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.save()
    audit_record(
        actor=actor,
        event_type=CoreEvent.USER_CREATED,
        target=user,
        payload={"username": username, "full_name": user.full_name},
    )
    for role, division, organization in roles or []:
        user_role_assign(user=user, role=role, division=division, organization=organization, actor=actor)
    return user


@transaction.atomic
def user_update(*, user: User, actor: Actor, **changes: Any) -> User:
    own = actor.user is not None and actor.user.pk == user.pk
    require(can_manage_people(actor) or (own and "is_active" not in changes), _("You may not change this person."))
    unknown = set(changes) - set(USER_FIELDS)
    if unknown:
        raise ServiceError(_("Unknown fields: %(fields)s") % {"fields": ", ".join(sorted(unknown))})
    before = {f: getattr(user, f) for f in USER_FIELDS}
    for key, value in changes.items():
        setattr(user, key, value.strip() if isinstance(value, str) else value)
    user.save(update_fields=list(changes) or None)
    diff = {f: [before[f], getattr(user, f)] for f in USER_FIELDS if before[f] != getattr(user, f)}
    if diff:
        audit_record(actor=actor, event_type=CoreEvent.USER_UPDATED, target=user, payload={"changes": diff})
    return user


@transaction.atomic
def user_role_assign(
    *, user: User, role: str, actor: Actor, division: Division | None = None, organization: Organization | None = None
) -> RoleAssignment:
    require(can_manage_people(actor), _("Only the district administrator may assign roles."))
    _check_role_scope(role, division, organization)
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, role=role, division=division, organization=organization, defaults={"is_active": True}
    )
    if not created and not assignment.is_active:
        assignment.is_active = True
        assignment.save(update_fields=["is_active"])
        created = True
    if created:
        audit_record(
            actor=actor,
            event_type=CoreEvent.USER_ROLE_ASSIGNED,
            target=user,
            payload={
                "role": role,
                "division": division.code if division else None,
                "organization": str(organization.public_id) if organization else None,
            },
        )
    return assignment


@transaction.atomic
def user_admin_site_grant(*, user: User, actor: Actor) -> User:
    """Let someone into Django's /admin/ (staff and superuser): the district's back office. District administrator
    (or the platform) only."""
    require(can_manage_people(actor), _("Only the district administrator may assign roles."))
    User.objects.filter(pk=user.pk).update(is_staff=True, is_superuser=True)
    user.is_staff = user.is_superuser = True
    audit_record(
        actor=actor,
        event_type=CoreEvent.USER_ADMIN_SITE_GRANTED,
        target=user,
        payload={"is_staff": True, "is_superuser": True},
    )
    return user


@transaction.atomic
def user_role_revoke(*, assignment: RoleAssignment, actor: Actor) -> None:
    require(can_manage_people(actor), _("Only the district administrator may revoke roles."))
    if actor.user is not None and assignment.user_id == actor.user.pk and assignment.role == Role.DISTRICT_ADMIN:
        raise ServiceError(_("You cannot revoke your own administrator role."))
    RoleAssignment.objects.filter(pk=assignment.pk).update(is_active=False)
    audit_record(
        actor=actor,
        event_type=CoreEvent.USER_ROLE_REVOKED,
        target=assignment.user,
        payload={
            "role": assignment.role,
            "division": assignment.division.code if assignment.division else None,
            "organization": str(assignment.organization.public_id) if assignment.organization else None,
        },
    )


def _revoke_tokens_of(user: User, *, actor: Actor, reason: str, now: datetime) -> int:
    """Revoke every token of `user` still in force (expired ones too: none may outlive a password change)."""
    tokens = ApiToken.objects.filter(user=user, revoked_at__isnull=True)
    prefixes = list(tokens.values_list("prefix", flat=True))
    if prefixes:
        tokens.update(revoked_at=now)
        audit_record(
            actor=actor,
            event_type=CoreEvent.API_TOKEN_REVOKED_ALL,
            target=user,
            payload={"prefixes": sorted(prefixes), "reason": reason},
        )
    return len(prefixes)


def _validate_new_password(new_password: str, user: User) -> None:
    """Django's password validators, their messages on the `new_password` field."""
    try:
        password_validation.validate_password(new_password, user)
    except Exception as exc:
        raise ServiceError.for_fields({"new_password": list(getattr(exc, "messages", [str(exc)]))}) from exc


@transaction.atomic
def user_change_password(
    *, user: User, old_password: str, new_password: str, actor: Actor, now: datetime | None = None
) -> int:
    """Change one's own password. Every API token of the account is revoked; returns how many were."""
    require(actor.user is not None and actor.user.pk == user.pk, _("You can only change your own password."))
    if not user.check_password(old_password):
        raise ServiceError.for_fields({"old_password": _("The current password is not correct.")})
    _validate_new_password(new_password, user)
    user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(actor=actor, event_type=CoreEvent.USER_PASSWORD_CHANGED, target=user, payload={})
    return _revoke_tokens_of(user, actor=actor, reason="password_changed", now=now or timezone.now())


@transaction.atomic
def user_set_password(
    *, user: User, new_password: str | None, actor: Actor, validate: bool = True, now: datetime | None = None
) -> int:
    """Set someone's password (the back office), or make it unusable with None.

    Every API token of the account is revoked, as when its owner changes the password; returns how many were.
    """
    require(can_manage_people(actor), _("Only the district administrator may set someone's password."))
    if new_password is None:
        user.set_unusable_password()
    else:
        if validate:
            _validate_new_password(new_password, user)
        user.set_password(new_password)
    user.save(update_fields=["password"])
    audit_record(
        actor=actor, event_type=CoreEvent.USER_PASSWORD_SET, target=user, payload={"usable": new_password is not None}
    )
    return _revoke_tokens_of(user, actor=actor, reason="password_set", now=now or timezone.now())


@transaction.atomic
def api_token_create(
    *, user: User, name: str, actor: Actor, lifetime_days: int | None = None, now: datetime | None = None
) -> tuple[ApiToken, str]:
    """Create a token for machine clients; the raw token is returned once and never stored.

    It expires after `lifetime_days` (settings.API_TOKEN_DAYS by default, at most settings.API_TOKEN_MAX_DAYS).
    """
    own = actor.user is not None and actor.user.pk == user.pk
    require(own or can_manage_people(actor), _("You may not create tokens for this person."))
    if not name.strip():
        raise ServiceError.for_fields({"name": _("Give the token a name.")})
    days = ApiToken.default_days() if lifetime_days is None else lifetime_days
    if not 1 <= days <= ApiToken.max_days():
        raise ServiceError.for_fields(
            {
                "lifetime_days": _("A token lasts from 1 to %(max)d days.") % {"max": ApiToken.max_days()},
            },
            code=CoreError.TOKEN_LIFETIME_INVALID,
        )
    now = now or timezone.now()
    raw = ApiToken.new_raw_token()
    token = ApiToken.objects.create(
        user=user,
        name=name.strip(),
        digest=ApiToken.digest_of(raw),
        prefix=raw[3:9],
        expires_at=now + timedelta(days=days),
    )
    audit_record(
        actor=actor,
        event_type=CoreEvent.API_TOKEN_CREATED,
        target=user,
        payload={"name": token.name, "prefix": token.prefix, "expires_at": token.expires_at},
    )
    return token, raw


@transaction.atomic
def api_token_revoke(*, token: ApiToken, actor: Actor, now: datetime | None = None) -> None:
    own = actor.user is not None and actor.user.pk == token.user_id
    require(own or can_manage_people(actor), _("You may not revoke this token."))
    ApiToken.objects.filter(pk=token.pk).update(revoked_at=now or timezone.now())
    audit_record(
        actor=actor, event_type=CoreEvent.API_TOKEN_REVOKED, target=token.user, payload={"prefix": token.prefix}
    )
