from __future__ import annotations

import logging

from django.utils.functional import SimpleLazyObject

from .clients import client_address
from .permissions import Actor

security_log = logging.getLogger("huimin.security")


class ActorMiddleware:
    """Attach `request.actor`: the signed-in user with their role assignments, or the anonymous public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: Actor.for_user(getattr(request, "user", None)))
        return self.get_response(request)


DENIED_STATUSES = frozenset({401, 403})


class DeniedRequestMiddleware:
    """Count and log every refused request: 401 and 403 (a permission refused, in pages and the API) and 404 on a
    route that names an object (missing or hidden from the asker). Counted per day, route and status by
    `denied_request_record` (the `denied_requests` counter of `huimin stats`); logged on `huimin.security`."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        status = response.status_code
        match = getattr(request, "resolver_match", None)
        if status in DENIED_STATUSES or (status == 404 and match is not None and (match.args or match.kwargs)):
            self._record(request, status, match)
        return response

    @staticmethod
    def _record(request, status: int, match) -> None:
        from .services.denials import denied_request_record

        route = (match.route or match.view_name) if match is not None else "-"
        user = getattr(request, "user", None)
        who = f"user {user.pk}" if user is not None and user.is_authenticated else "anonymous"
        security_log.warning(
            "refused %s %s %s (route %s, %s, client %s)",
            status,
            request.method,
            request.path[:300],
            route,
            who,
            client_address(request),
        )
        try:
            denied_request_record(
                route=route, status=status, actor=getattr(request, "actor", None) or Actor.anonymous()
            )
        except Exception:  # a count that cannot be written must not turn a refusal into a server error
            security_log.exception("could not count a refused request")
