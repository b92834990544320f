"""The sign-in backend of the pages and of /admin/: Django's ModelBackend behind the throttle of
core.services.signin (per user name and client, progressive refusals, audited).

A refused attempt raises `SignInRefused` (a PermissionDenied): `django.contrib.auth.authenticate` then stops and
the admin shows its usual "enter a correct user name and password"; the pages' LoginForm shows its one neutral
message. Neither says whether the name exists, the password was wrong or the attempt was refused.
"""

from __future__ import annotations

from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied

from .clients import client_address
from .permissions import Actor
from .services.signin import SignInThrottled, sign_in_check


class SignInRefused(PermissionDenied):
    """Too many recent failures of this user name from this client: refused without checking the password."""


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        try:
            return sign_in_check(
                username=username,
                password=password,
                client=client_address(request),
                actor=Actor.anonymous(),
                can_authenticate=self.user_can_authenticate,
            )
        except SignInThrottled as exc:
            raise SignInRefused() from exc
