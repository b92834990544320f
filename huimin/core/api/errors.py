"""Refusals as JSON: `{"code": <stable machine code>, "message": <translated text>, "errors": {field: [messages]}}`.

- a service's ValidationError (ServiceError) → 400, or 403 when its code is `forbidden`, or 429 (with
  `Retry-After`) when it is a RateLimited (a spent budget), or 409 when it is a Conflict (a stale version);
- a bearer token that is unknown, revoked or expired → 401 (`token_invalid`, `token_expired`);
- PermissionDenied → 403, or 401 with `WWW-Authenticate` when the caller is the anonymous public;
- ObjectDoesNotExist (and `NotFound`) → 404;
- ninja's own refusals (HttpError: no credentials on an operation that needs them → 401, a signed-in session
  without its CSRF token → 403 `csrf_failed`) keep their status and take this shape too.
Malformed input keeps ninja's own 422 response (`{"detail": [...]}`).
"""

from __future__ import annotations

from django.apps import apps
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError

from ..api_auth import TokenRefused
from ..apikit import NotFound
from ..error_codes import CoreError
from ..permissions import PermissionDenied
from ..services.errors import Conflict, RateLimited


def _payload(code: str, message: str, errors: dict[str, list[str]] | None = None) -> dict:
    return {"code": str(code), "message": str(message), "errors": errors or {}}


def validation_error_payload(exc: ValidationError) -> tuple[int, dict]:
    code = getattr(exc, "error_code", None) or getattr(exc, "code", None) or CoreError.INVALID
    errors: dict[str, list[str]] = {}
    if hasattr(exc, "error_dict"):
        errors = {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    messages = [str(m) for m in exc.messages]
    message = " ".join(messages) if messages else _("The request was refused.")
    status = 403 if code == CoreError.FORBIDDEN else 429 if isinstance(exc, RateLimited) else 400
    if isinstance(exc, Conflict):
        status = 409
    return status, _payload(code, message, errors)


def _is_anonymous(request) -> bool:
    actor = getattr(request, "actor", None)
    return actor is None or not actor.is_authenticated


def _model_label(exc: ObjectDoesNotExist) -> str | None:
    for model in apps.get_models():
        if type(exc) is model.DoesNotExist:  # type: ignore[attr-defined]
            return str(model._meta.verbose_name)
    return None


def install_error_handlers(api: NinjaAPI) -> None:
    def on_validation_error(request, exc: ValidationError):
        status, body = validation_error_payload(exc)
        response = api.create_response(request, body, status=status)
        retry_after = getattr(exc, "retry_after", None)
        if status == 429 and retry_after:
            response["Retry-After"] = str(int(retry_after))
        return response

    def on_token_refused(request, exc: TokenRefused):
        response = api.create_response(request, _payload(exc.code, exc.message), status=401)
        response["WWW-Authenticate"] = 'Bearer realm="api", error="invalid_token"'
        return response

    def on_permission_denied(request, exc: Exception):
        reason = str(exc) or _("You are not allowed to do this.")
        if _is_anonymous(request):
            body = _payload(
                CoreError.UNAUTHENTICATED,
                _("Sign in, or send an API token as “Authorization: Bearer <token>”. %(reason)s") % {"reason": reason},
            )
            response = api.create_response(request, body, status=401)
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        return api.create_response(request, _payload(CoreError.FORBIDDEN, reason), status=403)

    def on_not_found(request, exc: ObjectDoesNotExist):
        label = None if isinstance(exc, NotFound) else _model_label(exc)
        if label is not None:
            message = _("No %(thing)s matches this address.") % {"thing": label}
        else:
            message = str(exc) or _("Nothing matches this address.")
        return api.create_response(request, _payload(CoreError.NOT_FOUND, message), status=404)

    def on_http_error(request, exc: HttpError):
        if isinstance(exc, AuthenticationError):
            response = api.create_response(
                request, _payload(CoreError.UNAUTHENTICATED, _("Sign in first.")), status=exc.status_code
            )
            response["WWW-Authenticate"] = 'Bearer realm="api"'
            return response
        fallback = {401: CoreError.UNAUTHENTICATED, 403: CoreError.FORBIDDEN, 404: CoreError.NOT_FOUND}
        code = getattr(exc, "code", None) or fallback.get(exc.status_code, CoreError.INVALID)
        return api.create_response(request, _payload(code, str(exc.message)), status=exc.status_code)

    api.add_exception_handler(HttpError, on_http_error)  # type: ignore[arg-type]
    api.add_exception_handler(ValidationError, on_validation_error)  # type: ignore[arg-type]
    api.add_exception_handler(TokenRefused, on_token_refused)  # type: ignore[arg-type]
    api.add_exception_handler(PermissionDenied, on_permission_denied)  # type: ignore[arg-type]
    api.add_exception_handler(DjangoPermissionDenied, on_permission_denied)  # type: ignore[arg-type]
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)  # type: ignore[arg-type]
