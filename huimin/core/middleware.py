from __future__ import annotations

from django.utils.functional import SimpleLazyObject

from .permissions import Actor


class ActorMiddleware:
    """Attach `request.actor`: the signed-in user with their role assignments, or the anonymous public."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.actor = SimpleLazyObject(lambda: Actor.for_user(getattr(request, "user", None)))
        return self.get_response(request)
