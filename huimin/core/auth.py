"""Sign-in with lockout after repeated failures (settings.LOCKOUT_THRESHOLD within a row, LOCKOUT_MINUTES)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import User


class AccountLocked(PermissionDenied):
    pass


class LockoutModelBackend(ModelBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            User().set_password(password)  # same work as a real check: no timing oracle for user names
            return None
        now = timezone.now()
        if user.locked_until and user.locked_until > now:
            raise AccountLocked(_("This account is locked after too many failed sign-ins. Try again later."))
        if user.check_password(password) and self.user_can_authenticate(user):
            if user.failed_login_count or user.locked_until:
                User.objects.filter(pk=user.pk).update(failed_login_count=0, locked_until=None)
            return user
        count = user.failed_login_count + 1
        locked_until = None
        if count >= settings.LOCKOUT_THRESHOLD:
            locked_until = now + timedelta(minutes=settings.LOCKOUT_MINUTES)
            count = 0
        User.objects.filter(pk=user.pk).update(failed_login_count=count, locked_until=locked_until)
        if locked_until:
            raise AccountLocked(_("This account is locked after too many failed sign-ins. Try again later."))
        return None
