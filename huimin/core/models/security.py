"""What the platform remembers to refuse abuse: failed sign-ins per (user name, client) and text messages sent."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class LoginThrottle(models.Model):
    """Consecutive failed sign-ins of one user name from one client, and until when that pair is refused.

    Keyed by the user name as typed (normalized), whether or not such an account exists, so that the refusal says
    nothing about which names exist; and by the client, so that failures from one client never lock the account
    out of another (see core.services.signin).
    """

    username_key = models.CharField(_("user name"), max_length=150)
    client = models.CharField(_("client"), max_length=64)
    failures = models.PositiveIntegerField(_("consecutive failures"), default=0)
    locked_until = models.DateTimeField(_("refused until"), null=True, blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["username_key", "client"], name="uniq_login_throttle"),
        ]
        ordering = ["-last_attempt_at"]
        verbose_name = _("sign-in throttle")
        verbose_name_plural = _("sign-in throttles")

    def __str__(self) -> str:
        return f"{self.username_key} @ {self.client}"


class SmsOutcome(models.TextChoices):
    SENT = "sent", _("sent")
    PHONE_COOLDOWN = "phone_cooldown", _("refused: a code was sent to this phone moments ago")
    PHONE_DAILY = "phone_daily", _("refused: this phone's daily number of codes")
    SESSION_DAILY = "session_daily", _("refused: this browser session's daily number of codes")
    CLIENT_HOURLY = "client_hourly", _("refused: this client's hourly number of codes")
    CLIENT_DAILY = "client_daily", _("refused: this client's daily number of codes")


class SmsSend(models.Model):
    """One request for a one-time code, sent or refused. The budgets of core.services.phones count these rows.

    Only digests of the phone number and of the session key are kept (HMACs with the site's secret, as for
    PhoneVerification); the client is its network address, as a web server's log has it.
    """

    phone_digest = models.CharField(max_length=64)
    client = models.CharField(_("client"), max_length=64, blank=True)
    session_digest = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(_("time"))
    outcome = models.CharField(_("outcome"), max_length=16, choices=SmsOutcome.choices)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["phone_digest", "created_at"], name="smssend_phone_time"),
            models.Index(fields=["client", "created_at"], name="smssend_client_time"),
            models.Index(fields=["session_digest", "created_at"], name="smssend_session_time"),
        ]
        verbose_name = _("text message request")
        verbose_name_plural = _("text message requests")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.client} {self.outcome}"
