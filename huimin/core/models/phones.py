from __future__ import annotations

from django.db import models


class PhoneVerification(models.Model):
    """A one-time code sent to a mobile phone, so that a resident without an account can act once (support a need,
    answer a questionnaire, rate a service). Only digests are kept: never the number or the code."""

    phone_digest = models.CharField(max_length=64, db_index=True)
    code_digest = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    verified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.phone_digest[:8]}…"
