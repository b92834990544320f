"""People, their roles, and their API tokens."""

from uuid import UUID

from django.utils.translation import gettext as _
from ninja import Query, Router, Status

from .. import selectors, services
from ..api_auth import SessionAuth
from ..apikit import PUBLIC, WRITE_ERRORS, paginated
from ..error_codes import CoreError
from ..models import Division, Organization, Role
from ..permissions import ROLE_SCOPE, Actor, PermissionDenied
from ..schemas import (
    ErrorOut,
    RoleIn,
    RoleOut,
    TokenCreatedOut,
    TokenIn,
    TokenOut,
    UserFilter,
    UserIn,
    UserOut,
)
from ..services import ServiceError
from .errors import NotFound
from .lookups import division_ref, organization_ref, user_or_404

router = Router(tags=["people"])
tokens_router = Router(tags=["tokens"])


def _require_signed_in(actor: Actor) -> None:
    if actor.user is None:
        raise PermissionDenied(_("This is about your own account."))


def _role_scope(actor: Actor, role: RoleIn, *, field: str = "") -> tuple[str, Division | None, Organization | None]:
    division = division_ref(actor, role.division_code, field=f"{field}division_code")
    organization = organization_ref(actor, role.organization_id, field=f"{field}organization_id")
    return role.role, division, organization


def _with_roles(actor: Actor, username: str):
    """The person again, with their active roles loaded (as the list shows them)."""
    return selectors.user_list(actor=actor).get(username=username)


@router.get(
    "/users",
    response=list[UserOut],
    summary="List people (administrators: everyone; others: themselves)",
    openapi_extra=PUBLIC,
)
@paginated(page_size=50)
def user_list(request, filters: Query[UserFilter]):
    return selectors.user_list(actor=request.actor, search=filters.q.strip(), role=filters.role)


@router.get("/users/me", response={200: UserOut, 401: ErrorOut}, summary="Who am I")
def user_me(request):
    _require_signed_in(request.actor)
    return _with_roles(request.actor, request.actor.user.username)


@router.get("/users/{username}", response={200: UserOut, 404: ErrorOut}, summary="One person", openapi_extra=PUBLIC)
def user_detail(request, username: str):
    user = user_or_404(request.actor, username)
    return _with_roles(request.actor, user.username)


@router.post("/users", response={201: UserOut, **WRITE_ERRORS}, summary="Add a person with their roles")
def user_create(request, payload: UserIn):
    actor = request.actor
    roles = [_role_scope(actor, r, field=f"roles.{i}.") for i, r in enumerate(payload.roles)]
    user = services.user_create(
        actor=actor,
        username=payload.username,
        password=payload.password,
        full_name=payload.full_name,
        phone=payload.phone,
        email=payload.email,
        roles=roles,
    )
    return Status(201, _with_roles(actor, user.username))


@router.post("/users/{username}/roles", response={201: RoleOut, **WRITE_ERRORS}, summary="Give a person a role")
def user_role_assign(request, username: str, payload: RoleIn):
    actor = request.actor
    user = user_or_404(actor, username)
    role, division, organization = _role_scope(actor, payload)
    assignment = services.user_role_assign(
        user=user, role=role, division=division, organization=organization, actor=actor
    )
    return Status(201, assignment)


def _parse_role_key(actor: Actor, key: str) -> tuple[str, Division | None, Organization | None]:
    """`role`, `role:<division code>` or `role:<organization public_id>` (the `key` of RoleOut)."""
    role, _sep, scope = key.partition(":")
    if role not in Role.values:
        raise ServiceError.for_fields(
            {"key": _("“%(key)s” does not start with a known role.") % {"key": key}}, code=CoreError.ROLE_KEY_INVALID
        )
    kind = ROLE_SCOPE[role]
    if kind == "division" and scope:
        return role, division_ref(actor, scope, field="key"), None
    if kind == "organization" and scope:
        try:
            public_id = UUID(scope)
        except ValueError:
            raise ServiceError.for_fields(
                {"key": _("“%(scope)s” is not an organization id.") % {"scope": scope}},
                code=CoreError.ROLE_KEY_INVALID,
            ) from None
        return role, None, organization_ref(actor, public_id, field="key")
    if kind in ("division", "organization") or scope:
        raise ServiceError.for_fields(
            {
                "key": _("“%(key)s” does not name the scope the role “%(role)s” has.")
                % {"key": key, "role": Role(role).label}
            },
            code=CoreError.ROLE_KEY_INVALID,
        )
    return role, None, None


@router.delete(
    "/users/{username}/roles/{key}",
    response={204: None, **WRITE_ERRORS},
    summary="Take a role away",
    description="`key` is the `key` of the role as listed on the person: `role`, `role:<division code>` or "
    "`role:<organization public_id>`.",
)
def user_role_revoke(request, username: str, key: str):
    actor = request.actor
    user = user_or_404(actor, username)
    role, division, organization = _parse_role_key(actor, key)
    assignment = selectors.role_assignment_get(
        actor=actor, user=user, role=role, division=division, organization=organization
    )
    if assignment is None:
        raise NotFound(_("“%(u)s” has no role “%(key)s”.") % {"u": user.username, "key": key})
    services.user_role_revoke(assignment=assignment, actor=actor)
    return Status(204, None)


# --- tokens -------------------------------------------------------------------------------------------------------


@tokens_router.post(
    "/tokens",
    response={201: TokenCreatedOut, **WRITE_ERRORS},
    auth=SessionAuth(),
    summary="Create an API token for yourself",
    description="Only from a signed-in browser session (with its CSRF token): a token cannot mint further tokens. "
    "The token is in the response once and never again; only its prefix is kept visible.",
)
def api_token_create(request, payload: TokenIn):
    _require_signed_in(request.actor)
    token, raw = services.api_token_create(
        user=request.actor.user, name=payload.name, lifetime_days=payload.lifetime_days, actor=request.actor
    )
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "token": raw})


@tokens_router.get("/tokens", response={200: list[TokenOut], 401: ErrorOut}, summary="Your API tokens")
def api_token_list(request):
    _require_signed_in(request.actor)
    return selectors.api_token_list(actor=request.actor)


@tokens_router.delete("/tokens/{prefix}", response={204: None, **WRITE_ERRORS}, summary="Revoke one of your tokens")
def api_token_revoke(request, prefix: str):
    _require_signed_in(request.actor)
    token = selectors.api_token_get(actor=request.actor, prefix=prefix)
    if token is None:
        raise NotFound(_("You have no token in force with the prefix “%(p)s”.") % {"p": prefix})
    services.api_token_revoke(token=token, actor=request.actor)
    return Status(204, None)
