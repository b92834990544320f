from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The nine roles of the product (PRODUCT.md §2)."""

    DISTRICT_ADMIN = "district_admin", _("District administrator")
    PURCHASER = "purchaser", _("Purchaser (street / township)")
    COMMUNITY_WORKER = "community_worker", _("Community worker")
    PROJECT_MANAGER = "project_manager", _("Project manager")
    PROVIDER = "provider", _("Provider")
    EXPERT_REVIEWER = "expert_reviewer", _("Expert reviewer")
    CREDIT_OFFICER = "credit_officer", _("Credit officer (reporting unit)")
    CREDIT_ADMIN = "credit_admin", _("Credit administrator")
    RESIDENT = "resident", _("Resident")


class User(AbstractUser):
    """A person who signs in. What they may do comes from their role assignments."""

    full_name = models.CharField(_("full name"), max_length=64, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.username


class RoleAssignment(models.Model):
    """One role held by one user, bound to its scope: a division or an organization (see core.permissions)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    division = models.ForeignKey(
        "core.Division",
        verbose_name=_("division"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    organization = models.ForeignKey(
        "core.Organization",
        verbose_name=_("organization"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="role_assignments",
    )
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["user_id", "role"]
        constraints = [
            models.UniqueConstraint(fields=["user", "role", "division", "organization"], name="uniq_role_assignment"),
        ]
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")

    def __str__(self) -> str:
        scope = self.division or self.organization
        return f"{self.get_role_display()} · {scope}" if scope else str(self.get_role_display())


def _token_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


class ApiToken(models.Model):
    """A token for machine clients of /api/v1/. Only the SHA-256 of the token is stored.

    A token is in force until it expires (`expires_at`, chosen at creation within settings.API_TOKEN_MAX_DAYS) or
    is revoked: by its owner, by the district administrator, or when its owner's password changes.
    """

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=64)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_expired(self, now: datetime | None = None) -> bool:
        return self.expires_at <= (now or timezone.now())

    @property
    def status(self) -> str:
        """`revoked`, `expired` or `in_force`."""
        if self.revoked_at is not None:
            return "revoked"
        return "expired" if self.is_expired() else "in_force"

    @staticmethod
    def max_days() -> int:
        """The longest a token may last (settings.API_TOKEN_MAX_DAYS, at least one day)."""
        return max(1, int(settings.API_TOKEN_MAX_DAYS))

    @staticmethod
    def default_days() -> int:
        """How long a token lasts unless its creator chooses (settings.API_TOKEN_DAYS, within max_days)."""
        return min(ApiToken.max_days(), max(1, int(settings.API_TOKEN_DAYS)))

    @staticmethod
    def new_raw_token() -> str:
        return "hm_" + secrets.token_urlsafe(32)

    @staticmethod
    def digest_of(raw: str) -> str:
        return _token_digest(raw)
